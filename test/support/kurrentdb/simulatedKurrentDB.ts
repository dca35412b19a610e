import {
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendStreamRequest,
  type EventData,
  type MultiAppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '@kurrent/kurrentdb-client';
import type { KurrentClient } from '../../../src/eventStore/kurrentdb/client.js';
import { appendSessionMalfunction, revisionConflict } from './clientErrors.js';
import { checkCommit, type Decision, type SimulatedRecord, type State } from './commitCheck.js';

export type { SimulatedRecord } from './commitCheck.js';

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
 * - Appends to several streams (`multiStreamAppend`, the v2 protocol's AppendSession) are taken by
 *   KurrentDB 25.1 and later; the client refuses them with UnsupportedError, sending nothing, when
 *   the server does not list the method (dist/streams/appendToStream/index.js). Every stream is
 *   checked as above before any is written, and all are written as one transaction or none
 *   (StorageWriterService.WritePrepares, VerifyCommitChecks): all new, written; all repeats,
 *   answered as written (AlreadyCommitted); some moved, a revision conflict naming the first of them
 *   (client: WrongExpectedVersionError); repeats beside new or moved streams, before 26.1 an
 *   internal error (client: UnavailableError), from 26.1 a revision conflict naming the first
 *   stream that was not new (StreamsService.AppendSessionCommand.MapToError). The answer is
 *   `{ position, responses }`, the position the transaction's last record's. Properties (strings)
 *   are stored as the record's metadata and read as JSON with `$schema.name` and, for JSON,
 *   `$schema.format` added (EventRecord.SynthesizeMetadataFromProperties).
 */

type Failure = { readonly on: 'readAll' | 'readStream' | 'append'; readonly error: unknown };

/**
 * The server versions whose answers differ here: EventStoreDB 24.10 (no appends to several
 * streams), KurrentDB 25.1 (the first with them) and 26.1 (repeats beside new streams reported as
 * a revision conflict).
 */
export type SimulatedVersion = '24.10' | '25.1' | '26.1';

interface EventToWrite {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly isJson?: boolean;
}

export class SimulatedKurrentDB {
  readonly records: SimulatedRecord[] = [];
  /** The options of every read, in order: which asked for the leader. */
  readonly reads: { readonly kind: 'readAll' | 'readStream'; readonly options: object }[] = [];
  /** Records the follower the client reads from (unless it asks for the leader) has not applied. */
  followerLag = 0;
  /** Runs as an append reaches the server, before it is decided: another process's write, say. */
  beforeAppend: ((streamIds: readonly string[]) => void) | undefined;
  private next = 1_234n;
  private readonly failures: Failure[] = [];
  readonly version: SimulatedVersion;

  constructor(options: { readonly version?: SimulatedVersion } = {}) {
    this.version = options.version ?? '25.1';
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
  write(streamId: string, state: State, events: readonly EventToWrite[]): AppendResult {
    const decision = checkCommit(
      this.records,
      streamId,
      state,
      events.map((e) => e.id),
    );
    switch (decision.kind) {
      case 'repeat':
        return this.answer(decision.last);
      case 'conflict':
      case 'corrupted':
        // batchAppend.js → unpackToCommandError → WrongExpectedVersionError.fromWrongExpectedVersion.
        throw new WrongExpectedVersionError(undefined, {
          streamName: streamId,
          expected: state,
          current: decision.current === -1n ? 'no_stream' : decision.current,
        });
      case 'ok':
        return this.answer(this.commit([{ streamId, events }]));
      default: {
        const unknown: never = decision;
        throw new Error(`Unknown decision ${String(unknown)}`);
      }
    }
  }

  /** An append to several streams, as KurrentDB 25.1+ decides it (see the class comment). */
  appendSession(
    requests: readonly { streamId: string; state: State; events: readonly EventToWrite[] }[],
  ): MultiAppendResult {
    const decisions = requests.map((r) =>
      checkCommit(
        this.records,
        r.streamId,
        r.state,
        r.events.map((e) => e.id),
      ),
    );
    const responses = (lasts: readonly SimulatedRecord[]) => ({
      position: lasts.reduce((max, r) => (r.position.commit > max ? r.position.commit : max), -1n),
      responses: requests.map((r, i) => ({ streamName: r.streamId, revision: lasts[i]!.revision })),
    });
    if (decisions.every((d) => d.kind === 'ok')) {
      this.commit(requests);
      return responses(requests.map((r) => this.records.findLast((x) => x.streamId === r.streamId)!));
    }
    if (decisions.every((d) => d.kind === 'repeat')) return responses(decisions.map((d) => d.last));
    const failed = (kinds: readonly Decision['kind'][]) => {
      const index = decisions.findIndex((d) => kinds.includes(d.kind));
      const decision = decisions[index] as Decision & { current?: bigint };
      const request = requests[index]!;
      const current =
        decision.current ?? this.records.findLast((x) => x.streamId === request.streamId)?.revision ?? -1n;
      const expected =
        request.state === 'no_stream'
          ? -1n
          : request.state === 'any'
            ? -2n
            : request.state === 'stream_exists'
              ? -4n
              : request.state;
      return revisionConflict(request.streamId, expected, current);
    };
    if (decisions.every((d) => d.kind === 'ok' || d.kind === 'conflict')) throw failed(['conflict']);
    if (this.version === '25.1') throw appendSessionMalfunction();
    throw failed(['conflict', 'corrupted', 'repeat']);
  }

  /** Writes the streams' events as one transaction, in order; the last record written. */
  private commit(parts: readonly { streamId: string; events: readonly EventToWrite[] }[]): SimulatedRecord {
    for (const { streamId, events } of parts) {
      let revision = this.records.findLast((r) => r.streamId === streamId)?.revision ?? -1n;
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
    }
    return this.records.at(-1)!;
  }

  private answer(last: SimulatedRecord): AppendResult {
    return { success: true, nextExpectedRevision: last.revision, position: { ...last.position } };
  }

  /** The client's surface, answered from the simulated log. */
  client(): KurrentClient {
    return {
      readStream: (streamName: string, options?: ReadStreamOptions) => this.readStream(streamName, options),
      readAll: (options?: ReadAllOptions) => this.readAll(options),
      appendToStream: (streamName: string, events: EventData | EventData[], options?: AppendOptions) =>
        this.appendToStream(streamName, events, options),
      multiStreamAppend: (requests: AppendStreamRequest[]) => this.multiStreamAppend(requests),
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
    interleaved?.([streamName]);
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

  private async multiStreamAppend(requests: readonly AppendStreamRequest[]): Promise<MultiAppendResult> {
    // The client asks the server's methods first and sends nothing to one without AppendSession.
    if (this.version === '24.10') throw new UnsupportedError('multiStreamAppend', '25.1');
    for (const { events } of requests) {
      for (const { metadata } of events) {
        if (
          metadata != null &&
          (metadata instanceof Uint8Array ||
            typeof metadata !== 'object' ||
            Array.isArray(metadata) ||
            Object.values(metadata).some((value) => typeof value !== 'string'))
        ) {
          throw new Error(
            'multiStreamAppend requires metadata to be a plain object with string keys and string values.',
          );
        }
      }
    }
    const interleaved = this.beforeAppend;
    this.beforeAppend = undefined;
    interleaved?.(requests.map((r) => r.streamName));
    const failed = this.failure('append');
    if (failed) throw failed;
    await Promise.resolve();
    return this.appendSession(
      requests.map((r) => ({
        streamId: r.streamName,
        state: r.expectedState,
        events: r.events.map((e) => {
          const isJson = e.contentType === 'application/json';
          return {
            id: e.id,
            type: e.type,
            data: e.data,
            isJson,
            metadata: {
              ...(e.metadata as Record<string, string> | undefined),
              '$schema.name': e.type,
              ...(isJson ? { '$schema.format': 'Json' } : {}),
            },
          };
        }),
      })),
    );
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
