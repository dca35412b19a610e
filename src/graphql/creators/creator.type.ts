import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { CreatorDoc } from '../../../projections/creators/creators.projection.js';
import { Category, FollowerTier, Grade, Platform } from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import { Connection } from '../common/types.js';

@ObjectType()
@InputType('PlatformAccountInput')
export class PlatformAccount {
  @Field(() => Platform)
  platform!: string;

  @Field(() => String)
  handle!: string;

  @Field(() => SafeInt)
  followers!: number;

  @Field(() => String, { nullable: true })
  url?: string | null;
}

@ObjectType({
  description: 'One rating dimension: Bayesian mean (5·3.5 + Σr) / (5 + n) over counted ratings',
})
export class DimensionFigure {
  @Field(() => String)
  dimension!: string;

  @Field(() => Int, { description: 'Counted ratings' })
  ratings!: number;

  @Field(() => Int)
  sum!: number;

  @Field(() => Float)
  mean!: number;
}

@ObjectType({
  description:
    'The parts of the credit score before rounding: 1000 · (rating + onTime + completion + disputes) − flagPenalty',
})
export class CreditBreakdown {
  @Field(() => Float, { description: '0.45 · (overall − 1) / 4' })
  rating!: number;

  @Field(() => Float, { description: '0.20 · on-time rate' })
  onTime!: number;

  @Field(() => Float, { description: '0.15 · completion rate' })
  completion!: number;

  @Field(() => Float, { description: '0.20 · (1 − dispute loss rate)' })
  disputes!: number;

  @Field(() => Int, { description: '50 per collaboration with flagged metrics' })
  flagPenalty!: number;
}

@ObjectType({ description: "A creator's reputation with its breakdown (DOMAIN.md § Reputation)" })
export class Reputation {
  @Field(() => ID)
  creatorId!: string;

  @Field(() => Float, { description: 'Weighted mean of the dimensions' })
  overall!: number;

  @Field(() => [DimensionFigure])
  dimensions!: DimensionFigure[];

  @Field(() => Int, { description: 'Seller→creator ratings revealed and not under review' })
  ratingsCounted!: number;

  @Field(() => Int)
  ratingsUnderReview!: number;

  @Field(() => Int)
  published!: number;

  @Field(() => Int)
  onTime!: number;

  @Field(() => Float, { description: '(onTime + 1) / (published + 2)' })
  onTimeRate!: number;

  @Field(() => Int)
  accepted!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  cancelled!: number;

  @Field(() => Int, { description: 'Accepted collaborations now COMPLETED or CANCELLED' })
  ended!: number;

  @Field(() => Float, { description: '(completed + 1) / (ended + 2)' })
  completionRate!: number;

  @Field(() => Int)
  disputesResolved!: number;

  @Field(() => Int)
  creatorAtFault!: number;

  @Field(() => Int)
  sharedFault!: number;

  @Field(() => Float, { description: '(creatorAtFault + 0.5 · shared) / (ended + 1)' })
  disputeLossRate!: number;

  @Field(() => Float, { nullable: true, description: 'Median over collaborations with metrics' })
  engagementRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median orders / clicks' })
  conversionRate!: number | null;

  @Field(() => Int)
  collaborationsWithMetrics!: number;

  @Field(() => [ID], { description: 'Collaborations whose metrics look inconsistent or implausible' })
  flaggedCollaborations!: string[];

  @Field(() => Int, { description: '0–1000' })
  creditScore!: number;

  @Field(() => CreditBreakdown)
  creditBreakdown!: CreditBreakdown;

  @Field(() => Grade)
  grade!: string;

  @Field(() => Float, { description: 'credit score × (1 − e^(−completed/5)): the directory default order' })
  recommendationWeight!: number;

  @Field(() => DateTime, { nullable: true })
  updatedAt!: string | null;

  /** For a reputation as it stood at a past instant: that instant, which bounds its `changes`. Not a field. */
  asOf?: string;
}

@ObjectType()
export class FigureChange {
  @Field(() => String)
  figure!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;

  @Field(() => Float, { nullable: true })
  delta!: number | null;
}

@ObjectType({ description: 'An event that moved reputation figures' })
export class ReputationChange {
  @Field(() => String, { description: 'Log position of the event' })
  position!: string;

  @Field(() => DateTime)
  at!: string;

  @Field(() => String)
  eventType!: string;

  @Field(() => ID)
  collaborationId!: string;

