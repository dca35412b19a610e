import { addDays } from '../shared.js';
import type { CollaborationEvent } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { DISPUTE_WINDOW_DAYS } from './dispute.decide.js';
import { after } from './guards.js';
import { finalSnapshot, missedTargets } from './metrics.js';
import { milestonesDueOn, settleOnCompletion } from './milestones.js';
import { RATING_WINDOW_DAYS } from './rating.js';

/**
 * DOMAIN.md § The collaboration 8: what completing a collaboration records, whoever completes it (the
 * seller, or the platform when nobody did: § Deadlines). The rating and dispute windows open; the
 * completion milestones fall due and are settled by the final metrics — or held while content
 * reviewed with issues is not accepted (§ Acceptance).
 */
export const completionEvents = (state: CollaborationState, now: string): CollaborationEvent[] => {
  const final = finalSnapshot(state);
  const missed = missedTargets(state.brief!.metricTargets, final);
  const completed: CollaborationEvent = {
    type: 'CollaborationCompleted',
    data: {
      finalSnapshotId: final?.snapshotId ?? null,
      targetsMet: missed.length === 0,
      missedTargets: missed,
      ratingWindowClosesAt: addDays(now, RATING_WINDOW_DAYS),
      disputeWindowClosesAt: addDays(now, DISPUTE_WINDOW_DAYS),
    },
  };
  const due = milestonesDueOn(state, 'COMPLETION');
  const completionMilestones = state.milestones.filter((m) => m.dueOn === 'COMPLETION').map((m) => m.name);
  return [
    completed,
    ...due,
    ...settleOnCompletion(after(state, [completed, ...due], now), completionMilestones),
  ];
};
