import type { RatingFlagRule } from '../../src/contexts/collaboration/collaboration.events.js';
import { DAY_MS, HOUR_MS } from '../../src/contexts/shared.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded } from '../../src/core/event.js';
import { put, type DocReader, type DocUpdate, type Reactor } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import {
  at,
  collaborationIdOf,
  handledTypes,
  isCollaborationEvent,
  mean,
  ownedId,
  type EventOfType,
} from '../shared.js';

/**
 * The rating review policy (DOMAIN.md § Rating review): the rules that need other streams than the
 * rated collaboration's. It follows the log and decides, for each seller→creator rating, whether it
 * is part of a burst (the seller gave 3+ ratings in 24 h, all 2+ points below each creator's mean)
 * or possible collusion (the pair already has 3+ counted ratings in 90 days, all 5/5). Each finding
 * becomes a FlagRating command, sent with an idempotency key, so a rating is flagged once per rule
 * however often the log is replayed.
 */

export const BURST_WINDOW_MS = 24 * HOUR_MS;
export const BURST_SIZE = 3;
export const BURST_GAP = 2;
export const COLLUSION_WINDOW_MS = 90 * DAY_MS;
export const COLLUSION_SIZE = 3;

export interface FlagReaction {
  readonly type: 'FlagRating';
  readonly collaborationId: string;
  readonly ratingId: string;
  readonly rule: RatingFlagRule;
  readonly detail: string;
}

export interface ReviewRating {
  readonly ratingId: string;
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly mean: number;
  readonly allFive: boolean;
  readonly ratedAt: string;
  readonly revealed: boolean;
  readonly review: 'NONE' | 'PENDING' | 'UPHELD' | 'REMOVED';
}

/** A creator's seller→creator ratings, by {@link ownedId}(collaboration, rating). */
export interface ReviewCreatorDoc {
  readonly creatorId: string;
  readonly ratings: Readonly<Record<string, ReviewRating>>;
}

export interface RecentRating {
  readonly ratingId: string;
  readonly collaborationId: string;
  readonly creatorId: string;
  readonly ratedAt: string;
  readonly mean: number;
  /** The creator's mean over counted ratings when this one was given; null when it had none. */
  readonly creatorMean: number | null;
}

/** A seller's ratings of the last {@link BURST_WINDOW_MS}. */
export interface ReviewSellerDoc {
  readonly sellerId: string;
  readonly recent: readonly RecentRating[];
}

/** A collaboration's parties. */
export interface ReviewLinkDoc {
  readonly sellerId: string;
  readonly creatorId: string;
}

export const REVIEW_LINKS = collection<ReviewLinkDoc>('reviewLinks');
export const REVIEW_CREATORS = collection<ReviewCreatorDoc>('reviewCreators');
export const REVIEW_SELLERS = collection<ReviewSellerDoc>('reviewSellers');

const EVENT_TYPES = handledTypes(
  'CollaborationProposed',
  'CollaborationRated',
  'RatingsRevealed',
  'RatingFlagged',
  'RatingReviewed',
);
type ReviewEvent = EventOfType<(typeof EVENT_TYPES)[number]>;

const counted = (r: ReviewRating) => r.revealed && (r.review === 'NONE' || r.review === 'UPHELD');
const below = (r: RecentRating) => r.creatorMean !== null && r.mean <= r.creatorMean - BURST_GAP;

const linkOf = (event: Recorded<ReviewEvent>, docs: DocReader) =>
  docs.get(REVIEW_LINKS, collaborationIdOf(event));

/** Ratings of a creator by {@link ownedId}(collaboration, rating): a rating id is unique per collaboration only. */
const updateRating = (
  creator: ReviewCreatorDoc,
  collaborationId: string,
  ratingIds: readonly string[],
  change: (r: ReviewRating) => ReviewRating,
): ReviewCreatorDoc => {
  const keys = ratingIds.map((id) => ownedId(collaborationId, id));
  return {
    ...creator,
    ratings: Object.fromEntries(
      Object.entries(creator.ratings).map(([key, r]) => [key, keys.includes(key) ? change(r) : r]),
    ),
  };
};

