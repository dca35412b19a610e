import { Field, ID, InputType, Int, InterfaceType, ObjectType, createUnionType } from 'type-graphql';
import type { DisputeDoc, TrailEntry } from '../../../projections/disputes/disputes.projection.js';
import {
  CollaborationStatus,
  DeadlineRule,
  DisputeOutcome,
  DisputeReason,
  DisputeStatus,
  EvidenceKind,
  MilestoneAction,
  Side,
} from '../common/enums.js';
import { DateTime, SafeInt } from '../common/scalars.js';
import { Connection, Money } from '../common/types.js';
import { CommandResult, MetricsSnapshot, Publish } from '../collaborations/collaboration.type.js';

@InterfaceType({ description: 'Where a fact stands in the log, to check it against the hash chain' })
export abstract class LogReference {
  @Field(() => DateTime) at!: string;
  @Field(() => String, { description: 'Log position of the event' }) position!: string;
  @Field(() => Int, { description: 'Revision in the collaboration stream' }) revision!: number;
  @Field(() => String, { description: 'SHA-256 of the event in the hash chain' }) eventHash!: string;
}

@ObjectType({ implements: LogReference })
export class DisputeOpenedEntry extends LogReference {
  @Field(() => Side) side!: string;
  @Field(() => DisputeReason) reason!: string;
  @Field(() => String) statement!: string;
}

@ObjectType({ implements: LogReference })
export class EvidenceEntry extends LogReference {
  @Field(() => Side) side!: string;
  @Field(() => ID) evidenceId!: string;
  @Field(() => EvidenceKind) evidenceKind!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'SHA-256 of the file: GET /evidence/{sha256}' }) sha256!: string;
  @Field(() => String, { nullable: true }) fileName!: string | null;
  @Field(() => String, { nullable: true }) contentType!: string | null;
  @Field(() => SafeInt, { nullable: true }) sizeBytes!: number | null;
}

@ObjectType({ implements: LogReference })
export class StatementEntry extends LogReference {
  @Field(() => Side) side!: string;
  @Field(() => ID) statementId!: string;
  @Field(() => String) text!: string;
}

@ObjectType({ implements: LogReference })
export class ResolutionEntry extends LogReference {
  @Field(() => DisputeOutcome) outcome!: string;
  @Field(() => String) note!: string;
  @Field(() => String, { description: 'User who resolved (or withdrew) it' }) actor!: string;
}

@ObjectType({
  implements: LogReference,
  description: 'A deadline of the dispute the platform recorded: the other side’s silence, or the escalation',
})
export class DisputeDeadlineEntry extends LogReference {
  @Field(() => DeadlineRule) rule!: string;
  @Field(() => DateTime) dueAt!: string;
  @Field(() => Side, { nullable: true, description: 'Who stayed silent (DISPUTE_RESPONSE_MISSED)' })
  silentSide!: string | null;
}

const TRAIL_TYPES = {
  OPENED: 'DisputeOpenedEntry',
  EVIDENCE: 'EvidenceEntry',
  STATEMENT: 'StatementEntry',
  RESOLVED: 'ResolutionEntry',
  RESPONSE_MISSED: 'DisputeDeadlineEntry',
  ESCALATED: 'DisputeDeadlineEntry',
} as const satisfies Record<TrailEntry['kind'], string>;

export const DisputeTrailEntry = createUnionType({
  name: 'DisputeTrailEntry',
  description: 'One step of a dispute, in log order',
  types: () =>
    [DisputeOpenedEntry, EvidenceEntry, StatementEntry, ResolutionEntry, DisputeDeadlineEntry] as const,
  resolveType: (value) => TRAIL_TYPES[(value as unknown as TrailEntry).kind],
});

@ObjectType({ implements: LogReference })
export class MessageFact extends LogReference {
  @Field(() => ID) messageId!: string;
  @Field(() => Side) side!: string;
  @Field(() => String) body!: string;
  @Field(() => [String]) attachments!: string[];
}

@ObjectType({ description: 'The collaboration facts that matter to a dispute' })
export class DisputeFacts {
  @Field(() => String) title!: string;
  @Field(() => Money) fee!: Money;
  @Field(() => DateTime) scriptDueAt!: string;
  @Field(() => DateTime) publishDueAt!: string;
  @Field(() => String) status!: string;
  @Field(() => Publish, { nullable: true }) publish!: Publish | null;
  @Field(() => MetricsSnapshot, { nullable: true }) latestMetrics!: MetricsSnapshot | null;
  @Field(() => MetricsSnapshot, { nullable: true }) finalMetrics!: MetricsSnapshot | null;
  @Field(() => Int) snapshots!: number;
  @Field(() => [MessageFact]) messages!: MessageFact[];
}

@ObjectType()
@InputType('MilestoneDecisionInput')
export class MilestoneDecision {
  @Field(() => String) name!: string;
  @Field(() => MilestoneAction) action!: string;
}

@ObjectType()
export class DisputeResolution {
  @Field(() => DisputeOutcome) outcome!: string;
  @Field(() => String) note!: string;
  @Field(() => [MilestoneDecision]) milestoneDecisions!: MilestoneDecision[];
  @Field(() => Money) refund!: Money;
  @Field(() => Money) payout!: Money;
  @Field(() => DateTime) resolvedAt!: string;
  @Field(() => String) resolvedBy!: string;
}

