import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { CREATOR, day, scenario } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { SELLERS, sellersProjection } from './sellers.projection.js';

describe('sellers', () => {
  it('counts collaborations and shows creator ratings only once revealed', async () => {
    const rated = scenario()
      .upToCompleted()
      .run(CREATOR, day(18), {
        type: 'RateCollaboration',
        ratingId: 'r1',
        scores: { BRIEF_CLARITY: 5, FEEDBACK_QUALITY: 3, PAYMENT_RELIABILITY: 4, COMMUNICATION: 4 },
        comment: 'Clear brief and the deposit was paid on the day we accepted',
      });
    const log = new LogBuilder();
    log.add(
      'seller-s1',
      { type: 'SellerRegistered', data: { sellerId: 's1', profile: { name: 'Glow Labs', country: 'CN' } } },
      day(-10),
    );
    log.addAll('collaboration-k1', rated.events);
    const hidden = (await replayProjection(sellersProjection, log.events)).get(SELLERS, 's1')!;
    expect(hidden).toMatchObject({
      profile: { name: 'Glow Labs' },
      collaborations: 1,
      completed: 1,
      ratingsRevealed: 0,
      overall: null,
    });
    log.add(
      'collaboration-k1',
      {
        type: 'RatingWindowClosed',
        data: { rule: 'RATING_WINDOW_CLOSED', dueAt: day(30), firedAt: day(30) },
      },
      day(30),
    );
    log.add(
      'collaboration-k1',
      { type: 'RatingsRevealed', data: { ratingIds: ['r1'], reason: 'WINDOW_CLOSED' } },
      day(30),
    );
    const shown = (await replayProjection(sellersProjection, log.events)).get(SELLERS, 's1')!;
    expect(shown.ratingsRevealed).toBe(1);
    expect(shown.dimensions.FEEDBACK_QUALITY).toEqual({ n: 1, sum: 3, mean: 3 });
    expect(shown.overall).toBe(4);
  });

  it('keeps two creators’ ratings of one seller apart though they chose the same rating id', async () => {
    const log = new LogBuilder();
    const rated = (k: string, creatorId: string, score: number) => {
      log.add(
        `collaboration-${k}`,
        { type: 'CollaborationProposed', data: { collaborationId: k, sellerId: 's1', creatorId } },
        day(0),
      );
      log.add(
        `collaboration-${k}`,
        {
          type: 'CollaborationRated',
          data: {
            ratingId: 'same',
            direction: 'CREATOR_TO_SELLER',
            scores: {
              BRIEF_CLARITY: score,
              FEEDBACK_QUALITY: score,
              PAYMENT_RELIABILITY: score,
              COMMUNICATION: score,
            },
          },
        },
        day(1),
      );
    };
    // Y rates s1 (hidden), then W rates s1 with Y's rating id: Y's must be neither replaced nor lost.
    rated('k-y', 'c-y', 2);
    rated('k-w', 'c-w', 5);
    for (const k of ['k-y', 'k-w']) {
      log.add(
        `collaboration-${k}`,
        { type: 'RatingsRevealed', data: { ratingIds: ['same'], reason: 'WINDOW_CLOSED' } },
        day(20),
      );
    }
    const seller = (await replayProjection(sellersProjection, log.events)).get(SELLERS, 's1')!;
    expect(seller.ratingsRevealed).toBe(2);
    expect(seller.dimensions.BRIEF_CLARITY).toEqual({ n: 2, sum: 7, mean: 3.5 });
  });
});
