import type {
  CollaborationEventOfType,
  MetricTargets,
} from '../../src/contexts/collaboration/collaboration.events.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded, RecordedEvent } from '../../src/core/event.js';
import { put, type DocUpdate, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { DISPUTE_DECISION_DAYS, DISPUTE_RESPONSE_DAYS } from '../../src/contexts/collaboration/deadlines.js';
import { addDays } from '../../src/contexts/shared.js';
import { at, collaborationIdOf, handledTypes, isCollaborationEvent, type EventOfType } from '../shared.js';

/**
 * The evidence trail of each dispute: parties, reason, every statement and piece of evidence in
 * order with its hashes, the collaboration facts that matter (deadlines, publish time and lateness,
 * metrics, the messages), and the resolution. Everything an arbitrator or auditor needs on one page.
 */

/**
 * Where an entry comes from in the log, so anyone can check it against the hash chain. A type, not an
 * interface: a snapshot with it stays a plain record, as the API reads it.
 */
type LogRef = {
  readonly at: string;
  readonly position: number;
  readonly revision: number;
  readonly eventHash: string;
};

/** A metrics snapshot as recorded, with where it is in the log. */
export type MetricsFact = CollaborationEventOfType<'MetricsSnapshotRecorded'>['data'] & LogRef;

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
  readonly metricTargets: MetricTargets;
  readonly status: string;
  readonly publish: {
    platform: string;
    url: string;
    publishedAt: string;
    late: boolean;
    lateByHours: number;
  } | null;
  readonly metrics: {
    latest: MetricsFact | null;
    final: MetricsFact | null;
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
    // The dispute's clocks (DOMAIN.md § Deadlines): each a deadline the platform recorded, with its rule.
    | {
        readonly kind: 'RESPONSE_MISSED' | 'ESCALATED';
        readonly rule: string;
        readonly dueAt: string;
        readonly side?: string;
      }
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
  /** The dispute's clocks: the other side's answer is due in 5 days, a decision in 30 (DOMAIN.md § Deadlines). */
  readonly clocks: {
    readonly respondent: string;
    readonly responseDueAt: string;
    readonly respondedAt: string | null;
    readonly responseMissed: boolean;
    readonly decisionDueAt: string;
    readonly escalatedAt: string | null;
  };
  /** 1 once escalated (no decision within 30 days), for auditors to find. */
  readonly escalated: number;
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
    { field: 'escalated', type: 'number' },
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

const EVENT_TYPES = handledTypes(
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
  'CounterOfferAccepted',
  'DisputeResponseMissed',
  'DisputeEscalated',
);
type DisputesEvent = EventOfType<(typeof EVENT_TYPES)[number]>;

/** The collaboration's facts after an event; undefined when the event changes none of them. */
const evolveContext = (
  context: CollaborationFactsForDispute,
  event: Recorded<Exclude<DisputesEvent, { type: 'CollaborationProposed' }>>,
): CollaborationFactsForDispute | undefined => {
  switch (event.type) {
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
          platform: event.data.platform,
          url: event.data.url,
          publishedAt: event.data.publishedAt,
          late: event.data.late,
          lateByHours: event.data.lateByHours,
        },
      };
    case 'CollaborationCompleted':
      return { ...context, status: 'COMPLETED' };
    case 'MetricsSnapshotRecorded': {
      const snapshot: MetricsFact = { ...event.data, ...ref(event) };
      const latest = context.metrics.latest;
      const final = context.metrics.final;
      return {
        ...context,
        metrics: {
          snapshots: context.metrics.snapshots + 1,
          latest: !latest || event.data.capturedAt >= latest.capturedAt ? snapshot : latest,
          final: event.data.final && (!final || event.data.capturedAt < final.capturedAt) ? snapshot : final,
        },
      };
    }
    case 'MessagePosted':
      return {
        ...context,
        messages: [
          ...context.messages,
          {
            messageId: event.data.messageId,
            side: event.data.side,
            body: event.data.body,
            attachments: event.data.attachments,
            ...ref(event),
          },
        ],
      };
    case 'DisputeOpened':
      return { ...context, disputeIds: [...context.disputeIds, event.data.disputeId] };
    case 'CounterOfferAccepted':
      // The terms agreed in a negotiation are the brief the dispute is judged by.
      return {
        ...context,
        fee: event.data.brief.fee,
        scriptDueAt: event.data.brief.scriptDueAt,
        publishDueAt: event.data.brief.publishDueAt,
      };
    case 'DisputeEvidenceAdded':
    case 'DisputeStatementAdded':
    case 'DisputeResolved':
    case 'DisputeResponseMissed':
    case 'DisputeEscalated':
      return undefined;
    default:
      return assertNever(event);
  }
};

/** The first statement or evidence of the side that did not open the dispute is its answer. */
const answeredBy = (dispute: DisputeDoc, side: string, when: string): DisputeDoc =>
  dispute.clocks.respondedAt === null && side === dispute.clocks.respondent
    ? { ...dispute, clocks: { ...dispute.clocks, respondedAt: when } }
    : dispute;

