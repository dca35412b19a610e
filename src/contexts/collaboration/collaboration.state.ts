import { assertNever, type EventTime } from '../../core/decider.js';
import type {
  Brief,
  CollaborationEvent,
  ContentIssue,
  CollaborationEventOfType,
  DisputeOutcome,
  MetricTargetName,
  Milestone,
  RatingDirection,
  RatingFlagRule,
  ReportReason,
  Side,
  UsageScope,
} from './collaboration.events.js';
import { addDays } from '../shared.js';
import { addMonths } from './calendar.js';

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
  /** Held until content reviewed with issues is accepted (DOMAIN.md § Acceptance). */
  readonly contentHold: boolean;
  /** The usage rights extension whose fee it is, if it is one. */
  readonly extensionId?: string;
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
  // Public reviews (DOMAIN.md § Public reviews)
  /** When it was revealed: the reply window runs from here. */
  readonly revealedAt: string | null;
  readonly reply: ReviewReplyState | null;
  /** Its text (comment, tags, reply) removed by arbitration, and why. */
  readonly removal: ReviewRemovalState | null;
}

// ─── Public reviews (DOMAIN.md § Public reviews) ───

export interface ReviewReplyState {
  readonly side: Side;
  readonly text: string;
  readonly repliedAt: string;
}

export interface ReviewRemovalState {
  readonly reportId: string;
  readonly reason: ReportReason;
  readonly note: string;
  readonly removedAt: string;
}

export interface ReportState {
  readonly reportId: string;
  readonly ratingId: string;
  readonly side: Side;
  readonly reason: ReportReason;
  readonly statement: string;
  readonly evidence: readonly string[];
  readonly reportedAt: string;
  readonly status: 'OPEN' | 'DISMISSED' | 'TEXT_REMOVED';
  readonly decidedAt: string | null;
  readonly escalatedAt: string | null;
}

export interface DisputeState {
  readonly disputeId: string;
  readonly openedBy: Side;
  readonly openedAt: string;
  readonly evidenceHashes: readonly string[];
  readonly outcome: DisputeOutcome | null;
  // The dispute's clocks (DOMAIN.md § Deadlines).
  /** When the side that did not open it first stated its case (a statement or evidence). */
  readonly respondedAt: string | null;
  readonly responseMissed: boolean;
  readonly escalated: boolean;
  readonly resolvedAt: string | null;
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
  /** FIXED: the creator fixed content reviewed with issues; the seller's answer is awaited. */
  readonly contentReview: 'NONE' | 'ISSUES' | 'FIXED' | 'ACCEPTED';
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
  // Public reviews: reports on the collaboration's reviews, in the order made.
  readonly reports: readonly ReportState[];
  // The lifecycle after the first steps (DOMAIN.md § Negotiation, § Acceptance, § Usage rights).
  readonly negotiation: NegotiationState;
  readonly contentFix: ContentFixState;
  readonly usageRights: UsageRightsState;
  /** Reminders sent before deadlines (reminders.ts): which deadline, how long before. */
  readonly reminders: readonly SentReminder[];
}

// ——— Negotiation, acceptance with consequences, usage rights over time ———

/** An offer of the negotiable terms: the proposal (round 0), then each counter-offer. */
export interface Offer {
  readonly round: number;
  readonly by: Side;
  readonly fee: Brief['fee'];
  readonly scriptDueAt: string;
  readonly publishDueAt: string;
  readonly deliverables: Brief['deliverables'];
  readonly note?: string;
  readonly at: string;
}

export interface NegotiationState {
  readonly offers: readonly Offer[];
  /** The counter-offer whose terms were agreed, if one was. */
  readonly agreedRound: number | null;
}

/** Content reviewed with issues, and the creator's fixes (DOMAIN.md § Acceptance). */
export interface ContentFixState {
  /** The issues of the last review with issues. */
  readonly issues: readonly ContentIssue[];
  /** Whether they need a fix: any issue but a missing disclosure, which stays a compliance flag. */
  readonly required: boolean;
  readonly reviewedAt: string | null;
  readonly dueAt: string | null;
  readonly fixes: number;
  readonly fixedAt: string | null;
  /** The fix of this review was not recorded by its deadline. */
  readonly overdue: boolean;
  /** Fixes recorded late or never, over every review: what reputation counts as lateness. */
  readonly lateFixes: number;
}

