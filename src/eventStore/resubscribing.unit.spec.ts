import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../contexts/catalog.js';
import { messages } from '../../test/support/events.js';
import type { EventStore, Subscription, SubscriptionBatch } from './eventStore.js';
import { getInMemoryEventStore } from './memory/inMemoryEventStore.js';
import { resubscribing } from './resubscribing.js';

const catalog = createEventCatalog();

/** The store's subscriptions, the first of which fails after delivering one batch. */
const failingOnce = (store: EventStore) => {
  let made = 0;
  return {
    subscribe: (options: Parameters<EventStore['subscribe']>[0]): Subscription => {
      const inner = store.subscribe(options);
      if (++made > 1) return inner;
      return {
        close: () => inner.close(),
        async *[Symbol.asyncIterator]() {
          for await (const batch of inner) {
            yield batch;
            throw new Error('the log went away');
          }
        },
      };
    },
    get made() {
      return made;
    },
  };
};

describe('a subscription that resubscribes', () => {
  it('goes on after a failure from the last position delivered, skipping and repeating nothing', async () => {
    const store = getInMemoryEventStore({ catalog });
    const history = [
      ...(await store.append('collaboration-k1', messages(1))).events,
      ...(await store.append('collaboration-k2', messages(1))).events,
    ];
    const flaky = failingOnce(store);
    const errors: unknown[] = [];
    const subscription = resubscribing(flaky, {
      fromPosition: 0n,
      batchSize: 1,
      onError: (error) => errors.push(error),
      pauseMs: () => 1,
    });
    const delivered: string[] = [];
    const iterator = subscription[Symbol.asyncIterator]();
    const next = async () => ((await iterator.next()).value as SubscriptionBatch).events.map((e) => e.id);
    delivered.push(...(await next()), ...(await next()));
    const live = await store.append('collaboration-k3', messages(1));
    delivered.push(...(await next()));
    expect(delivered).toEqual([...history, ...live.events].map((e) => e.id));
    expect(errors).toEqual([new Error('the log went away')]);
    expect(flaky.made).toBe(2);
    await subscription.close();
    await store.close();
  });

  it('ends a waiting iteration, pausing or reading, on close', async () => {
    const store = getInMemoryEventStore({ catalog });
    const failing = {
      subscribe: (): Subscription => ({
        close: () => Promise.resolve(),
        // eslint-disable-next-line require-yield
        async *[Symbol.asyncIterator]() {
          await Promise.resolve();
          throw new Error('down');
        },
      }),
    };
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => (failed = resolve));
    const subscription = resubscribing(failing, {
      fromPosition: 0n,
      onError: () => failed(),
      pauseMs: () => 60_000,
    });
    const pending = subscription[Symbol.asyncIterator]().next();
    await failure;
    await subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await store.close();
  });
});
