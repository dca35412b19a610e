import { DomainError } from '../../core/errors.js';
import type {
  CollaborationEvent,
  DisputeOutcome,
  MetricTargetName,
  MilestoneAction,
  MilestoneTrigger,
} from './collaboration.events.js';
import type { CollaborationState, MilestoneState } from './collaboration.state.js';
import { finalSnapshot, missedTargets } from './metrics.js';

/** DOMAIN.md § The collaboration (fee, milestones, completion, dispute): how payment milestones move. */

export type MilestoneStatus = 'PENDING' | 'DUE' | 'HELD' | 'RELEASED' | 'REFUNDED' | 'CANCELLED';

export const milestoneStatus = (m: MilestoneState): MilestoneStatus => {
  if (m.settlement !== 'OPEN') return m.settlement;
  if (m.disputeHold || m.targetsMissed || m.contentHold) return 'HELD';
  return m.due ? 'DUE' : 'PENDING';
};

const open = (state: CollaborationState) => state.milestones.filter((m) => m.settlement === 'OPEN');

/** The milestones a trigger makes due. */
export const milestonesDueOn = (state: CollaborationState, trigger: MilestoneTrigger): CollaborationEvent[] =>
  open(state)
    .filter((m) => m.dueOn === trigger && !m.due)
    .map((m) => ({ type: 'MilestoneDue', data: { name: m.name, amount: m.amount } }));

/** The targets a completion-triggered milestone is judged by: those of the final metrics. */
export const completionTargetsMissed = (state: CollaborationState): MetricTargetName[] =>
  missedTargets(state.brief?.metricTargets ?? {}, finalSnapshot(state));

/**
 * Whether content reviewed with issues that need a fix is not accepted yet (DOMAIN.md § Acceptance):
 * the final payment waits for it. A missing disclosure alone stays a compliance flag.
 */
export const contentNotAccepted = (state: CollaborationState): boolean =>
  state.contentFix.required && (state.contentReview === 'ISSUES' || state.contentReview === 'FIXED');

/**
 * Completion milestones once the collaboration is complete and no dispute holds them: held while the
 * content reviewed with issues is not accepted; then released when every metric target is met by the
 * final metrics, held with the missed targets otherwise.
 */
export const settleOnCompletion = (
  state: CollaborationState,
  names: readonly string[],
): CollaborationEvent[] => {
  const missed = completionTargetsMissed(state);
  const waiting = contentNotAccepted(state);
  return open(state)
    .filter((m) => names.includes(m.name) && m.dueOn === 'COMPLETION' && !m.disputeHold)
    .filter((m) => !(waiting && m.contentHold))
    .map((m): CollaborationEvent => {
      if (waiting) {
        return {
          type: 'MilestoneHeld',
          data: { name: m.name, reason: 'CONTENT_NOT_ACCEPTED', missedTargets: [] },
        };
      }
      return missed.length === 0
        ? {
            type: 'MilestoneReleased',
            data: { name: m.name, amount: m.amount, trigger: 'COMPLETION', waivedTargets: [] },
          }
        : { type: 'MilestoneHeld', data: { name: m.name, reason: 'TARGETS_MISSED', missedTargets: missed } };
    });
};

/**
 * Once the content is accepted, the completion milestones it held are settled as at completion
 * (`before`: the state the acceptance was decided on; `after`: with the acceptance applied).
 */
export const settleOnContentAccepted = (
  before: CollaborationState,
  after: CollaborationState,
): CollaborationEvent[] => {
  if (after.status !== 'COMPLETED') return [];
  const held = open(before)
    .filter((m) => m.contentHold && !m.disputeHold)
    .map((m) => m.name);
  return held.length > 0 ? settleOnCompletion(after, held) : [];
};

/** Opening a dispute holds every milestone not yet released. */
export const holdForDispute = (state: CollaborationState, disputeId: string): CollaborationEvent[] =>
  open(state).map((m) => ({
    type: 'MilestoneHeld',
    data: { name: m.name, reason: 'DISPUTE_OPEN', disputeId, missedTargets: [] },
  }));

