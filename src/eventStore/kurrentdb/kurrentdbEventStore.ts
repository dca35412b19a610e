import {
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM as KURRENT_NO_STREAM,
  NotLeaderError,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../core/event.js';
import { ConcurrencyError, ValidationError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { verifyChain, type ChainVerification } from '../../core/hash.js';
import { checkExpectedRevision, prepareEvents } from '../appendEngine.js';
import { AppendNotifier, CatchUpSubscription } from '../catchUpSubscription.js';
import type { KurrentClient } from './client.js';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  describeExpected,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ForeignEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionBatch,
} from '../eventStore.js';
import {
  chainHash,
  filterFor,
  fromPosition,
  kindOf,
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

const MAX_READ = 4_096;

/** Failures of the connection, not of the request: worth trying again. */
const isTransient = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof DeadlineExceededError ||
  error instanceof NotLeaderError ||
  error instanceof CancelledError;

/**
 * The event store on KurrentDB (EventStoreDB), the scale-out log (ARCHITECTURE.md § Scale-out).
 *
 * Streams, revisions, optimistic concurrency and idempotent appends are KurrentDB's own. Every
 * append names an exact revision: the hash chain (kept in event metadata) is computed from the
 * stream's tail read at that revision, and the append succeeds only if the stream is still there,
 * so the chain cannot fork. Positions are KurrentDB commit positions (sparse); $all also holds
 * KurrentDB's own system events, which the adapter never hands out.
 */
export const getKurrentDBEventStore = (options: KurrentDBEventStoreOptions): EventStore =>
  new KurrentDBEventStore(options);

class KurrentDBEventStore implements EventStore {
  private readonly client: KurrentClient;
  private readonly catalog: EventCatalog;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastHead = 0n;
  /** The highest position of another application's event reported yet. */
  private foreignUpTo = 0n;
  private closed = false;

  constructor(private readonly options: KurrentDBEventStoreOptions) {
    this.client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
    this.catalog = options.catalog;
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

  /**
   * A record of $all as the service's event, or undefined for the server's own and for another
   * application's (reported once, as readers move forward): a shared log holds both, and neither
   * may stop a reader of the service's events.
   */
  private ours(resolved: AllStreamResolvedEvent): StoredKurrentEvent | undefined {
    const event = resolved.event;
    if (!event?.position) return undefined;
    const kind = kindOf(event);
    switch (kind) {
      case 'ours':
        return this.stored(resolved);
      case 'system':
        return undefined;
      case 'foreign': {
        const position = toPosition(event.position);
        if (position > this.foreignUpTo) {
          this.foreignUpTo = position;
          this.options.onForeignEvent?.({ streamId: event.streamId, type: event.type, position });
        }
        return undefined;
      }
      default: {
        const unknown: never = kind;
        throw new Error(`Unknown record kind ${String(unknown)}`);
      }
    }
  }

  /** The stream's events as stored, in the direction and range asked. */
  private async readStored(
    streamId: string,
    range: { from?: bigint; direction?: 'forwards' | 'backwards'; maxCount?: number },
  ): Promise<StoredKurrentEvent[]> {
    const events: StoredKurrentEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: range.direction === 'backwards' ? BACKWARDS : FORWARDS,
        fromRevision: range.from ?? (range.direction === 'backwards' ? END : START),
        maxCount: range.maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        const stored = this.stored(resolved);
        if (stored) events.push(stored);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('Event store is closed');
    const prepared = prepareEvents(this.catalog, streamId, events);
    const expected = options.expectedRevision ?? ANY;
    for (let attempt = 0; ; attempt++) {
      const [tail] = await this.readStored(streamId, { direction: 'backwards', maxCount: 1 });
      const actual = tail?.revision;
      try {
        checkExpectedRevision(streamId, expected, actual);
      } catch (error) {
        const repeated = await this.repeated(
          streamId,
          prepared.map((p) => p.event.id),
          expected,
        );
        if (repeated) return repeated;
        throw error;
      }
      // The chain continues from the tail read at the revision the append names: no fork.
      let prevHash = tail ? (splitMetadata(tail.metadata).ledger?.hash ?? GENESIS_HASH) : GENESIS_HASH;
      let revision = actual === undefined ? 0n : actual + 1n;
      const chained = prepared.map((p) => {
        const hash = chainHash(p.event, streamId, revision, prevHash);
        const row = { event: p.event, revision, prevHash, hash };
        prevHash = hash;
        revision++;
        return row;
      });
      try {
        const result = await this.client.appendToStream(
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
          { streamState: actual === undefined ? KURRENT_NO_STREAM : actual },
        );
        const written = await this.readStored(streamId, {
          from: chained[0]!.revision,
          maxCount: chained.length,
        });
        this.notifier.notify();
        const recorded = written.map((e) => toRecorded(e, this.catalog, false));
        // Written by an identical append that raced this one (KurrentDB recognised the ids).
        const deduplicated = recorded.some((e, i) => e.hash !== chained[i]!.hash);
        return {
          streamId,
          nextExpectedRevision: result.nextExpectedRevision,
          position: recorded.at(-1)!.position,
          events: recorded,
          deduplicated,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Someone appended between the tail read and the append.
        const repeated = await this.repeated(
          streamId,
          prepared.map((p) => p.event.id),
          expected,
        );
        if (repeated) return repeated;
        if (expected === ANY || expected === STREAM_EXISTS) {
          if (attempt < 5) continue;
        }
        const [now] = await this.readStored(streamId, { direction: 'backwards', maxCount: 1 });
        throw new ConcurrencyError(streamId, describeExpected(expected), now?.revision ?? -1n);
      }
    }
  }

  /** When the ids are already in the stream (a retried append), the first result; else undefined. */
  private async repeated(
    streamId: string,
    ids: readonly string[],
    expected: AppendOptions['expectedRevision'],
  ): Promise<AppendResult | undefined> {
    const from = typeof expected === 'bigint' ? expected + 1n : 0n;
    const candidates =
      typeof expected === 'bigint' || expected === NO_STREAM
        ? await this.readStored(streamId, { from, maxCount: MAX_READ })
        : await this.readStored(streamId, {});
    const start = candidates.findIndex((e) => e.id === ids[0]);
    if (start === -1) return undefined;
    const run = candidates.slice(start, start + ids.length);
    if (run.length !== ids.length || run.some((e, i) => e.id !== ids[i])) {
      throw new ValidationError('Some events of this append are stored, others not', { streamId });
    }
    const recorded = run.map((e) => toRecorded(e, this.catalog, false));
    return {
      streamId,
      nextExpectedRevision: recorded.at(-1)!.revision,
      position: recorded.at(-1)!.position,
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

  /**
   * Events of $all from a position — after it when `exclusive` — in a direction, matching a filter,
   * up to a count. Reads in pages; system events and what the server-side filter cannot express are
   * left out here.
   */
  private async readAllFrom(
    start: bigint | undefined,
    exclusive: boolean,
    limit: number,
    filter: EventFilter | undefined,
    backwards = false,
  ): Promise<RecordedEvent[]> {
    const { server, accepts } = filterFor(filter);
    const serverFilter: Filter =
      server.on === 'eventType'
        ? eventTypeFilter({ regex: server.regex })
        : server.on === 'streamName'
          ? streamNameFilter({ prefixes: [...server.prefixes] })
          : excludeSystemEvents();
    const events: RecordedEvent[] = [];
    const beyond = (position: bigint) =>
      start === undefined
        ? true
        : backwards
          ? exclusive
            ? position < start
            : position <= start
          : exclusive
            ? position > start
            : position >= start;
    if (backwards && start !== undefined && !exclusive) {
      // The server reads $all backwards from a position keeping the records that end at or before
      // it (AllReader.ReadAllEventsBackwardInternal: `new TFPos(RecordPostPosition, …) <= pos`):
      // the event AT the position is left out. The port reads from it inclusive: it is fetched
      // forwards (inclusive there), unfiltered so that nothing is searched for past it.
      const [at] = await this.readAllRaw({ from: start, maxCount: 1 });
      const stored = at && this.ours(at);
      if (stored && toPosition(stored.position) === start && accepts(stored.streamId, stored.type)) {
        events.push(toRecorded(stored, this.catalog, true));
        if (events.length >= limit) return events;
      }
    }
    for await (const resolved of this.client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: start === undefined ? (backwards ? END : START) : fromPosition(start),
      maxCount: Math.min(Number.MAX_SAFE_INTEGER, limit + 1),
      filter: serverFilter,
    })) {
      const stored = this.ours(resolved);
      if (!stored || !accepts(stored.streamId, stored.type)) continue;
      const recorded = toRecorded(stored, this.catalog, true);
      if (!beyond(recorded.position)) continue;
      events.push(recorded);
      if (events.length >= limit) break;
    }
    return events;
  }

  /** Records of $all as the client answers them, forwards from a position (inclusive), unfiltered. */
  private async readAllRaw(range: { from: bigint; maxCount: number }): Promise<AllStreamResolvedEvent[]> {
    const records: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      fromPosition: fromPosition(range.from),
      maxCount: range.maxCount,
    })) {
      records.push(resolved);
    }
    return records;
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllFrom(
      options.fromPosition,
      false,
      options.maxCount ?? Number.MAX_SAFE_INTEGER,
      options.filter,
      options.direction === 'backwards',
    );
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const [tail] = await this.readStored(streamId, { direction: 'backwards', maxCount: 1 });
    return tail?.revision;
  }

  /**
   * Where the log ends, whatever record is last (the server's, another application's): a reader
   * caught up to it has missed none of the service's events. Unfiltered, so one record is read.
   */
  async headPosition(): Promise<bigint> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
    })) {
      if (resolved.event?.position) return toPosition(resolved.event.position);
    }
    return 0n;
  }

  async eventsAfter(position: bigint, limit: number): Promise<number> {
    return (await this.readAllFrom(position, true, limit, undefined)).length;
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const filter = options.filter;
    const subscription = new CatchUpSubscription(
      {
        readBatch: (after, limit) =>
          this.retrying(async (): Promise<SubscriptionBatch> => {
            // The head read first: every event at or below it that matches is in the read after it.
            const head = await this.headPosition();
            const events = await this.readAllFrom(after, true, limit, filter);
            if (events.length === limit)
              return { events, position: events.at(-1)!.position, caughtUp: false };
            const last = events.at(-1)?.position ?? after;
            return { events, position: head > last ? head : last, caughtUp: true };
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
  private async retrying<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (this.closed || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
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
