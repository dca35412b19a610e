// The decorators below need the metadata API, and this module may load before the schema does: the
// request context reads collaboration.view.ts, which builds collaborations.
import 'reflect-metadata';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import {
  CollaborationStatus,
  ContentFormat,
  DeadlineRule,
  DisputeOutcome,
  DisputeReason,
  MilestoneStatus,
  MilestoneTrigger,
  Platform,
  Category,
  RatingDirection,
  RatingFlagRule,
  RatingReviewState,
  ReportReason,
  ReportStatus,
  Side,
  UsageScope,
} from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import { Connection, Money } from '../common/types.js';
import type { CollaborationSource, CollaborationSummary } from './collaboration.view.js';

/*
 * What a collaboration's commands are given is shown back as it was given: one class each is the
 * object type and, under the name its second decorator gives, the input type (as in type-graphql's
 * examples/mixin-classes).
 */

@ObjectType()
@InputType('ProductInput')
export class Product {
  @Field(() => String) name!: string;
  @Field(() => Category) category!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
}

@ObjectType()
@InputType('DeliverableInput')
export class Deliverable {
  @Field(() => String) description!: string;
  @Field(() => Int) quantity!: number;
}

@ObjectType()
@InputType('PaymentMilestoneInput')
export class PaymentMilestoneSpec {
  @Field(() => String) name!: string;
  @Field(() => Int) percent!: number;
  @Field(() => MilestoneTrigger) dueOn!: string;
}

@ObjectType({ description: 'Targets the final metrics must meet for the FINAL milestone' })
@InputType('MetricTargetsInput')
export class MetricTargets {
  @Field(() => SafeInt, { nullable: true }) minViews?: number | null;
  @Field(() => Float, { nullable: true }) minEngagementRate?: number | null;
  @Field(() => SafeInt, { nullable: true }) minClicks?: number | null;
  @Field(() => SafeInt, { nullable: true }) minOrders?: number | null;
  @Field(() => SafeInt, { nullable: true }) minGmvMinor?: number | null;
}

@ObjectType({
  description: 'What the seller may do with the content, where, and until when (DOMAIN.md § Usage rights)',
})
@InputType('UsageRightsInput')
export class UsageRights {
  @Field(() => [UsageScope], { description: 'Empty: the seller may not reuse the content' }) scope!: string[];
  @Field(() => [Platform]) platforms!: string[];
  @Field(() => Int, { nullable: true, description: 'The rights end this many months after publish' })
  months?: number | null;
  @Field(() => DateTime, { nullable: true, description: 'The rights end then (instead of months)' })
  endsAt?: string | null;
}

@ObjectType()
@InputType('DisclosureInput')
export class Disclosure {
  @Field(() => Boolean) required!: boolean;
  @Field(() => String, { nullable: true }) tag?: string | null;
}

@ObjectType()
@InputType('TrackingInput')
export class Tracking {
  @Field(() => String, { nullable: true }) utmLink?: string | null;
  @Field(() => String, { nullable: true }) discountCode?: string | null;
}

/**
 * Every part set: the rules' defaults are filled in at proposal. The forms a seller writes, where any
 * part may be left out, are BriefInput and the template's (collaboration.input.ts).
 */
@ObjectType({ description: 'The brief, fixed at proposal' })
export class Brief {
  @Field(() => String) title!: string;
  @Field(() => Product) product!: Product;
  @Field(() => [String]) targetMarkets!: string[];
  @Field(() => String) language!: string;
  @Field(() => ContentFormat) contentFormat!: string;
  @Field(() => [Platform]) platforms!: string[];
  @Field(() => [Deliverable]) deliverables!: Deliverable[];
  @Field(() => DateTime) scriptDueAt!: string;
  @Field(() => DateTime) publishDueAt!: string;
  @Field(() => Money) fee!: Money;
  @Field(() => [PaymentMilestoneSpec]) paymentMilestones!: PaymentMilestoneSpec[];
  @Field(() => Int) revisionLimit!: number;
  @Field(() => Int) measurementWindowDays!: number;
  @Field(() => MetricTargets) metricTargets!: MetricTargets;
  @Field(() => UsageRights) usageRights!: UsageRights;
  @Field(() => Disclosure) disclosure!: Disclosure;
  @Field(() => Tracking) tracking!: Tracking;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => Int, { description: 'Days the creator has to fix content reviewed with issues' })
  fixDays!: number;
  @Field(() => Int, { description: 'Counter-offers allowed before acceptance, by either side in all' })
  negotiationRounds!: number;
}

@ObjectType()
export class NextDeadline {
  @Field(() => DeadlineRule) rule!: string;
  @Field(() => DateTime) dueAt!: string;
}

