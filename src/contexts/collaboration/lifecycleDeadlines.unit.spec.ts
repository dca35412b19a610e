import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  CREATOR,
  PLATFORM,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import { addDays } from '../shared.js';
import type { DeadlineRule } from './collaboration.events.js';
import { collaborationDecider } from './collaboration.decide.js';
import { pendingDeadlines } from './deadlines.js';

/** DOMAIN.md § Deadlines: auto-completion, the dispute's clocks, the end of usage rights. */
const spec = deciderSpec(collaborationDecider);
const fire = (rule: DeadlineRule, now: string, actor = PLATFORM) =>
  command(actor, now, { type: 'FireDeadline', rule });
const rules = (s: { state: Parameters<typeof pendingDeadlines>[0] }) => pendingDeadlines(s.state);

/** Published on day 9 (window of 7 days: ends day 16), accepted on day 10, final metrics on day 16. */
const reviewed = () =>
  scenario()
    .upToPublished()
    .run(SELLER, day(10), { type: 'ReviewContent', accepted: true, issues: [] })
    .metrics(day(16));
const disputeOpened = (by = SELLER, now = day(11)) =>
  reviewed().run(by, now, {
    type: 'OpenDispute',
    disputeId: 'd1',
    reason: 'COMMUNICATION',
    statement: 'No answer to two messages',
  });

describe('auto-completion', () => {
  it('runs from a review to 3 days after the measurement window', () => {
    expect(rules(scenario().upToPublished())).not.toContainEqual(
      expect.objectContaining({ rule: 'COLLABORATION_AUTO_COMPLETED' }),
    );
    expect(rules(reviewed())).toContainEqual({ rule: 'COLLABORATION_AUTO_COMPLETED', dueAt: day(19) });
  });
  it('completes as the seller would: the FINAL milestone released, the rating window open', () =>
    spec
      .given(reviewed().events)
      .when(fire('COLLABORATION_AUTO_COMPLETED', day(19)))
      .then([
        {
          type: 'CollaborationAutoCompleted',
          data: { rule: 'COLLABORATION_AUTO_COMPLETED', dueAt: day(19), firedAt: day(19) },
        },
        {
          type: 'CollaborationCompleted',
          data: {
            finalSnapshotId: 'm-1',
            targetsMet: true,
            missedTargets: [],
            ratingWindowClosesAt: day(33),
            disputeWindowClosesAt: day(49),
          },
        },
        { type: 'MilestoneDue', data: { name: 'FINAL', amount: { amountMinor: 70_000, currency: 'USD' } } },
        {
          type: 'MilestoneReleased',
          data: {
            name: 'FINAL',
            amount: { amountMinor: 70_000, currency: 'USD' },
            trigger: 'COMPLETION',
            waivedTargets: [],
          },
        },
      ]));
  it('holds the FINAL milestone for missed targets, as DOMAIN.md says', () =>
    spec
      .given(
        scenario().upToPublished().run(SELLER, day(10), { type: 'ReviewContent', accepted: true, issues: [] })
          .events,
      )
      .when(fire('COLLABORATION_AUTO_COMPLETED', day(19)))
      .thenEvents((events) =>
        expect(events.at(-1)).toEqual({
          type: 'MilestoneHeld',
          data: { name: 'FINAL', reason: 'TARGETS_MISSED', missedTargets: ['minViews', 'minEngagementRate'] },
        }),
      ));
  it('also after content accepted by the platform', () => {
    const autoAccepted = scenario().upToPublished().run(PLATFORM, day(16), {
      type: 'FireDeadline',
      rule: 'CONTENT_AUTO_ACCEPTED',
    });
    expect(rules(autoAccepted)).toContainEqual({ rule: 'COLLABORATION_AUTO_COMPLETED', dueAt: day(19) });
  });
  it('does not fire before it is due', () =>
    spec
      .given(reviewed().events)
      .when(fire('COLLABORATION_AUTO_COMPLETED', day(18)))
      .thenThrows('DEADLINE_NOT_DUE'));
  it('does not run while a dispute is open', () => {
    expect(rules(disputeOpened()).map((d) => d.rule)).not.toContain('COLLABORATION_AUTO_COMPLETED');
    spec
      .given(disputeOpened().events)
      .when(fire('COLLABORATION_AUTO_COMPLETED', day(20)))
      .thenThrows('DEADLINE_NOT_APPLICABLE');
  });
  it('runs again 3 days after the dispute is resolved when that is later', () => {
    const resolved = disputeOpened().run(ARBITRATOR, day(25), {
      type: 'ResolveDispute',
      disputeId: 'd1',
      outcome: 'NO_FAULT',
      note: 'Both answered in time',
    });
    expect(rules(resolved)).toContainEqual({ rule: 'COLLABORATION_AUTO_COMPLETED', dueAt: day(28) });
  });
  it('is not needed once the seller completed', () =>
    spec
      .given(reviewed().run(SELLER, day(17), { type: 'CompleteCollaboration' }).events)
      .when(fire('COLLABORATION_AUTO_COMPLETED', day(19)))
      .thenThrows('DEADLINE_NOT_APPLICABLE'));
  it('is the platform’s alone', () =>
    spec
      .given(reviewed().events)
      .when(fire('COLLABORATION_AUTO_COMPLETED', day(19), SELLER))
      .thenThrows('FORBIDDEN'));
});

