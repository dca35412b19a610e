import 'reflect-metadata';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ContentIssue, Platform, Side, UsageScope } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Money } from '../common/types.js';
import { Deliverable } from './collaboration.type.js';
import { MoneyInput } from './collaboration.input.js';

/*
 * The lifecycle after the first steps, as a collaboration shows it (DOMAIN.md § Negotiation,
 * § Acceptance, § Usage rights), and what its commands are given.
 */

@ObjectType({ description: 'An offer of the terms: the proposal (round 0), then each counter-offer' })
export class Offer {
  @Field(() => Int) round!: number;
  @Field(() => Side) by!: string;
  @Field(() => Money) fee!: Money;
  @Field(() => DateTime) scriptDueAt!: string;
  @Field(() => DateTime) publishDueAt!: string;
  @Field(() => [Deliverable]) deliverables!: Deliverable[];
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateTime) offeredAt!: string;
}

@ObjectType({ description: 'Every round of the negotiation before acceptance' })
export class Negotiation {
  @Field(() => [Offer]) offers!: Offer[];
  @Field(() => Int, { description: 'Counter-offers the brief allows, by either side in all' })
  counterOffersAllowed!: number;
  @Field(() => Int) counterOffersLeft!: number;
  @Field(() => Side, { nullable: true, description: 'Whose answer the latest offer awaits, while proposed' })
  awaiting!: string | null;
  @Field(() => Int, { nullable: true, description: 'The counter-offer whose terms were agreed' })
  agreedRound!: number | null;
}

@ObjectType({ description: 'Content reviewed with issues and the creator’s fixes' })
export class ContentFix {
  @Field(() => [ContentIssue], { description: 'The issues of the last review with issues' })
  issues!: string[];
  @Field(() => Boolean, { description: 'False when only the disclosure is missing: a compliance flag' })
  fixRequired!: boolean;
  @Field(() => DateTime, { nullable: true }) reviewedAt!: string | null;
  @Field(() => DateTime, { nullable: true }) fixDueAt!: string | null;
  @Field(() => Int) fixes!: number;
  @Field(() => DateTime, { nullable: true }) fixedAt!: string | null;
  @Field(() => Boolean, { description: 'The fix was not recorded by its deadline' }) overdue!: boolean;
}

@ObjectType({ description: 'An amendment to the usage rights awaiting the creator' })
export class UsageRightsExtension {
  @Field(() => ID) id!: string;
  @Field(() => [UsageScope]) scope!: string[];
  @Field(() => [Platform]) platforms!: string[];
  @Field(() => DateTime) endsAt!: string;
  @Field(() => Money, { nullable: true }) fee!: Money | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateTime) proposedAt!: string;
}

@ObjectType({ description: 'The usage rights as they stand: the brief’s, then each accepted extension’s' })
export class UsageRightsStatus {
  @Field(() => [UsageScope]) scope!: string[];
  @Field(() => [Platform]) platforms!: string[];
  @Field(() => DateTime, { nullable: true, description: 'Known once published (months) or from the brief' })
  endsAt!: string | null;
  @Field(() => Boolean) ended!: boolean;
  @Field(() => Int) extensions!: number;
  @Field(() => UsageRightsExtension, { nullable: true }) pendingExtension!: UsageRightsExtension | null;
}

@InputType({ description: 'A counter-offer: the terms left out stay as in the latest offer' })
export class CounterOfferInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => MoneyInput, { nullable: true }) fee?: MoneyInput;
  @Field(() => DateTime, { nullable: true }) scriptDueAt?: Date;
  @Field(() => DateTime, { nullable: true }) publishDueAt?: Date;
  @Field(() => [Deliverable], { nullable: true }) deliverables?: Deliverable[];
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType({
  description: 'The creator’s fix of content reviewed with issues: a new link, or a note of the edit',
})
export class RecordContentFixInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType({ description: 'An amendment: a later end; the scope and platforms stay unless given' })
export class ProposeUsageRightsExtensionInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID, { nullable: true }) extensionId?: string;
  @Field(() => DateTime) endsAt!: Date;
  @Field(() => [UsageScope], { nullable: true }) scope?: string[];
  @Field(() => [Platform], { nullable: true }) platforms?: string[];
  @Field(() => MoneyInput, {
    nullable: true,
    description: 'Due when the creator accepts, in the fee’s currency',
  })
  fee?: MoneyInput;
  @Field(() => String, { nullable: true }) note?: string;
}