/** What each outcome does to held milestones when the arbitrator does not decide one by one. */
const DEFAULT_ACTION: Record<DisputeOutcome, MilestoneAction | null> = {
  CREATOR_AT_FAULT: 'REFUND',
  SELLER_AT_FAULT: 'RELEASE',
  SHARED: null,
  NO_FAULT: 'RESUME',
  WITHDRAWN: 'RESUME',
};

export interface MilestoneDecision {
  readonly name: string;
  readonly action: MilestoneAction;
}

/** Every milestone the dispute holds gets exactly one decision: given, or the outcome's default. */
export const decideHeldMilestones = (
  state: CollaborationState,
  disputeId: string,
  outcome: DisputeOutcome,
  given: readonly MilestoneDecision[] = [],
): MilestoneDecision[] => {
  const held = open(state).filter((m) => m.disputeHold === disputeId);
  for (const decision of given) {
    if (!held.some((m) => m.name === decision.name)) {
      throw new DomainError(
        'INVALID_MILESTONE_DECISION',
        `Milestone ${decision.name} is not held by this dispute`,
        {
          name: decision.name,
        },
      );
    }
  }
  if (new Set(given.map((d) => d.name)).size !== given.length) {
    throw new DomainError('INVALID_MILESTONE_DECISION', 'One decision per milestone');
  }
  if (outcome === 'WITHDRAWN' && given.some((d) => d.action !== 'RESUME')) {
    throw new DomainError('INVALID_MILESTONE_DECISION', 'A withdrawn dispute only lifts its holds');
  }
  return held.map((m) => {
    const action = given.find((d) => d.name === m.name)?.action ?? DEFAULT_ACTION[outcome];
    if (!action) {
      throw new DomainError(
        'MILESTONE_DECISION_REQUIRED',
        `A ${outcome} outcome needs a decision (RELEASE, REFUND or RESUME) for milestone ${m.name}`,
        { name: m.name },
      );
    }
    return { name: m.name, action };
  });
};

/** The events that carry out the decisions, then settle completion milestones a resumed hold left due. */
export const applyMilestoneDecisions = (
  state: CollaborationState,
  disputeId: string,
  decisions: readonly MilestoneDecision[],
): CollaborationEvent[] => {
  const events: CollaborationEvent[] = [];
  const resumed: string[] = [];
  for (const { name, action } of decisions) {
    const m = state.milestones.find((x) => x.name === name)!;
    if (action === 'RELEASE') {
      events.push({
        type: 'MilestoneReleased',
        data: { name, amount: m.amount, trigger: 'DISPUTE_RESOLUTION', waivedTargets: [] },
      });
    } else if (action === 'REFUND') {
      events.push({ type: 'MilestoneRefunded', data: { name, amount: m.amount, disputeId } });
    } else {
      events.push({ type: 'MilestoneHoldLifted', data: { name, disputeId } });
      if (state.status === 'COMPLETED' && m.dueOn === 'COMPLETION' && !m.targetsMissed) resumed.push(name);
    }
  }
  if (resumed.length > 0) {
    const lifted = {
      ...state,
      milestones: state.milestones.map((m) => (resumed.includes(m.name) ? { ...m, disputeHold: null } : m)),
    };
    events.push(...settleOnCompletion(lifted, resumed));
  }
  return events;
};

/** Totals of a resolution, in the fee's currency. */
export const resolutionTotals = (state: CollaborationState, decisions: readonly MilestoneDecision[]) => {
  const currency = state.brief!.fee.currency;
  const sum = (action: MilestoneAction) =>
    decisions
      .filter((d) => d.action === action)
      .reduce((total, d) => total + state.milestones.find((m) => m.name === d.name)!.amount.amountMinor, 0);
  return {
    refund: { amountMinor: sum('REFUND'), currency },
    payout: { amountMinor: sum('RELEASE'), currency },
  };
};
