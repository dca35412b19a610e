import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type EventData,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentClient } from '../../../src/eventStore/kurrentdb/client.js';

/**
 * A single KurrentDB node, simulated for the adapter's unit tests: the answers the adapter gets
 * through `@kurrent/kurrentdb-client` 1.3.1, decided as the server decides them. Not a server: it
 * holds the few rules the adapter's decisions rest on, each read in the server's or the client's
 * source (kurrent-io/KurrentDB, kurrent-io/KurrentDB-Client-NodeJS, kurrent-io/KurrentDB-Bridge-Client):
 *
 * - Records are the client's `RecordedEvent` as `convertRustRecord` (dist/utils/convertRustEvent.js)
 *   builds it from the bridge (crates/bridge/src/client.rs `js_recorded_event`): data parsed JSON,
 *   metadata parsed JSON or `undefined` when empty, `created` a Date of epoch milliseconds, and
 *   `position: { commit, prepare }`, both the record's log position (an event appended over gRPC
 *   is a record of its own: AllReader.ReadAllEventsForwardInternal takes `prepare.LogPosition` as
 *   its commit position). Positions are byte offsets: sparse.
 * - A stream that does not exist is read as `StreamNotFoundError` (bridge error.rs: ResourceNotFound).
 * - $all forwards from a position includes the record there; backwards from a position keeps the
 *   records that END at or before it, so the record AT it is left out
 *   (AllReader.ReadAllEventsBackwardInternal: `new TFPos(RecordPostPosition, …) <= pos`).
 *   Filtered reads go on until `maxCount` matches or the end (Enumerator.ReadAllForwardsFiltered).
 * - Appends are checked as IndexWriter.CheckCommit checks them: writing exactly at the end is
 *   accepted without looking at ids; an expected revision below the end is a repeat only if the
 *   same ids sit at exactly those revisions; ANY/STREAM_EXISTS compare ids with recent writes only,
 *   and write at once when the FIRST id is new; a new stream is written without any check. A
 *   repeat is answered as a write (RequestManagerBase.Handle(AlreadyCommitted)). The answer is
 *   `batchAppend`'s (dist/streams/appendToStream/batchAppend.js): `{ success, nextExpectedRevision,
 *   position }`, the position the last event's (StorageChaser: CommitChased at TransactionEnd).
 * - A follower may lag: reads that do not require the leader see only what it has.
 */
export interface SimulatedRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly created: Date;
  readonly position: { readonly commit: bigint; readonly prepare: bigint };
  /** Where the record ends in the log: a backward read from here includes it. */
  readonly end: bigint;
}

type Failure = { readonly on: 'readAll' | 'readStream' | 'append'; readonly error: unknown };

/** How many of the last writes a weak (ANY / STREAM_EXISTS) idempotency check sees. */
const RECENT = 10_000;

export class SimulatedKurrentDB {
  readonly records: SimulatedRecord[] = [];
  /** The options of every read, in order: which asked for the leader. */
  readonly reads: { readonly kind: 'readAll' | 'readStream'; readonly options: object }[] = [];
  /** Records the follower the client reads from (unless it asks for the leader) has not applied. */
  followerLag = 0;
  /** Runs as an append reaches the server, before it is decided: another process's write, say. */
  beforeAppend: ((streamId: string) => void) | undefined;
  private next = 1_234n;
  private readonly failures: Failure[] = [];

  constructor() {
    // A real log opens with the server's own events.
    this.write('$settings', 'no_stream', [
      { id: '00000000-0000-4000-8000-000000000001', type: '$settings', data: { $userStreamAcl: {} } },
    ]);
  }

  /** The next call of that kind fails with `error` (build it as the client would: see transientErrors). */
  failNext(on: Failure['on'], error: unknown): void {
    this.failures.push({ on, error });
  }

