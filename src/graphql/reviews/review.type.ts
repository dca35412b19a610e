import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ReviewDoc, ReviewSummaryDoc } from '../../../projections/reviews/reviews.documents.js';
import {
  Category,
  MetricsSource,
  Platform,
  RatingDimension,
  RatingDirection,
  ReportDecision,
  ReportReason,
  Side,
} from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import { Connection } from '../common/types.js';
import { CommandResult, Score } from '../collaborations/collaboration.type.js';

/** DOMAIN.md § Public reviews: what every signed-in user reads of a creator or a seller. */

@ObjectType({ description: 'Who wrote a review' })
export class Reviewer {
  @Field(() => Side) side!: string;
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Its display name now' }) displayName?: string | null;
  @Field(() => Boolean, { description: 'Whether it was verified when it wrote the review' })
  verified!: boolean;
}

@ObjectType({ description: 'The reviewed party’s one reply, never edited' })
export class ReviewReply {
  @Field(() => String) text!: string;
  @Field(() => DateTime) repliedAt!: string;
}

@ObjectType({
  description: 'Arbitration removed the review’s text (comment, tags, reply): the public reason',
})
export class ReviewRemoval {
  @Field(() => ReportReason) reason!: string;
  @Field(() => DateTime) removedAt!: string;
}

@ObjectType({
  description:
    'The collaboration’s last stable metrics snapshot (final, consistent, captured last), as the log holds it: ' +
    'check it with verifyReview, or in collaborationHistory at its position',
})
export class VerifiedResults {
  @Field(() => SafeInt) views!: number;
  @Field(() => Float, { nullable: true, description: '(likes + comments + shares) / views' })
  engagementRate!: number | null;
  @Field(() => SafeInt) clicks!: number;
  @Field(() => SafeInt) orders!: number;
  @Field(() => Float, { nullable: true, description: 'orders / clicks' }) conversionRate!: number | null;
  @Field(() => MetricsSource, { description: 'Who recorded the snapshot' }) source!: string;
  @Field(() => String, { description: 'Log position of the snapshot' }) position!: string;
}

@ObjectType({ description: 'Whether the content was published by its due date' })
export class PublishFacts {
  @Field(() => Boolean) onTime!: boolean;
  @Field(() => Int, { description: 'Days late, rounded up; 0 on time' }) daysLate!: number;
}

@ObjectType({
  description:
    'A public review: a revealed rating that rating review neither holds nor removed (DOMAIN.md § Public reviews)',
})
export class Review {
  @Field(() => ID, { description: 'The rating’s log position' }) id!: string;
  @Field(() => RatingDirection) direction!: string;
  @Field(() => Reviewer) reviewer!: Reviewer;
  @Field(() => ID, { description: 'The reviewed creator or seller' }) revieweeId!: string;
  @Field(() => [Score]) scores!: Score[];
  @Field(() => Float) mean!: number;
  @Field(() => Int, { description: 'The mean rounded half up: where it counts in the distribution' })
  stars!: number;
  @Field(() => String, { nullable: true, description: 'Null once arbitration removed the text' })
  comment!: string | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => ReviewReply, { nullable: true }) reply!: ReviewReply | null;
  @Field(() => ReviewRemoval, { nullable: true }) removal!: ReviewRemoval | null;
  @Field(() => Category) category!: string;
  @Field(() => [String], { description: 'Target markets (ISO 3166-1 alpha-2)' }) markets!: string[];
  @Field(() => Platform) platform!: string;
  @Field(() => String, { description: 'YYYY-MM the collaboration completed: never its day' }) month!: string;
  @Field(() => VerifiedResults, { nullable: true, description: 'Null while no snapshot is stable' })
  results!: VerifiedResults | null;
  @Field(() => PublishFacts, { nullable: true }) publish!: PublishFacts | null;
  @Field(() => String, { description: 'Log position of the rating' }) position!: string;
  @Field(() => String, { description: 'Log position of its reveal' }) revealedPosition!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The collaboration: for its parties, arbitrators and auditors (null for anyone else)',
  })
  collaborationId!: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The rating’s id in its collaboration: as collaborationId',
  })
  ratingId!: string | null;

  /** The stored document, for the fields resolved from it. Not a field. */
  doc!: ReviewDoc;
}

@ObjectType()
export class ReviewConnection extends Connection('Review', Review) {}

@ObjectType()
export class DimensionMean {
  @Field(() => RatingDimension) dimension!: string;
  @Field(() => Int) reviews!: number;
  @Field(() => Float) mean!: number;
}

@ObjectType()
export class TagCount {
  @Field(() => String) tag!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'A party’s reviews in figures' })
