import type Database from 'better-sqlite3';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { CatchUpSubscription, type AppendNotifier } from '../catchUpSubscription.js';
import type { SubscribeOptions, Subscription, SubscriptionBatch } from '../eventStore.js';
import type { LogReaders } from './readers.js';
import { toEvent } from './rows.js';
import type { Statements } from './statements.js';

/**
 * The store's catch-up subscriptions: history read in batches, each a read transaction, then woken
 * by {@link AppendNotifier} — by this process's commits, and by other processes' commits, seen
 * through `PRAGMA data_version`, polled only while someone waits.
 */
export class LiveSubscriptions {
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private pollTimer: NodeJS.Timeout | undefined;
  private lastDataVersion: number;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private readonly readers: LogReaders,
    private readonly catalog: EventCatalog,
    private readonly notifier: AppendNotifier,
    private readonly pollIntervalMs: number,
  ) {
    this.lastDataVersion = this.dataVersion();
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const filter = options.filter;
    const hasFilter = Boolean(filter && (filter.eventTypes || filter.streamPrefixes));
    const readBatch = this.db.transaction((after: bigint, limit: number): SubscriptionBatch => {
      const events = hasFilter
        ? this.readers.readFiltered(after + 1n, limit, filter!)
        : this.statements.allForward
            .all(Number(after + 1n), limit)
            .map((row) => toEvent(this.catalog, row, true));
      if (events.length === limit)
        return { events, position: events[events.length - 1]!.position, caughtUp: false };
      // The page ended before the limit: everything up to the head of this snapshot was scanned.
      const head = this.readers.head();
      return { events, position: head > after ? head : after, caughtUp: true };
    });
    const subscription = new CatchUpSubscription(
      {
        readBatch: (after, limit) => Promise.resolve(readBatch.deferred(after, limit)),
        head: () => Promise.resolve(this.readers.head()),
        waitForAppend: (after, signal) => {
          if (this.readers.head() > after) return Promise.resolve();
          const waiting = this.notifier.next(signal);
          this.startPolling();
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

  /** Ends every subscription, and the polling. */
  async close(): Promise<void> {
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.stopPolling();
  }

  private dataVersion(): number {
    return this.statements.dataVersion.get()!;
  }

  private startPolling(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setInterval(() => {
      if (this.notifier.waiting === 0) return this.stopPolling();
      const version = this.dataVersion();
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        this.notifier.notify();
      }
    }, this.pollIntervalMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}