  @Field(() => [FigureChange])
  changes!: FigureChange[];
}

@ObjectType()
export class ReputationChangeConnection extends Connection('ReputationChange', ReputationChange) {}

@ObjectType({ description: 'A creator: public profile and reputation' })
export class Creator {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2' })
  country!: string;

  @Field(() => [String])
  languages!: string[];

  @Field(() => [Category])
  categories!: string[];

  @Field(() => [Platform])
  platforms!: string[];

  @Field(() => [PlatformAccount])
  platformAccounts!: PlatformAccount[];

  @Field(() => SafeInt, { description: 'Across all platform accounts' })
  followers!: number;

  @Field(() => FollowerTier)
  followerTier!: string;

  @Field(() => String, { nullable: true })
  bio!: string | null;

  @Field(() => DateTime, { nullable: true })
  registeredAt!: string | null;

  @Field(() => Reputation)
  reputation!: Reputation;

  @Field(() => Int, { description: 'Its public reviews (DOMAIN.md § Public reviews)' })
  reviewCount!: number;

  @Field(() => Boolean, { description: 'Every account and language of its profile checked by an arbitrator' })
  verified!: boolean;
}

@ObjectType()
export class CreatorConnection extends Connection('Creator', Creator) {}

@InputType({ description: 'DOMAIN.md § Creator directory: every filter' })
export class CreatorFilter {
  @Field(() => [Category], { nullable: true, description: 'Works in any of these' })
  categories?: string[];

  @Field(() => [String], { nullable: true, description: 'Based in any of these (ISO 3166-1 alpha-2)' })
  countries?: string[];

  @Field(() => [String], { nullable: true, description: 'Speaks any of these' })
  languages?: string[];

  @Field(() => [Platform], { nullable: true, description: 'On any of these' })
  platforms?: string[];

  @Field(() => [FollowerTier], { nullable: true })
  followerTiers?: string[];

  @Field(() => Float, { nullable: true })
  minRating?: number;

  @Field(() => Float, { nullable: true })
  minEngagementRate?: number;

  @Field(() => Float, { nullable: true })
  minOnTimeRate?: number;

  @Field(() => [Grade], { nullable: true })
  grades?: string[];

  @Field(() => Int, { nullable: true, description: 'At least this many public reviews' })
  minReviews?: number;

  @Field(() => Boolean, { nullable: true, description: 'Verified (or not) creators only' })
  verified?: boolean;
}

export const creatorFromDoc = (doc: CreatorDoc): Creator => {
  const r = doc.reputation;
  return {
    id: doc.creatorId,
    displayName: doc.profile?.displayName ?? doc.creatorId,
    country: doc.country,
    languages: [...doc.languages],
    categories: [...doc.categories],
    platforms: [...doc.platforms],
    platformAccounts: (doc.profile?.platformAccounts ?? []).map((a) => ({ ...a, url: a.url ?? null })),
    followers: doc.followers,
    followerTier: doc.followerTier,
    bio: doc.profile?.bio ?? null,
    registeredAt: doc.registeredAt,
    reviewCount: doc.reviewCount,
    verified: doc.verified,
    reputation: {
      creatorId: doc.creatorId,
      overall: r.overall,
      dimensions: Object.entries(r.dimensions).map(([dimension, f]) => ({
        dimension,
        ratings: f.n,
        sum: f.sum,
        mean: f.mean,
      })),
      ratingsCounted: r.ratingsCounted,
      ratingsUnderReview: r.ratingsUnderReview,
      published: r.published,
      onTime: r.onTime,
      onTimeRate: r.onTimeRate,
      accepted: r.accepted,
      completed: r.completed,
      cancelled: r.cancelled,
      ended: r.ended,
      completionRate: r.completionRate,
      disputesResolved: r.disputesResolved,
      creatorAtFault: r.creatorAtFault,
      sharedFault: r.sharedFault,
      disputeLossRate: r.disputeLossRate,
      engagementRate: r.engagementRate,
      conversionRate: r.conversionRate,
      collaborationsWithMetrics: r.collaborationsWithMetrics,
      flaggedCollaborations: [...r.flaggedCollaborations],
      creditScore: r.creditScore,
      creditBreakdown: { ...r.creditParts },
      grade: r.grade,
      recommendationWeight: r.recommendationWeight,
      updatedAt: doc.reputationUpdatedAt,
    },
  };
};
