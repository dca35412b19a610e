import type { EventStore, SubscribeOptions, Subscription, SubscriptionBatch } from './eventStore.js';

export interface ResubscribingOptions extends Omit<SubscribeOptions, 'fromPosition'> {
  /** Deliver events after this position (exclusive). */
  readonly fromPosition: bigint;
  /** Told of each failure, before the store is subscribed to again. */
  readonly onError?: (error: unknown) => void;
  /** The pause after the n-th failure in a row. Default: 100 ms, doubling, at most 30 s. */
  readonly pauseMs?: (failures: number) => number;
}

const defaultPause = (failures: number) => Math.min(30_000, 100 * 2 ** (failures - 1));

/**
 * A subscription that outlives failures of the log: when its reads fail beyond what the store
 * tries again by itself (a restart of the log's server that outlasts the store's retries, an
 * answer it could not use), the failure is reported and, after a pause, the store is subscribed to
 * again from the last position delivered — nothing skipped, nothing twice. For a reader that must
 * go on as long as its process runs (the log hub that feeds GraphQL subscriptions); a projector
 * stands down and takes its lease again instead.
 */
export const resubscribing = (
  store: Pick<EventStore, 'subscribe'>,
  options: ResubscribingOptions,
): Subscription => new Resubscribing(store, options);

class Resubscribing implements Subscription {
  private readonly abort = new AbortController();
  private current: Subscription | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'subscribe'>,
    private readonly options: ResubscribingOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionBatch> {
    const { onError, pauseMs = defaultPause, fromPosition, ...subscribe } = this.options;
    let position = fromPosition;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        this.current = this.store.subscribe({ ...subscribe, fromPosition: position });
        for await (const batch of this.current) {
          failures = 0;
          position = batch.position;
          yield batch;
        }
        // It ended without failing: closed (by us, or with its store).
        return;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        failures++;
        onError?.(error);
        await pause(pauseMs(failures), this.abort.signal);
      } finally {
        await this.current?.close();
        this.current = undefined;
      }
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.current?.close();
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
