import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  AUDITOR,
  CREATOR,
  OTHER_CREATOR,
  PLATFORM,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import type { Actor } from '../shared.js';
import { collaborationDecider } from './collaboration.decide.js';
import { pendingDeadlines } from './deadlines.js';

const spec = deciderSpec(collaborationDecider);

const sellerScores = { CONTENT_QUALITY: 2, TIMELINESS: 3, COMMUNICATION: 3, COMPLIANCE: 3, BRAND_FIT: 3 };
const creatorScores = { BRIEF_CLARITY: 5, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 5, COMMUNICATION: 4 };
const SHA = 'a'.repeat(64);
const FILE = { contentType: 'image/png', sizeBytes: 2048 };

const rate = (actor: Actor, now = day(18)) =>
  command(actor, now, {
    type: 'RateCollaboration',
    ratingId: actor === SELLER ? 'r-s' : 'r-c',
    scores: actor === SELLER ? sellerScores : creatorScores,
    comment:
      actor === SELLER
        ? 'The hook was weak and the demo missed the texture we asked for'
        : 'Clear brief; the deposit was paid the day we accepted',
  });
/** Completed on day 16, both rated (and so revealed) on day 18. */
const revealed = () =>
  scenario().upToCompleted().run(SELLER, day(18), rate(SELLER)).run(CREATOR, day(18), rate(CREATOR));

const reply = (
  actor: Actor,
  now = day(20),
  ratingId = 'r-s',
  text = 'The texture shot was in the approved script',
) => command(actor, now, { type: 'ReplyToReview', ratingId, text });
const report = (actor: Actor, now = day(20), overrides: object = {}) =>
  command(actor, now, {
    type: 'ReportReview',
    reportId: 'rep-1',
    ratingId: 'r-s',
    reason: 'FALSE_ACCUSATION',
    statement: 'The seller approved this exact script on day 3',
    evidence: [{ sha256: SHA, fileName: 'approval.png', file: FILE }],
    ...overrides,
  });
const decide = (decision: 'DISMISS' | 'REMOVE_TEXT', actor: Actor = ARBITRATOR, overrides: object = {}) =>
  command(actor, day(22), {
    type: 'DecideReviewReport',
    reportId: 'rep-1',
    decision,
    note: 'The approved script shows the texture shot',
    ...overrides,
  });

describe('reply (DOMAIN.md § Public reviews)', () => {
  it('lets the reviewed party reply once', () =>
    spec
      .given(revealed().events)
      .when(reply(CREATOR))
      .then([
        {
          type: 'ReviewReplied',
          data: { ratingId: 'r-s', side: 'CREATOR', text: 'The texture shot was in the approved script' },
        },
      ]));
  it('lets the seller reply to the creator’s review of it', () =>
    spec
      .given(revealed().events)
      .when(reply(SELLER, day(20), 'r-c', 'Thank you, the samples went out early on purpose'))
      .thenEvents(([e]) => expect(e).toMatchObject({ data: { ratingId: 'r-c', side: 'SELLER' } })));
  it('refuses the author replying to its own review (wrong party)', () =>
    spec.given(revealed().events).when(reply(SELLER)).thenThrows('FORBIDDEN'));
  it('refuses a second reply', () =>
    spec
      .given(revealed().run(CREATOR, day(19), reply(CREATOR, day(19))).events)
      .when(reply(CREATOR, day(20), 'r-s', 'One more thing about the lighting'))
      .thenThrows('REPLY_ALREADY_GIVEN'));
  it('refuses a reply 14 days after the reveal', () =>
    spec
      .given(revealed().events)
      .when(reply(CREATOR, day(32)))
      .thenThrows('REPLY_WINDOW_CLOSED'));
  it('accepts a reply just before the window closes', () =>
    spec
      .given(revealed().events)
      .when(reply(CREATOR, new Date(Date.parse(day(32)) - 1).toISOString()))
      .thenEvents((events) => expect(events).toHaveLength(1)));
  it('counts the window from the reveal, not the rating: a rating revealed when the window closed', () => {
    const late = scenario()
      .upToCompleted()
      .run(SELLER, day(18), rate(SELLER))
      .run(PLATFORM, day(30), { type: 'FireDeadline', rule: 'RATING_WINDOW_CLOSED' });
    spec
      .given(late.events)
      .when(reply(CREATOR, day(43)))
      .thenEvents((e) => expect(e).toHaveLength(1));
    spec
      .given(late.events)
      .when(reply(CREATOR, day(44)))
      .thenThrows('REPLY_WINDOW_CLOSED');
  });
  it('answers a rating still hidden from the replier as none (double-blind)', () =>
    spec
      .given(scenario().upToCompleted().run(SELLER, day(18), rate(SELLER)).events)
      .when(reply(CREATOR))
      .thenThrows('RATING_NOT_FOUND'));
  it('refuses a reply to a rating held by rating review', () =>
    spec
      .given(
        revealed().run(PLATFORM, day(19), {
          type: 'FlagRating',
          ratingId: 'r-s',
          rule: 'RATING_BURST',
          detail: 'burst of low ratings',
        }).events,
      )
      .when(reply(CREATOR))
      .thenThrows('NOT_A_REVIEW'));
  it('refuses an empty reply', () =>
    spec
      .given(revealed().events)
      .when(reply(CREATOR, day(20), 'r-s', '   '))
      .thenThrows('REPLY_EMPTY'));
  it('answers a stranger as if the collaboration did not exist', () =>
    spec.given(revealed().events).when(reply(OTHER_CREATOR)).thenThrows('COLLABORATION_NOT_FOUND'));
  it('refuses an auditor', () => spec.given(revealed().events).when(reply(AUDITOR)).thenThrows('FORBIDDEN'));
});