export class ReviewSummary {
  @Field(() => Int) count!: number;
  @Field(() => [Int], { description: 'How many reviews have 1, 2, 3, 4 and 5 stars' })
  distribution!: number[];
  @Field(() => [DimensionMean], { description: 'Plain means over the reviews (reputation’s are Bayesian)' })
  dimensions!: DimensionMean[];
  @Field(() => [TagCount], { description: 'The most used tags, at most 10' }) topTags!: TagCount[];
}

@InputType({ description: 'Which reviews: all filters given must hold' })
export class ReviewFilter {
  @Field(() => RatingDimension, {
    nullable: true,
    description: 'minScore and maxScore apply to this dimension (to the mean without it)',
  })
  dimension?: string;
  @Field(() => Float, { nullable: true }) minScore?: number;
  @Field(() => Float, { nullable: true }) maxScore?: number;
  @Field(() => Boolean, { nullable: true, description: 'With a comment (its text not removed)' })
  withComment?: boolean;
  @Field(() => Category, { nullable: true }) category?: string;
  @Field(() => String, { nullable: true, description: 'A target market (ISO 3166-1 alpha-2)' })
  market?: string;
  @Field(() => Platform, { nullable: true }) platform?: string;
}

@InputType({
  description: 'What MOST_RELEVANT puts first; by default the reader’s own (DOMAIN.md § Public reviews)',
})
export class RelevanceInput {
  @Field(() => Category, { nullable: true }) category?: string;
  @Field(() => String, { nullable: true }) market?: string;
}

export const reviewFromDoc = (doc: ReviewDoc, seesIds: boolean): Review => {
  const [side, id] = doc.reviewerKey.split(':') as [string, string];
  return {
    id: doc.reviewId,
    direction: doc.direction,
    reviewer: { side, id, verified: doc.reviewerVerified },
    revieweeId: doc.rateeKey.slice(doc.rateeKey.indexOf(':') + 1),
    scores: Object.entries(doc.scores).map(([dimension, score]) => ({ dimension, score })),
    mean: doc.mean,
    stars: doc.stars,
    comment: doc.comment,
    tags: [...doc.tags],
    reply: doc.reply,
    removal: doc.removal,
    category: doc.category,
    markets: [...doc.markets],
    platform: doc.platform,
    month: doc.month,
    results: doc.outcome && {
      views: doc.outcome.views,
      engagementRate: doc.outcome.engagementRate,
      clicks: doc.outcome.clicks,
      orders: doc.outcome.orders,
      conversionRate: doc.outcome.conversionRate,
      source: doc.outcome.source,
      position: String(doc.outcome.position),
    },
    publish: doc.publish,
    position: String(doc.position),
    revealedPosition: String(doc.revealedPosition),
    collaborationId: seesIds ? doc.collaborationId : null,
    ratingId: seesIds ? doc.ratingId : null,
    doc,
  };
};

export const summaryFromDoc = (doc: ReviewSummaryDoc | undefined): ReviewSummary => ({
  count: doc?.count ?? 0,
  distribution: [...(doc?.stars ?? [0, 0, 0, 0, 0])],
  dimensions: Object.entries(doc?.counts ?? {})
    .map(([dimension, n]) => ({ dimension, reviews: n, mean: doc!.sums[dimension]! / n }))
    .sort((a, b) => a.dimension.localeCompare(b.dimension)),
  topTags: Object.entries(doc?.tags ?? {})
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
    .slice(0, 10),
});

// ─── Replies, reports and the arbitrators' queue ───

@InputType()
export class ReplyToReviewInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => String) text!: string;
}

@InputType({ description: 'A file uploaded to POST /evidence by the reporter' })
export class CitedFileInput {
  @Field(() => String, { description: 'SHA-256 as POST /evidence returned it' }) sha256!: string;
  @Field(() => String, { nullable: true }) fileName?: string;
}

@InputType()
export class ReportReviewInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => ID, { nullable: true, description: 'Chosen by the caller, or made by the server' })
  reportId?: string;
  @Field(() => ReportReason) reason!: string;
  @Field(() => String) statement!: string;
  @Field(() => [CitedFileInput], { defaultValue: [] }) evidence!: CitedFileInput[];
}

@InputType()
export class DecideReviewReportInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) reportId!: string;
  @Field(() => ReportDecision) decision!: string;
  @Field(() => ReportReason, {
    nullable: true,
    description: 'The public reason of a removal, when not the report’s',
  })
  reason?: string;
  @Field(() => String) note!: string;
}

@ObjectType({
  description: 'What a review command wrote; `review` waits (bounded) until the reviews show it',
})
export class ReviewPayload extends CommandResult {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => ID, { nullable: true }) reportId!: string | null;
}