export interface PendingExtension {
  readonly extensionId: string;
  readonly scope: readonly UsageScope[];
  readonly platforms: Brief['platforms'];
  readonly endsAt: string;
  readonly fee: Brief['fee'] | null;
  readonly note: string | null;
  readonly proposedAt: string;
}

/** The usage rights as they stand: the brief's, then each accepted extension's. */
export interface UsageRightsState {
  readonly scope: readonly UsageScope[];
  readonly platforms: Brief['platforms'];
  /** Known from proposal (a date) or from publish (months after it); null while neither. */
  readonly endsAt: string | null;
  readonly ended: boolean;
  /** Every extension proposed so far (their ids), answered or not. */
  readonly extensionIds: readonly string[];
  readonly extensions: number;
  readonly pendingExtension: PendingExtension | null;
}

const offerOf = (brief: Brief, at: string): Offer => ({
  round: 0,
  by: 'SELLER',
  fee: brief.fee,
  scriptDueAt: brief.scriptDueAt,
  publishDueAt: brief.publishDueAt,
  deliverables: brief.deliverables,
  at,
});

const NO_FIX: ContentFixState = {
  issues: [],
  required: false,
  reviewedAt: null,
  dueAt: null,
  fixes: 0,
  fixedAt: null,
  overdue: false,
  lateFixes: 0,
};

const rightsOf = (brief: Brief): UsageRightsState => ({
  scope: brief.usageRights.scope,
  platforms: brief.usageRights.platforms,
  endsAt: brief.usageRights.endsAt ?? null,
  ended: false,
  extensionIds: [],
  extensions: 0,
  pendingExtension: null,
});

const withoutContentHolds = (state: CollaborationState): CollaborationState => ({
  ...state,
  milestones: state.milestones.map((m) => (m.contentHold ? { ...m, contentHold: false } : m)),
});

const updateDispute = (
  state: CollaborationState,
  disputeId: string,
  change: (d: DisputeState) => DisputeState,
): CollaborationState => ({
  ...state,
  disputes: state.disputes.map((d) => (d.disputeId === disputeId ? change(d) : d)),
});

/** A party's statement or evidence: the first from the side that did not open the dispute is its answer. */
const answered = (state: CollaborationState, disputeId: string, side: string, at: string) =>
  updateDispute(state, disputeId, (d) =>
    d.respondedAt === null && side !== d.openedBy && side !== 'ARBITRATOR' ? { ...d, respondedAt: at } : d,
  );

