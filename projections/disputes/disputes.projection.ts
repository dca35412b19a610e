import type { RecordedEvent } from '../../src/core/event.js';
import { put, type DocUpdate, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { asCollaborationEvent, at, collaborationIdOf, isCollaborationEvent } from '../shared.js';

/**
 * The evidence trail of each dispute: parties, reason, every statement and piece of evidence in
 * order with its hashes, the collaboration facts that matter (deadlines, publish time and lateness,
 * metrics, the messages), and the resolution. Everything an arbitrator or auditor needs on one page.
 */

/** Where an entry comes from in the log, so anyone can check it against the hash chain. */
interface LogRef {
  readonly at: string;
  readonly position: number;
  readonly revision: number;
  readonly eventHash: string;
}

export interface MessageFact extends LogRef {
  readonly messageId: string;
  readonly side: string;
  readonly body: string;
  readonly attachments: readonly string[];
}

export interface CollaborationFactsForDispute {
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly title: string;
  readonly fee: { readonly amountMinor: number; readonly currency: string };
  readonly scriptDueAt: string;
  readonly publishDueAt: string;
  readonly metricTargets: Record<string, number>;
  readonly status: string;
  readonly publish: {
    platform: string;
    url: string;
    publishedAt: string;
    late: boolean;
    lateByHours: number;
  } | null;
  readonly metrics: {
    latest: Record<string, unknown> | null;
    final: Record<string, unknown> | null;
    snapshots: number;
  };
  readonly messages: readonly MessageFact[];
  readonly disputeIds: readonly string[];
}

export type TrailEntry = LogRef &
  (
    | { readonly kind: 'OPENED'; readonly side: string; readonly reason: string; readonly statement: string }
    | {
        readonly kind: 'EVIDENCE';
        readonly side: string;
        readonly evidenceId: string;
        readonly evidenceKind: string;
        readonly description: string;
        readonly sha256: string;
        readonly fileName?: string;
        readonly contentType?: string;
        readonly sizeBytes?: number;
      }
    | {
        readonly kind: 'STATEMENT';
        readonly side: string;
        readonly statementId: string;
        readonly text: string;
      }
    | { readonly kind: 'RESOLVED'; readonly outcome: string; readonly note: string; readonly actor: string }
  );

export interface DisputeDoc {
  readonly disputeId: string;
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly status: 'OPEN' | 'RESOLVED';
  readonly openedBy: string;
  readonly reason: string;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly trail: readonly TrailEntry[];
  readonly evidenceCount: number;
  /** The SHA-256 of every evidence file: who may fetch a file follows from the disputes citing it. */
  readonly evidenceHashes: readonly string[];
  readonly facts: CollaborationFactsForDispute;
  readonly resolution: {
    readonly outcome: string;
    readonly note: string;
    readonly milestoneDecisions: readonly { name: string; action: string }[];
    readonly refund: { amountMinor: number; currency: string };
    readonly payout: { amountMinor: number; currency: string };
    readonly resolvedAt: string;
    readonly resolvedBy: string;
  } | null;
}

export const DISPUTES = collection<DisputeDoc>('disputes', {
  indexes: [
    { field: 'collaborationId', type: 'string' },
    { field: 'sellerId', type: 'string' },
    { field: 'creatorId', type: 'string' },
    { field: 'status', type: 'string' },
    { field: 'reason', type: 'string' },
    { field: 'openedAt', type: 'string' },
    { field: 'updatedAt', type: 'string' },
    { field: 'evidenceHashes', type: 'string', multi: true },
  ],
});
/** Per collaboration: the facts its disputes show. */
export const DISPUTE_CONTEXTS = collection<CollaborationFactsForDispute>('disputeContexts');

const ref = (event: RecordedEvent): LogRef => ({
  at: at(event),
  position: Number(event.position),
  revision: Number(event.revision),
  eventHash: event.hash,
});

const evolveContext = (
  context: CollaborationFactsForDispute,
  event: RecordedEvent,
): CollaborationFactsForDispute | undefined => {
  const e = asCollaborationEvent(event);
  switch (e.type) {
    case 'ProposalAccepted':
      return { ...context, status: 'ACTIVE' };
    case 'CollaborationCancelled':
    case 'ProposalWithdrawn':
      return { ...context, status: 'CANCELLED' };
    case 'ScriptApproved':
    case 'ScriptAutoApproved':
      return { ...context, status: 'SCRIPT_APPROVED' };
    case 'ContentPublished':
      return {
        ...context,
        status: 'PUBLISHED',
        publish: {
          platform: e.data.platform,
          url: e.data.url,
          publishedAt: e.data.publishedAt,
          late: e.data.late,
          lateByHours: e.data.lateByHours,
        },
      };
    case 'CollaborationCompleted':
      return { ...context, status: 'COMPLETED' };
    case 'MetricsSnapshotRecorded': {
      const snapshot = { ...e.data, ...ref(event) } as Record<string, unknown>;
      const latest = context.metrics.latest;
      const final = context.metrics.final;
      return {
        ...context,
        metrics: {
          snapshots: context.metrics.snapshots + 1,
          latest: !latest || e.data.capturedAt >= (latest.capturedAt as string) ? snapshot : latest,
          final:
            e.data.final && (!final || e.data.capturedAt < (final.capturedAt as string)) ? snapshot : final,
        },
      };
    }
    case 'MessagePosted':
      return {
        ...context,
        messages: [
          ...context.messages,
          {
            messageId: e.data.messageId,
            side: e.data.side,
            body: e.data.body,
            attachments: e.data.attachments,
            ...ref(event),
          },
        ],
      };
    case 'DisputeOpened':
      return { ...context, disputeIds: [...context.disputeIds, e.data.disputeId] };
    default:
      return undefined;
  }
};

const TYPES = [
  'CollaborationProposed',
  'ProposalAccepted',
  'CollaborationCancelled',
  'ProposalWithdrawn',
  'ScriptApproved',
  'ScriptAutoApproved',
  'ContentPublished',
  'CollaborationCompleted',
  'MetricsSnapshotRecorded',
  'MessagePosted',
  'DisputeOpened',
  'DisputeEvidenceAdded',
  'DisputeStatementAdded',
  'DisputeResolved',
];

export const disputesProjection: Projection = {
  name: 'disputes',
  version: 2,
  collections: [DISPUTES, DISPUTE_CONTEXTS],
  rebuildCost: 26,
  eventTypes: TYPES,

  touches(event, docs) {
    if (!isCollaborationEvent(event)) return [];
    const key = { collection: DISPUTE_CONTEXTS, id: collaborationIdOf(event) };
    const context = docs.get(DISPUTE_CONTEXTS, key.id);
    return [key, ...(context?.disputeIds ?? []).map((id) => ({ collection: DISPUTES, id }))];
  },

  evolve(event, docs) {
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    const e = asCollaborationEvent(event);
    const updates: DocUpdate[] = [];
    let context = docs.get(DISPUTE_CONTEXTS, collaborationId);
    if (e.type === 'CollaborationProposed') {
      context = {
        collaborationId,
        sellerId: e.data.sellerId,
        creatorId: e.data.creatorId,
        title: e.data.brief.title,
        fee: e.data.brief.fee,
        scriptDueAt: e.data.brief.scriptDueAt,
        publishDueAt: e.data.brief.publishDueAt,
        metricTargets: e.data.brief.metricTargets as Record<string, number>,
        status: 'PROPOSED',
        publish: null,
        metrics: { latest: null, final: null, snapshots: 0 },
        messages: [],
        disputeIds: [],
      };
      return [put(DISPUTE_CONTEXTS, collaborationId, context)];
    }
    if (!context) return [];
    const next = evolveContext(context, event);
    if (next) {
      context = next;
      updates.push(put(DISPUTE_CONTEXTS, collaborationId, context));
    }

    const dispute = (id: string) => docs.get(DISPUTES, id);
    const putDispute = (doc: DisputeDoc) => updates.push(put(DISPUTES, doc.disputeId, doc));

    switch (e.type) {
      case 'DisputeOpened':
        putDispute({
          disputeId: e.data.disputeId,
          collaborationId,
          sellerId: context.sellerId,
          creatorId: context.creatorId,
          status: 'OPEN',
          openedBy: e.data.openedBy,
          reason: e.data.reason,
          openedAt: at(event),
          updatedAt: at(event),
          trail: [
            {
              kind: 'OPENED',
              side: e.data.openedBy,
              reason: e.data.reason,
              statement: e.data.statement,
              ...ref(event),
            },
          ],
          evidenceCount: 0,
          evidenceHashes: [],
          facts: context,
          resolution: null,
        });
        break;
      case 'DisputeEvidenceAdded': {
        const current = dispute(e.data.disputeId);
        if (!current) break;
        putDispute({
          ...current,
          updatedAt: at(event),
          evidenceCount: current.evidenceCount + 1,
          evidenceHashes: [...(current.evidenceHashes ?? []), e.data.sha256],
          trail: [
            ...current.trail,
            {
              kind: 'EVIDENCE',
              side: e.data.side,
              evidenceId: e.data.evidenceId,
              evidenceKind: e.data.kind,
              description: e.data.description,
              sha256: e.data.sha256,
              ...(e.data.fileName ? { fileName: e.data.fileName } : {}),
              ...(e.data.contentType ? { contentType: e.data.contentType } : {}),
              ...(e.data.sizeBytes !== undefined ? { sizeBytes: e.data.sizeBytes } : {}),
              ...ref(event),
            },
          ],
        });
        break;
      }
      case 'DisputeStatementAdded': {
        const current = dispute(e.data.disputeId);
        if (!current) break;
        putDispute({
          ...current,
          updatedAt: at(event),
          trail: [
            ...current.trail,
            {
              kind: 'STATEMENT',
              side: e.data.side,
              statementId: e.data.statementId,
              text: e.data.text,
              ...ref(event),
            },
          ],
        });
        break;
      }
      case 'DisputeResolved': {
        const current = dispute(e.data.disputeId);
        if (!current) break;
        putDispute({
          ...current,
          status: 'RESOLVED',
          updatedAt: at(event),
          facts: context,
          trail: [
            ...current.trail,
            {
              kind: 'RESOLVED',
              outcome: e.data.outcome,
              note: e.data.note,
              actor: event.metadata.actor,
              ...ref(event),
            },
          ],
          resolution: {
            outcome: e.data.outcome,
            note: e.data.note,
            milestoneDecisions: e.data.milestoneDecisions,
            refund: e.data.refund,
            payout: e.data.payout,
            resolvedAt: at(event),
            resolvedBy: event.metadata.actor,
          },
        });
        break;
      }
      default:
        // Other facts reach the disputes still open, so the trail shows the collaboration as it is.
        if (next) {
          for (const id of context.disputeIds) {
            const current = dispute(id);
            if (current?.status === 'OPEN') putDispute({ ...current, facts: context, updatedAt: at(event) });
          }
        }
    }
    return updates;
  },
};