export const disputesProjection: Projection<DisputesEvent> = {
  name: 'disputes',
  // 3: the dispute's clocks (answer due, decision due, escalation) and the terms a negotiation agreed.
  version: 3,
  collections: [DISPUTES, DISPUTE_CONTEXTS],
  rebuildCost: 26,
  eventTypes: EVENT_TYPES,

  touches(event, docs) {
    if (!isCollaborationEvent(event)) return [];
    const key = { collection: DISPUTE_CONTEXTS, id: collaborationIdOf(event) };
    const context = docs.get(DISPUTE_CONTEXTS, key.id);
    return [key, ...(context?.disputeIds ?? []).map((id) => ({ collection: DISPUTES, id }))];
  },

  evolve(event, docs) {
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    const updates: DocUpdate[] = [];
    let context = docs.get(DISPUTE_CONTEXTS, collaborationId);
    if (event.type === 'CollaborationProposed') {
      context = {
        collaborationId,
        sellerId: event.data.sellerId,
        creatorId: event.data.creatorId,
        title: event.data.brief.title,
        fee: event.data.brief.fee,
        scriptDueAt: event.data.brief.scriptDueAt,
        publishDueAt: event.data.brief.publishDueAt,
        metricTargets: event.data.brief.metricTargets,
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

    switch (event.type) {
      case 'DisputeOpened':
        putDispute({
          disputeId: event.data.disputeId,
          collaborationId,
          sellerId: context.sellerId,
          creatorId: context.creatorId,
          status: 'OPEN',
          openedBy: event.data.openedBy,
          reason: event.data.reason,
          openedAt: at(event),
          updatedAt: at(event),
          trail: [
            {
              kind: 'OPENED',
              side: event.data.openedBy,
              reason: event.data.reason,
              statement: event.data.statement,
              ...ref(event),
            },
          ],
          evidenceCount: 0,
          evidenceHashes: [],
          facts: context,
          clocks: {
            respondent: event.data.openedBy === 'SELLER' ? 'CREATOR' : 'SELLER',
            responseDueAt: addDays(at(event), DISPUTE_RESPONSE_DAYS),
            respondedAt: null,
            responseMissed: false,
            decisionDueAt: addDays(at(event), DISPUTE_DECISION_DAYS),
            escalatedAt: null,
          },
          escalated: 0,
          resolution: null,
        });
        break;
      case 'DisputeEvidenceAdded': {
        const current = dispute(event.data.disputeId);
        if (!current) break;
        putDispute({
          ...answeredBy(current, event.data.side, at(event)),
          updatedAt: at(event),
          evidenceCount: current.evidenceCount + 1,
          evidenceHashes: [...(current.evidenceHashes ?? []), event.data.sha256],
          trail: [
            ...current.trail,
            {
              kind: 'EVIDENCE',
              side: event.data.side,
              evidenceId: event.data.evidenceId,
              evidenceKind: event.data.kind,
              description: event.data.description,
              sha256: event.data.sha256,
              ...(event.data.fileName ? { fileName: event.data.fileName } : {}),
              ...(event.data.contentType ? { contentType: event.data.contentType } : {}),
              ...(event.data.sizeBytes !== undefined ? { sizeBytes: event.data.sizeBytes } : {}),
              ...ref(event),
            },
          ],
        });
        break;
      }
      case 'DisputeStatementAdded': {
        const current = dispute(event.data.disputeId);
        if (!current) break;
        putDispute({
          ...answeredBy(current, event.data.side, at(event)),
          updatedAt: at(event),
          trail: [
            ...current.trail,
            {
              kind: 'STATEMENT',
              side: event.data.side,
              statementId: event.data.statementId,
              text: event.data.text,
              ...ref(event),
            },
          ],
        });
        break;
      }
      case 'DisputeResolved': {
        const current = dispute(event.data.disputeId);
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
              outcome: event.data.outcome,
              note: event.data.note,
              actor: event.metadata.actor,
              ...ref(event),
            },
          ],
          resolution: {
            outcome: event.data.outcome,
            note: event.data.note,
            milestoneDecisions: event.data.milestoneDecisions,
            refund: event.data.refund,
            payout: event.data.payout,
            resolvedAt: at(event),
            resolvedBy: event.metadata.actor,
          },
        });
        break;
      }
      case 'DisputeResponseMissed':
      case 'DisputeEscalated': {
        const current = dispute(event.data.disputeId);
        if (!current) break;
        const escalated = event.type === 'DisputeEscalated';
        putDispute({
          ...current,
          updatedAt: at(event),
          clocks: escalated
            ? { ...current.clocks, escalatedAt: at(event) }
            : { ...current.clocks, responseMissed: true },
          escalated: escalated ? 1 : current.escalated,
          trail: [
            ...current.trail,
            {
              kind: escalated ? 'ESCALATED' : 'RESPONSE_MISSED',
              rule: event.data.rule,
              dueAt: event.data.dueAt,
              ...(event.type === 'DisputeResponseMissed' ? { side: event.data.respondent } : {}),
              ...ref(event),
            },
          ],
        });
        break;
      }
      case 'CounterOfferAccepted':
      case 'ProposalAccepted':
      case 'CollaborationCancelled':
      case 'ProposalWithdrawn':
      case 'ScriptApproved':
      case 'ScriptAutoApproved':
      case 'ContentPublished':
      case 'CollaborationCompleted':
      case 'MetricsSnapshotRecorded':
      case 'MessagePosted':
        // Other facts reach the disputes still open, so the trail shows the collaboration as it is.
        if (next) {
          for (const id of context.disputeIds) {
            const current = dispute(id);
            if (current?.status === 'OPEN') putDispute({ ...current, facts: context, updatedAt: at(event) });
          }
        }
        break;
      default:
        return assertNever(event);
    }
    return updates;
  },
};
