import { assertNever, type EventTime } from '../../core/decider.js';
import type {
  Brief,
  CollaborationEvent,
  CollaborationEventOfType,
  DisputeOutcome,
  MetricTargetName,
  Milestone,
  RatingDirection,
  RatingFlagRule,
  Side,
} from './collaboration.events.js';

export type CollaborationStatus =
  | 'NONE'
  | 'PROPOSED'
  | 'ACTIVE'
  | 'SCRIPT_APPROVED'
  | 'PUBLISHED'
  | 'COMPLETED'
  | 'DECLINED'
  | 'CANCELLED'
  | 'EXPIRED';

export interface ScriptVersion {
  readonly version: number;
  readonly submittedAt: string;
  readonly outcome: 'PENDING' | 'REVISION_REQUESTED' | 'APPROVED';
}

export type Snapshot = Omit<CollaborationEventOfType<'MetricsSnapshotRecorded'>['data'], never>;

export interface MilestoneState extends Milestone {
  readonly due: boolean;
  readonly settlement: 'OPEN' | 'RELEASED' | 'REFUNDED' | 'CANCELLED';
  /** The open dispute holding it, if any. */
  readonly disputeHold: string | null;
  /** Metric targets missed at completion, when they hold it (the seller may waive them). */
  readonly targetsMissed: readonly MetricTargetName[] | null;
}

export interface RatingState {
  readonly ratingId: string;
  readonly direction: RatingDirection;
  readonly raterId: string;
  readonly rateeId: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly comment: string;
  readonly tags: readonly string[];
  readonly ratedAt: string;
  readonly revealed: boolean;
  readonly flags: readonly RatingFlagRule[];
  readonly review: 'NONE' | 'PENDING' | 'UPHELD' | 'REMOVED';
}

export interface DisputeState {
  readonly disputeId: string;
  readonly openedBy: Side;
  readonly openedAt: string;
  readonly evidenceHashes: readonly string[];
  readonly outcome: DisputeOutcome | null;
}

export interface CollaborationState {
  readonly status: CollaborationStatus;
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly brief: Brief | null;
  readonly proposedAt: string;
  readonly scripts: readonly ScriptVersion[];
  readonly revisionsRequested: number;
  readonly publish:
    (CollaborationEventOfType<'ContentPublished'>['data'] & { readonly recordedAt: string }) | null;
  readonly contentReview: 'NONE' | 'ISSUES' | 'ACCEPTED';
  readonly snapshots: readonly Snapshot[];
  readonly completedAt: string | null;
  readonly ratingWindowClosesAt: string | null;
  readonly ratingWindowClosed: boolean;
  readonly disputeWindowClosesAt: string | null;
  readonly milestones: readonly MilestoneState[];
  readonly ratings: readonly RatingState[];
  readonly disputes: readonly DisputeState[];
  readonly openDisputeId: string | null;
  readonly messages: number;
  /** Reminders sent before deadlines (reminders.ts): which deadline, how long before. */
  readonly reminders: readonly SentReminder[];
}

export type SentReminder = Pick<
  CollaborationEventOfType<'DeadlineReminderSent'>['data'],
  'rule' | 'dueAt' | 'hoursBefore'
>;

export const initialCollaborationState = (): CollaborationState => ({
  status: 'NONE',
  collaborationId: '',
  sellerId: '',
  creatorId: '',
  brief: null,
  proposedAt: '',
  scripts: [],
  revisionsRequested: 0,
  publish: null,
  contentReview: 'NONE',
  snapshots: [],
  completedAt: null,
  ratingWindowClosesAt: null,
  ratingWindowClosed: false,
  disputeWindowClosesAt: null,
  milestones: [],
  ratings: [],
  disputes: [],
  openDisputeId: null,
  messages: 0,
  reminders: [],
});

const updateMilestone = (
  state: CollaborationState,
  name: string,
  change: (m: MilestoneState) => MilestoneState,
): CollaborationState => ({
  ...state,
  milestones: state.milestones.map((m) => (m.name === name ? change(m) : m)),
});

const updateRating = (
  state: CollaborationState,
  ratingId: string,
  change: (r: RatingState) => RatingState,
): CollaborationState => ({
  ...state,
  ratings: state.ratings.map((r) => (r.ratingId === ratingId ? change(r) : r)),
});

const updateScript = (state: CollaborationState, version: number, outcome: ScriptVersion['outcome']) => ({
  ...state,
  scripts: state.scripts.map((s) => (s.version === version ? { ...s, outcome } : s)),
});

/**
 * Folds one event into the state. Time is taken from the event's metadata (`at`) where a fact needs
 * it, so the state is a pure function of the stream.
 */
