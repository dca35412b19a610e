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
import type { ContentIssue } from './collaboration.events.js';
import { collaborationDecider } from './collaboration.decide.js';
import { pendingDeadlines } from './deadlines.js';
import { milestoneStatus } from './milestones.js';

/** DOMAIN.md § Acceptance: content reviewed with issues, its fix, and the final payment it holds. */
const spec = deciderSpec(collaborationDecider);

const review = (issues: ContentIssue[], now = day(10)) =>
  command(SELLER, now, { type: 'ReviewContent', accepted: issues.length === 0, issues });
const fix = (now = day(12), fields: object = { url: 'https://www.tiktok.com/@c1/video/2' }) =>
  command(CREATOR, now, { type: 'RecordContentFix', ...fields });
const fire = (rule: 'CONTENT_AUTO_ACCEPTED' | 'CONTENT_FIX_OVERDUE', now: string) =>
  command(PLATFORM, now, { type: 'FireDeadline', rule });

/** Published on day 9, reviewed on day 10 with content off the brief. */
const offBrief = (brief: object = {}) =>
  scenario()
    .proposed(brief)
    .accepted()
    .scriptSubmitted()
    .scriptApproved()
    .published()
    .run(SELLER, day(10), {
      type: 'ReviewContent',
      accepted: false,
      issues: ['OFF_BRIEF'],
      comment: 'No demo',
    });
const fixed = () =>
  offBrief().run(CREATOR, day(12), { type: 'RecordContentFix', url: 'https://www.tiktok.com/@c1/video/2' });
const FINAL = { amountMinor: 70_000, currency: 'USD' };

describe('acceptance: content reviewed with issues', () => {
  it('gives the creator the brief’s days to fix it', () => {
    expect(pendingDeadlines(offBrief().state)).toContainEqual({
      rule: 'CONTENT_FIX_OVERDUE',
      dueAt: day(15),
    });
    expect(pendingDeadlines(offBrief({ fixDays: 2 }).state)).toContainEqual({
      rule: 'CONTENT_FIX_OVERDUE',
      dueAt: day(12),
    });
  });
  it('asks no fix for a missing disclosure alone: it stays a compliance flag', () => {
    const s = scenario()
      .upToPublished()
      .run(SELLER, day(10), {
        type: 'ReviewContent',
        accepted: false,
        issues: ['MISSING_DISCLOSURE'],
      });
    expect(pendingDeadlines(s.state).map((d) => d.rule)).not.toContain('CONTENT_FIX_OVERDUE');
    spec
      .given(s.metrics(day(16)).events)
      .when(command(SELLER, day(16), { type: 'CompleteCollaboration' }))
      .thenEvents((events) => expect(events.at(-1)!.type).toBe('MilestoneReleased'));
  });
  it('refuses more issues while the creator’s fix is due', () =>
    spec
      .given(offBrief().events)
      .when(review(['BRAND_SAFETY'], day(11)))
      .thenThrows('CONTENT_FIX_PENDING'));
  it('lets the seller accept without waiting for the fix', () =>
    spec
      .given(offBrief().events)
      .when(review([], day(11)))
      .then([{ type: 'ContentReviewed', data: { accepted: true, issues: [] } }]));
});