@ObjectType()
export class Deadlines {
  @Field(() => DateTime, { nullable: true }) scriptDueAt!: string | null;
  @Field(() => DateTime, { nullable: true }) publishDueAt!: string | null;
  @Field(() => DateTime, { nullable: true }) ratingWindowClosesAt!: string | null;
  @Field(() => DateTime, { nullable: true }) disputeWindowClosesAt!: string | null;
  @Field(() => NextDeadline, { nullable: true, description: 'The next deadline the platform will enforce' })
  next!: NextDeadline | null;
  @Field(() => [NextDeadline], {
    description: 'Every deadline running now, earliest first: each acts, when due, by its rule',
  })
  pending!: NextDeadline[];
}

@ObjectType()
export class ScriptVersion {
  @Field(() => Int) version!: number;
  @Field(() => DateTime) submittedAt!: string;
  @Field(() => String, { description: 'PENDING, REVISION_REQUESTED or APPROVED' }) outcome!: string;
}

@ObjectType({ description: 'The publish, late when after the publish due date' })
export class Publish {
  @Field(() => Platform) platform!: string;
  @Field(() => String) url!: string;
  @Field(() => DateTime) publishedAt!: string;
  @Field(() => DateTime) publishDueAt!: string;
  @Field(() => Boolean) late!: boolean;
  @Field(() => Float, { description: 'Hours after the publish due date, to 0.01 h' }) lateByHours!: number;
}

@ObjectType()
export class MetricsSnapshot {
  @Field(() => ID) snapshotId!: string;
  @Field(() => String, { description: 'SELLER, CREATOR or INTEGRATION' }) source!: string;
  @Field(() => DateTime) capturedAt!: string;
  @Field(() => SafeInt) views!: number;
  @Field(() => SafeInt) likes!: number;
  @Field(() => SafeInt) comments!: number;
  @Field(() => SafeInt) shares!: number;
  @Field(() => SafeInt) clicks!: number;
  @Field(() => SafeInt) orders!: number;
  @Field(() => Money) gmv!: Money;
  @Field(() => Boolean, { description: 'Captured at or after publishedAt + measurement window' })
  final!: boolean;
  @Field(() => Boolean, { description: 'INCONSISTENT_METRICS: a counter went down' }) inconsistent!: boolean;
  @Field(() => Float, { nullable: true, description: '(likes + comments + shares) / views' })
  engagementRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'orders / clicks' }) conversionRate!: number | null;
}

@ObjectType()
export class CollaborationMetrics {
  @Field(() => Int) snapshots!: number;
  @Field(() => MetricsSnapshot, { nullable: true }) latest!: MetricsSnapshot | null;
  @Field(() => MetricsSnapshot, {
    nullable: true,
    description: 'The first snapshot at or after the window end',
  })
  final!: MetricsSnapshot | null;
  @Field(() => Boolean) inconsistent!: boolean;
}

/** A payment milestone of the brief, and where it stands. */
@ObjectType()
export class Milestone extends PaymentMilestoneSpec {
  @Field(() => Money) amount!: Money;
  @Field(() => MilestoneStatus) status!: string;
  @Field(() => ID, { nullable: true, description: 'The open dispute holding it' }) heldByDispute!:
    string | null;
  @Field(() => [String], { description: 'Missed metric targets holding it (the seller may waive them)' })
  missedTargets!: string[];
  @Field(() => Boolean, { description: 'Held until content reviewed with issues is accepted' })
  heldForContent!: boolean;
  @Field(() => ID, { nullable: true, description: 'The usage rights extension whose fee it is' })
  extensionId!: string | null;
}

@ObjectType()
export class DisputeSummary {
  @Field(() => ID) disputeId!: string;
  @Field(() => DisputeReason) reason!: string;
  @Field(() => Side) openedBy!: string;
  @Field(() => DateTime) openedAt!: string;
  @Field(() => DisputeOutcome, { nullable: true }) outcome!: string | null;
  @Field(() => Boolean, { description: 'The other side stated nothing within 5 days' })
  responseMissed!: boolean;
  @Field(() => Boolean, { description: 'No arbitrator decided within 30 days' }) escalated!: boolean;
}

@ObjectType()
@InputType('ScoreInput')
export class Score {
  @Field(() => String) dimension!: string;
  @Field(() => Int) score!: number;
}

@ObjectType({ description: 'The reviewed party’s reply to a rating once it is a public review' })
export class RatingReply {
  @Field(() => Side) side!: string;
  @Field(() => String, { description: 'Empty once arbitration removed the review’s text' }) text!: string;
  @Field(() => DateTime) repliedAt!: string;
}

@ObjectType({ description: 'Arbitration removed the review’s text (comment, tags, reply)' })
export class RatingRemoval {
  @Field(() => ReportReason, { description: 'The public reason' }) reason!: string;
  @Field(() => String, { description: 'The arbitrator’s note' }) note!: string;
  @Field(() => DateTime) removedAt!: string;
}