@ObjectType({
  description:
    'The dispute’s clocks (DOMAIN.md § Deadlines): the other side states its case within 5 days, an arbitrator decides within 30',
})
export class DisputeClocks {
  @Field(() => Side, { description: 'The side that did not open the dispute' }) respondent!: string;
  @Field(() => DateTime) responseDueAt!: string;
  @Field(() => DateTime, { nullable: true, description: 'Its first statement or evidence' })
  respondedAt!: string | null;
  @Field(() => Boolean, { description: 'Nothing came by the due date (recorded; the dispute goes on)' })
  responseMissed!: boolean;
  @Field(() => DateTime) decisionDueAt!: string;
  @Field(() => DateTime, { nullable: true }) escalatedAt!: string | null;
}

@ObjectType({ description: 'A dispute and its evidence trail' })
export class Dispute {
  @Field(() => ID) id!: string;
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) sellerId!: string;
  @Field(() => ID) creatorId!: string;
  @Field(() => DisputeStatus) status!: string;
  @Field(() => Side) openedBy!: string;
  @Field(() => DisputeReason) reason!: string;
  @Field(() => DateTime) openedAt!: string;
  @Field(() => DateTime) updatedAt!: string;
  @Field(() => [DisputeTrailEntry]) trail!: (typeof DisputeTrailEntry)[];
  @Field(() => Int) evidenceCount!: number;
  @Field(() => DisputeFacts) facts!: DisputeFacts;
  @Field(() => DisputeClocks) clocks!: DisputeClocks;
  @Field(() => Boolean, { description: 'No arbitrator decided within 30 days' }) escalated!: boolean;
  @Field(() => DisputeResolution, { nullable: true }) resolution!: DisputeResolution | null;
}

@ObjectType()
export class DisputeConnection extends Connection('Dispute', Dispute) {}

@InputType()
export class DisputeFilter {
  @Field(() => DisputeStatus, { nullable: true }) status?: string;
  @Field(() => ID, { nullable: true }) collaborationId?: string;
  @Field(() => ID, { nullable: true }) sellerId?: string;
  @Field(() => ID, { nullable: true }) creatorId?: string;
  @Field(() => DisputeReason, { nullable: true }) reason?: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only those escalated (true: no decision within 30 days) or not (false)',
  })
  escalated?: boolean;
}

@ObjectType({
  description: 'What a dispute command wrote; `dispute` waits (bounded) until the trail shows it',
})
export class DisputePayload extends CommandResult {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) disputeId!: string;
  @Field(() => CollaborationStatus, { description: 'Status of the collaboration after the command' })
  status!: string;
}

const position = (e: { position: number }) => String(e.position);

const snapshotOf = (s: Record<string, unknown> | null): MetricsSnapshot | null => {
  if (!s) return null;
  const views = s.views as number;
  const clicks = s.clicks as number;
  return {
    ...(s as unknown as MetricsSnapshot),
    engagementRate:
      views > 0 ? ((s.likes as number) + (s.comments as number) + (s.shares as number)) / views : null,
    conversionRate: clicks > 0 ? (s.orders as number) / clicks : null,
  };
};

const entryOf = (e: TrailEntry): typeof DisputeTrailEntry =>
  ({
    ...e,
    position: position(e),
    ...(e.kind === 'EVIDENCE'
      ? { fileName: e.fileName ?? null, contentType: e.contentType ?? null, sizeBytes: e.sizeBytes ?? null }
      : {}),
    ...(e.kind === 'RESPONSE_MISSED' || e.kind === 'ESCALATED' ? { silentSide: e.side ?? null } : {}),
  }) as unknown as typeof DisputeTrailEntry;

export const disputeFromDoc = (doc: DisputeDoc): Dispute => ({
  id: doc.disputeId,
  collaborationId: doc.collaborationId,
  sellerId: doc.sellerId,
  creatorId: doc.creatorId,
  status: doc.status,
  openedBy: doc.openedBy,
  reason: doc.reason,
  openedAt: doc.openedAt,
  updatedAt: doc.updatedAt,
  trail: doc.trail.map(entryOf),
  evidenceCount: doc.evidenceCount,
  facts: {
    title: doc.facts.title,
    fee: doc.facts.fee,
    scriptDueAt: doc.facts.scriptDueAt,
    publishDueAt: doc.facts.publishDueAt,
    status: doc.facts.status,
    publish: doc.facts.publish
      ? ({ ...doc.facts.publish, publishDueAt: doc.facts.publishDueAt } as Publish)
      : null,
    latestMetrics: snapshotOf(doc.facts.metrics.latest),
    finalMetrics: snapshotOf(doc.facts.metrics.final),
    snapshots: doc.facts.metrics.snapshots,
    messages: doc.facts.messages.map((m) => ({
      ...m,
      position: position(m),
      attachments: [...m.attachments],
    })),
  },
  clocks: { ...doc.clocks },
  escalated: doc.escalated === 1,
  resolution: doc.resolution
    ? { ...doc.resolution, milestoneDecisions: [...doc.resolution.milestoneDecisions] }
    : null,
});
