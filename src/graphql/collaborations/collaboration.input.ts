import { Field, ID, InputType, Int, ObjectType, type ClassType } from 'type-graphql';
import {
  ArbitrationOutcome,
  CollaborationStatus,
  ContentFormat,
  ContentIssue,
  DisputeReason,
  EvidenceKind,
  Platform,
  RatingDecision,
  RatingFlagRule,
} from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import {
  Deliverable,
  Disclosure,
  MetricTargets,
  PaymentMilestoneSpec,
  Product,
  Score,
  Tracking,
  UsageRights,
} from './collaboration.type.js';
import { MilestoneDecision } from '../disputes/dispute.type.js';

@InputType()
export class MoneyInput {
  @Field(() => SafeInt) amountMinor!: number;
  @Field(() => String, { description: 'ISO 4217' }) currency!: string;
}

/**
 * What every form of a brief a seller writes (a proposal's, a template's) opens with: what is made,
 * for whom, where and how; each part optional, as a template may leave it out. An object type too,
 * for the template the seller reads back (library.type.ts).
 */
@ObjectType()
@InputType()
export class BriefScope {
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => Product, { nullable: true }) product?: Product;
  @Field(() => [String], { nullable: true }) targetMarkets?: string[];
  @Field(() => String, { nullable: true }) language?: string;
  @Field(() => ContentFormat, { nullable: true }) contentFormat?: string;
  @Field(() => [Platform], { nullable: true }) platforms?: string[];
  @Field(() => [Deliverable], { nullable: true }) deliverables?: Deliverable[];
}

/** A proposal's brief has due dates; a template has days from the proposal instead, after its terms. */
@InputType()
class BriefDueDates extends BriefScope {
  @Field(() => DateTime, { nullable: true }) scriptDueAt?: Date;
  @Field(() => DateTime, { nullable: true }) publishDueAt?: Date;
}

/**
 * What every form of a brief a seller writes goes on with (type-graphql's mixin classes): the fee,
 * in `money` (MoneyInput in an input, Money in an object type), how it is paid, and the rules and
 * rights agreed; each part optional, as the rules' defaults or a template may fill it.
 */
export const withBriefTerms = <TScope extends ClassType<BriefScope>, TMoney extends object>(
  Scope: TScope,
  money: ClassType<TMoney>,
) => {
  @ObjectType()
  @InputType()
  class BriefTerms extends Scope {
    @Field(() => money, { nullable: true }) fee?: TMoney;
    @Field(() => [PaymentMilestoneSpec], { nullable: true }) paymentMilestones?: PaymentMilestoneSpec[];
    @Field(() => Int, { nullable: true }) revisionLimit?: number;
    @Field(() => Int, { nullable: true }) measurementWindowDays?: number;
    @Field(() => MetricTargets, { nullable: true }) metricTargets?: MetricTargets;
    @Field(() => UsageRights, { nullable: true }) usageRights?: UsageRights;
    @Field(() => Disclosure, { nullable: true }) disclosure?: Disclosure;
    @Field(() => Tracking, { nullable: true }) tracking?: Tracking;
    @Field(() => String, { nullable: true }) notes?: string;
    @Field(() => Int, { nullable: true }) fixDays?: number;
    @Field(() => Int, { nullable: true }) negotiationRounds?: number;
  }
  return BriefTerms;
};

@InputType({
  description:
    'A brief. With a template, fields left out come from it (due dates as days from now); without one, title, product, ' +
    'targetMarkets, language, contentFormat, platforms, deliverables, scriptDueAt, publishDueAt and fee are required. ' +
    'Defaults: revisionLimit 2, measurementWindowDays 7, milestones DEPOSIT 30% on accept + FINAL 70% on completion, ' +
    'no usage rights, fixDays 5, negotiationRounds 3.',
})
export class BriefInput extends withBriefTerms(BriefDueDates, MoneyInput) {}

@InputType()
export class ProposeCollaborationInput {
  @Field(() => ID, { nullable: true, description: 'Chosen by the caller, or made by the server' })
  collaborationId?: string;
  @Field(() => ID) creatorId!: string;
  @Field(() => ID, { nullable: true, description: 'A brief template of the seller’s library to start from' })
  templateId?: string;
  @Field(() => BriefInput) brief!: BriefInput;
}

