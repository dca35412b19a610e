import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/core/event.js';
import { DocumentCache, applyEvent } from '../../src/projectionRunner/documentCache.js';
import { addDays } from '../../src/contexts/shared.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { ratingReviewReactor, type FlagReaction } from './ratingReview.reactor.js';

const T = '2026-05-01T00:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(T) + h * 3_600_000).toISOString();
const scores = (...s: number[]) => ({
  CONTENT_QUALITY: s[0],
  TIMELINESS: s[1],
  COMMUNICATION: s[2],
  COMPLIANCE: s[3],
  BRAND_FIT: s[4],
});

/** Runs the reactor over a log, collecting what it decides. */
const react = async (events: RecordedEvent[]): Promise<FlagReaction[]> => {
  const cache = new DocumentCache(() => Promise.resolve(new Map()));
  const reactions: FlagReaction[] = [];
  for (const event of events)
    reactions.push(...((await applyEvent(ratingReviewReactor, event, cache)) as FlagReaction[]));
  return reactions;
};

const collaboration = (log: LogBuilder, id: string, sellerId: string, creatorId: string, at: string) =>
  log.add(
    `collaboration-${id}`,
    { type: 'CollaborationProposed', data: { collaborationId: id, sellerId, creatorId } },
    at,
  );
const rate = (
  log: LogBuilder,
  id: string,
  s: Record<string, number | undefined>,
  at: string,
  reveal = true,
) => {
  log.add(
    `collaboration-${id}`,
    { type: 'CollaborationRated', data: { ratingId: `r-${id}`, direction: 'SELLER_TO_CREATOR', scores: s } },
    at,
  );
  if (reveal)
    log.add(
      `collaboration-${id}`,
      { type: 'RatingsRevealed', data: { ratingIds: [`r-${id}`], reason: 'BOTH_RATED' } },
      at,
    );
};

describe('rating review policy', () => {
  /** Three creators each with a good counted history (mean 4.6) from other sellers. */
  const withHistories = () => {
    const log = new LogBuilder();
    for (const creator of ['c1', 'c2', 'c3']) {
      collaboration(log, `h-${creator}`, 's-other', creator, addDays(T, -30));
      rate(log, `h-${creator}`, scores(5, 5, 4, 5, 4), addDays(T, -20));
    }
    return log;
  };

  it('flags a burst: 3 ratings within 24 h, each 2+ points below the creator’s mean', async () => {
    const log = withHistories();
    ['c1', 'c2', 'c3'].forEach((creator, i) => {
      collaboration(log, `b${i}`, 's-harsh', creator, addDays(T, -10));
      rate(log, `b${i}`, scores(2, 2, 2, 2, 2), hours(i * 5), false);
    });
    const reactions = await react(log.events);
    expect(reactions.map((r) => [r.rule, r.ratingId])).toEqual([
      ['RATING_BURST', 'r-b0'],
      ['RATING_BURST', 'r-b1'],
      ['RATING_BURST', 'r-b2'],
    ]);
  });

  it('does not flag three low ratings spread over more than 24 h', async () => {
    const log = withHistories();
    ['c1', 'c2', 'c3'].forEach((creator, i) => {
      collaboration(log, `b${i}`, 's-harsh', creator, addDays(T, -10));
      rate(log, `b${i}`, scores(2, 2, 2, 2, 2), hours(i * 13), false);
    });
    expect(await react(log.events)).toEqual([]);
  });

  it('does not flag low ratings of creators whose mean is not 2 points higher', async () => {
    const log = new LogBuilder();
    collaboration(log, 'h', 's-other', 'c1', addDays(T, -30));
    rate(log, 'h', scores(3, 3, 3, 3, 3), addDays(T, -20));
    [0, 1, 2].forEach((i) => {
      collaboration(log, `b${i}`, 's-harsh', 'c1', addDays(T, -10));
      rate(log, `b${i}`, scores(2, 2, 2, 2, 2), hours(i), false);
    });
    expect(await react(log.events)).toEqual([]);
  });

  it('flags possible collusion: a 4th 5/5 after three counted 5/5 within 90 days', async () => {
    const log = new LogBuilder();
    [0, 1, 2, 3].forEach((i) => {
      collaboration(log, `p${i}`, 's1', 'c1', addDays(T, i * 20 - 1));
      rate(log, `p${i}`, scores(5, 5, 5, 5, 5), addDays(T, i * 20));
    });
    const reactions = await react(log.events);
    expect(reactions).toEqual([
      {
        type: 'FlagRating',
        collaborationId: 'p3',
        ratingId: 'r-p3',
        rule: 'POSSIBLE_COLLUSION',
        detail: 'Seller s1 and creator c1 already have 3 counted 5/5 ratings in 90 days',
      },
    ]);
  });

  it('does not count hidden ratings or ratings older than 90 days towards collusion', async () => {
    const log = new LogBuilder();
    collaboration(log, 'old', 's1', 'c1', addDays(T, -200));
    rate(log, 'old', scores(5, 5, 5, 5, 5), addDays(T, -120));
    [0, 1].forEach((i) => {
      collaboration(log, `p${i}`, 's1', 'c1', addDays(T, i));
      rate(log, `p${i}`, scores(5, 5, 5, 5, 5), addDays(T, i + 1));
    });
    collaboration(log, 'hidden', 's1', 'c1', addDays(T, 3));
    rate(log, 'hidden', scores(5, 5, 5, 5, 5), addDays(T, 4), false);
    collaboration(log, 'new', 's1', 'c1', addDays(T, 5));
    rate(log, 'new', scores(5, 5, 5, 5, 5), addDays(T, 6));
    expect(await react(log.events)).toEqual([]);
  });

  it('keeps two sellers’ ratings of one creator apart though they chose the same rating id', async () => {
    const log = new LogBuilder();
    // Three counted 5/5 ratings by s-pair, each with the id the last one (by another seller) reuses.
    for (const k of ['p1', 'p2', 'p3']) {
      collaboration(log, k, 's-pair', 'c1', addDays(T, -10));
      log.add(
        `collaboration-${k}`,
        {
          type: 'CollaborationRated',
          data: { ratingId: 'same', direction: 'SELLER_TO_CREATOR', scores: scores(5, 5, 5, 5, 5) },
        },
        addDays(T, -9),
      );
      log.add(
        `collaboration-${k}`,
        { type: 'RatingsRevealed', data: { ratingIds: ['same'], reason: 'BOTH_RATED' } },
        addDays(T, -9),
      );
    }
    collaboration(log, 'other', 's-other', 'c1', addDays(T, -1));
    log.add(
      'collaboration-other',
      {
        type: 'CollaborationRated',
        data: { ratingId: 'same', direction: 'SELLER_TO_CREATOR', scores: scores(2, 2, 2, 2, 2) },
      },
      T,
    );
    // The fourth 5/5 of the pair is flagged as possible collusion: the three before it still count.
    collaboration(log, 'p4', 's-pair', 'c1', T);
    log.add(
      'collaboration-p4',
      {
        type: 'CollaborationRated',
        data: { ratingId: 'same', direction: 'SELLER_TO_CREATOR', scores: scores(5, 5, 5, 5, 5) },
      },
      hours(1),
    );
    expect(await react(log.events)).toEqual([
      expect.objectContaining({ collaborationId: 'p4', ratingId: 'same', rule: 'POSSIBLE_COLLUSION' }),
    ]);
  });
});
