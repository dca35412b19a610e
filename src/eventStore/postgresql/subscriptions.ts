import { CatchUpSubscription, type AppendNotifier } from '../catchUpSubscription.js';
import type { SubscribeOptions, Subscription, SubscriptionBatch } from '../eventStore.js';
import type { LogListener } from './notifications.js';
import type { LogReaders } from './readers.js';
import { backoffMs, isTransient, sleep } from './transient.js';

/** How often a caught-up subscription reads again while announcements are relied on. */
const IDLE_READ_MS = 5_000;

export interface SubscriptionOptions {
  /** How often a waiting subscription reads again when announcements cannot be relied on. */
  readonly pollIntervalMs: number;
  /** How long a read of a batch is tried again while the server is away, before the subscription fails. */
  readonly retryForMs: number;
}

/**
 * The store's catch-up subscriptions: history read in batches, then woken by {@link AppendNotifier},
 * which this process's commits and the log's announcements (notifications.ts) both ring. While the
 * listening connection is down, or (transaction-id ordering) while committed events wait behind a
 * transaction still running, a waiting subscription reads again every `pollIntervalMs` instead.
 * A read that fails because the server is away is tried again from the same position.
 */
export class LiveSubscriptions {
  private readonly subscriptions = new Set<CatchUpSubscription>();

  constructor(
    private readonly readers: LogReaders,
    private readonly notifier: AppendNotifier,
    private readonly listener: LogListener,
    private readonly options: SubscriptionOptions,
    private readonly stopped: () => boolean,
  ) {}

  subscribe(options: SubscribeOptions = {}): Subscription {
    const filter = options.filter;
    // Wakes counted when the last batch was read: one rung since then is not waited for.
    let wakesAtRead = 0;
    let behindCommitted = false;
    const subscription = new CatchUpSubscription(
      {
        readBatch: async (after, limit) => {
          this.listener.start();
          wakesAtRead = this.notifier.wakes;
          const batch = await this.retrying(() => this.readers.readBatch(after, limit, filter));
          behindCommitted = batch.caughtUp && (await this.committedBeyond(batch));
          return batch;
        },
        head: () => this.retrying(() => this.readers.safeHead()),
        waitForAppend: (_after, signal) => {
          if (this.notifier.wakes !== wakesAtRead) return Promise.resolve();
          // Listening, it still reads again now and then: an announcement lost with a connection
          // that died silently (no reset, keepalive not yet failed) delays it by that much only.
          const relied = this.listener.listening && !behindCommitted;
          const timeout = relied ? IDLE_READ_MS : this.options.pollIntervalMs;
          return this.notifier.next(AbortSignal.any([signal, AbortSignal.timeout(timeout)]));
        },
      },
      options.fromPosition ?? 0n,
      options.batchSize ?? 1000,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    for (const subscription of [...this.subscriptions]) await subscription.close();
  }

  /**
   * Whether events are committed past what a caught-up batch could read: only in the
   * transaction-id ordering, where they wait for an older transaction; nobody announces when that
   * one ends, so the subscription polls.
   */
  private async committedBeyond(batch: SubscriptionBatch): Promise<boolean> {
    if (this.readers.everyCommitIsSafe) return false;
    return (await this.retrying(() => this.readers.head())) > batch.position;
  }

  private async retrying<T>(read: () => Promise<T>): Promise<T> {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (!isTransient(error) || this.stopped() || performance.now() - started > this.options.retryForMs) {
          throw error;
        }
        await sleep(backoffMs(attempt));
      }
    }
  }
}
