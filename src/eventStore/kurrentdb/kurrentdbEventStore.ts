import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { verifyChain, type ChainVerification } from '../../core/hash.js';
import { prepareAppends, prepareEvents } from '../appendEngine.js';
import { AppendNotifier, CatchUpSubscription } from '../catchUpSubscription.js';
import type { StoredEvent } from '../storedEvent.js';
import {
  ANY,
  combineResults,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ForeignEvent,
  type MultiAppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type StreamAppend,
  type Subscription,
  type SubscriptionBatch,
} from '../eventStore.js';
import { AllReader, type AllRange } from './allReader.js';
import type { KurrentClient } from './client.js';
import { splitMetadata, toRecorded, toStored } from './mapping.js';
import { StreamAppender } from './streamAppender.js';
import { StreamReader } from './streamReader.js';
import { retrying } from './transientErrors.js';

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

/**
 * The event store on KurrentDB (EventStoreDB), the scale-out log (ARCHITECTURE.md § Scale-out).
 *
 * Streams, revisions and optimistic concurrency are KurrentDB's own; idempotence by event id is the
 * port's, checked here before appending (KurrentDB's is weaker: see streamAppender.ts). Every append names
 * an exact revision: the hash chain (kept in event metadata) is computed from the stream's head read
 * at that revision, and the append succeeds only if the stream is still there, so the chain cannot
 * fork. An append to several streams is one transaction where the server has them (KurrentDB
 * 25.1+), else written stream by stream (appendWriter.ts). Positions are KurrentDB commit positions
 * (sparse); $all also holds KurrentDB's own system events and other applications' events, which
 * the adapter never hands out.
 */
export const getKurrentDBEventStore = (options: KurrentDBEventStoreOptions): EventStore =>
  new KurrentDBEventStore(options);

class KurrentDBEventStore implements EventStore {
  private readonly client: KurrentClient;
  private readonly all: AllReader;
  private readonly streams: StreamReader;
  private readonly appender: StreamAppender;
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
    this.streams = new StreamReader(this.client, () => this.closed);
    this.appender = new StreamAppender(this.client, this.catalog, this.streams, () => this.notifier.notify());
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('Event store is closed');
    const prepared = prepareEvents(this.catalog, streamId, events);
    return this.appender.append(streamId, prepared, options.expectedRevision ?? ANY);
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<MultiAppendResult> {
    if (this.closed) throw new Error('Event store is closed');
    return combineResults(await this.appender.appendToStreams(prepareAppends(this.catalog, appends)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const stored = await this.streams.stored(streamId, {
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

  async readStoredStream(streamId: string): Promise<StoredEvent[]> {
    return (await this.streams.stored(streamId, {})).map((e) => toStored(e, this.catalog));
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
    const [tail] = await this.streams.stored(streamId, { direction: 'backwards', maxCount: 1 });
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
    const stored = await this.streams.stored(streamId, {});
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
