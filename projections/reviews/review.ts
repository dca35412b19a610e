import { authorSide } from '../../src/contexts/collaboration/redaction.js';
import { isReview, reviewedSide } from '../../src/contexts/collaboration/reviews.js';
import {
  partyKey,
  type RatingEntry,
  type ReviewCollaborationDoc,
  type ReviewDoc,
  type ReviewSummaryDoc,
} from './reviews.documents.js';

/** DOMAIN.md § Public reviews: a rating as the public review it is, and a party's summary of them. */

const meanOf = (scores: Readonly<Record<string, number>>): number => {
  const values = Object.values(scores);
  return values.reduce((a, b) => a + b, 0) / values.length;
};

/** The mean rounded half up, 1–5. */
export const starsOf = (mean: number): number => Math.min(5, Math.max(1, Math.floor(mean + 0.5)));

/** The public review a rating is, or null while it is none (hidden, held, removed by rating review). */
export const publicReview = (
  collaboration: ReviewCollaborationDoc,
  rating: RatingEntry,
): ReviewDoc | null => {
  if (!isReview(rating) || rating.revealedPosition === null) return null;
  const mean = meanOf(rating.scores);
  const removed = rating.removal !== null;
  const reviewer = authorSide(rating.direction);
  return {
    reviewId: String(rating.position),
    collaborationId: collaboration.collaborationId,
    ratingId: rating.ratingId,
    direction: rating.direction,
    rateeKey: partyKey(reviewedSide(rating.direction), rating.rateeId),
    reviewerKey: partyKey(reviewer, rating.raterId),
    reviewerVerified: rating.reviewerVerified,
    scores: rating.scores,
    mean,
    stars: starsOf(mean),
    // What arbitration removed is not kept here at all: this collection is what the public reads.
    comment: removed ? null : rating.comment,
    tags: removed ? [] : rating.tags,
    hasComment: !removed,
    reply: removed ? null : rating.reply,
    removal: rating.removal,
    category: collaboration.category,
    markets: collaboration.markets,
    marketsKey: `|${collaboration.markets.join('|')}|`,
    platform: collaboration.platform,
    month: (collaboration.completedAt ?? rating.revealedAt ?? '').slice(0, 7),
    publish: collaboration.publish,
    outcome: collaboration.outcome,
    position: rating.position,
    revealedPosition: rating.revealedPosition,
  };
};

export const emptySummary = (rateeKey: string): ReviewSummaryDoc => ({
  rateeKey,
  count: 0,
  stars: [0, 0, 0, 0, 0],
  sums: {},
  counts: {},
  tags: {},
});

/** Adds (sign 1) or takes out (sign −1) one review's part of its party's summary. */
export const contributeReview = (
  summary: ReviewSummaryDoc,
  review: ReviewDoc,
  sign: 1 | -1,
): ReviewSummaryDoc => {
  const sums = { ...summary.sums };
  const counts = { ...summary.counts };
  for (const [dimension, score] of Object.entries(review.scores)) {
    sums[dimension] = (sums[dimension] ?? 0) + sign * score;
    counts[dimension] = (counts[dimension] ?? 0) + sign;
    if (counts[dimension] === 0) {
      delete sums[dimension];
      delete counts[dimension];
    }
  }
  const tags = { ...summary.tags };
  for (const tag of review.tags) {
    tags[tag] = (tags[tag] ?? 0) + sign;
    if (tags[tag] === 0) delete tags[tag];
  }
  return {
    ...summary,
    count: summary.count + sign,
    stars: summary.stars.map((n, i) => (i === review.stars - 1 ? n + sign : n)),
    sums,
    counts,
    tags,
  };
};