@ObjectType({ description: 'A report of one of the collaboration’s reviews: shown to its reporter' })
export class CollaborationReport {
  @Field(() => ID) reportId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => Side) side!: string;
  @Field(() => ReportReason) reason!: string;
  @Field(() => String) statement!: string;
  @Field(() => [String], { description: 'SHA-256 of the files cited' }) evidence!: string[];
  @Field(() => DateTime) reportedAt!: string;
  @Field(() => ReportStatus) status!: string;
  @Field(() => DateTime, { nullable: true }) decidedAt!: string | null;
  @Field(() => DateTime, { nullable: true }) escalatedAt!: string | null;
}

@ObjectType({ description: 'A rating; a hidden one is shown to its author (and arbitrators, auditors) only' })
export class Rating {
  @Field(() => ID) id!: string;
  @Field(() => RatingDirection) direction!: string;
  @Field(() => ID) raterId!: string;
  @Field(() => ID) rateeId!: string;
  @Field(() => [Score]) scores!: Score[];
  @Field(() => Float) mean!: number;
  @Field(() => String) comment!: string;
  @Field(() => [String]) tags!: string[];
  @Field(() => DateTime) ratedAt!: string;
  @Field(() => Boolean, { description: 'Double-blind: hidden until both rated or the window closed' })
  revealed!: boolean;
  @Field(() => RatingReviewState) review!: string;
  @Field(() => [RatingFlagRule]) flags!: string[];
  @Field(() => DateTime, { nullable: true }) revealedAt!: string | null;
  @Field(() => RatingReply, { nullable: true }) reply!: RatingReply | null;
  @Field(() => RatingRemoval, { nullable: true }) removal!: RatingRemoval | null;
}

/**
 * A collaboration as one viewer may see it. Its summary (what the read model's indexes hold) is set
 * here; each other field is computed from `source` by CollaborationResolver, and only when a query
 * asks for it (a list page asks a few fields of many collaborations). Those fields are declared for
 * their place and description in the schema, optional because they are never set.
 */
@ObjectType({ description: 'A collaboration as the read model shows it' })
export class Collaboration {
  @Field(() => ID) readonly id: string;
  @Field(() => CollaborationStatus) readonly status: string;
  @Field(() => ID) readonly sellerId: string;
  @Field(() => ID) readonly creatorId: string;
  @Field(() => Brief) readonly brief?: Brief;
  @Field(() => Deadlines) readonly deadlines?: Deadlines;
  @Field(() => [ScriptVersion]) readonly scripts?: ScriptVersion[];
  @Field(() => Int) readonly revisionCount?: number;
  @Field(() => Publish, { nullable: true }) readonly publish?: Publish | null;
  @Field(() => String, {
    description: 'NONE, ISSUES, FIXED (the creator fixed it; the seller’s answer awaited) or ACCEPTED',
  })
  readonly contentReview?: string;
  @Field(() => CollaborationMetrics) readonly metrics?: CollaborationMetrics;
  @Field(() => [Milestone]) readonly milestones?: Milestone[];
  @Field(() => [DisputeSummary]) readonly disputes?: DisputeSummary[];
  @Field(() => ID, { nullable: true }) readonly openDisputeId?: string | null;
  @Field(() => [Rating], { description: 'The ratings the viewer may see' }) readonly ratings?: Rating[];
  @Field(() => [CollaborationReport], { description: 'Reports of its reviews the viewer may see' })
  readonly reports?: CollaborationReport[];
  @Field(() => Int) readonly messageCount?: number;
  @Field(() => DateTime) readonly proposedAt: string;
  @Field(() => DateTime, { nullable: true }) readonly acceptedAt?: string | null;
  @Field(() => DateTime, { nullable: true }) readonly completedAt?: string | null;
  @Field(() => DateTime) readonly updatedAt: string;
  @Field(() => Int, { description: 'Revision of the last event of its stream' }) readonly revision?: number;
  @Field(() => String, { description: 'Log position of its last event' }) readonly position?: string;

  constructor(
    summary: CollaborationSummary,
    readonly source: CollaborationSource,
  ) {
    this.id = summary.id;
    this.status = summary.status;
    this.sellerId = summary.sellerId;
    this.creatorId = summary.creatorId;
    this.proposedAt = summary.proposedAt;
    this.updatedAt = summary.updatedAt;
  }
}

@ObjectType()
export class CollaborationConnection extends Connection('Collaboration', Collaboration) {}

@ObjectType({ description: 'What a command wrote: its log position (for read-your-writes) and the events' })
export class CommandResult {
  @Field(() => String, { description: 'Pass it as minPosition to read what this wrote' }) position!: string;
  @Field(() => Int) revision!: number;
  @Field(() => [String]) events!: string[];
  @Field(() => Boolean, {
    description: 'True when this answers a retry (same Idempotency-Key): nothing was written',
  })
  deduplicated!: boolean;
}

@ObjectType({
  description: 'What a collaboration command wrote; `collaboration` waits (bounded) until the view shows it',
})
export class CollaborationPayload extends CommandResult {
  @Field(() => ID) collaborationId!: string;
  @Field(() => CollaborationStatus) status!: string;
}
