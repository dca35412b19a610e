import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  CREATOR,
  OTHER_SELLER,
  PLATFORM,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import type { Actor } from '../shared.js';
import { collaborationDecider } from './collaboration.decide.js';
import { isVagueComment } from './rating.js';

const spec = deciderSpec(collaborationDecider);

const sellerScores = { CONTENT_QUALITY: 5, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 5, BRAND_FIT: 4 };
const creatorScores = { BRIEF_CLARITY: 5, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 5, COMMUNICATION: 4 };
const COMMENT = 'Creative hook, demo of the texture was clear, posted a day early';

const rate = (actor: Actor, overrides: object = {}, now = day(18)) =>
  command(actor, now, {
    type: 'RateCollaboration',
    ratingId: actor === SELLER ? 'r-s' : 'r-c',
    scores: actor === SELLER ? sellerScores : creatorScores,
    comment: COMMENT,
    ...overrides,
  });

describe('rating: when completed', () => {
  const completed = () => scenario().upToCompleted();

  it('records a hidden rating while the other side has not rated', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, { tags: ['CREATIVE_SCRIPT'] }))
      .then([
        {
          type: 'CollaborationRated',
          data: {
            ratingId: 'r-s',
            direction: 'SELLER_TO_CREATOR',
            raterId: 's1',
            rateeId: 'c1',
            scores: sellerScores,
            comment: COMMENT,
            tags: ['CREATIVE_SCRIPT'],
          },
        },
      ]));
  it('reveals both ratings at once when the second side rates', () =>
    spec
      .given(completed().run(SELLER, day(18), rate(SELLER)).events)
      .when(rate(CREATOR))
      .thenEvents((events) =>
        expect(events.at(-1)).toEqual({
          type: 'RatingsRevealed',
          data: { ratingIds: ['r-s', 'r-c'], reason: 'BOTH_RATED' },
        }),
      ));
  it('refuses a second rating from the same side', () =>
    spec
      .given(completed().run(SELLER, day(18), rate(SELLER)).events)
      .when(rate(SELLER, { ratingId: 'r-s2' }))
      .thenThrows('RATING_ALREADY_GIVEN'));
  it('refuses a rating after the 14-day window', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, {}, day(30)))
      .thenThrows('RATING_WINDOW_CLOSED'));
  it('refuses a rating once the window closed', () =>
    spec
      .given(
        completed().run(PLATFORM, day(30), { type: 'FireDeadline', rule: 'RATING_WINDOW_CLOSED' }).events,
      )
      .when(rate(CREATOR, {}, day(29)))
      .thenThrows('RATING_WINDOW_CLOSED'));
  it('refuses a missing dimension', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, { scores: { CONTENT_QUALITY: 5 } }))
      .thenThrows('INVALID_SCORES'));
  it('refuses a score out of 1–5', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, { scores: { ...sellerScores, BRAND_FIT: 6 } }))
      .thenThrows('INVALID_SCORES'));
  it('refuses the other side’s dimensions', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, { scores: creatorScores }))
      .thenThrows('INVALID_SCORES'));
  it('refuses a vague comment', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, { comment: 'good good good good good!' }))
      .thenThrows('VAGUE_COMMENT'));
  it('refuses a short comment', () =>
    spec
      .given(completed().events)
      .when(rate(SELLER, { comment: 'Nice video' }))
      .thenThrows('VAGUE_COMMENT'));
  it('answers someone outside the collaboration as if it did not exist', () =>
    spec.given(completed().events).when(rate(OTHER_SELLER)).thenThrows('COLLABORATION_NOT_FOUND'));
});

describe('rating: only from a completed collaboration', () => {
  it('refuses a rating while published', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(rate(SELLER, {}, day(12)))
      .thenThrows('INVALID_STATUS'));
});