@InputType()
export class SubmitScriptInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => String, { nullable: true }) text?: string;
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class PublishContentInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => Platform) platform!: string;
  @Field(() => String) url!: string;
  @Field(() => DateTime) publishedAt!: Date;
}

@InputType()
export class ReviewContentInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => Boolean) accepted!: boolean;
  @Field(() => [ContentIssue], { defaultValue: [] }) issues!: string[];
  @Field(() => String, { nullable: true }) comment?: string;
}

@InputType()
export class RecordMetricsSnapshotInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID, { nullable: true }) snapshotId?: string;
  @Field(() => DateTime) capturedAt!: Date;
  @Field(() => SafeInt) views!: number;
  @Field(() => SafeInt) likes!: number;
  @Field(() => SafeInt) comments!: number;
  @Field(() => SafeInt) shares!: number;
  @Field(() => SafeInt) clicks!: number;
  @Field(() => SafeInt) orders!: number;
  @Field(() => MoneyInput) gmv!: MoneyInput;
  @Field(() => String, { nullable: true, description: 'The integration that pushed it, if any' })
  integration?: string;
}

@InputType()
export class PostMessageInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID, { nullable: true }) messageId?: string;
  @Field(() => String) body!: string;
  @Field(() => [String], { nullable: true, description: 'SHA-256 of files in the evidence store' })
  attachments?: string[];
}

@InputType()
export class RateCollaborationInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID, { nullable: true }) ratingId?: string;
  @Field(() => [Score], {
    description:
      'Seller→creator: CONTENT_QUALITY, TIMELINESS, COMMUNICATION, COMPLIANCE, BRAND_FIT; creator→seller: BRIEF_CLARITY, ' +
      'FEEDBACK_QUALITY, PAYMENT_RELIABILITY, COMMUNICATION; each 1–5',
  })
  scores!: Score[];
  @Field(() => String, { description: 'Specific: 20 characters or more, not only "good"' }) comment!: string;
  @Field(() => [String], { nullable: true }) tags?: string[];
}

@InputType()
export class ReviewRatingInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => RatingDecision) decision!: string;
  @Field(() => String) note!: string;
}

@InputType()
export class FlagRatingInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => RatingFlagRule) rule!: string;
  @Field(() => String) detail!: string;
}

@InputType()
export class OpenDisputeInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID, { nullable: true }) disputeId?: string;
  @Field(() => DisputeReason) reason!: string;
  @Field(() => String) statement!: string;
}

@InputType()
export class AddEvidenceInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) disputeId!: string;
  @Field(() => ID, { nullable: true }) evidenceId?: string;
  @Field(() => EvidenceKind) kind!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'SHA-256 of the file, as POST /evidence returned it' }) sha256!: string;
  @Field(() => String, { nullable: true }) fileName?: string;
}

@InputType()
export class AddStatementInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) disputeId!: string;
  @Field(() => ID, { nullable: true }) statementId?: string;
  @Field(() => String) text!: string;
}

@InputType()
export class ResolveDisputeInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) disputeId!: string;
  @Field(() => ArbitrationOutcome) outcome!: string;
  @Field(() => String) note!: string;
  @Field(() => [MilestoneDecision], {
    nullable: true,
    description: 'Required for SHARED; defaults per outcome otherwise',
  })
  milestoneDecisions?: MilestoneDecision[];
}

@InputType()
export class WithdrawDisputeInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) disputeId!: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class ReleaseMilestoneInput {
  @Field(() => ID) collaborationId!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { nullable: true, description: 'Release although metric targets were missed' })
  waiveMissedTargets?: boolean;
}

@InputType()
export class CollaborationFilter {
  @Field(() => [CollaborationStatus], { nullable: true }) statuses?: string[];
  @Field(() => ID, { nullable: true }) sellerId?: string;
  @Field(() => ID, { nullable: true }) creatorId?: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only those with (true) or without (false) an open dispute',
  })
  disputeOpen?: boolean;
}