describe('report and decision', () => {
  it('lets the reviewed party report a review with a statement and evidence', () =>
    spec
      .given(revealed().events)
      .when(report(CREATOR))
      .then([
        {
          type: 'ReviewReported',
          data: {
            reportId: 'rep-1',
            ratingId: 'r-s',
            side: 'CREATOR',
            reason: 'FALSE_ACCUSATION',
            statement: 'The seller approved this exact script on day 3',
            evidence: [{ sha256: SHA, fileName: 'approval.png', contentType: 'image/png', sizeBytes: 2048 }],
          },
        },
      ]));
  it('refuses a report by the author (wrong party)', () =>
    spec.given(revealed().events).when(report(SELLER)).thenThrows('FORBIDDEN'));
  it('answers a report by a stranger as if the collaboration did not exist', () =>
    spec.given(revealed().events).when(report(OTHER_CREATOR)).thenThrows('COLLABORATION_NOT_FOUND'));
  it('refuses a second report of the same review', () =>
    spec
      .given(revealed().run(CREATOR, day(20), report(CREATOR)).events)
      .when(report(CREATOR, day(21), { reportId: 'rep-2' }))
      .thenThrows('REVIEW_ALREADY_REPORTED'));
  it('refuses a file the reporter never uploaded', () =>
    spec
      .given(revealed().events)
      .when(report(CREATOR, day(20), { evidence: [{ sha256: SHA, file: null }] }))
      .thenThrows('EVIDENCE_NOT_UPLOADED'));
  it('refuses a report without a statement', () =>
    spec
      .given(revealed().events)
      .when(report(CREATOR, day(20), { statement: ' ' }))
      .thenThrows('STATEMENT_REQUIRED'));

  const reported = () => revealed().run(CREATOR, day(20), report(CREATOR));
  it('dismisses a report', () =>
    spec
      .given(reported().events)
      .when(decide('DISMISS'))
      .then([
        {
          type: 'ReviewReportDismissed',
          data: { reportId: 'rep-1', ratingId: 'r-s', note: 'The approved script shows the texture shot' },
        },
      ]));
  it('removes the text with the report’s reason as the public reason', () =>
    spec
      .given(reported().events)
      .when(decide('REMOVE_TEXT'))
      .then([
        {
          type: 'ReviewTextRemoved',
          data: {
            reportId: 'rep-1',
            ratingId: 'r-s',
            reason: 'FALSE_ACCUSATION',
            note: 'The approved script shows the texture shot',
          },
        },
      ]));
  it('removes the text with the reason the arbitrator found', () =>
    spec
      .given(reported().events)
      .when(decide('REMOVE_TEXT', ARBITRATOR, { reason: 'PERSONAL_ATTACK' }))
      .thenEvents(([e]) => expect(e!.data).toMatchObject({ reason: 'PERSONAL_ATTACK' })));
  it.each([SELLER, CREATOR, AUDITOR, PLATFORM])('refuses a decision by $role', (actor) =>
    spec.given(reported().events).when(decide('DISMISS', actor)).thenThrows('FORBIDDEN'),
  );
  it('refuses deciding twice', () =>
    spec
      .given(reported().run(ARBITRATOR, day(21), decide('DISMISS')).events)
      .when(decide('REMOVE_TEXT'))
      .thenThrows('REPORT_ALREADY_DECIDED'));
  it('refuses an unknown report', () =>
    spec
      .given(reported().events)
      .when(decide('DISMISS', ARBITRATOR, { reportId: 'rep-9' }))
      .thenThrows('REPORT_NOT_FOUND'));
  it('refuses a decision without a note', () =>
    spec
      .given(reported().events)
      .when(decide('DISMISS', ARBITRATOR, { note: '' }))
      .thenThrows('REASON_REQUIRED'));

  const removed = () => reported().run(ARBITRATOR, day(21), decide('REMOVE_TEXT'));
  it('keeps the scores of a review whose text was removed, and drops its reply from the state', () => {
    const state = revealed()
      .run(CREATOR, day(19), reply(CREATOR, day(19)))
      .run(CREATOR, day(20), report(CREATOR))
      .run(ARBITRATOR, day(21), decide('REMOVE_TEXT')).state;
    const rating = state.ratings.find((r) => r.ratingId === 'r-s')!;
    expect(rating.scores).toEqual(sellerScores);
    expect(rating.removal).toMatchObject({ reason: 'FALSE_ACCUSATION', reportId: 'rep-1' });
    expect(state.reports[0]).toMatchObject({ status: 'TEXT_REMOVED', decidedAt: day(21) });
  });
  it('refuses replying to or reporting a review whose text was removed', () => {
    spec.given(removed().events).when(reply(CREATOR)).thenThrows('REVIEW_TEXT_REMOVED');
  });
});

