import { describe, expect, it } from 'vitest';
import {
  ARBITRATOR,
  CREATOR,
  PLATFORM,
  SELLER,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import {
  EVERYTHING,
  REDACTED_TYPE,
  redactEvent,
  redactState,
  withheldFrom,
  withholdsAnything,
  type Reader,
} from './redaction.js';

/** DOMAIN.md § Public reviews, Sight: one policy, checked event by event. */

const SELLER_READER: Reader = { everything: false, side: 'SELLER' };
const CREATOR_READER: Reader = { everything: false, side: 'CREATOR' };

const COMMENT = 'Rude and lazy, the worst creator we ever hired on this platform';
const REPLY = 'We delivered the approved script on time, see the chat';

/** Both rated on day 18; the creator replies, reports the seller's review, and arbitration removes its text. */
const history = () =>
  scenario()
    .upToCompleted()
    .run(SELLER, day(18), {
      type: 'RateCollaboration',
      ratingId: 'r-s',
      scores: { CONTENT_QUALITY: 1, TIMELINESS: 3, COMMUNICATION: 2, COMPLIANCE: 3, BRAND_FIT: 3 },
      comment: COMMENT,
      tags: ['LATE_PUBLISH'],
    })
    .run(CREATOR, day(18), {
      type: 'RateCollaboration',
      ratingId: 'r-c',
      scores: { BRIEF_CLARITY: 3, FEEDBACK_QUALITY: 2, PAYMENT_RELIABILITY: 4, COMMUNICATION: 2 },
      comment: 'Feedback arrived late and was vague about the hook',
    })
    .run(CREATOR, day(19), { type: 'ReplyToReview', ratingId: 'r-s', text: REPLY })
    .run(CREATOR, day(19), {
      type: 'ReportReview',
      reportId: 'rep-1',
      ratingId: 'r-s',
      reason: 'PERSONAL_ATTACK',
      statement: 'Insults, nothing about the work',
      evidence: [],
    });

describe('reports: the reporter’s and arbitration’s business', () => {
  const s = history();
  const reported = s.events.at(-1)!.event;

  it('shows a report to its reporter and to arbitrators', () => {
    expect(redactEvent(reported, withheldFrom(CREATOR_READER, s.state))).toMatchObject({ redacted: false });
    expect(redactEvent(reported, withheldFrom(EVERYTHING, s.state))).toMatchObject({ redacted: false });
  });
  it('withholds it, its dismissal and its escalation from the reviewer, even their kind', () => {
    const later = history()
      .run(PLATFORM, day(29), { type: 'FireDeadline', rule: 'REPORT_ESCALATED' })
      .run(ARBITRATOR, day(30), {
        type: 'DecideReviewReport',
        reportId: 'rep-1',
        decision: 'DISMISS',
        note: 'Harsh, but about the work',
      });
    const withheld = withheldFrom(SELLER_READER, later.state);
    for (const { event } of later.events.slice(-3)) {
      expect(redactEvent(event, withheld), event.type).toEqual({
        type: REDACTED_TYPE,
        data: null,
        redacted: true,
      });
    }
    expect(redactState(later.state, withheld).reports).toEqual([]);
    expect(redactState(later.state, withheldFrom(CREATOR_READER, later.state)).reports).toHaveLength(1);
  });
});

describe('a review whose text arbitration removed', () => {
  const s = history().run(ARBITRATOR, day(21), {
    type: 'DecideReviewReport',
    reportId: 'rep-1',
    decision: 'REMOVE_TEXT',
    note: 'Insults only',
  });
  const rated = s.events.find((e) => e.event.type === 'CollaborationRated')!.event;
  const replied = s.events.find((e) => e.event.type === 'ReviewReplied')!.event;

  it.each([
    ['its author', SELLER_READER],
    ['the reviewed party', CREATOR_READER],
  ])('keeps the text from %s in the history, the scores stay', (_, reader) => {
    const withheld = withheldFrom(reader, s.state);
    const shown = redactEvent(rated, withheld);
    expect(shown.redacted).toBe(true);
    expect(JSON.stringify(shown.data)).not.toContain('Rude');
    expect(shown.data).toMatchObject({ ratingId: 'r-s', scores: { CONTENT_QUALITY: 1 } });
    expect(JSON.stringify(redactEvent(replied, withheld).data)).not.toContain(REPLY);
    const state = JSON.stringify(redactState(s.state, withheld));
    expect(state).not.toContain('Rude');
    expect(state).not.toContain(REPLY);
    expect(state).not.toContain('LATE_PUBLISH');
    expect(withholdsAnything(withheld)).toBe(true);
  });
  it('shows the removal and its reason to both parties', () => {
    const removed = s.events.at(-1)!.event;
    expect(redactEvent(removed, withheldFrom(SELLER_READER, s.state))).toMatchObject({
      redacted: false,
      data: { reason: 'PERSONAL_ATTACK' },
    });
  });
  it('shows everything to arbitrators and auditors', () => {
    const withheld = withheldFrom(EVERYTHING, s.state);
    expect(withholdsAnything(withheld)).toBe(false);
    expect(redactEvent(rated, withheld)).toMatchObject({ redacted: false, data: { comment: COMMENT } });
    expect(JSON.stringify(redactState(s.state, withheld))).toContain(REPLY);
  });
  it('leaves the other review as written', () => {
    const other = s.events.filter((e) => e.event.type === 'CollaborationRated')[1]!.event;
    expect(redactEvent(other, withheldFrom(SELLER_READER, s.state))).toMatchObject({ redacted: false });
  });
});

describe('double-blind, as before', () => {
  const s = scenario()
    .upToCompleted()
    .run(SELLER, day(18), {
      type: 'RateCollaboration',
      ratingId: 'r-s',
      scores: { CONTENT_QUALITY: 4, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 4, BRAND_FIT: 4 },
      comment: 'Clear demo and a strong hook, posted on the due date',
    });
  it('withholds a hidden rating’s content from the other side, not from its author', () => {
    const rated = s.events.at(-1)!.event;
    expect(redactEvent(rated, withheldFrom(CREATOR_READER, s.state))).toEqual({
      type: 'CollaborationRated',
      data: { ratingId: 'r-s', direction: 'SELLER_TO_CREATOR', raterId: 's1', rateeId: 'c1' },
      redacted: true,
    });
    expect(redactState(s.state, withheldFrom(CREATOR_READER, s.state)).ratings).toEqual([]);
    expect(redactEvent(rated, withheldFrom(SELLER_READER, s.state)).redacted).toBe(false);
  });
});