/** The lifecycle's events, folded (DOMAIN.md § Negotiation, § Acceptance, § Deadlines, § Usage rights). */
const evolveLifecycle = (
  state: CollaborationState,
  event: Extract<CollaborationEvent, { type: LifecycleEventType }>,
  at: EventTime,
): CollaborationState => {
  switch (event.type) {
    case 'CounterOfferMade': {
      const { round, by, fee, scriptDueAt, publishDueAt, deliverables, note } = event.data;
      const offer: Offer = {
        round,
        by,
        fee,
        scriptDueAt,
        publishDueAt,
        deliverables,
        ...(note ? { note } : {}),
        at: at.occurredAt,
      };
      return {
        ...state,
        negotiation: { ...state.negotiation, offers: [...state.negotiation.offers, offer] },
      };
    }
    case 'CounterOfferAccepted':
      return {
        ...state,
        brief: event.data.brief,
        milestones: event.data.milestones.map(newMilestone),
        negotiation: { ...state.negotiation, agreedRound: event.data.round },
      };
    case 'ContentFixed':
      return {
        ...state,
        contentReview: 'FIXED',
        contentFix: {
          ...state.contentFix,
          fixes: event.data.fixNumber,
          fixedAt: at.occurredAt,
          // A fix already counted overdue is not counted again.
          lateFixes: state.contentFix.lateFixes + (event.data.late && !state.contentFix.overdue ? 1 : 0),
        },
      };
    case 'ContentFixOverdue':
      return {
        ...state,
        contentFix: { ...state.contentFix, overdue: true, lateFixes: state.contentFix.lateFixes + 1 },
      };
    case 'CollaborationAutoCompleted':
      // CollaborationCompleted follows in the same decision and completes it.
      return state;
    case 'DisputeResponseMissed':
      return updateDispute(state, event.data.disputeId, (d) => ({ ...d, responseMissed: true }));
    case 'DisputeEscalated':
      return updateDispute(state, event.data.disputeId, (d) => ({ ...d, escalated: true }));
    case 'UsageRightsEnded':
      return { ...state, usageRights: { ...state.usageRights, ended: true } };
    case 'UsageRightsExtensionProposed': {
      const { extensionId, scope, platforms, endsAt, fee, note } = event.data;
      return {
        ...state,
        usageRights: {
          ...state.usageRights,
          extensionIds: [...state.usageRights.extensionIds, extensionId],
          pendingExtension: {
            extensionId,
            scope,
            platforms,
            endsAt,
            fee: fee ?? null,
            note: note ?? null,
            proposedAt: at.occurredAt,
          },
        },
      };
    }
    case 'UsageRightsExtended': {
      const { extensionId, scope, platforms, endsAt, fee, milestoneName } = event.data;
      const milestones =
        fee && milestoneName
          ? [
              ...state.milestones,
              {
                ...newMilestone({ name: milestoneName, percent: 0, dueOn: 'ACCEPT', amount: fee }),
                extensionId,
              },
            ]
          : state.milestones;
      return {
        ...state,
        milestones,
        usageRights: {
          ...state.usageRights,
          scope,
          platforms,
          endsAt,
          ended: false,
          extensions: state.usageRights.extensions + 1,
          pendingExtension: null,
        },
      };
    }
    case 'UsageRightsExtensionDeclined':
      return { ...state, usageRights: { ...state.usageRights, pendingExtension: null } };
    default:
      return assertNever(event);
  }
};

type LifecycleEventType =
  | 'CounterOfferMade'
  | 'CounterOfferAccepted'
  | 'ContentFixed'
  | 'ContentFixOverdue'
  | 'CollaborationAutoCompleted'
  | 'DisputeResponseMissed'
  | 'DisputeEscalated'
  | 'UsageRightsEnded'
  | 'UsageRightsExtensionProposed'
  | 'UsageRightsExtended'
  | 'UsageRightsExtensionDeclined';
// ——— end of the lifecycle state ———
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
  reports: [],
  negotiation: { offers: [], agreedRound: null },
  contentFix: NO_FIX,
  usageRights: {
    scope: [],
    platforms: [],
    endsAt: null,
    ended: false,
    extensionIds: [],
    extensions: 0,
    pendingExtension: null,
  },
  reminders: [],
});

