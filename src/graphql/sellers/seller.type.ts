import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { SellerDoc } from '../../../projections/sellers/sellers.projection.js';
import { DateTime } from '../common/scalars.js';
import { CommandResult } from '../collaborations/collaboration.type.js';

@ObjectType()
export class SellerDimension {
  @Field(() => String) dimension!: string;
  @Field(() => Int) ratings!: number;
  @Field(() => Float, { nullable: true }) mean!: number | null;
}

@ObjectType({
  description: 'A brand or cross-border shop, and how creators rated it (revealed ratings only)',
})
export class Seller {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => DateTime, { nullable: true }) registeredAt!: string | null;
  @Field(() => Int) collaborations!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) ratingsRevealed!: number;
  @Field(() => Float, { nullable: true }) overallRating!: number | null;
  @Field(() => [SellerDimension]) dimensions!: SellerDimension[];
}

@InputType()
export class RegisterSellerInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2' }) country!: string;
  @Field(() => String, { nullable: true }) website?: string;
}

@ObjectType()
export class SellerPayload extends CommandResult {
  @Field(() => ID) sellerId!: string;
}

export const sellerFromDoc = (doc: SellerDoc): Seller => ({
  id: doc.sellerId,
  name: doc.profile?.name ?? null,
  country: doc.profile?.country ?? null,
  website: doc.profile?.website ?? null,
  registeredAt: doc.registeredAt,
  collaborations: doc.collaborations,
  completed: doc.completed,
  ratingsRevealed: doc.ratingsRevealed,
  overallRating: doc.overall,
  dimensions: Object.entries(doc.dimensions).map(([dimension, d]) => ({
    dimension,
    ratings: d.n,
    mean: d.mean,
  })),
});