describe('acceptance: the creator’s fix', () => {
  it('records a new link or a note, on time', () =>
    spec
      .given(offBrief().events)
      .when(fix(day(12), { url: 'https://www.tiktok.com/@c1/video/2', note: 'Demo added at 0:10' }))
      .then([
        {
          type: 'ContentFixed',
          data: {
            fixNumber: 1,
            url: 'https://www.tiktok.com/@c1/video/2',
            note: 'Demo added at 0:10',
            fixDueAt: day(15),
            late: false,
            lateByHours: 0,
          },
        },
      ]));
  it('records a late fix with its lateness', () =>
    spec
      .given(offBrief().events)
      .when(fix('2026-03-17T12:00:00.000Z', { note: 'Re-uploaded with the demo' }))
      .thenEvents(([fixed]) => expect(fixed!.data).toMatchObject({ late: true, lateByHours: 36 })));
  it('refuses a fix nobody asked for', () =>
    spec.given(scenario().upToPublished().events).when(fix()).thenThrows('NO_FIX_REQUESTED'));
  it('refuses a fix with neither a link nor a note', () =>
    spec
      .given(offBrief().events)
      .when(fix(day(12), { note: '  ' }))
      .thenThrows('FIX_EMPTY'));
  it('refuses the seller recording a fix', () =>
    spec
      .given(offBrief().events)
      .when(command(SELLER, day(12), { type: 'RecordContentFix', note: 'done' }))
      .thenThrows('FORBIDDEN'));
  it('is accepted when the seller stays silent for 7 days after it', () => {
    expect(pendingDeadlines(fixed().state)).toContainEqual({ rule: 'CONTENT_AUTO_ACCEPTED', dueAt: day(19) });
    spec
      .given(fixed().events)
      .when(fire('CONTENT_AUTO_ACCEPTED', day(19)))
      .then([
        {
          type: 'ContentAutoAccepted',
          data: { rule: 'CONTENT_AUTO_ACCEPTED', dueAt: day(19), firedAt: day(19) },
        },
      ]);
  });
  it('may be reviewed with issues again, up to two fixes', () => {
    spec
      .given(fixed().events)
      .when(review(['OFF_BRIEF'], day(13)))
      .thenEvents(([reviewed]) => expect(reviewed!.type).toBe('ContentReviewed'));
    const twice = fixed()
      .run(SELLER, day(13), { type: 'ReviewContent', accepted: false, issues: ['OFF_BRIEF'] })
      .run(CREATOR, day(14), { type: 'RecordContentFix', note: 'Demo moved to the start' });
    spec
      .given(twice.events)
      .when(review(['OTHER'], day(15)))
      .thenThrows('FIX_LIMIT_REACHED');
    spec
      .given(twice.events)
      .when(review(['MISSING_DISCLOSURE'], day(15)))
      .thenEvents(([reviewed]) => expect(reviewed!.type).toBe('ContentReviewed'));
  });
});

describe('acceptance: the fix deadline', () => {
  it('records the missed fix, once, and leaves the fix possible', () => {
    spec
      .given(offBrief().events)
      .when(fire('CONTENT_FIX_OVERDUE', day(15)))
      .then([
        {
          type: 'ContentFixOverdue',
          data: { rule: 'CONTENT_FIX_OVERDUE', dueAt: day(15), firedAt: day(15) },
        },
      ]);
    const overdue = offBrief().run(PLATFORM, day(15), { type: 'FireDeadline', rule: 'CONTENT_FIX_OVERDUE' });
    expect(pendingDeadlines(overdue.state).map((d) => d.rule)).not.toContain('CONTENT_FIX_OVERDUE');
    expect(overdue.state.contentFix.lateFixes).toBe(1);
    spec
      .given(overdue.events)
      .when(fix(day(17)))
      .thenEvents(([late]) => expect(late!.data).toMatchObject({ late: true, lateByHours: 48 }));
    // Counted late once, not again for the late fix.
    expect(
      overdue.run(CREATOR, day(17), { type: 'RecordContentFix', note: 'Fixed' }).state.contentFix.lateFixes,
    ).toBe(1);
  });
  it('does not fire before it is due, nor once fixed', () => {
    spec
      .given(offBrief().events)
      .when(fire('CONTENT_FIX_OVERDUE', day(14)))
      .thenThrows('DEADLINE_NOT_DUE');
    spec
      .given(fixed().events)
      .when(fire('CONTENT_FIX_OVERDUE', day(15)))
      .thenThrows('DEADLINE_NOT_APPLICABLE');
  });
});