/** The findings about a rating just given, from the documents as they stand after it. */
const findings = (event: Recorded<ReviewEvent>, docs: DocReader): FlagReaction[] => {
  if (event.type !== 'CollaborationRated' || event.data.direction !== 'SELLER_TO_CREATOR') return [];
  const link = linkOf(event, docs);
  if (!link) return [];
  const now = Date.parse(at(event));
  const reactions: FlagReaction[] = [];

  const seller = docs.get(REVIEW_SELLERS, link.sellerId);
  const burst = (seller?.recent ?? []).filter(
    (r) => now - Date.parse(r.ratedAt) < BURST_WINDOW_MS && below(r),
  );
  const collaborationId = collaborationIdOf(event);
  const isThis = (r: RecentRating) =>
    r.ratingId === event.data.ratingId && r.collaborationId === collaborationId;
  if (burst.some(isThis) && burst.length >= BURST_SIZE) {
    for (const r of burst) {
      reactions.push({
        type: 'FlagRating',
        collaborationId: r.collaborationId,
        ratingId: r.ratingId,
        rule: 'RATING_BURST',
        detail: `Seller ${link.sellerId} gave ${burst.length} ratings in 24 h, each ${BURST_GAP}+ points below the creator's mean`,
      });
    }
  }

  const creator = docs.get(REVIEW_CREATORS, link.creatorId);
  const current = creator?.ratings[ownedId(collaborationIdOf(event), event.data.ratingId)];
  if (current?.allFive) {
    const pair = Object.values(creator!.ratings).filter(
      (r) =>
        r !== current &&
        r.sellerId === link.sellerId &&
        counted(r) &&
        now - Date.parse(r.ratedAt) <= COLLUSION_WINDOW_MS,
    );
    if (pair.length >= COLLUSION_SIZE && pair.every((r) => r.allFive)) {
      reactions.push({
        type: 'FlagRating',
        collaborationId: current.collaborationId,
        ratingId: current.ratingId,
        rule: 'POSSIBLE_COLLUSION',
        detail: `Seller ${link.sellerId} and creator ${link.creatorId} already have ${pair.length} counted 5/5 ratings in 90 days`,
      });
    }
  }
  return reactions;
};

export const ratingReviewReactor: Reactor<FlagReaction, ReviewEvent> = {
  name: 'ratingReview',
  // 2: ratings keyed by collaboration and rating id.
  version: 2,
  collections: [REVIEW_LINKS, REVIEW_CREATORS, REVIEW_SELLERS],
  rebuildCost: 29,
  eventTypes: EVENT_TYPES,

  touches(event, docs) {
    if (!isCollaborationEvent(event)) return [];
    const key = { collection: REVIEW_LINKS, id: collaborationIdOf(event) };
    const link = event.type === 'CollaborationProposed' ? event.data : linkOf(event, docs);
    if (!link) return [key];
    return [
      key,
      { collection: REVIEW_CREATORS, id: link.creatorId },
      { collection: REVIEW_SELLERS, id: link.sellerId },
    ];
  },

  evolve(event, docs) {
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    if (event.type === 'CollaborationProposed') {
      return [
        put(REVIEW_LINKS, collaborationId, {
          sellerId: event.data.sellerId,
          creatorId: event.data.creatorId,
        }),
      ];
    }
    const link = linkOf(event, docs);
    if (!link) return [];
    const creator = docs.get(REVIEW_CREATORS, link.creatorId) ?? { creatorId: link.creatorId, ratings: {} };
    const updates: DocUpdate[] = [];
    const putCreator = (doc: ReviewCreatorDoc) => updates.push(put(REVIEW_CREATORS, link.creatorId, doc));

    switch (event.type) {
      case 'CollaborationRated': {
        if (event.data.direction !== 'SELLER_TO_CREATOR') return [];
        const scores = Object.values(event.data.scores);
        const ratingMean = scores.reduce((a, b) => a + b, 0) / scores.length;
        const creatorMean = mean(
          Object.values(creator.ratings)
            .filter(counted)
            .map((r) => r.mean),
        );
        putCreator({
          ...creator,
          ratings: {
            ...creator.ratings,
            [ownedId(collaborationId, event.data.ratingId)]: {
              ratingId: event.data.ratingId,
              collaborationId,
              sellerId: link.sellerId,
              mean: ratingMean,
              allFive: scores.every((s) => s === 5),
              ratedAt: at(event),
              revealed: false,
              review: 'NONE',
            },
          },
        });
        const seller = docs.get(REVIEW_SELLERS, link.sellerId) ?? { sellerId: link.sellerId, recent: [] };
        const now = Date.parse(at(event));
        const recent = [
          ...seller.recent.filter((r) => now - Date.parse(r.ratedAt) < BURST_WINDOW_MS),
          {
            ratingId: event.data.ratingId,
            collaborationId,
            creatorId: link.creatorId,
            ratedAt: at(event),
            mean: ratingMean,
            creatorMean,
          },
        ];
        updates.push(put(REVIEW_SELLERS, link.sellerId, { sellerId: link.sellerId, recent }));
        return updates;
      }
      case 'RatingsRevealed':
        putCreator(
          updateRating(creator, collaborationId, event.data.ratingIds, (r) => ({ ...r, revealed: true })),
        );
        return updates;
      case 'RatingFlagged':
        putCreator(
          updateRating(creator, collaborationId, [event.data.ratingId], (r) => ({ ...r, review: 'PENDING' })),
        );
        return updates;
      case 'RatingReviewed':
        putCreator(
          updateRating(creator, collaborationId, [event.data.ratingId], (r) => ({
            ...r,
            review: event.data.decision,
          })),
        );
        return updates;
      default:
        return assertNever(event);
    }
  },

  reactions: findings,
};
