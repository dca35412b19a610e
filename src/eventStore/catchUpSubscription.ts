import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Subscription, SubscriptionBatch } from './eventStore.js';

/** How an adapter feeds a catch-up subscription. */
export interface SubscriptionSource {
  /** Reads up to `limit` matching events after `after`; `position` says how far the log was scanned. */
  readBatch(after: bigint, limit: number): Promise<SubscriptionBatch>;
  /** The position of the log's last event now. */
  head(): Promise<bigint>;
  /** Resolves once the head may have moved past `after` (or the signal aborts). */
  waitForAppend(after: bigint, signal: AbortSignal): Promise<void>;
}

/**
 * History, then live: reads batches until it reaches the head, then waits for appends. Delivery is in
 * log order and nothing is skipped, because every read continues from the last position scanned.
 */
export class CatchUpSubscription implements Subscription {
  private readonly abort = new AbortController();
  private iterating = false;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly start: bigint | 'end',
    private readonly batchSize: number,
    private readonly onClose: (subscription: CatchUpSubscription) => void,
  ) {}

  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionBatch> {
    if (this.iterating) throw new Error('A subscription can be iterated once');
    this.iterating = true;
    try {
      let position = this.start === 'end' ? await this.source.head() : this.start;
      while (!this.closed) {
        const batch = await this.source.readBatch(position, this.batchSize);
        if (this.closed) return;
        if (batch.position > position) {
          position = batch.position;
          yield batch;
          // Reads that answer at once (an embedded store) would otherwise keep the event loop to
          // this subscription until it catches up: timers (lease renewals) and requests wait.
          await nextTurn();
          continue;
        }
        await this.source.waitForAppend(position, this.abort.signal);
      }
    } finally {
      await this.close();
    }
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.abort.abort();
      this.onClose(this);
    }
    return Promise.resolve();
  }
}

/**
 * Wakes waiters when the head of the log moves. Adapters call {@link notify} after their own
 * commits, and (for stores shared between processes) after noticing another process's commit.
 */
export class AppendNotifier {
  private readonly waiters = new Set<() => void>();
  /** How many times it has rung: a reader that notes it before a read knows whether to wait after. */
  wakes = 0;

  get waiting(): number {
    return this.waiters.size;
  }

  notify(): void {
    this.wakes++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves at the next {@link notify}, or when the signal aborts. */
  next(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => {
        signal.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