describe('dispute clocks', () => {
  it('give the other side 5 days to state its case, and the arbitrator 30 to decide', () =>
    expect(rules(disputeOpened()).filter((d) => d.rule.startsWith('DISPUTE'))).toEqual([
      { rule: 'DISPUTE_RESPONSE_MISSED', dueAt: day(16) },
      { rule: 'DISPUTE_ESCALATED', dueAt: day(41) },
    ]));
  it('record the other side’s silence; the dispute goes on', () => {
    spec
      .given(disputeOpened().events)
      .when(fire('DISPUTE_RESPONSE_MISSED', day(16)))
      .then([
        {
          type: 'DisputeResponseMissed',
          data: {
            disputeId: 'd1',
            respondent: 'CREATOR',
            rule: 'DISPUTE_RESPONSE_MISSED',
            dueAt: day(16),
            firedAt: day(16),
          },
        },
      ]);
    const silent = disputeOpened().run(PLATFORM, day(16), {
      type: 'FireDeadline',
      rule: 'DISPUTE_RESPONSE_MISSED',
    });
    expect(silent.state.openDisputeId).toBe('d1');
    expect(rules(silent).map((d) => d.rule)).not.toContain('DISPUTE_RESPONSE_MISSED');
  });
  it('stop the response clock when the other side states its case', () => {
    const answered = disputeOpened().run(CREATOR, day(13), {
      type: 'AddStatement',
      disputeId: 'd1',
      statementId: 'st1',
      text: 'I answered on the platform chat',
    });
    expect(rules(answered).map((d) => d.rule)).not.toContain('DISPUTE_RESPONSE_MISSED');
    spec
      .given(answered.events)
      .when(fire('DISPUTE_RESPONSE_MISSED', day(16)))
      .thenThrows('DEADLINE_NOT_APPLICABLE');
  });
  it('do not count the opener’s own statements or the arbitrator’s as an answer', () => {
    const own = disputeOpened()
      .run(SELLER, day(12), {
        type: 'AddStatement',
        disputeId: 'd1',
        statementId: 'st1',
        text: 'Still no answer',
      })
      .run(ARBITRATOR, day(12), {
        type: 'AddStatement',
        disputeId: 'd1',
        statementId: 'st2',
        text: 'Creator, please answer',
      });
    expect(rules(own)).toContainEqual({ rule: 'DISPUTE_RESPONSE_MISSED', dueAt: day(16) });
  });
  it('escalate an undecided dispute after 30 days; it stays open for the arbitrator', () => {
    spec
      .given(disputeOpened().events)
      .when(fire('DISPUTE_ESCALATED', day(41)))
      .then([
        {
          type: 'DisputeEscalated',
          data: { disputeId: 'd1', rule: 'DISPUTE_ESCALATED', dueAt: day(41), firedAt: day(41) },
        },
      ]);
    const escalated = disputeOpened().run(PLATFORM, day(41), {
      type: 'FireDeadline',
      rule: 'DISPUTE_ESCALATED',
    });
    expect(escalated.state.disputes[0]).toMatchObject({ escalated: true, outcome: null });
    spec
      .given(escalated.events)
      .when(
        command(ARBITRATOR, day(42), {
          type: 'ResolveDispute',
          disputeId: 'd1',
          outcome: 'NO_FAULT',
          note: 'Late, but decided',
        }),
      )
      .thenEvents((events) => expect(events[0]!.type).toBe('DisputeResolved'));
  });
  it('stop once the dispute is resolved', () => {
    const resolved = disputeOpened().run(SELLER, day(12), { type: 'WithdrawDispute', disputeId: 'd1' });
    expect(rules(resolved).filter((d) => d.rule.startsWith('DISPUTE'))).toEqual([]);
  });
  it('run for a dispute opened after completion too', () => {
    const completed = reviewed()
      .run(SELLER, day(17), { type: 'CompleteCollaboration' })
      .run(CREATOR, day(20), {
        type: 'OpenDispute',
        disputeId: 'd2',
        reason: 'NON_PAYMENT',
        statement: 'Not paid',
      });
    expect(rules(completed)).toContainEqual({ rule: 'DISPUTE_RESPONSE_MISSED', dueAt: day(25) });
  });
});

