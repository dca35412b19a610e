import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Collaboration } from '../collaborations/collaboration.type.js';
import { Reputation } from '../creators/creator.type.js';

@ObjectType({ description: 'Who caused an event, when, and why' })
export class EventMetadataInfo {
  @Field(() => String) actor!: string;
  @Field(() => Role, {
    nullable: true,
    description: 'Null for the platform itself (deadlines, review policy)',
  })
  role!: string | null;
  @Field(() => String, { description: 'SELLER, CREATOR, ARBITRATOR, AUDITOR or PLATFORM' })
  actorRole!: string;
  @Field(() => DateTime) occurredAt!: string;
  @Field(() => String, { nullable: true }) correlationId!: string | null;
  @Field(() => String, { nullable: true }) causationId!: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey!: string | null;
}

@ObjectType({
  description: 'One event of a collaboration’s stream, as stored, with the collaboration right after it',
})
export class HistoryEntry {
  @Field(() => String) position!: string;
  @Field(() => Int) revision!: number;
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'Its type; `Redacted` for what was said about a rating still hidden from the viewer',
  })
  type!: string;
  @Field(() => Int) version!: number;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'As stored and hashed, unless `redacted` (then what the viewer may read of it)',
  })
  data!: unknown;
  @Field(() => Boolean, {
    description:
      'True when part of it is withheld from the viewer: the content of the other side’s rating until both are revealed (double-blind). Its hash is that of the whole event.',
  })
  redacted!: boolean;
  @Field(() => EventMetadataInfo) metadata!: EventMetadataInfo;
  @Field(() => DateTime) recordedAt!: string;
  @Field(() => String) prevHash!: string;
  @Field(() => String) hash!: string;
  @Field(() => Boolean, {
    description:
      'False when the rules could not apply this event (the log before it is damaged: see the verification); state and collaboration are then those of the last event that applied',
  })
  replayed!: boolean;
  @Field(() => Collaboration, { description: 'The view right after this event' })
  collaboration!: Collaboration;
  @Field(() => GraphQLJSON, {
    description:
      'The write side’s state right after this event (what the rules decided on), without what the viewer may not read',
  })
  state!: unknown;
}

@ObjectType({ description: 'Whether a stream’s hash chain holds' })
export class ChainVerification {
  @Field(() => Boolean) valid!: boolean;
  @Field(() => Int) eventsChecked!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'The first revision whose content, hash or link does not hold',
  })
  firstBrokenRevision!: number | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class CollaborationHistory {
  @Field(() => ID) collaborationId!: string;
  @Field(() => [HistoryEntry]) events!: HistoryEntry[];
  @Field(() => ChainVerification) verification!: ChainVerification;
}

@ObjectType({ description: 'A collaboration as it stood at a revision or an instant, replayed from the log' })
export class CollaborationSnapshot {
  @Field(() => ID) collaborationId!: string;
  @Field(() => Int) revision!: number;
  @Field(() => String) position!: string;
  @Field(() => DateTime, { description: 'When its last event occurred' }) at!: string;
  @Field(() => Collaboration) collaboration!: Collaboration;
  @Field(() => GraphQLJSON) state!: unknown;
}

@ObjectType({ description: 'A creator’s reputation as it stood at an instant, recomputed from the log' })
export class ReputationAsOf {
  @Field(() => ID) creatorId!: string;
  @Field(() => DateTime) at!: string;
  @Field(() => Reputation) reputation!: Reputation;
}
