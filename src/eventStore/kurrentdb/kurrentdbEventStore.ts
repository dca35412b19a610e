import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM as KURRENT_NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../core/event.js';
import { ConcurrencyError, ValidationError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { verifyChain, type ChainVerification } from '../../core/hash.js';
import { checkExpectedRevision, prepareEvents, type PreparedEvent } from '../appendEngine.js';
import { AppendNotifier, CatchUpSubscription } from '../catchUpSubscription.js';
import { AllReader, type AllRange } from './allReader.js';
import type { KurrentClient } from './client.js';
import { KnownStreams, repeatOf, type KnownStream } from './knownStreams.js';
import { READ_ATTEMPTS, retrying } from './transientErrors.js';
import {
  ANY,
  describeExpected,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ForeignEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionBatch,
} from '../eventStore.js';
import {
  chainHash,
  splitMetadata,
  storedMetadata,
  toPosition,
  toRecorded,
  type StoredKurrentEvent,
} from './mapping.js';

export interface KurrentDBEventStoreOptions {
  /** `kurrentdb://host:2113?tls=false` (or `esdb://…`, `kurrentdb+discover://…` for a cluster). */
  readonly connectionString: string;
  readonly catalog: EventCatalog;
  /** How often to look for appends of other processes while someone waits. Default 25 ms. */
  readonly pollIntervalMs?: number;
  /**
   * Told of each event of another application met reading the log (skipped), once per event as
   * readers move forward: the service counts them.
   */
  readonly onForeignEvent?: (event: ForeignEvent) => void;
  /** A client already made (unit tests: a simulated server); else one is made from the connection string. */
  readonly client?: KurrentClient;
}

/** Tries of an ANY / STREAM_EXISTS append that other writers keep beating to the stream. */
const MAX_APPEND_ATTEMPTS = 6;

/**
 * The event store on KurrentDB (EventStoreDB), the scale-out log (ARCHITECTURE.md § Scale-out).
 *
 * Streams, revisions and optimistic concurrency are KurrentDB's own; idempotence by event id is the
 * port's, checked here before appending (KurrentDB's is weaker: see `appendNow`). Every append names
 * an exact revision: the hash chain (kept in event metadata) is computed from the stream's head read
 * at that revision, and the append succeeds only if the stream is still there, so the chain cannot
 * fork. Positions are KurrentDB commit positions (sparse); $all also holds KurrentDB's own system
 * events and other applications' events, which the adapter never hands out.
 */
export const getKurrentDBEventStore = (options: KurrentDBEventStoreOptions): EventStore =>
  new KurrentDBEventStore(options);

class KurrentDBEventStore implements EventStore {
  private readonly client: KurrentClient;
  private readonly all: AllReader;
  private readonly known = new KnownStreams();
  /** The last append to each stream still running in this process. */
  private readonly appending = new Map<string, Promise<void>>();
  private readonly catalog: EventCatalog;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastHead = 0n;
  private closed = false;

  constructor(private readonly options: KurrentDBEventStoreOptions) {
    this.client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
    this.catalog = options.catalog;
    this.all = new AllReader(this.client, {
      ...(options.onForeignEvent ? { onForeignEvent: options.onForeignEvent } : {}),
      stopped: () => this.closed,
    });
  }

  private stored(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredKurrentEvent | undefined {
    const event = resolved.event;
    if (!event || !event.isJson || !event.position) return undefined;
    return {
      streamId: event.streamId,
      id: event.id,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      created: event.created,
      position: event.position,
    };
  }

  /** The stream's events as stored, in the direction and range asked. */
  private async readStored(
    streamId: string,
    range: {
      from?: bigint;
      direction?: 'forwards' | 'backwards';
      maxCount?: number;
      requiresLeader?: boolean;
    },
  ): Promise<StoredKurrentEvent[]> {
    const events: StoredKurrentEvent[] = [];
    for (const resolved of (await this.readRaw(streamId, range)) ?? []) {
      const stored = this.stored(resolved);
      if (stored) events.push(stored);
    }
    return events;
  }

  /** The stream's records as the client answers them; undefined when it does not exist. */
  private async readRaw(
    streamId: string,
    range: {
      from?: bigint;
      direction?: 'forwards' | 'backwards';
      maxCount?: number;
      requiresLeader?: boolean;
    },
  ): Promise<ResolvedEvent[] | undefined> {
    try {
      // Read whole, so that a read tried again after a transient failure repeats nothing.
      return await retrying(
        async () => {
          const records: ResolvedEvent[] = [];
          for await (const resolved of this.client.readStream(streamId, {
            direction: range.direction === 'backwards' ? BACKWARDS : FORWARDS,
            fromRevision: range.from ?? (range.direction === 'backwards' ? END : START),
            maxCount: range.maxCount ?? Number.MAX_SAFE_INTEGER,
            ...(range.requiresLeader ? { requiresLeader: true } : {}),
          })) {
            records.push(resolved);
          }
          return records;
        },
        { attempts: READ_ATTEMPTS, stopped: () => this.closed },
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * What is known of a stream after reading, from the leader, what was written since it was last
   * read by this process: its head, and the ids of all its events.
   */
  private async catchUp(streamId: string): Promise<KnownStream> {
    const known = this.known.get(streamId);
    const from = known.revision === undefined ? 0n : known.revision + 1n;
    const read = await this.readRaw(streamId, { from, requiresLeader: true });
    if (read === undefined && known.revision !== undefined) {
      // Deleted since (by an operator): nothing known of it holds any more.
      this.known.forget(streamId);
      return this.catchUp(streamId);
    }
    this.known.add(
      streamId,
      (read ?? []).flatMap(({ event }) =>
        event
          ? [
              {
                id: event.id,
                revision: event.revision,
                hash: splitMetadata(event.metadata).ledger?.hash ?? GENESIS_HASH,
              },
            ]
          : [],
      ),
    );
    return this.known.get(streamId);
  }

  /**
   * Appends to one stream run one after the other in this process: a repeat of an append still in
   * flight then finds its ids instead of racing it, and is answered `deduplicated`.
   */
  private serially<T>(streamId: string, run: () => Promise<T>): Promise<T> {
    const before = this.appending.get(streamId) ?? Promise.resolve();
    const result = before.then(run);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.appending.set(streamId, settled);
    void settled.then(() => {
      if (this.appending.get(streamId) === settled) this.appending.delete(streamId);
    });
    return result;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('Event store is closed');
    const prepared = prepareEvents(this.catalog, streamId, events);
    const expected = options.expectedRevision ?? ANY;
    return this.serially(streamId, () => this.appendNow(streamId, prepared, expected));
  }

  private async appendNow(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = prepared.map((p) => p.event.id);
    for (let attempt = 1; ; attempt++) {
      const known = await this.catchUp(streamId);
      // The port's idempotence is by event id, whatever revision the append expects; KurrentDB's is
      // not: it writes without looking at ids an append that names the stream's current revision
      // ("writing exactly to the end … -> ok") or starts a stream, and for ANY / STREAM_EXISTS
      // compares them with recent writes only, writing at once when the first is new
      // (IndexWriter.CheckCommit). So the ids are looked up here, in the stream, first. KurrentDB
      // keeps no index of event ids: an id used in another stream cannot be found (see eventStore.ts).
      const repeat = repeatOf(known.ids, ids);
      switch (repeat.kind) {
        case 'partial':
          throw new ValidationError('Some events of this append are stored, others not', { streamId });
        case 'repeat':
          return this.firstResult(streamId, repeat.from, ids.length);
        case 'new':
          break;
        default: {
          const unknown: never = repeat;
          throw new Error(`Unknown repeat ${String(unknown)}`);
        }
      }
      checkExpectedRevision(streamId, expected, known.revision);
      // The chain continues from the head read at the revision the append names: no fork.
      let prevHash = known.hash;
      let revision = known.revision === undefined ? 0n : known.revision + 1n;
      const chained = prepared.map((p) => {
        const hash = chainHash(p.event, streamId, revision, prevHash);
        const row = { event: p.event, revision, prevHash, hash };
        prevHash = hash;
        revision++;
        return row;
      });
      const result = await this.client
        .appendToStream(
          streamId,
          chained.map((c) =>
            jsonEvent({
              id: c.event.id,
              type: c.event.type,
              data: c.event.data as Record<string, unknown>,
              metadata: storedMetadata(c.event.metadata, {
                version: c.event.version,
                prevHash: c.prevHash,
                hash: c.hash,
              }) as unknown as Record<string, unknown>,
            }),
          ),
          { streamState: known.revision === undefined ? KURRENT_NO_STREAM : known.revision },
        )
        .catch((error: unknown) => {
          if (error instanceof WrongExpectedVersionError) return undefined;
          throw error;
        });
      if (result?.success) return this.written(streamId, chained, result);
      // Another process appended since the stream was read: the next round reads what it wrote
      // and decides again (a repeat, a conflict, or for ANY / STREAM_EXISTS another try).
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        const now = await this.catchUp(streamId);
        throw new ConcurrencyError(streamId, describeExpected(expected), now.revision ?? -1n);
      }
    }
  }

  /**
   * The result of an append the server acknowledged. Its events are read back for what only the
   * server knows (their positions and times), from the leader: the append was acknowledged once the
   * leader had indexed it, and a follower may not have it yet.
   */
  private async written(
    streamId: string,
    chained: readonly { event: NewEvent; revision: bigint; hash: string }[],
    result: { nextExpectedRevision: bigint; position?: { commit: bigint; prepare: bigint } | undefined },
  ): Promise<AppendResult> {
    this.notifier.notify();
    // The answer names the position of the append's last event: the server answers with the
    // position of the record that ends the write (StorageChaser.ProcessPrepareRecord publishes
    // CommitChased at TransactionEnd; RequestManagerBase.CommitPosition), and for an append it
    // took for a repeat, with the first write's last event (IndexWriter.CheckCommit, logPos).
    const answered = result.position ? toPosition(result.position) : undefined;
    const stored = await this.readStored(streamId, {
      from: chained[0]!.revision,
      maxCount: chained.length,
      requiresLeader: true,
    });
    const recorded = stored.map((e) => toRecorded(e, this.catalog, false));
    const last = recorded.at(-1);
    if (
      !last ||
      recorded.length !== chained.length ||
      recorded.some((e, i) => e.id !== chained[i]!.event.id)
    ) {
      this.known.forget(streamId);
      throw new Error(
        `Stream ${streamId} was appended to${answered === undefined ? '' : ` (up to position ${answered})`}, ` +
          'but its events could not be read back: appending them again answers with them',
      );
    }
    this.known.add(streamId, recorded);
    return {
      streamId,
      nextExpectedRevision: result.nextExpectedRevision,
      position: answered ?? last.position,
      events: recorded,
      // Whether the events were there already is decided by their ids, looked up before writing
      // (appends to a stream run one at a time in a process). The one case left: another process
      // wrote the same ids between that look-up and this append, and KurrentDB took this append for
      // a repeat (IndexWriter.CheckCommit) and answered it as a write (RequestManagerBase.Handle of
      // AlreadyCommitted). Then the events stored are not the ones sent; if they are identical in
      // every byte, nothing tells the two apart, and both appends are answered as the writer.
      deduplicated: recorded.some((e, i) => e.hash !== chained[i]!.hash),
    };
  }

  /** The result of the append that first wrote these events (the stream holds them from `from`). */
  private async firstResult(streamId: string, from: bigint, count: number): Promise<AppendResult> {
    const stored = await this.readStored(streamId, { from, maxCount: count, requiresLeader: true });
    const recorded = stored.map((e) => toRecorded(e, this.catalog, false));
    const last = recorded.at(-1);
    if (recorded.length !== count || !last) {
      this.known.forget(streamId);
      throw new Error(`The events of stream ${streamId} from revision ${from} could not be read back`);
    }
    return {
      streamId,
      nextExpectedRevision: last.revision,
      position: last.position,
      events: recorded,
      deduplicated: true,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const stored = await this.readStored(streamId, {
      direction: backwards ? 'backwards' : 'forwards',
      ...(options.fromRevision !== undefined ? { from: options.fromRevision } : {}),
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
    });
    const inRange = stored.filter((e) =>
      options.toRevision === undefined
        ? true
        : backwards
          ? e.revision >= options.toRevision
          : e.revision <= options.toRevision,
    );
    return inRange.map((e) => toRecorded(e, this.catalog, !options.raw));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllFrom({
      ...(options.fromPosition !== undefined ? { from: options.fromPosition } : {}),
      backwards: options.direction === 'backwards',
      filter: options.filter,
      limit: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
  }

  private async readAllFrom(range: AllRange): Promise<RecordedEvent[]> {
    return (await this.all.scan(range)).events.map((e) => toRecorded(e, this.catalog, true));
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const [tail] = await this.readStored(streamId, { direction: 'backwards', maxCount: 1 });
    return tail?.revision;
  }

  headPosition(): Promise<bigint> {
    return this.all.head();
  }

  async eventsAfter(position: bigint, limit: number): Promise<number> {
    // Counted as stored: what is only counted is not decoded.
    return (await this.all.scan({ from: position, exclusive: true, limit })).events.length;
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const filter = options.filter;
    const subscription = new CatchUpSubscription(
      {
        readBatch: (after, limit) =>
          this.subscriptionRead(async (): Promise<SubscriptionBatch> => {
            // The head read first: every event at or below it that matches is in the read after it.
            const head = await this.headPosition();
            const scan = await this.all.scan({ from: after, exclusive: true, filter, limit });
            const events = scan.events.map((e) => toRecorded(e, this.catalog, true));
            const scanned = scan.scanned !== undefined && scan.scanned > after ? scan.scanned : after;
            // Not the end of the log: the next batch goes on after the last event delivered.
            if (!scan.exhausted) return { events, position: scanned, caughtUp: false };
            return { events, position: head > scanned ? head : scanned, caughtUp: true };
          }),
        head: () => this.headPosition(),
        waitForAppend: (after, signal) => {
          const waiting = this.notifier.next(signal);
          this.startPolling(after);
          return waiting;
        },
      },
      options.fromPosition ?? 0n,
      options.batchSize ?? 1000,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verifyStream(streamId: string): Promise<ChainVerification> {
    const stored = await this.readStored(streamId, {});
    return verifyChain(
      stored.map((e) => {
        const { metadata, ledger } = splitMetadata(e.metadata);
        return {
          streamId,
          revision: e.revision,
          id: e.id,
          type: e.type,
          version: ledger?.version ?? -1,
          data: e.data,
          metadata,
          prevHash: ledger?.prevHash ?? '',
          hash: ledger?.hash ?? '',
        };
      }),
      GENESIS_HASH,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.client.dispose();
  }

  /**
   * A subscription's read, tried again after a failure of the connection (a node restarting, a
   * leader election) with a growing pause, for as long as the store is open: a subscriber resumes
   * from its last position; nothing is skipped or read twice.
   */
  private subscriptionRead<T>(read: () => Promise<T>): Promise<T> {
    return retrying(read, { attempts: Number.POSITIVE_INFINITY, stopped: () => this.closed });
  }

  /** Appends by other processes are noticed by polling the head, only while someone waits. */
  private startPolling(after: bigint): void {
    if (after > this.lastHead) this.lastHead = after;
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setInterval(() => {
      if (this.notifier.waiting === 0) {
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
        return;
      }
      void this.headPosition().then(
        (head) => {
          if (head > this.lastHead) {
            this.lastHead = head;
            this.notifier.notify();
          }
        },
        () => undefined,
      );
    }, this.options.pollIntervalMs ?? 25);
    this.pollTimer.unref();
  }
}