describe('rating review: facts of the collaboration (DOMAIN.md § Rating review)', () => {
  const late = () =>
    scenario()
      .upToScriptApproved()
      .published('2026-03-13T01:00:00.000Z') // 49 h after the publish due date
      .metrics('2026-03-20T01:00:00.000Z')
      .completed('2026-03-20T01:00:00.000Z');

  it('flags TIMELINESS ≥ 4 on a publish more than 48 h late', () =>
    spec
      .given(late().events)
      .when(rate(SELLER, { scores: { ...sellerScores, TIMELINESS: 4 } }, day(20)))
      .thenEvents((events) =>
        expect(events[1]).toEqual({
          type: 'RatingFlagged',
          data: {
            ratingId: 'r-s',
            rule: 'TIMELINESS_CONTRADICTS_PUBLISH',
            detail: 'TIMELINESS 4 on a publish 49 h late',
          },
        }),
      ));
  it('flags TIMELINESS ≥ 4 on a publish 48 h 0 min 18 s late: the exact lateness counts, not its rounding', () =>
    spec
      .given(
        scenario()
          .upToScriptApproved()
          .published('2026-03-13T00:00:18.000Z')
          .metrics('2026-03-20T01:00:00.000Z')
          .completed('2026-03-20T01:00:00.000Z').events,
      )
      .when(rate(SELLER, { scores: { ...sellerScores, TIMELINESS: 5 } }, day(20)))
      .thenEvents((events) =>
        expect(events[1]).toMatchObject({
          type: 'RatingFlagged',
          data: { rule: 'TIMELINESS_CONTRADICTS_PUBLISH' },
        }),
      ));
  it('does not flag a publish exactly 48 h late', () =>
    spec
      .given(
        scenario()
          .upToScriptApproved()
          .published('2026-03-13T00:00:00.000Z')
          .metrics('2026-03-20T01:00:00.000Z')
          .completed('2026-03-20T01:00:00.000Z').events,
      )
      .when(rate(SELLER, { scores: { ...sellerScores, TIMELINESS: 5 } }, day(20)))
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['CollaborationRated'])));
  it('flags TIMELINESS ≤ 2 on an on-time publish', () =>
    spec
      .given(scenario().upToCompleted().events)
      .when(rate(SELLER, { scores: { ...sellerScores, TIMELINESS: 2 } }))
      .thenEvents((events) =>
        expect(events.map((e) => e.type)).toEqual(['CollaborationRated', 'RatingFlagged']),
      ));
  it('flags a mean ≤ 2 when the final metrics met every target', () =>
    spec
      .given(scenario().upToCompleted().events)
      .when(
        rate(SELLER, {
          scores: { CONTENT_QUALITY: 1, TIMELINESS: 3, COMMUNICATION: 2, COMPLIANCE: 2, BRAND_FIT: 1 },
          comment: 'Video felt rushed and the brand colours were wrong',
        }),
      )
      .thenEvents((events) =>
        expect(events[1]).toMatchObject({ type: 'RatingFlagged', data: { rule: 'CONTRADICTS_METRICS' } }),
      ));
  it('does not flag a rating consistent with the facts', () =>
    spec
      .given(scenario().upToCompleted().events)
      .when(rate(SELLER))
      .thenEvents((events) => expect(events).toHaveLength(1)));
  it('does not flag the creator’s rating of the seller', () =>
    spec
      .given(late().events)
      .when(rate(CREATOR, {}, day(20)))
      .thenEvents((events) => expect(events).toHaveLength(1)));
});