describe('deadline: a report not decided in 10 days is escalated', () => {
  const reported = () =>
    revealed()
      .run(CREATOR, day(20), report(CREATOR))
      .run(
        SELLER,
        day(21),
        report(SELLER, day(21), { reportId: 'rep-2', ratingId: 'r-c', reason: 'IRRELEVANT' }),
      );
  const fire = (now: string) => command(PLATFORM, now, { type: 'FireDeadline', rule: 'REPORT_ESCALATED' });

  it('is pending for the earliest open report', () =>
    expect(pendingDeadlines(reported().state)).toContainEqual({ rule: 'REPORT_ESCALATED', dueAt: day(30) }));
  it('is not due before 10 days', () =>
    spec
      .given(reported().events)
      .when(fire(day(29)))
      .thenThrows('DEADLINE_NOT_DUE'));
  it('escalates the earliest open report, then the next', () => {
    const once = reported().run(PLATFORM, day(30), fire(day(30)));
    expect(once.events.at(-1)!.event).toEqual({
      type: 'ReviewReportEscalated',
      data: {
        reportId: 'rep-1',
        ratingId: 'r-s',
        rule: 'REPORT_ESCALATED',
        dueAt: day(30),
        firedAt: day(30),
      },
    });
    expect(pendingDeadlines(once.state)).toContainEqual({ rule: 'REPORT_ESCALATED', dueAt: day(31) });
    const twice = once.run(PLATFORM, day(31), fire(day(31)));
    expect(pendingDeadlines(twice.state).filter((d) => d.rule === 'REPORT_ESCALATED')).toEqual([]);
  });
  it('no longer applies once the report is decided', () =>
    spec
      .given(
        reported()
          .run(ARBITRATOR, day(22), decide('DISMISS'))
          .run(ARBITRATOR, day(22), decide('DISMISS', ARBITRATOR, { reportId: 'rep-2' })).events,
      )
      .when(fire(day(40)))
      .thenThrows('DEADLINE_NOT_APPLICABLE'));
  it('leaves an escalated report open for a decision', () =>
    spec
      .given(reported().run(PLATFORM, day(30), fire(day(30))).events)
      .when(decide('REMOVE_TEXT'))
      .thenEvents(([e]) => expect(e!.type).toBe('ReviewTextRemoved')));
});
