import type { NewEvent, RecordedEvent } from '../core/event.js';
import type { ChainVerification } from '../core/hash.js';
import type { StoredEvent } from './storedEvent.js';

/**
 * The event store port, shaped after KurrentDB's semantics so that its adapter is a thin mapping:
 * streams with revisions counted from 0, one ordered log with strictly increasing positions (dense
 * from 1 in SQLite, sparse byte offsets in KurrentDB: compare them, never compute with them),
 * optimistic concurrency on append, idempotent appends by event id, and catch-up subscriptions.
 *
 * The core never imports an adapter; adapters are factories named after their technology
 * (`getSQLiteEventStore`, `getInMemoryEventStore`).
 */
export interface EventStore {
  /**
   * Appends `events` to `streamId` atomically, after checking the stream is at `expectedRevision`
   * (default {@link ANY}); a mismatch throws a `ConcurrencyError` carrying expected and actual revision.
   * Resolves only once the events are durable. When every event id is already in the stream, nothing
   * is written and the result of the first append is returned (`deduplicated: true`), whatever
   * revision the append expects; when only some are, it is refused (`ValidationError`). The embedded
   * stores also refuse an id stored in another stream; KurrentDB, which keeps no index of event ids,
   * looks ids up in their stream only (ids derived from their stream, or random, never meet).
   * Data is validated against the event catalog first: invalid data throws and writes nothing.
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /**
   * Appends to several streams at once, all or nothing: what one command writes in more than one
   * stream (an id it claims log-wide, a link it makes) is written whole or not at all. Every stream
   * is checked against its own expected revision, and every event validated, before anything is
   * written; one mismatch throws that stream's `ConcurrencyError` and nothing is written in any
   * stream. Per stream, an append whose event ids are all already in that stream is a repeat, as
   * with {@link append}: its first result, nothing written there. Each stream appears once.
   * Resolves once everything written is durable.
   *
   * On KurrentDB before 25.1 and on EventStoreDB, which cannot append to several streams at once
   * (and on KurrentDB through a follower, after a leader change: see the adapter), "nothing" holds for what is found before writing (invalid events, repeated streams or ids, a
   * stream not at its expected revision); then the streams are written one after the other, in
   * the order given. A process dying between two of them, or another writer moving a later stream
   * in between (its `ConcurrencyError` is thrown), leaves the earlier streams written: appending
   * the same events again finds those as repeats and writes the rest. So give the stream whose
   * events decide the command last, as the command handler does, and retry with the same event ids.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<MultiAppendResult>;

  /** Events of one stream, in revision order (or reversed). A stream that does not exist reads empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Every event of one stream exactly as stored, in revision order, damage included: each with its
   * data and metadata as stored, decoded where they decode, and why it cannot be read as an event
   * when it cannot ({@link StoredEvent.damage}) — where {@link readStream} refuses such an event
   * (`EVENT_UNREADABLE`). For audit: what the log holds is listed, whatever was done to it. An event
   * deleted from the log is not listed (verifyStream names its revision). A stream that does not
   * exist reads empty.
   */
  readStoredStream(streamId: string): Promise<StoredEvent[]>;

  /** Events of the whole log from a position (inclusive), in log order (or reversed). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** The stream's current revision, or `undefined` when it does not exist. */
  streamRevision(streamId: string): Promise<bigint | undefined>;

  /** The position of the last event in the log, `0n` when it is empty. */
  headPosition(): Promise<bigint>;

  /**
   * How many events the log holds after `position`, counted up to `limit`: how far behind a reader
   * at that position is. Positions may be sparse (KurrentDB's are byte offsets): lag is counted in
   * events, never by subtracting positions.
   */
  eventsAfter(position: bigint, limit: number): Promise<number>;

  /**
   * A catch-up subscription: the history after `fromPosition`, then live events as they are appended
   * (by this process or, for stores shared between processes, any other), in log order, in batches.
   */
  subscribe(options?: SubscribeOptions): Subscription;

  /** Recomputes the stream's hash chain from the stored content; names the first broken revision. */
  verifyStream(streamId: string): Promise<ChainVerification>;

  /** Ends subscriptions and frees the store's resources. */
  close(): Promise<void>;
}

/** The stream must not exist yet. */
export const NO_STREAM = 'no_stream';
/** No check. */
export const ANY = 'any';
/** The stream must exist, at any revision. */
export const STREAM_EXISTS = 'stream_exists';

export type ExpectedRevision = typeof NO_STREAM | typeof ANY | typeof STREAM_EXISTS | bigint;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  readonly streamId: string;
  /** The revision of the stream's last event after the append: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  /** The log position of the last event written (or, when deduplicated, first written). */
  readonly position: bigint;
  readonly events: readonly RecordedEvent[];
  /** True when every event was already in the stream and nothing was written. */
  readonly deduplicated: boolean;
}

/** One stream's part of an append to several streams ({@link EventStore.appendToStreams}). */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  /** Default {@link ANY}. */
  readonly expectedRevision?: ExpectedRevision;
}

export interface MultiAppendResult {
  /** Each stream's result, in the order the appends were given. */
  readonly results: readonly AppendResult[];
  /** The log position of the last event written (or, when all were repeats, first written). */
  readonly position: bigint;
  /** True when every stream's append was a repeat and nothing was written. */
  readonly deduplicated: boolean;
}

/** What several streams' results come to together. */
export const combineResults = (results: readonly AppendResult[]): MultiAppendResult => ({
  results,
  position: results.reduce((last, r) => (r.position > last ? r.position : last), 0n),
  deduplicated: results.every((r) => r.deduplicated),
});

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default: the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  /** Last revision to read (inclusive). */
  readonly toRevision?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number;
  /** Return data as stored, without upcasting to the current version (audit). Default false. */
  readonly raw?: boolean;
}

export interface EventFilter {
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
  /** Only events of streams whose id starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** First position to read (inclusive). Default: the start (forwards) or the end (backwards). */
  readonly fromPosition?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Deliver events after this position (exclusive). `0n` (default) is the start; `'end'` live only. */
  readonly fromPosition?: bigint | 'end';
  readonly filter?: EventFilter;
  /** Largest batch delivered at once. Default 1,000. */
  readonly batchSize?: number;
}

/**
 * Events delivered together, in log order. `position` is how far the log was read for this batch:
 * with a filter it can be past the last event, so a checkpoint at `position` skips nothing.
 */
export interface SubscriptionBatch {
  readonly events: readonly RecordedEvent[];
  readonly position: bigint;
  /** True when this batch reached the head of the log as it stood when read. */
  readonly caughtUp: boolean;
}

export interface Subscription extends AsyncIterable<SubscriptionBatch> {
  /** Stops the subscription: a pending iteration ends, timers and listeners are freed. */
  close(): Promise<void>;
}

/**
 * An event of a shared log that the service did not write (another application's, or one written
 * by hand in the server's UI). Adapters over such a log leave it out of every read and report it;
 * the embedded stores hold none.
 */
export interface ForeignEvent {
  readonly streamId: string;
  readonly type: string;
  readonly position: bigint;
}

export const describeExpected = (expected: ExpectedRevision): string =>
  typeof expected === 'bigint' ? expected.toString() : expected;
