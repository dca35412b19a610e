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
  jsonEvent,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../core/event.js';
import { ConcurrencyError, ValidationError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { verifyChain, type ChainVerification } from '../../core/hash.js';
import { checkExpectedRevision, prepareEvents } from '../appendEngine.js';
import { AppendNotifier, CatchUpSubscription } from '../catchUpSubscription.js';
import { AllReader, type AllRange } from './allReader.js';
import type { KurrentClient } from './client.js';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  describeExpected,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ForeignEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionBatch,
} from '../eventStore.js';
import { chainHash, splitMetadata, storedMetadata, toRecorded, type StoredKurrentEvent } from './mapping.js';

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
  private readonly all: AllReader;
  private readonly catalog: EventCatalog;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastHead = 0n;
  private closed = false;

  constructor(private readonly options: KurrentDBEventStoreOptions) {
    this.client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
    this.catalog = options.catalog;
    this.all = new AllReader(this.client, options.onForeignEvent);
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
          this.retrying(async (): Promise<SubscriptionBatch> => {
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