const newMilestone = (m: Milestone): MilestoneState => ({
  ...m,
  due: false,
  settlement: 'OPEN',
  disputeHold: null,
  targetsMissed: null,
  contentHold: false,
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

const updateReport = (
  state: CollaborationState,
  reportId: string,
  change: (r: ReportState) => ReportState,
): CollaborationState => ({
  ...state,
  reports: state.reports.map((r) => (r.reportId === reportId ? change(r) : r)),
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
        milestones: event.data.milestones.map(newMilestone),
        negotiation: { offers: [offerOf(event.data.brief, at.occurredAt)], agreedRound: null },
        usageRights: rightsOf(event.data.brief),
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
    case 'ContentPublished': {
      // Usage rights given in months run from publish (DOMAIN.md § Usage rights).
      const months = state.brief?.usageRights.months;
      const endsAt = state.usageRights.endsAt ?? (months ? addMonths(event.data.publishedAt, months) : null);
      return {
        ...state,
        status: 'PUBLISHED',
        publish: { ...event.data, recordedAt: at.occurredAt },
        usageRights: { ...state.usageRights, endsAt },
      };
    }
    case 'ContentReviewed': {
      if (event.data.accepted) return { ...withoutContentHolds(state), contentReview: 'ACCEPTED' };
      const required = event.data.issues.some((issue) => issue !== 'MISSING_DISCLOSURE');
      return {
        ...(required ? state : withoutContentHolds(state)),
        contentReview: 'ISSUES',
        contentFix: {
          ...state.contentFix,
          issues: event.data.issues,
          required,
          reviewedAt: at.occurredAt,
          dueAt: required && state.brief ? addDays(at.occurredAt, state.brief.fixDays) : null,
          fixedAt: null,
          overdue: false,
        },
      };
    }
    case 'ContentAutoAccepted':
      return { ...withoutContentHolds(state), contentReview: 'ACCEPTED' };
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
        contentHold: false,
      }));
    case 'MilestoneHeld':
      return updateMilestone(state, event.data.name, (m) => {
        switch (event.data.reason) {
          case 'DISPUTE_OPEN':
            return { ...m, disputeHold: event.data.disputeId ?? null };
          case 'TARGETS_MISSED':
            return { ...m, targetsMissed: event.data.missedTargets };
          case 'CONTENT_NOT_ACCEPTED':
            return { ...m, contentHold: true };
          default:
            return assertNever(event.data.reason);
        }
      });
    case 'MilestoneHoldLifted':
      return updateMilestone(state, event.data.name, (m) => ({ ...m, disputeHold: null }));
    case 'MilestoneRefunded':
      return updateMilestone(state, event.data.name, (m) => ({
        ...m,
        settlement: 'REFUNDED',
        disputeHold: null,
        targetsMissed: null,
        contentHold: false,
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
            revealedAt: null,
            reply: null,
            removal: null,
          },
        ],
      };
    case 'RatingsRevealed':
      return {
        ...state,
        ratings: state.ratings.map((r) =>
          event.data.ratingIds.includes(r.ratingId)
            ? { ...r, revealed: true, revealedAt: r.revealedAt ?? at.occurredAt }
            : r,
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
            respondedAt: null,
            responseMissed: false,
            escalated: false,
            resolvedAt: null,
          },
        ],
      };
    case 'DisputeEvidenceAdded':
      return answered(
        updateDispute(state, event.data.disputeId, (d) => ({
          ...d,
          evidenceHashes: [...d.evidenceHashes, event.data.sha256],
        })),
        event.data.disputeId,
        event.data.side,
        at.occurredAt,
      );
    case 'DisputeStatementAdded':
      return answered(state, event.data.disputeId, event.data.side, at.occurredAt);
    case 'DisputeResolved':
      return {
        ...updateDispute(state, event.data.disputeId, (d) => ({
          ...d,
          outcome: event.data.outcome,
          resolvedAt: at.occurredAt,
        })),
        openDisputeId: null,
      };
    // Public reviews
    case 'ReviewReplied':
      return updateRating(state, event.data.ratingId, (r) => ({
        ...r,
        reply: { side: event.data.side, text: event.data.text, repliedAt: at.occurredAt },
      }));
    case 'ReviewReported':
      return {
        ...state,
        reports: [
          ...state.reports,
          {
            reportId: event.data.reportId,
            ratingId: event.data.ratingId,
            side: event.data.side,
            reason: event.data.reason,
            statement: event.data.statement,
            evidence: event.data.evidence.map((e) => e.sha256),
            reportedAt: at.occurredAt,
            status: 'OPEN',
            decidedAt: null,
            escalatedAt: null,
          },
        ],
      };
    case 'ReviewReportDismissed':
      return updateReport(state, event.data.reportId, (r) => ({
        ...r,
        status: 'DISMISSED',
        decidedAt: at.occurredAt,
      }));
    case 'ReviewTextRemoved':
      return updateRating(
        updateReport(state, event.data.reportId, (r) => ({
          ...r,
          status: 'TEXT_REMOVED',
          decidedAt: at.occurredAt,
        })),
        event.data.ratingId,
        (r) => ({
          ...r,
          removal: {
            reportId: event.data.reportId,
            reason: event.data.reason,
            note: event.data.note,
            removedAt: at.occurredAt,
          },
        }),
      );
    case 'ReviewReportEscalated':
      return updateReport(state, event.data.reportId, (r) => ({ ...r, escalatedAt: event.data.firedAt }));
    case 'CounterOfferMade':
    case 'CounterOfferAccepted':
    case 'ContentFixed':
    case 'ContentFixOverdue':
    case 'CollaborationAutoCompleted':
    case 'DisputeResponseMissed':
    case 'DisputeEscalated':
    case 'UsageRightsEnded':
    case 'UsageRightsExtensionProposed':
    case 'UsageRightsExtended':
    case 'UsageRightsExtensionDeclined':
      return evolveLifecycle(state, event, at);
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
