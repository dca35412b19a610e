import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { GENESIS_HASH } from '../../src/core/event.js';
import { ConcurrencyError, ValidationError } from '../../src/core/errors.js';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type EventStore,
  type SubscriptionBatch,
} from '../../src/eventStore/eventStore.js';
import { aMessage, messages } from '../support/events.js';

export interface EventStoreFactory {
  readonly name: string;
  /** A fresh, empty store. */
  create(): Promise<EventStore>;
}

/** Reads a subscription until `until` holds; fails after `timeoutMs`. */
const collect = async (
  iterable: AsyncIterable<SubscriptionBatch>,
  until: (events: SubscriptionBatch['events'][number][]) => boolean,
  timeoutMs = 5000,
) => {
  const events: SubscriptionBatch['events'][number][] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`subscription timed out with ${events.length} events`)),
      timeoutMs,
    );
  });
  const read = (async () => {
    for await (const batch of iterable) {
      events.push(...batch.events);
      if (until(events)) break;
    }
    return events;
  })();
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The event store contract: every adapter passes the same suite (as graphql-ws runs one suite over
 * all its transports). Behaviour is KurrentDB's, so the scale-out adapter can run it too.
 */
export const eventStoreContract = (factory: EventStoreFactory): void => {
  describe(`event store contract: ${factory.name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('append', () => {
      it('starts a stream at revision 0 and the log at position 1', async () => {
        const result = await store.append('s-1', messages(2), { expectedRevision: NO_STREAM });
        expect(result.nextExpectedRevision).toBe(1n);
        expect(result.events.map((e) => [e.revision, e.position])).toEqual([
          [0n, 1n],
          [1n, 2n],
        ]);
        expect(result.position).toBe(2n);
        expect(result.deduplicated).toBe(false);
        expect(await store.headPosition()).toBe(2n);
        expect(await store.streamRevision('s-1')).toBe(1n);
        expect(await store.streamRevision('missing')).toBeUndefined();
      });

      it('checks the expected revision, reporting expected and actual', async () => {
        await store.append('s-1', messages(2));
        const error = await store
          .append('s-1', messages(1), { expectedRevision: 0n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).expected).toBe('0');
        expect((error as ConcurrencyError).actual).toBe(1n);
        await expect(
          store.append('s-1', messages(1), { expectedRevision: NO_STREAM }),
        ).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(
          store.append('s-2', messages(1), { expectedRevision: STREAM_EXISTS }),
        ).rejects.toMatchObject({ actual: -1n });
        await expect(store.append('s-1', messages(1), { expectedRevision: 1n })).resolves.toMatchObject({
          nextExpectedRevision: 2n,
        });
        await expect(
          store.append('s-1', messages(1), { expectedRevision: STREAM_EXISTS }),
        ).resolves.toMatchObject({ nextExpectedRevision: 3n });
        await expect(store.append('s-1', messages(1), { expectedRevision: ANY })).resolves.toMatchObject({
          nextExpectedRevision: 4n,
        });
        expect(await store.headPosition()).toBe(5n);
      });

      it('returns the first result for events already appended, writing nothing', async () => {
        const events = messages(3);
        const first = await store.append('s-1', events, { expectedRevision: NO_STREAM });
        await store.append('s-1', messages(1));
        const again = await store.append('s-1', events, { expectedRevision: NO_STREAM });
        expect(again.deduplicated).toBe(true);
        expect(again.position).toBe(first.position);
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
        expect(await store.headPosition()).toBe(4n);
      });

      it('refuses an append of which only some events were written', async () => {
        const events = messages(2);
        await store.append('s-1', [events[0]!]);
        await expect(store.append('s-1', events)).rejects.toBeInstanceOf(ValidationError);
        expect(await store.headPosition()).toBe(1n);
      });

      it('refuses an event id used in another stream', async () => {
        const event = aMessage();
        await store.append('s-1', [event]);
        await expect(store.append('s-2', [event])).rejects.toBeInstanceOf(ValidationError);
      });

      it('refuses invalid events and writes nothing', async () => {
        await store.append('s-1', messages(1));
        const invalid = [
          aMessage('', {}),
          aMessage('x', { type: 'NoSuchEvent' }),
          aMessage('x', { version: 7 }),
          aMessage('x', { id: 'not-a-uuid' }),
          aMessage('x', { data: { messageId: 'm', side: 'SELLER', body: 'x', attachments: [], extra: 1 } }),
          aMessage('x', { metadata: { actor: 'u', role: 'KING' as never, occurredAt: 'yesterday' } }),
        ];
        for (const event of invalid) {
          await expect(store.append('s-1', [...messages(1), event])).rejects.toBeInstanceOf(ValidationError);
        }
        await expect(store.append('', messages(1))).rejects.toBeInstanceOf(ValidationError);
        await expect(store.append('s-1', [])).rejects.toBeInstanceOf(ValidationError);
        expect(await store.headPosition()).toBe(1n);
      });

      it('group-commits concurrent appends, each checked on its own', async () => {
        await store.append('contended', messages(1));
        const results = await Promise.allSettled([
          ...Array.from({ length: 50 }, (_, i) =>
            store.append(`s-${i}`, messages(2), { expectedRevision: NO_STREAM }),
          ),
          ...Array.from({ length: 10 }, () =>
            store.append('contended', messages(1), { expectedRevision: 0n }),
          ),
        ]);
        expect(results.slice(0, 50).every((r) => r.status === 'fulfilled')).toBe(true);
        const contended = results.slice(50);
        expect(contended.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(
          contended.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError),
        ).toHaveLength(9);
        expect(await store.headPosition()).toBe(102n);
        const all = await store.readAll();
        expect(all.map((e) => e.position)).toEqual(Array.from({ length: 102 }, (_, i) => BigInt(i + 1)));
      });
    });

    describe('reading', () => {
      beforeEach(async () => {
        await store.append('a-1', messages(3, 'a'));
        await store.append('b-1', messages(2, 'b'));
        await store.append('a-1', messages(2, 'a+'));
      });

      it('reads a stream forwards, backwards, in a range and limited', async () => {
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream('a-1', options)).map((e) => e.revision);
        expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ fromRevision: 1n, toRevision: 3n })).toEqual([1n, 2n, 3n]);
        expect(await revisions({ fromRevision: 3n, direction: 'backwards', maxCount: 2 })).toEqual([3n, 2n]);
        expect(await revisions({ maxCount: 2 })).toEqual([0n, 1n]);
        expect(await store.readStream('nothing')).toEqual([]);
      });

      it('returns events with their data, metadata and chain', async () => {
        const [first, second] = await store.readStream('a-1');
        expect(first!.data).toMatchObject({ body: 'a 0', side: 'SELLER' });
        expect(first!.metadata).toEqual({
          actor: 'u-s1',
          role: 'SELLER',
          occurredAt: '2026-03-01T00:00:00.000Z',
        });
        expect(first!.prevHash).toBe(GENESIS_HASH);
        expect(second!.prevHash).toBe(first!.hash);
        expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(first!.streamId).toBe('a-1');
        expect(Date.parse(first!.recordedAt)).not.toBeNaN();
      });

      it('reads the log from a position, either way, filtered', async () => {
        const positions = async (options: Parameters<EventStore['readAll']>[0]) =>
          (await store.readAll(options)).map((e) => e.position);
        expect(await positions({})).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
        expect(await positions({ fromPosition: 4n, maxCount: 2 })).toEqual([4n, 5n]);
        expect(await positions({ direction: 'backwards', maxCount: 3 })).toEqual([7n, 6n, 5n]);
        expect(await positions({ filter: { streamPrefixes: ['b-'] } })).toEqual([4n, 5n]);
        expect(
          await positions({
            filter: { eventTypes: ['MessagePosted'], streamPrefixes: ['a-', 'zzz'] },
            fromPosition: 2n,
          }),
        ).toEqual([2n, 3n, 6n, 7n]);
        expect(await positions({ filter: { eventTypes: ['CreatorRegistered'] } })).toEqual([]);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers history, then live events, in order', async () => {
        await store.append('a-1', messages(3));
        const subscription = store.subscribe({ batchSize: 2 });
        const received = collect(subscription, (events) => events.length >= 6);
        setTimeout(() => void store.append('a-2', messages(3)), 20);
        const events = await received;
        expect(events.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
        await subscription.close();
      });

      it('resumes after a position and filters by type and stream prefix', async () => {
        await store.append('collaboration-1', messages(2));
        await store.append('creator-1', messages(2));
        await store.append('collaboration-2', messages(2));
        const subscription = store.subscribe({
          fromPosition: 1n,
          filter: { streamPrefixes: ['collaboration-'] },
        });
        const received = collect(subscription, (events) => events.length >= 4);
        setTimeout(
          () =>
            void store
              .append('collaboration-3', messages(1))
              .then(() => store.append('creator-2', messages(1))),
          10,
        );
        const events = await received;
        expect(events.map((e) => [e.streamId, e.position])).toEqual([
          ['collaboration-1', 2n],
          ['collaboration-2', 5n],
          ['collaboration-2', 6n],
          ['collaboration-3', 7n],
        ]);
        await subscription.close();
      });

      it('reports how far the log was scanned even when nothing matched', async () => {
        await store.append('creator-1', messages(3));
        const subscription = store.subscribe({ filter: { eventTypes: ['CreatorRegistered'] } });
        const iterator = subscription[Symbol.asyncIterator]();
        const first = await iterator.next();
        expect(first.value).toMatchObject({ events: [], position: 3n, caughtUp: true });
        await subscription.close();
      });

      it('starts at the end when asked for live events only', async () => {
        await store.append('a-1', messages(2));
        const subscription = store.subscribe({ fromPosition: 'end' });
        const received = collect(subscription, (events) => events.length >= 1);
        setTimeout(() => void store.append('a-1', messages(1)), 10);
        expect((await received).map((e) => e.position)).toEqual([3n]);
        await subscription.close();
      });

      it('ends a waiting iteration on close', async () => {
        const subscription = store.subscribe();
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        setTimeout(() => void subscription.close(), 10);
        expect(await pending).toEqual({ done: true, value: undefined });
      });
    });

    describe('hash chain', () => {
      it('verifies an untouched stream', async () => {
        await store.append('a-1', messages(3));
        await store.append('a-1', messages(2));
        expect(await store.verifyStream('a-1')).toEqual({ valid: true, eventsChecked: 5 });
        expect(await store.verifyStream('empty')).toEqual({ valid: true, eventsChecked: 0 });
      });
    });
  });
};