export const evolveCollaboration = (
  state: CollaborationState,
  event: CollaborationEvent,
  at: EventTime,
): CollaborationState => {
  switch (event.type) {
    case 'CollaborationProposed':
      return {
        ...initialCollaborationState(),
        status: 'PROPOSED',
        collaborationId: event.data.collaborationId,
        sellerId: event.data.sellerId,
        creatorId: event.data.creatorId,
        brief: event.data.brief,
        proposedAt: at.occurredAt,
        milestones: event.data.milestones.map((m) => ({
          ...m,
          due: false,
          settlement: 'OPEN',
          disputeHold: null,
          targetsMissed: null,
        })),
      };
    case 'ProposalAccepted':
      return { ...state, status: 'ACTIVE' };
    case 'ProposalDeclined':
      return { ...state, status: 'DECLINED' };
    case 'ProposalWithdrawn':
    case 'CollaborationCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'ProposalExpired':
      return { ...state, status: 'EXPIRED' };
    case 'ScriptSubmitted':
      return {
        ...state,
        scripts: [
          ...state.scripts,
          { version: event.data.version, submittedAt: at.occurredAt, outcome: 'PENDING' },
        ],
      };
    case 'RevisionRequested':
      return {
        ...updateScript(state, event.data.scriptVersion, 'REVISION_REQUESTED'),
        revisionsRequested: event.data.revisionNumber,
      };
    case 'ScriptApproved':
    case 'ScriptAutoApproved':
      return { ...updateScript(state, event.data.scriptVersion, 'APPROVED'), status: 'SCRIPT_APPROVED' };
    case 'ContentPublished':
      return { ...state, status: 'PUBLISHED', publish: { ...event.data, recordedAt: at.occurredAt } };
    case 'ContentReviewed':
      return { ...state, contentReview: event.data.accepted ? 'ACCEPTED' : 'ISSUES' };
    case 'ContentAutoAccepted':
      return { ...state, contentReview: 'ACCEPTED' };
    case 'MetricsSnapshotRecorded':
      return { ...state, snapshots: [...state.snapshots, event.data] };
    case 'MessagePosted':
      return { ...state, messages: state.messages + 1 };
    case 'CollaborationCompleted':
      return {
        ...state,
        status: 'COMPLETED',
        completedAt: at.occurredAt,
        ratingWindowClosesAt: event.data.ratingWindowClosesAt,
        disputeWindowClosesAt: event.data.disputeWindowClosesAt,
      };
    case 'MilestoneDue':
      return updateMilestone(state, event.data.name, (m) => ({ ...m, due: true }));
    case 'MilestoneReleased':
      return updateMilestone(state, event.data.name, (m) => ({
        ...m,
        settlement: 'RELEASED',
        disputeHold: null,
        targetsMissed: null,
      }));
    case 'MilestoneHeld':
      return updateMilestone(state, event.data.name, (m) =>
        event.data.reason === 'DISPUTE_OPEN'
          ? { ...m, disputeHold: event.data.disputeId ?? null }
          : { ...m, targetsMissed: event.data.missedTargets },
      );
    case 'MilestoneHoldLifted':
      return updateMilestone(state, event.data.name, (m) => ({ ...m, disputeHold: null }));
    case 'MilestoneRefunded':
      return updateMilestone(state, event.data.name, (m) => ({
        ...m,
        settlement: 'REFUNDED',
        disputeHold: null,
        targetsMissed: null,
      }));
    case 'MilestoneCancelled':
      return updateMilestone(state, event.data.name, (m) => ({ ...m, settlement: 'CANCELLED' }));
    case 'CollaborationRated':
      return {
        ...state,
        ratings: [
          ...state.ratings,
          {
            ratingId: event.data.ratingId,
            direction: event.data.direction,
            raterId: event.data.raterId,
            rateeId: event.data.rateeId,
            scores: event.data.scores,
            comment: event.data.comment,
            tags: event.data.tags,
            ratedAt: at.occurredAt,
            revealed: false,
            flags: [],
            review: 'NONE',
          },
        ],
      };
    case 'RatingsRevealed':
      return {
        ...state,
        ratings: state.ratings.map((r) =>
          event.data.ratingIds.includes(r.ratingId) ? { ...r, revealed: true } : r,
        ),
      };
    case 'RatingWindowClosed':
      return { ...state, ratingWindowClosed: true };
    case 'RatingFlagged':
      return updateRating(state, event.data.ratingId, (r) => ({
        ...r,
        flags: [...r.flags, event.data.rule],
        review: 'PENDING',
      }));
    case 'RatingReviewed':
      return updateRating(state, event.data.ratingId, (r) => ({ ...r, review: event.data.decision }));
    case 'DisputeOpened':
      return {
        ...state,
        openDisputeId: event.data.disputeId,
        disputes: [
          ...state.disputes,
          {
            disputeId: event.data.disputeId,
            openedBy: event.data.openedBy,
            openedAt: at.occurredAt,
            evidenceHashes: [],
            outcome: null,
          },
        ],
      };
    case 'DisputeEvidenceAdded':
      return {
        ...state,
        disputes: state.disputes.map((d) =>
          d.disputeId === event.data.disputeId
            ? { ...d, evidenceHashes: [...d.evidenceHashes, event.data.sha256] }
            : d,
        ),
      };
    case 'DisputeStatementAdded':
      return state;
    case 'DisputeResolved':
      return {
        ...state,
        openDisputeId: null,
        disputes: state.disputes.map((d) =>
          d.disputeId === event.data.disputeId ? { ...d, outcome: event.data.outcome } : d,
        ),
      };
    case 'DeadlineReminderSent': {
      const { rule, dueAt, hoursBefore } = event.data;
      return { ...state, reminders: [...state.reminders, { rule, dueAt, hoursBefore }] };
    }
    default:
      return assertNever(event);
  }
};

/** The party a user acts for in this collaboration, if any. */
export const sideOf = (state: CollaborationState, role: string, partyId: string | undefined): Side | null => {
  if (role === 'SELLER' && partyId === state.sellerId) return 'SELLER';
  if (role === 'CREATOR' && partyId === state.creatorId) return 'CREATOR';
  return null;
};
