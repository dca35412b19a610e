import type { CollaborationEvent } from '../../src/contexts/collaboration/collaboration.events.js';
import {
  evolveCollaboration,
  initialCollaborationState,
  type CollaborationState,
} from '../../src/contexts/collaboration/collaboration.state.js';
import { nextDeadline, pendingDeadlines } from '../../src/contexts/collaboration/deadlines.js';
import { nextWakeAt } from '../../src/contexts/collaboration/reminders.js';
import {
  conversionRate,
  engagementRate,
  finalSnapshot,
  latestSnapshot,
} from '../../src/contexts/collaboration/metrics.js';
import { milestoneStatus } from '../../src/contexts/collaboration/milestones.js';
import { collaborationEvents } from '../../src/contexts/collaboration/collaboration.events.js';
import { put, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { at, collaborationIdOf, isCollaborationEvent } from '../shared.js';

/**
 * The collaboration view (one document per collaboration): status, parties, brief, deadlines,
 * scripts and revisions, publish facts and lateness, latest and final metrics with their rates,
 * milestone states, dispute state, ratings (with their visibility: the API shows a hidden rating to
 * its author only) and the message count.
 *
 * The document keeps the collaboration's state as the write side folds it (`state`), so the view
 * shows the very facts the rules were decided on; the fields beside it are indexed. What follows
 * from the state (rates, next deadline, milestone status) is derived when read: `collaborationView`.
 */

const snapshotView = (s: CollaborationState['snapshots'][number] | null) =>
  s && {
    ...s,
    engagementRate: engagementRate(s),
    conversionRate: conversionRate(s),
  };

/** What is stored: the state, what the state does not keep, and the indexed fields. */
export interface CollaborationDoc {
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly status: string;
  readonly disputeStatus: 'NONE' | 'OPEN' | 'RESOLVED';
  readonly proposedAt: string;
  readonly acceptedAt: string | null;
  readonly updatedAt: string;
  readonly revision: number;
  readonly lastPosition: number;
  /**
   * When its earliest running deadline falls due, or a reminder before one (DOMAIN.md § Deadlines);
   * null with none: the scheduler's index.
   */
  readonly nextDeadlineAt: string | null;
  readonly disputes: readonly {
    disputeId: string;
    reason: string;
    openedBy: string;
    openedAt: string;
    outcome: string | null;
  }[];
  readonly state: CollaborationState;
}

/** What readers are shown: the stored document with the figures that follow from its state. */
export interface CollaborationView extends CollaborationDoc {
  readonly deadlines: {
    readonly scriptDueAt: string | null;
    readonly publishDueAt: string | null;
    readonly ratingWindowClosesAt: string | null;
    readonly disputeWindowClosesAt: string | null;
    readonly next: { readonly rule: string; readonly dueAt: string } | null;
    /** Every deadline running, earliest first. */
    readonly pending: readonly { readonly rule: string; readonly dueAt: string }[];
  };
  readonly revisionCount: number;
  readonly metrics: {
    readonly snapshots: number;
    readonly latest: ReturnType<typeof snapshotView>;
    readonly final: ReturnType<typeof snapshotView>;
    readonly inconsistent: boolean;
  };
  readonly milestones: readonly (CollaborationState['milestones'][number] & { readonly status: string })[];
}

/** The view of a stored document: derived on read, so events only fold the state. */
export const collaborationView = (doc: CollaborationDoc): CollaborationView => {
  const state = doc.state;
  return {
    ...doc,
    deadlines: {
      scriptDueAt: state.brief?.scriptDueAt ?? null,
      publishDueAt: state.brief?.publishDueAt ?? null,
      ratingWindowClosesAt: state.ratingWindowClosesAt,
      disputeWindowClosesAt: state.disputeWindowClosesAt,
      next: nextDeadline(state) ?? null,
      pending: pendingDeadlines(state).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)),
    },
    revisionCount: state.revisionsRequested,
    metrics: {
      snapshots: state.snapshots.length,
      latest: snapshotView(latestSnapshot(state)),
      final: snapshotView(finalSnapshot(state)),
      inconsistent: state.snapshots.some((s) => s.inconsistent),
    },
    milestones: state.milestones.map((m) => ({ ...m, status: milestoneStatus(m) })),
  };
};

const evolveDoc = (
  previous: CollaborationDoc | undefined,
  event: CollaborationEvent,
  meta: { occurredAt: string; revision: number; position: number },
): CollaborationDoc => {
  const state = evolveCollaboration(previous?.state ?? initialCollaborationState(), event, meta);
  let disputes = previous?.disputes ?? [];
  if (event.type === 'DisputeOpened') {
    disputes = [
      ...disputes,
      {
        disputeId: event.data.disputeId,
        reason: event.data.reason,
        openedBy: event.data.openedBy,
        openedAt: meta.occurredAt,
        outcome: null,
      },
    ];
  } else if (event.type === 'DisputeResolved') {
    disputes = disputes.map((d) =>
      d.disputeId === event.data.disputeId ? { ...d, outcome: event.data.outcome } : d,
    );
  }
  return {
    collaborationId: state.collaborationId,
    sellerId: state.sellerId,
    creatorId: state.creatorId,
    status: state.status,
    disputeStatus: state.openDisputeId ? 'OPEN' : disputes.length > 0 ? 'RESOLVED' : 'NONE',
    proposedAt: state.proposedAt,
    acceptedAt: event.type === 'ProposalAccepted' ? meta.occurredAt : (previous?.acceptedAt ?? null),
    updatedAt: meta.occurredAt,
    revision: meta.revision,
    lastPosition: meta.position,
    nextDeadlineAt: nextWakeAt(state),
    disputes,
    state,
  };
};

export const COLLABORATIONS = collection<CollaborationDoc>('collaborations', {
  indexes: [
    { field: 'sellerId', type: 'string' },
    { field: 'creatorId', type: 'string' },
    { field: 'status', type: 'string' },
    { field: 'disputeStatus', type: 'string' },
    { field: 'updatedAt', type: 'string' },
    { field: 'proposedAt', type: 'string' },
    // No deadline running sorts after every instant.
    { field: 'nextDeadlineAt', type: 'string', missing: '~' },
  ],
  // A creator's most recent collaborations (search pages), all or those with one seller.
  compoundIndexes: [
    ['creatorId', 'updatedAt'],
    ['sellerId', 'creatorId', 'updatedAt'],
  ],
});

export const collaborationsProjection: Projection<CollaborationEvent> = {
  name: 'collaborations',
  // 2: rates stored exactly (presentation rounds). 3: nextDeadlineAt, indexed for the scheduler.
  // 4: the state holds reviews' replies, removals and reports (DOMAIN.md § Public reviews).
  // 4: the state's negotiation, content fixes, dispute clocks and usage rights; their deadlines.
  // and nextDeadlineAt counts the reminders before deadlines too.
  version: 4,
  collections: [COLLABORATIONS],
  rebuildCost: 48,
  eventTypes: collaborationEvents.map((e) => e.type),
  touches: (event) =>
    isCollaborationEvent(event) ? [{ collection: COLLABORATIONS, id: collaborationIdOf(event) }] : [],
  evolve: (event, docs) => {
    if (!isCollaborationEvent(event)) return [];
    const id = collaborationIdOf(event);
    const previous = docs.get(COLLABORATIONS, id);
    const doc = evolveDoc(previous, event, {
      occurredAt: at(event),
      revision: Number(event.revision),
      position: Number(event.position),
    });
    return [put(COLLABORATIONS, id, doc)];
  },
};