describe('rating review: flags and the arbitrator', () => {
  const rated = () => scenario().upToCompleted().run(SELLER, day(18), rate(SELLER));
  const flag = (
    actor = PLATFORM,
    rule: 'RATING_BURST' | 'POSSIBLE_COLLUSION' = 'RATING_BURST',
    ratingId = 'r-s',
  ) =>
    command(actor, day(18), {
      type: 'FlagRating',
      ratingId,
      rule,
      detail: '3 ratings 2+ below the creators’ means in 24 h',
    });
  const review = (decision: 'UPHOLD' | 'REMOVE', actor = ARBITRATOR, note = 'Checked the chat log') =>
    command(actor, day(19), { type: 'ReviewRating', ratingId: 'r-s', decision, note });

  it('flags a rating for a cross-stream rule', () =>
    spec
      .given(rated().events)
      .when(flag())
      .then([
        {
          type: 'RatingFlagged',
          data: {
            ratingId: 'r-s',
            rule: 'RATING_BURST',
            detail: '3 ratings 2+ below the creators’ means in 24 h',
          },
        },
      ]));
  it('flags a rating once per rule', () =>
    spec
      .given(rated().run(PLATFORM, day(18), flag()).events)
      .when(flag())
      .thenThrows('RATING_ALREADY_FLAGGED'));
  it('refuses an unknown rating', () =>
    spec
      .given(rated().events)
      .when(flag(PLATFORM, 'RATING_BURST', 'r-x'))
      .thenThrows('RATING_NOT_FOUND'));
  it('refuses flagging a rating of a seller', () =>
    spec
      .given(rated().run(CREATOR, day(18), rate(CREATOR)).events)
      .when(flag(PLATFORM, 'RATING_BURST', 'r-c'))
      .thenThrows('RATING_NOT_REVIEWABLE'));
  it('refuses a party flagging', () => spec.given(rated().events).when(flag(SELLER)).thenThrows('FORBIDDEN'));
  it('upholds a flagged rating', () =>
    spec
      .given(rated().run(PLATFORM, day(18), flag()).events)
      .when(review('UPHOLD'))
      .then([
        {
          type: 'RatingReviewed',
          data: { ratingId: 'r-s', decision: 'UPHELD', note: 'Checked the chat log' },
        },
      ]));
  it('removes a flagged rating', () =>
    spec
      .given(rated().run(PLATFORM, day(18), flag()).events)
      .when(review('REMOVE'))
      .thenEvents(([e]) => expect(e!.data).toMatchObject({ decision: 'REMOVED' })));
  it('refuses flagging a removed rating', () =>
    spec
      .given(rated().run(PLATFORM, day(18), flag()).run(ARBITRATOR, day(19), review('REMOVE')).events)
      .when(flag(PLATFORM, 'POSSIBLE_COLLUSION'))
      .thenThrows('RATING_REMOVED'));
  it('refuses reviewing a rating not under review', () =>
    spec.given(rated().events).when(review('UPHOLD')).thenThrows('RATING_NOT_UNDER_REVIEW'));
  it('refuses a review without a note', () =>
    spec
      .given(rated().run(PLATFORM, day(18), flag()).events)
      .when(review('UPHOLD', ARBITRATOR, ' '))
      .thenThrows('REASON_REQUIRED'));
  it('refuses a review by anyone but an arbitrator', () =>
    spec
      .given(rated().run(PLATFORM, day(18), flag()).events)
      .when(review('REMOVE', SELLER))
      .thenThrows('FORBIDDEN'));
});

describe('vague comments', () => {
  it.each([
    'good',
    'Good job, very good, thanks!!!!',
    'ok ok ok ok ok ok ok ok ok',
    '很好很好很好很好很好很好很好很好很好很好',
    '一般一般一般一般一般一般一般一般一般一般',
    '不错不错，合作愉快，非常满意，推荐推荐推荐',
    '5 stars 5 stars 5 stars 5 stars',
  ])('finds %j vague', (comment) => expect(isVagueComment(comment)).toBe(true));
  it.each([
    'Creative script but published 2 days late',
    '脚本创意佳但发布时间延迟2天，沟通回复也很及时',
    'Engagement was strong; the #ad tag was missing at first',
  ])('finds %j specific', (comment) => expect(isVagueComment(comment)).toBe(false));
});
