import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { ms, requireRole } from '../shared.js';
import { accepting } from './acceptance.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent, Side } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { completionEvents } from './completion.js';
import { pendingDeadlines } from './deadlines.js';
import { pendingScript } from './guards.js';
import { milestonesDueOn } from './milestones.js';
import { escalateReport } from './review.decide.js';

/**
 * DOMAIN.md § Deadlines: the platform acts when a party stays silent, so nobody is held hostage. The
 * scheduler sends FireDeadline once a deadline of `pendingDeadlines` falls due; here it is checked
 * again against the stream (still running, due), and each firing is an event naming its rule, when
 * it fell due and when the platform acted.
 */
export const fireDeadline = (
  command: CollaborationCommandOf<'FireDeadline'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireRole(command.actor, 'PLATFORM');
  const deadline = pendingDeadlines(state).find((d) => d.rule === command.rule);
  if (!deadline) throw new DomainError('DEADLINE_NOT_APPLICABLE', `${command.rule} does not apply now`);
  if (ms(command.now) < ms(deadline.dueAt)) {
    throw new DomainError('DEADLINE_NOT_DUE', `${command.rule} falls due at ${deadline.dueAt}`);
  }
  const when = { dueAt: deadline.dueAt, firedAt: command.now };
  const dispute = () => state.disputes.find((d) => d.disputeId === state.openDisputeId)!;
  switch (deadline.rule) {
    case 'PROPOSAL_EXPIRED':
      return [{ type: 'ProposalExpired', data: { rule: deadline.rule, ...when } }];
    case 'SCRIPT_AUTO_APPROVED':
      return [
        {
          type: 'ScriptAutoApproved',
          data: { scriptVersion: pendingScript(state).version, rule: deadline.rule, ...when },
        },
        ...milestonesDueOn(state, 'SCRIPT_APPROVAL'),
      ];
    case 'CONTENT_AUTO_ACCEPTED':
      // After a first publish or after a fix: the completion milestones it held are settled.
      return accepting(
        state,
        { type: 'ContentAutoAccepted', data: { rule: deadline.rule, ...when } },
        command.now,
      );
    case 'RATING_WINDOW_CLOSED': {
      const hidden = state.ratings.filter((r) => !r.revealed).map((r) => r.ratingId);
      return [
        { type: 'RatingWindowClosed', data: { rule: deadline.rule, ...when } },
        ...(hidden.length > 0
          ? [{ type: 'RatingsRevealed', data: { ratingIds: hidden, reason: 'WINDOW_CLOSED' } } as const]
          : []),
      ];
    }
    case 'CONTENT_FIX_OVERDUE':
      return [{ type: 'ContentFixOverdue', data: { rule: deadline.rule, ...when } }];
    case 'COLLABORATION_AUTO_COMPLETED':
      // Completed as by the seller: the same milestones, the rating window opens.
      return [
        { type: 'CollaborationAutoCompleted', data: { rule: deadline.rule, ...when } },
        ...completionEvents(state, command.now),
      ];
    case 'DISPUTE_RESPONSE_MISSED': {
      const { disputeId, openedBy } = dispute();
      const respondent: Side = openedBy === 'SELLER' ? 'CREATOR' : 'SELLER';
      return [
        { type: 'DisputeResponseMissed', data: { disputeId, respondent, rule: deadline.rule, ...when } },
      ];
    }
    case 'DISPUTE_ESCALATED':
      return [
        { type: 'DisputeEscalated', data: { disputeId: dispute().disputeId, rule: deadline.rule, ...when } },
      ];
    case 'USAGE_RIGHTS_ENDED':
      return [{ type: 'UsageRightsEnded', data: { rule: deadline.rule, ...when } }];
    case 'REPORT_ESCALATED':
      return escalateReport(state, { rule: deadline.rule, ...when });
    default:
      return assertNever(deadline.rule);
  }
};
