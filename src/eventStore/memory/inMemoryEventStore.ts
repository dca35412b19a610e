import { GENESIS_HASH, type NewEvent, type RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { verifyChain, type ChainVerification } from '../../core/hash.js';
import { DuplicateEventId, appendToStreams, prepareAppends, type AppendTarget } from '../appendEngine.js';
import { AppendNotifier, CatchUpSubscription } from '../catchUpSubscription.js';
import { storedEventOf, type StoredEvent } from '../storedEvent.js';
import {
  combineResults,
  type AppendOptions,
  type AppendResult,
  type MultiAppendResult,
  type StreamAppend,
  type EventFilter,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
} from '../eventStore.js';

interface MemoryRow {
  readonly recorded: RecordedEvent;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** The event store in memory: for tests and tools. Same semantics as the SQLite one, minus durability. */
export const getInMemoryEventStore = (options: { catalog: EventCatalog }): EventStore =>
  new InMemoryEventStore(options.catalog);

const matches = (event: RecordedEvent, filter: EventFilter | undefined): boolean =>
  (!filter?.eventTypes || filter.eventTypes.includes(event.type)) &&
  (!filter?.streamPrefixes || filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)));

class InMemoryEventStore implements EventStore {
  private readonly log: MemoryRow[] = [];
  private readonly streams = new Map<string, MemoryRow[]>();
  private readonly byId = new Map<string, MemoryRow>();
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly target: AppendTarget;
  private closed = false;

  constructor(private readonly catalog: EventCatalog) {
    // Writes go to `pending` first and are published only when the whole append succeeded.
    let pending: MemoryRow[] = [];
    const streamOf = (streamId: string): MemoryRow[] => [
      ...(this.streams.get(streamId) ?? []),
      ...pending.filter((e) => e.recorded.streamId === streamId),
    ];
    this.target = {
      tail: (streamId) => {
        const last = streamOf(streamId).at(-1);
        return last ? { revision: last.recorded.revision, hash: last.recorded.hash } : undefined;
      },
      findEvent: (eventId) => {
        const found = this.byId.get(eventId) ?? pending.find((e) => e.recorded.id === eventId);
        return found ? { streamId: found.recorded.streamId, revision: found.recorded.revision } : undefined;
      },
      readRange: (streamId, from, count) =>
        streamOf(streamId)
          .filter((e) => e.recorded.revision >= from)
          .slice(0, count)
          .map((e) => e.recorded),
      insert: (row) => {
        if (
          this.byId.has(row.prepared.event.id) ||
          pending.some((e) => e.recorded.id === row.prepared.event.id)
        ) {
          throw new DuplicateEventId(row.prepared.event.id);
        }
        const position = BigInt(this.log.length + pending.length + 1);
        const { event } = row.prepared;
        pending.push({
          recorded: {
            ...event,
            data: JSON.parse(row.prepared.dataJson),
            metadata: JSON.parse(row.prepared.metadataJson),
            streamId: row.streamId,
            revision: row.revision,
            position,
            recordedAt: row.recordedAt,
            prevHash: row.prevHash,
            hash: row.hash,
          },
          dataJson: row.prepared.dataJson,
          metadataJson: row.prepared.metadataJson,
        });
        return position;
      },
    };
    this.commitPending = () => {
      for (const stored of pending) {
        this.log.push(stored);
        this.byId.set(stored.recorded.id, stored);
        const stream = this.streams.get(stored.recorded.streamId) ?? [];
        stream.push(stored);
        this.streams.set(stored.recorded.streamId, stream);
      }
      pending = [];
    };
    this.discardPending = () => {
      pending = [];
    };
  }

  private readonly commitPending: () => void;
  private readonly discardPending: () => void;

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    return (await this.appendToStreams([{ streamId, events, ...options }])).results[0]!;
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<MultiAppendResult> {
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
    try {
      const results = appendToStreams(
        this.target,
        prepareAppends(this.catalog, appends),
        new Date().toISOString(),
      );
      this.commitPending();
      queueMicrotask(() => this.notifier.notify());
      return Promise.resolve(combineResults(results));
    } catch (error) {
      this.discardPending();
      return Promise.reject(error);
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = (this.streams.get(streamId) ?? []).map((e) => e.recorded);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const to = options.toRevision;
    const selected = (backwards ? [...stream].reverse() : stream).filter((e) =>
      backwards
        ? (from === undefined || e.revision <= from) && (to === undefined || e.revision >= to)
        : (from === undefined || e.revision >= from) && (to === undefined || e.revision <= to),
    );
    const limited = selected.slice(0, options.maxCount ?? selected.length);
    return Promise.resolve(options.raw ? limited : limited.map((e) => this.upcast(e)));
  }

  readStoredStream(streamId: string): Promise<StoredEvent[]> {
    return Promise.resolve(
      (this.streams.get(streamId) ?? []).map(({ recorded, dataJson, metadataJson }) =>
        storedEventOf(this.catalog, { ...recorded, dataText: dataJson, metadataText: metadataJson }),
      ),
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const all = this.log.map((e) => e.recorded);
    const from = options.fromPosition;
    const selected = (backwards ? [...all].reverse() : all).filter(
      (e) =>
        (from === undefined || (backwards ? e.position <= from : e.position >= from)) &&
        matches(e, options.filter),
    );
    return Promise.resolve(selected.slice(0, options.maxCount ?? selected.length).map((e) => this.upcast(e)));
  }

  streamRevision(streamId: string): Promise<bigint | undefined> {
    return Promise.resolve(this.streams.get(streamId)?.at(-1)?.recorded.revision);
  }

  headPosition(): Promise<bigint> {
    return Promise.resolve(BigInt(this.log.length));
  }

  eventsAfter(position: bigint, limit: number): Promise<number> {
    return Promise.resolve(Math.max(0, Math.min(limit, this.log.length - Number(position))));
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const subscription = new CatchUpSubscription(
      {
        readBatch: (after, limit) => {
          const events: RecordedEvent[] = [];
          let position = after;
          for (let i = Number(after); i < this.log.length && events.length < limit; i++) {
            const event = this.log[i]!.recorded;
            position = event.position;
            if (matches(event, options.filter)) events.push(this.upcast(event));
          }
          return Promise.resolve({ events, position, caughtUp: position === BigInt(this.log.length) });
        },
        head: () => this.headPosition(),
        waitForAppend: (after, signal) =>
          BigInt(this.log.length) > after ? Promise.resolve() : this.notifier.next(signal),
      },
      options.fromPosition ?? 0n,
      options.batchSize ?? 1000,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  verifyStream(streamId: string): Promise<ChainVerification> {
    const stream = this.streams.get(streamId) ?? [];
    return Promise.resolve(
      verifyChain(
        stream.map((e) => ({ ...e.recorded, dataJson: e.dataJson, metadataJson: e.metadataJson })),
        GENESIS_HASH,
      ),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const { version, data } = this.catalog.upcast(event.type, event.version, event.data);
    return version === event.version ? event : { ...event, version, data };
  }
}
