import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { ReportDoc } from '../../../projections/reviews/reviews.documents.js';
import { ReportReason, ReportStatus, Side } from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import { Connection } from '../common/types.js';

/** DOMAIN.md § Public reviews: reports, as arbitrators and auditors see them in their queue. */

@ObjectType()
export class ReportFile {
  @Field(() => String) sha256!: string;
  @Field(() => String, { nullable: true }) fileName!: string | null;
  @Field(() => String) contentType!: string;
  @Field(() => SafeInt) sizeBytes!: number;
}

@ObjectType()
export class ReportDecisionTaken {
  @Field(() => ReportReason, { nullable: true, description: 'The public reason of a removal' })
  reason!: string | null;
  @Field(() => String) note!: string;
}

@ObjectType({ description: 'The review’s text as written, arbitration’s to read whatever became of it' })
export class ReviewText {
  @Field(() => String) comment!: string;
  @Field(() => [String]) tags!: string[];
  @Field(() => String, { nullable: true }) reply!: string | null;
}

@ObjectType({ description: 'A report of a review (arbitrators and auditors)' })
export class ReviewReport {
  @Field(() => ID) id!: string;
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) ratingId!: string;
  @Field(() => ID, { description: 'The review’s id (its rating’s log position)' }) reviewId!: string;
  @Field(() => ReportReason) reason!: string;
  @Field(() => String) statement!: string;
  @Field(() => Side) side!: string;
  @Field(() => ID) reporterId!: string;
  @Field(() => [ReportFile]) evidence!: ReportFile[];
  @Field(() => ReportStatus) status!: string;
  @Field(() => DateTime) reportedAt!: string;
  @Field(() => DateTime, { description: 'Escalated if not decided by then' }) dueAt!: string;
  @Field(() => Boolean) escalated!: boolean;
  @Field(() => DateTime, { nullable: true }) escalatedAt!: string | null;
  @Field(() => DateTime, { nullable: true }) decidedAt!: string | null;
  @Field(() => ReportDecisionTaken, { nullable: true }) decision!: ReportDecisionTaken | null;
}

@ObjectType()
export class ReviewReportConnection extends Connection('ReviewReport', ReviewReport) {}

@InputType()
export class ReviewReportFilter {
  @Field(() => ReportStatus, { nullable: true, description: 'OPEN by default' }) status?: string;
  @Field(() => Boolean, { nullable: true }) escalated?: boolean;
}

export const reportFromDoc = (doc: ReportDoc): ReviewReport => ({
  id: doc.reportId,
  collaborationId: doc.collaborationId,
  ratingId: doc.ratingId,
  reviewId: doc.reviewId,
  reason: doc.reason,
  statement: doc.statement,
  side: doc.side,
  reporterId: doc.reporterId,
  evidence: doc.evidence.map((e) => ({ ...e })),
  status: doc.status,
  reportedAt: doc.reportedAt,
  dueAt: doc.dueAt,
  escalated: doc.escalated,
  escalatedAt: doc.escalatedAt,
  decidedAt: doc.decidedAt,
  decision: doc.decision,
});
