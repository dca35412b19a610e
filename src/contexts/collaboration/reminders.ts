import type { DeadlineRule, Side } from './collaboration.events.js';
import { REMINDER_HOURS } from './collaboration.events.js';
import type { CollaborationState, SentReminder } from './collaboration.state.js';
import { pendingDeadlines, type Deadline } from './deadlines.js';
import { HOUR_MS, ms } from '../shared.js';

/**
 * DOMAIN.md § Deadlines, reminders: 48 h and 24 h before a deadline acts for a side (in its place,
 * because it stayed silent), the platform reminds that side. Reminders follow the deadlines
 * `pendingDeadlines` lists, so a rule added there is reminded of once it says whom it acts for below;
 * one that no longer applies (met, or moved) has no reminder left to send.
 */

/**
 * The sides each deadline acts for, as the collaboration stands: whose silence it settles. The
 * record is over every rule, so a new rule does not compile until it says whom it reminds.
 */
export const REMINDED_SIDES: Readonly<Record<DeadlineRule, (state: CollaborationState) => Side[]>> = {
  // The proposal expires unanswered: the creator's answer is missing.
  PROPOSAL_EXPIRED: () => ['CREATOR'],
  // The script is approved in the seller's place.
  SCRIPT_AUTO_APPROVED: () => ['SELLER'],
  // The content is accepted in the seller's place.
  CONTENT_AUTO_ACCEPTED: () => ['SELLER'],
  // The window closes on whoever has not rated yet.
  RATING_WINDOW_CLOSED: (state) =>
    (['SELLER', 'CREATOR'] as const).filter(
      (side) =>
        !state.ratings.some(
          (r) => r.direction === (side === 'SELLER' ? 'SELLER_TO_CREATOR' : 'CREATOR_TO_SELLER'),
        ),
    ),
  // The creator's fix is missing: the final payment stays held (DOMAIN.md § Acceptance).
  CONTENT_FIX_OVERDUE: () => ['CREATOR'],
  // The collaboration is completed in the seller's place.
  COLLABORATION_AUTO_COMPLETED: () => ['SELLER'],
  // The side a dispute was opened against has not stated its case.
  DISPUTE_RESPONSE_MISSED: (state) => {
    const dispute = state.disputes.find((d) => d.disputeId === state.openDisputeId);
    return dispute ? [dispute.openedBy === 'SELLER' ? 'CREATOR' : 'SELLER'] : [];
  },
  // An escalation or a report's acts on arbitration's silence, not a party's: nobody to remind.
  DISPUTE_ESCALATED: () => [],
  REPORT_ESCALATED: () => [],
  // The seller may no longer use the content as the brief allowed, unless an extension is agreed.
  USAGE_RIGHTS_ENDED: () => ['SELLER'],
};

/** A reminder still to send: when, for which deadline, to whom. */
export interface Reminder extends SentReminder {
  readonly remindAt: string;
  readonly sides: Side[];
}

const remindAt = (deadline: Deadline, hours: number): string =>
  new Date(ms(deadline.dueAt) - hours * HOUR_MS).toISOString();

/**
 * The reminders still to send: for each running deadline that acts for someone, each lead shorter
 * than the shortest already sent for it (one sent 24 h before makes the 48 h one pointless).
 */
export const pendingReminders = (state: CollaborationState): Reminder[] =>
  pendingDeadlines(state).flatMap((deadline) => {
    const sides = REMINDED_SIDES[deadline.rule](state);
    if (sides.length === 0) return [];
    const sent = state.reminders
      .filter((r) => r.rule === deadline.rule && r.dueAt === deadline.dueAt)
      .map((r) => r.hoursBefore);
    const shortest = Math.min(Infinity, ...sent);
    return REMINDER_HOURS.filter((hours) => hours < shortest).map((hours) => ({
      rule: deadline.rule,
      dueAt: deadline.dueAt,
      hoursBefore: hours,
      remindAt: remindAt(deadline, hours),
      sides,
    }));
  });

/**
 * The reminders to send at `now`: of each deadline not yet due, the shortest lead whose time has
 * come (after downtime, one reminder, the most urgent, rather than two at once).
 */
export const dueReminders = (state: CollaborationState, now: string): Reminder[] => {
  const due = pendingReminders(state).filter((r) => ms(r.remindAt) <= ms(now) && ms(now) < ms(r.dueAt));
  return due.filter(
    (r) => !due.some((o) => o.rule === r.rule && o.dueAt === r.dueAt && o.hoursBefore < r.hoursBefore),
  );
};

/**
 * When the scheduler next has something to do for this collaboration: its earliest running deadline
 * or reminder (null: nothing). The collaborations read model indexes it for the scheduler.
 */
export const nextWakeAt = (state: CollaborationState): string | null => {
  const instants = [
    ...pendingDeadlines(state).map((d) => d.dueAt),
    ...pendingReminders(state).map((r) => r.remindAt),
  ];
  if (instants.length === 0) return null;
  return instants.reduce((a, b) => (ms(b) < ms(a) ? b : a));
};
