import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  CREATOR,
  PLATFORM,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import { HOUR_MS } from '../shared.js';
import { collaborationDecider } from './collaboration.decide.js';
import { DEADLINE_RULES } from './collaboration.events.js';
import { dueReminders, nextWakeAt, pendingReminders, REMINDED_SIDES } from './reminders.js';

const spec = deciderSpec(collaborationDecider);
const before = (instant: string, hours: number) =>
  new Date(Date.parse(instant) - hours * HOUR_MS).toISOString();
const remind = (now: string, rule: string, dueAt: string, hoursBefore: 48 | 24) =>
  command(PLATFORM, now, { type: 'SendDeadlineReminder', rule, dueAt, hoursBefore } as never);

/** DOMAIN.md § Deadlines: reminders 48 h and 24 h before a deadline acts for a side. */
describe('collaboration: reminders before deadlines', () => {
  it('names, for every deadline rule, the sides it acts for', () => {
    for (const rule of DEADLINE_RULES) expect(typeof REMINDED_SIDES[rule]).toBe('function');
  });

  describe('when a proposal waits for the creator (it expires at its script due date, day 5)', () => {
    const proposed = scenario().proposed();

    it('reminds the creator 48 h before, then 24 h before', () => {
      spec
        .given(proposed.events)
        .when(remind(before(day(5), 48), 'PROPOSAL_EXPIRED', day(5), 48))
        .then([
          {
            type: 'DeadlineReminderSent',
            data: { rule: 'PROPOSAL_EXPIRED', dueAt: day(5), hoursBefore: 48, sides: ['CREATOR'] },
          },
        ]);
      const reminded = scenario()
        .proposed()
        .run(PLATFORM, before(day(5), 48), {
          type: 'SendDeadlineReminder',
          rule: 'PROPOSAL_EXPIRED',
          dueAt: day(5),
          hoursBefore: 48,
        });
      spec
        .given(reminded.events)
        .when(remind(before(day(5), 24), 'PROPOSAL_EXPIRED', day(5), 24))
        .thenEvents(([event]) => expect(event!.data).toMatchObject({ hoursBefore: 24, sides: ['CREATOR'] }));
      // Each once: another scheduler sending it again is refused.
      spec
        .given(reminded.events)
        .when(remind(before(day(5), 47), 'PROPOSAL_EXPIRED', day(5), 48))
        .thenThrows('REMINDER_NOT_APPLICABLE');
    });

    it('refuses a reminder before its time, and once the deadline is due', () => {
      spec
        .given(proposed.events)
        .when(remind(before(day(5), 49), 'PROPOSAL_EXPIRED', day(5), 48))
        .thenThrows('REMINDER_NOT_APPLICABLE');
      spec
        .given(proposed.events)
        .when(remind(day(5), 'PROPOSAL_EXPIRED', day(5), 24))
        .thenThrows('REMINDER_NOT_APPLICABLE');
    });

    it('after downtime sends the most urgent one only, and no 48 h one after it', () => {
      const late = before(day(5), 10);
      expect(dueReminders(proposed.state, late)).toEqual([
        expect.objectContaining({ rule: 'PROPOSAL_EXPIRED', hoursBefore: 24 }),
      ]);
      const reminded = scenario()
        .proposed()
        .run(PLATFORM, late, {
          type: 'SendDeadlineReminder',
          rule: 'PROPOSAL_EXPIRED',
          dueAt: day(5),
          hoursBefore: 24,
        });
      expect(pendingReminders(reminded.state)).toEqual([]);
      spec
        .given(reminded.events)
        .when(remind(late, 'PROPOSAL_EXPIRED', day(5), 48))
        .thenThrows('REMINDER_NOT_APPLICABLE');
    });

    it('sends nothing for a deadline that no longer applies (the creator answered)', () => {
      const accepted = scenario().proposed().accepted();
      spec
        .given(accepted.events)
        .when(remind(before(day(5), 24), 'PROPOSAL_EXPIRED', day(5), 24))
        .thenThrows('REMINDER_NOT_APPLICABLE');
    });

    it('refuses anyone but the platform', () =>
      spec
        .given(proposed.events)
        .when(
          command(SELLER, before(day(5), 48), {
            type: 'SendDeadlineReminder',
            rule: 'PROPOSAL_EXPIRED',
            dueAt: day(5),
            hoursBefore: 48,
          } as never),
        )
        .thenThrows('FORBIDDEN'));

    it('wakes the scheduler at the first reminder, then the next, then the deadline', () => {
      expect(nextWakeAt(proposed.state)).toBe(before(day(5), 48));
      const once = scenario()
        .proposed()
        .run(PLATFORM, before(day(5), 48), {
          type: 'SendDeadlineReminder',
          rule: 'PROPOSAL_EXPIRED',
          dueAt: day(5),
          hoursBefore: 48,
        });
      expect(nextWakeAt(once.state)).toBe(before(day(5), 24));
      const twice = once.run(PLATFORM, before(day(5), 24), {
        type: 'SendDeadlineReminder',
        rule: 'PROPOSAL_EXPIRED',
        dueAt: day(5),
        hoursBefore: 24,
      });
      expect(nextWakeAt(twice.state)).toBe(day(5));
    });
  });

  it('reminds the seller of a script waiting for an answer, with the deadline of the version pending', () => {
    const submitted = scenario().upToActive().scriptSubmitted(day(2)).revisionRequested(day(3));
    // Version 1 was answered: its deadline and reminders went with it.
    expect(pendingReminders(submitted.state)).toEqual([]);
    submitted.scriptSubmitted(day(4));
    expect(pendingReminders(submitted.state).map((r) => [r.rule, r.dueAt, r.hoursBefore, r.sides])).toEqual([
      ['SCRIPT_AUTO_APPROVED', day(11), 48, ['SELLER']],
      ['SCRIPT_AUTO_APPROVED', day(11), 24, ['SELLER']],
    ]);
  });

  it('reminds of the rating window only the sides that have not rated', () => {
    const completed = scenario().upToCompleted();
    expect(pendingReminders(completed.state).find((r) => r.rule === 'RATING_WINDOW_CLOSED')?.sides).toEqual([
      'SELLER',
      'CREATOR',
    ]);
    completed.run(CREATOR, completed.state.completedAt!, {
      type: 'RateCollaboration',
      ratingId: 'r-c',
      scores: { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 5, COMMUNICATION: 4 },
      comment: 'Clear brief and the deposit arrived on time',
    });
    expect(pendingReminders(completed.state).find((r) => r.rule === 'RATING_WINDOW_CLOSED')?.sides).toEqual([
      'SELLER',
    ]);
    completed.run(SELLER, completed.state.completedAt!, {
      type: 'RateCollaboration',
      ratingId: 'r-s',
      scores: { CONTENT_QUALITY: 4, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 5, BRAND_FIT: 4 },
      comment: 'Strong hook and the disclosure was in place',
    });
    // Both rated: the window has nobody left to act for.
    expect(pendingReminders(completed.state).filter((r) => r.rule === 'RATING_WINDOW_CLOSED')).toEqual([]);
  });
});