describe('the end of usage rights', () => {
  it('runs months after publish, to the day', () =>
    // Published on day 9 (10 March), rights for 6 months: 10 September.
    expect(rules(scenario().upToPublished())).toContainEqual({
      rule: 'USAGE_RIGHTS_ENDED',
      dueAt: '2026-09-10T00:00:00.000Z',
    }));
  it('runs to the date the brief names', () =>
    expect(
      rules(
        scenario()
          .proposed({ usageRights: { scope: ['PAID_ADS'], platforms: ['TIKTOK'], endsAt: day(60) } })
          .accepted()
          .scriptSubmitted()
          .scriptApproved()
          .published(),
      ),
    ).toContainEqual({ rule: 'USAGE_RIGHTS_ENDED', dueAt: day(60) }));
  it('does not run without rights, nor before publish', () => {
    expect(
      rules(
        scenario()
          .proposed({ usageRights: { scope: [], platforms: [] } })
          .accepted()
          .scriptSubmitted()
          .scriptApproved()
          .published(),
      ).map((d) => d.rule),
    ).not.toContain('USAGE_RIGHTS_ENDED');
    expect(rules(scenario().upToScriptApproved()).map((d) => d.rule)).not.toContain('USAGE_RIGHTS_ENDED');
  });
  it('is an event naming its rule, once', () => {
    const end = '2026-09-10T00:00:00.000Z';
    spec
      .given(scenario().upToPublished().events)
      .when(fire('USAGE_RIGHTS_ENDED', end))
      .then([{ type: 'UsageRightsEnded', data: { rule: 'USAGE_RIGHTS_ENDED', dueAt: end, firedAt: end } }]);
    const ended = scenario()
      .upToPublished()
      .run(PLATFORM, end, { type: 'FireDeadline', rule: 'USAGE_RIGHTS_ENDED' });
    spec
      .given(ended.events)
      .when(fire('USAGE_RIGHTS_ENDED', addDays(end, 1)))
      .thenThrows('DEADLINE_NOT_APPLICABLE');
  });
});