  /** Writes events as any other application could (no checks beyond the server's own). */
  write(
    streamId: string,
    state: 'any' | 'no_stream' | 'stream_exists' | bigint,
    events: readonly { id: string; type: string; data: unknown; metadata?: unknown; isJson?: boolean }[],
  ): AppendResult {
    const stream = this.records.filter((r) => r.streamId === streamId);
    const current = stream.at(-1)?.revision ?? -1n;
    const ids = events.map((e) => e.id);
    const decision = this.checkCommit(stream, current, state, ids);
    if (decision.kind === 'repeat') return decision.result;
    if (decision.kind === 'conflict') {
      // batchAppend.js → unpackToCommandError → WrongExpectedVersionError.fromWrongExpectedVersion.
      throw new WrongExpectedVersionError(undefined, {
        streamName: streamId,
        expected: state,
        current: current === -1n ? 'no_stream' : current,
      });
    }
    let revision = current;
    for (const event of events) {
      revision++;
      // batchAppend.js sends JSON.stringify(data) and JSON.stringify(metadata); the bridge parses them back.
      const data = event.isJson === false ? event.data : JSON.parse(JSON.stringify(event.data));
      const metadata =
        event.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(event.metadata)) as unknown);
      const size = 128n + BigInt(JSON.stringify({ data, metadata }).length);
      const position = { commit: this.next, prepare: this.next };
      this.records.push({
        streamId,
        id: event.id,
        revision,
        type: event.type,
        data,
        metadata,
        isJson: event.isJson ?? true,
        created: new Date(Date.now()),
        position,
        end: this.next + size,
      });
      this.next += size;
    }
    const last = this.records.at(-1)!;
    return { success: true, nextExpectedRevision: revision, position: { ...last.position } };
  }

  private checkCommit(
    stream: readonly SimulatedRecord[],
    current: bigint,
    state: 'any' | 'no_stream' | 'stream_exists' | bigint,
    ids: readonly string[],
  ): { kind: 'ok' } | { kind: 'conflict' } | { kind: 'repeat'; result: AppendResult } {
    const repeatOf = (last: SimulatedRecord) => ({
      kind: 'repeat' as const,
      result: { success: true, nextExpectedRevision: last.revision, position: { ...last.position } },
    });
    // CheckCommitForNewStream: no id is looked at.
    if (stream.length === 0)
      return state === 'any' || state === 'no_stream' ? { kind: 'ok' } : { kind: 'conflict' };
    if (state === 'any' || state === 'stream_exists') {
      const recent = this.records.slice(-RECENT);
      const found = ids.map((id) => recent.find((r) => r.id === id && r.streamId === stream[0]!.streamId));
      if (!found[0]) return { kind: 'ok' };
      if (found.some((f) => !f)) return { kind: 'conflict' }; // CorruptedIdempotency
      return repeatOf(found.at(-1)!);
    }
    const expected = state === 'no_stream' ? -1n : state;
    if (expected > current) return { kind: 'conflict' };
    if (expected === current) return { kind: 'ok' }; // "writing exactly to the end … -> ok"
    const at = ids.map((id, i) =>
      stream.find((r) => r.revision === expected + 1n + BigInt(i) && r.id === id),
    );
    if (at.every(Boolean)) return repeatOf(at.at(-1)!);
    return { kind: 'conflict' };
  }

  /** The client's surface, answered from the simulated log. */
  client(): KurrentClient {
    return {
      readStream: (streamName: string, options?: ReadStreamOptions) => this.readStream(streamName, options),
      readAll: (options?: ReadAllOptions) => this.readAll(options),
      appendToStream: (streamName: string, events: EventData | EventData[], options?: AppendOptions) =>
        this.appendToStream(streamName, events, options),
      dispose: () => Promise.resolve(),
    } as unknown as KurrentClient;
  }

  private visible(requiresLeader: boolean | undefined): readonly SimulatedRecord[] {
    return requiresLeader ? this.records : this.records.slice(0, this.records.length - this.followerLag);
  }

  private failure(on: Failure['on']): unknown {
    const index = this.failures.findIndex((f) => f.on === on);
    return index === -1 ? undefined : this.failures.splice(index, 1)[0]!.error;
  }

  private async *readStream(streamName: string, options: ReadStreamOptions = {}) {
    this.reads.push({ kind: 'readStream', options });
    const failed = this.failure('readStream');
    if (failed) throw failed;
    const backwards = options.direction === 'backwards';
    const events = this.visible(options.requiresLeader).filter((r) => r.streamId === streamName);
    if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const ordered = backwards ? [...events].reverse() : events;
    const inRange = ordered.filter((r) =>
      typeof from !== 'bigint' ? true : backwards ? r.revision <= from : r.revision >= from,
    );
    for (const r of inRange.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) {
      await Promise.resolve();
      yield resolved(r);
    }
  }

  private async *readAll(options: ReadAllOptions = {}) {
    this.reads.push({ kind: 'readAll', options });
    const failed = this.failure('readAll');
    if (failed) throw failed;
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const filter = options.filter as
      { filterOn: 'eventType' | 'streamName'; regex?: string; prefixes?: string[] } | undefined;
    const passes = (r: SimulatedRecord) => {
      if (!filter) return true;
      const value = filter.filterOn === 'eventType' ? r.type : r.streamId;
      if (filter.regex !== undefined) return new RegExp(filter.regex).test(value);
      return (filter.prefixes ?? []).some((p) => value.startsWith(p));
    };
    const records = this.visible(options.requiresLeader);
    const ordered = backwards ? [...records].reverse() : records;
    const inRange = ordered.filter((r) =>
      typeof from === 'string' ? true : backwards ? r.end <= from.commit : r.position.commit >= from.commit,
    );
    let count = 0;
    for (const r of inRange) {
      if (count >= Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)) return;
      if (!passes(r)) continue;
      count++;
      await Promise.resolve();
      yield resolved(r);
    }
  }

  private appendToStream(streamName: string, events: EventData | EventData[], options: AppendOptions = {}) {
    const interleaved = this.beforeAppend;
    this.beforeAppend = undefined;
    interleaved?.(streamName);
    const failed = this.failure('append');
    if (failed) return Promise.reject(failed instanceof Error ? failed : new Error(String(failed)));
    const list = Array.isArray(events) ? events : [events];
    try {
      return Promise.resolve(
        this.write(
          streamName,
          options.streamState ?? 'any',
          list.map((e) => ({
            id: e.id,
            type: e.type,
            data: e.data,
            metadata: e.metadata,
            isJson: e.contentType === 'application/json',
          })),
        ),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

interface AppendOptions {
  readonly streamState?: 'any' | 'no_stream' | 'stream_exists' | bigint;
}

/** A record as the client yields it from a read (dist/utils/convertRustEvent.js). */
const resolved = (r: SimulatedRecord) =>
  ({
    event: {
      streamId: r.streamId,
      id: r.id,
      revision: r.revision,
      type: r.type,
      data: r.data,
      metadata: r.metadata,
      isJson: r.isJson,
      created: new Date(r.created.getTime()),
      position: { ...r.position },
    },
    commitPosition: r.position.commit,
  }) as unknown as AllStreamResolvedEvent;
