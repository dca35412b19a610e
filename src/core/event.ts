/**
 * The event envelope (ARCHITECTURE.md § Principles). An event is created by a decider as a
 * {@link DomainEvent} (type + data), wrapped with metadata into a {@link NewEvent} by the command
 * handler, and becomes a {@link RecordedEvent} once the event store has given it a place in its
 * stream (revision) and in the log (position) and chained it to its stream's previous event.
 */

/** Who may act. PLATFORM is the system itself: deadline scheduler, review policy. */
export type Role = 'SELLER' | 'CREATOR' | 'ARBITRATOR' | 'AUDITOR' | 'PLATFORM';

export const ROLES: readonly Role[] = ['SELLER', 'CREATOR', 'ARBITRATOR', 'AUDITOR', 'PLATFORM'];

/** What the deciders emit: a type and its data, nothing else. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface EventMetadata {
  /** The id of the user (or `platform`) who caused the event. */
  readonly actor: string;
  readonly role: Role;
  /** ISO-8601 UTC time the command was decided at: time comes in with the command, never from a clock in a decider. */
  readonly occurredAt: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** The caller's idempotency key for the command that produced this event. */
  readonly idempotencyKey?: string;
}

/** An event ready to append. */
export interface NewEvent<Type extends string = string, Data = unknown> extends DomainEvent<Type, Data> {
  /** UUID; appending an id already in the stream writes nothing (idempotent append). */
  readonly id: string;
  /** Schema version of `data` (the catalog's `version`). */
  readonly version: number;
  readonly metadata: EventMetadata;
}

/** An event as the log holds it. Revisions count from 0 per stream; positions from 1 over the whole log. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  /** When the store wrote it (informational; not part of the hash). */
  readonly recordedAt: string;
  /** Hash of the previous event in the same stream, {@link GENESIS_HASH} for revision 0. */
  readonly prevHash: string;
  /** SHA-256 over the canonical encoding of this event (see hash.ts). */
  readonly hash: string;
}

/**
 * The events of a domain union as the log holds them: each keeps its own type and data, so a switch
 * on `type` narrows `data` as it does over the union itself.
 */
export type Recorded<E extends DomainEvent> =
  E extends DomainEvent<infer Type, infer Data> ? RecordedEvent<Type, Data> : never;

export const GENESIS_HASH = '0'.repeat(64);