describe('acceptance: the final payment waits for accepted content', () => {
  const completedWithIssues = () =>
    offBrief().metrics(day(16)).run(SELLER, day(16), { type: 'CompleteCollaboration' });

  it('completing holds the FINAL milestone while the content is not accepted', () =>
    spec
      .given(offBrief().metrics(day(16)).events)
      .when(command(SELLER, day(16), { type: 'CompleteCollaboration' }))
      .thenEvents((events) => {
        expect(events.map((e) => e.type)).toEqual([
          'CollaborationCompleted',
          'MilestoneDue',
          'MilestoneHeld',
        ]);
        expect(events[2]!.data).toEqual({ name: 'FINAL', reason: 'CONTENT_NOT_ACCEPTED', missedTargets: [] });
      }));
  it('shows it held', () => {
    const final = completedWithIssues().state.milestones.find((m) => m.name === 'FINAL')!;
    expect(milestoneStatus(final)).toBe('HELD');
  });
  it('releases it when the seller accepts the content (targets met)', () =>
    spec
      .given(completedWithIssues().events)
      .when(review([], day(17)))
      .then([
        { type: 'ContentReviewed', data: { accepted: true, issues: [] } },
        {
          type: 'MilestoneReleased',
          data: { name: 'FINAL', amount: FINAL, trigger: 'COMPLETION', waivedTargets: [] },
        },
      ]));
  it('holds it for the missed targets once the content is accepted, as at completion', () =>
    spec
      .given(
        offBrief().metrics(day(16), { views: 1_000 }).run(SELLER, day(16), { type: 'CompleteCollaboration' })
          .events,
      )
      .when(review([], day(17)))
      .thenEvents((events) =>
        expect(events.at(-1)).toEqual({
          type: 'MilestoneHeld',
          data: { name: 'FINAL', reason: 'TARGETS_MISSED', missedTargets: ['minViews'] },
        }),
      ));
  it('releases it when the platform accepts a fix the seller left unanswered', () =>
    spec
      .given(fixed().metrics(day(16)).run(SELLER, day(16), { type: 'CompleteCollaboration' }).events)
      .when(fire('CONTENT_AUTO_ACCEPTED', day(19)))
      .thenEvents((events) =>
        expect(events.map((e) => e.type)).toEqual(['ContentAutoAccepted', 'MilestoneReleased']),
      ));
  it('releases it when a later review finds only a missing disclosure', () =>
    spec
      .given(fixed().metrics(day(16)).run(SELLER, day(16), { type: 'CompleteCollaboration' }).events)
      .when(review(['MISSING_DISCLOSURE'], day(17)))
      .thenEvents((events) =>
        expect(events.map((e) => e.type)).toEqual(['ContentReviewed', 'MilestoneReleased']),
      ));
  it('lets the seller release it itself', () =>
    spec
      .given(completedWithIssues().events)
      .when(command(SELLER, day(17), { type: 'ReleaseMilestone', name: 'FINAL' }))
      .then([
        {
          type: 'MilestoneReleased',
          data: { name: 'FINAL', amount: FINAL, trigger: 'SELLER', waivedTargets: [] },
        },
      ]));

  describe('or until the dispute that follows decides', () => {
    const disputed = () =>
      completedWithIssues().run(CREATOR, day(17), {
        type: 'OpenDispute',
        disputeId: 'd1',
        reason: 'NON_PAYMENT',
        statement: 'The demo was there from the start',
      });
    it('releases it when the arbitrator says so', () =>
      spec
        .given(disputed().events)
        .when(
          command(ARBITRATOR, day(20), {
            type: 'ResolveDispute',
            disputeId: 'd1',
            outcome: 'SELLER_AT_FAULT',
            note: 'The demo is at 0:05',
          }),
        )
        .thenEvents((events) =>
          expect(events.at(-1)).toEqual({
            type: 'MilestoneReleased',
            data: { name: 'FINAL', amount: FINAL, trigger: 'DISPUTE_RESOLUTION', waivedTargets: [] },
          }),
        ));
    it('keeps it held for the content when the arbitrator resumes it', () => {
      const resolved = disputed().run(ARBITRATOR, day(20), {
        type: 'ResolveDispute',
        disputeId: 'd1',
        outcome: 'NO_FAULT',
        note: 'Both acted in good faith',
      });
      const decided = resolved.events.slice(
        resolved.events.findIndex((e) => e.event.type === 'DisputeResolved'),
      );
      // The holds are lifted; nothing releases the FINAL milestone while the content is not accepted.
      expect(decided.map((e) => e.event.type)).toEqual([
        'DisputeResolved',
        'MilestoneHoldLifted',
        'MilestoneHoldLifted',
      ]);
      expect(milestoneStatus(resolved.state.milestones.find((m) => m.name === 'FINAL')!)).toBe('HELD');
    });
  });
});
