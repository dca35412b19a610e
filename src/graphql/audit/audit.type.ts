import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { REPLAY_PROBLEMS, type ReplayProblemCode } from '../../audit/history.js';
import { CHAIN_BREAKS, type ChainBreak as ChainBreakCode } from '../../core/hash.js';
import { Role } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Collaboration } from '../collaborations/collaboration.type.js';
import { Reputation } from '../creators/creator.type.js';

const enumOf = <const T extends readonly string[]>(values: T, name: string, description: string) => {
  const object = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(object, { name, description });
  return object;
};

export const ReplayProblem = enumOf(
  REPLAY_PROBLEMS,
  'ReplayProblem',
  'Why an event of a history was not replayed: its stored data or metadata no longer decodes as JSON (DATA_NOT_JSON, METADATA_NOT_JSON), its type is not one the service knows (UNKNOWN_TYPE), its data or metadata lacks the shape of its type — a key renamed, removed or of another type (DATA_SHAPE, METADATA_SHAPE) — or it reads but the rules could not apply it to the state before it (RULES_CANNOT_APPLY)',
);

export const ChainBreak = enumOf(
  CHAIN_BREAKS,
  'ChainBreak',
  'Why a hash chain breaks where it does: a revision missing from the log, one out of order, a prevHash that is not the previous event’s hash, content that cannot be encoded, content that no longer gives its hash',
);

@ObjectType({ description: 'Why an event was not replayed' })
export class ReplayFailure {
  @Field(() => ReplayProblem) code!: ReplayProblemCode;
  @Field(() => String, {
    nullable: true,
    description: 'Where and what, in English (the first offending path): for arbitrators and auditors',
  })
  detail!: string | null;
}

@ObjectType({ description: 'An event at or before an as-of point that its state does not include' })
export class NotReplayedEvent {
  @Field(() => Int) revision!: number;
  @Field(() => String) position!: string;
  @Field(() => String, { description: 'Its type as stored; `Redacted` as in the history' }) type!: string;
  @Field(() => ReplayFailure) why!: ReplayFailure;
}

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
    description:
      'As stored and hashed, unless `redacted` (then what the viewer may read of it); null when it does not decode',
  })
  data!: unknown;
  @Field(() => Boolean, {
    description:
      'True when part of it is withheld from the viewer: the content of the other side’s rating until both are revealed (double-blind). Its hash is that of the whole event.',
  })
  redacted!: boolean;
  @Field(() => EventMetadataInfo, {
    nullable: true,
    description: 'Null when the stored metadata cannot be read (see `whyNotReplayed`)',
  })
  metadata!: EventMetadataInfo | null;
  @Field(() => DateTime) recordedAt!: string;
  @Field(() => String) prevHash!: string;
  @Field(() => String) hash!: string;
  @Field(() => Boolean, {
    description:
      'False when this event is not in the state: it cannot be read as an event, or the rules could not apply it (the log before it is damaged: see the verification); state and collaboration are then those of the last event replayed',
  })
  replayed!: boolean;
  @Field(() => ReplayFailure, { nullable: true, description: 'Why it was not replayed; null when it was' })
  whyNotReplayed!: ReplayFailure | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The data exactly as stored, for an event that cannot be read as one (arbitrators and auditors only)',
  })
  storedData!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The metadata exactly as stored, for an event that cannot be read as one (arbitrators and auditors only)',
  })
  storedMetadata!: string | null;
  @Field(() => Collaboration, {
    nullable: true,
    description: 'The view right after this event; null while nothing of the collaboration could be replayed',
  })
  collaboration!: Collaboration | null;
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
  @Field(() => ChainBreak, { nullable: true, description: 'Why it breaks there' })
  code!: ChainBreakCode | null;
  @Field(() => String, { nullable: true, description: 'Why it breaks there, in English' })
  reason!: string | null;
}

@ObjectType()
export class CollaborationHistory {
  @Field(() => ID) collaborationId!: string;
  @Field(() => [HistoryEntry]) events!: HistoryEntry[];
  @Field(() => ChainVerification) verification!: ChainVerification;
}

@ObjectType({
  description:
    'A collaboration as it stood at a revision or an instant, replayed from the log: the state after the last event at or before that point that could be replayed',
})
export class CollaborationSnapshot {
  @Field(() => ID) collaborationId!: string;
  @Field(() => Int) revision!: number;
  @Field(() => String) position!: string;
  @Field(() => DateTime, { description: 'When its last event occurred' }) at!: string;
  @Field(() => Collaboration, {
    nullable: true,
    description: 'The view then; null when what was replayed gave none (the proposal could not be read)',
  })
  collaboration!: Collaboration | null;
  @Field(() => GraphQLJSON) state!: unknown;
  @Field(() => [NotReplayedEvent], {
    description:
      'Events at or before the point asked for that this state does not include (they could not be replayed), in order; empty on an intact log',
  })
  notReplayed!: NotReplayedEvent[];
}

@ObjectType({ description: 'A creator’s reputation as it stood at an instant, recomputed from the log' })
export class ReputationAsOf {
  @Field(() => ID) creatorId!: string;
  @Field(() => DateTime) at!: string;
  @Field(() => Reputation) reputation!: Reputation;
}
