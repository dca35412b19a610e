import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { GENESIS_HASH } from '../../src/core/event.js';
import { ConcurrencyError, ValidationError } from '../../src/core/errors.js';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type EventStore,
  type StreamAppend,
  type SubscriptionBatch,
} from '../../src/eventStore/eventStore.js';
import { aMessage, messages } from '../support/events.js';

export interface EventStoreFactory {
  readonly name: string;
  /** A store: fresh and empty, or (a server) shared with other writers. */
  create(): Promise<EventStore>;
  /**
   * Whether nobody else writes to the store during a test (a fresh file or memory): then the head of
   * the log is exactly the last append. On a shared server it is at least that.
   */
  readonly isolated: boolean;
  /**
   * Writes an event the service did not write (another application's: no ledger metadata) to a
   * stream, when the store is a log shared with others (KurrentDB). Undefined: it cannot hold one.
   */
  writeForeign?(streamId: string): Promise<void>;
  /**
   * False when the store cannot find an event id outside its stream (KurrentDB keeps no index of
   * event ids: see the port's `append`). Default true.
   */
  readonly idsUniqueInLog?: boolean;
  /**
   * Another handle on the store `create` made last, as another process opens it (its own
   * connection, its own notion of the head). Undefined when the store lives in one process only.
   */
  openAnother?(): Promise<EventStore>;
  /**
   * How an append to several streams is written (default 'atomic'): in one transaction, or (a
   * KurrentDB before 25.1, an EventStoreDB) 'in turn': every stream checked before any is written,
   * then each written in the order given. A process dying, or another writer moving a stream,
   * between two of those writes leaves the streams before it written; the same events appended
   * again find them as repeats and write the rest (see the port's `appendToStreams`).
   */
  readonly severalStreams?: 'atomic' | 'in turn';
  /**
   * Makes another writer append to `streamId` when the store next sends an append to the server:
   * after the store checked the streams, before the server decides. Only where a test stands
   * between the two (a simulated node).
   */
  moveBeforeNextWrite?(streamId: string): void;
}

/** Positions only ever increase: dense in SQLite, byte offsets in KurrentDB. Never computed with. */
const increasing = (positions: readonly bigint[]) =>
  positions.every((position, i) => i === 0 || position > positions[i - 1]!);

let prefixes = 0;
/** Each test writes under a stream-id prefix of its own: a shared log holds other streams too. */
const newPrefix = () => `t${Date.now().toString(36)}${(prefixes++).toString(36)}-`;

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
 * Follows a subscription to its end, handing each batch's events to `take`; `delivered(condition)`
 * resolves once the condition holds after a batch (at once if it holds already).
 */
const follow = (
  subscription: AsyncIterable<SubscriptionBatch>,
  take: (events: SubscriptionBatch['events']) => void,
) => {
  const waiting = new Set<{ holds: () => boolean; resolve: () => void }>();
  const check = () => {
    for (const waiter of [...waiting]) {
      if (waiter.holds()) {
        waiting.delete(waiter);
        waiter.resolve();
      }
    }
  };
  const ended = (async () => {
    for await (const batch of subscription) {
      take(batch.events);
      check();
    }
  })();
  return {
    ended,
    delivered: (holds: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        if (holds()) return resolve();
        waiting.add({ holds, resolve });
        ended.then(() => reject(new Error('the subscription ended first')), reject);
      }),
  };
};

/** The next turn of the event loop. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The event store contract: every adapter passes the same suite (as graphql-ws runs one suite over
 * all its transports). Behaviour is KurrentDB's, so the scale-out adapter can run it too.
 */
export const eventStoreContract = (factory: EventStoreFactory): void => {
  describe(`event store contract: ${factory.name}`, () => {
    let store: EventStore;
    let p: string;
    /** The head after our last append: exactly it on an isolated store, at least it on a shared one. */
    const expectHeadAt = async (position: bigint) => {
      const head = await store.headPosition();
      if (factory.isolated) expect(head).toBe(position);
      else expect(head >= position).toBe(true);
    };
    /** Our events in the log, in log order. */
    const ours = async () => store.readAll({ filter: { streamPrefixes: [p] } });
    beforeEach(async () => {
      store = await factory.create();
      p = newPrefix();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('append', () => {
      it('starts a stream at revision 0, at increasing positions past the head before it', async () => {
        const before = await store.headPosition();
        const result = await store.append(`${p}s-1`, messages(2), { expectedRevision: NO_STREAM });
        expect(result.nextExpectedRevision).toBe(1n);
        expect(result.events.map((e) => e.revision)).toEqual([0n, 1n]);
        const positions = result.events.map((e) => e.position);
        expect(increasing([before, ...positions])).toBe(true);
        expect(result.position).toBe(positions[1]);
        expect(result.deduplicated).toBe(false);
        await expectHeadAt(result.position);
        expect(await store.streamRevision(`${p}s-1`)).toBe(1n);
        expect(await store.streamRevision(`${p}missing`)).toBeUndefined();
      });

      it('counts the events after a position (lag is counted in events, never in positions)', async () => {
        const result = await store.append(`${p}s-1`, messages(5));
        const [first] = result.events;
        const after = await store.eventsAfter(first!.position, 100);
        if (factory.isolated) expect(after).toBe(4);
        else expect(after).toBeGreaterThanOrEqual(4);
        expect(await store.eventsAfter(first!.position, 2)).toBe(2);
        if (factory.isolated) expect(await store.eventsAfter(result.position, 100)).toBe(0);
      });

      it('checks the expected revision, reporting expected and actual', async () => {
        await store.append(`${p}s-1`, messages(2));
        const error = await store
          .append(`${p}s-1`, messages(1), { expectedRevision: 0n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).expected).toBe('0');
        expect((error as ConcurrencyError).actual).toBe(1n);
        await expect(
          store.append(`${p}s-1`, messages(1), { expectedRevision: NO_STREAM }),
        ).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(
          store.append(`${p}s-2`, messages(1), { expectedRevision: STREAM_EXISTS }),
        ).rejects.toMatchObject({ actual: -1n });
        await expect(store.append(`${p}s-1`, messages(1), { expectedRevision: 1n })).resolves.toMatchObject({
          nextExpectedRevision: 2n,
        });
        await expect(
          store.append(`${p}s-1`, messages(1), { expectedRevision: STREAM_EXISTS }),
        ).resolves.toMatchObject({ nextExpectedRevision: 3n });
        const last = await store.append(`${p}s-1`, messages(1), { expectedRevision: ANY });
        expect(last.nextExpectedRevision).toBe(4n);
        expect(await ours()).toHaveLength(5);
        await expectHeadAt(last.position);
      });

      it('returns the first result for events already appended, writing nothing', async () => {
        const events = messages(3);
        const first = await store.append(`${p}s-1`, events, { expectedRevision: NO_STREAM });
        await store.append(`${p}s-1`, messages(1));
        const again = await store.append(`${p}s-1`, events, { expectedRevision: NO_STREAM });
        expect(again.deduplicated).toBe(true);
        expect(again.position).toBe(first.position);
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
        expect(again.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
        expect(await ours()).toHaveLength(4);
      });

      it('answers one of two identical appends at once as the writer, the other as a repeat', async () => {
        const events = messages(2);
        const results = await Promise.all([
          store.append(`${p}s-1`, events, { expectedRevision: NO_STREAM }),
          store.append(`${p}s-1`, events, { expectedRevision: NO_STREAM }),
        ]);
        expect(results.map((r) => r.deduplicated).sort()).toEqual([false, true]);
        expect(results[0]!.position).toBe(results[1]!.position);
        expect(results[0]!.events.map((e) => e.position)).toEqual(results[1]!.events.map((e) => e.position));
        expect(await ours()).toHaveLength(2);
      });

      it('refuses an append of which only some events were written', async () => {
        const events = messages(2);
        await store.append(`${p}s-1`, [events[0]!]);
        await expect(store.append(`${p}s-1`, events)).rejects.toBeInstanceOf(ValidationError);
        expect(await ours()).toHaveLength(1);
      });

      if (factory.idsUniqueInLog !== false) {
        it('refuses an event id used in another stream', async () => {
          const event = aMessage();
          await store.append(`${p}s-1`, [event]);
          await expect(store.append(`${p}s-2`, [event])).rejects.toBeInstanceOf(ValidationError);
        });
      }

      it('recognises a repeat whatever revision it expects, writing nothing', async () => {
        const [e0] = messages(1);
        const first = await store.append(`${p}s-1`, [e0!]);
        await store.append(`${p}s-1`, messages(1));
        // Its current revision, too: KurrentDB itself does not look at ids there.
        for (const expectedRevision of [ANY, STREAM_EXISTS, 1n, NO_STREAM] as const) {
          const again = await store.append(`${p}s-1`, [e0!], { expectedRevision });
          expect(again).toMatchObject({
            deduplicated: true,
            position: first.position,
            nextExpectedRevision: 0n,
          });
        }
        expect(await ours()).toHaveLength(2);
      });

      it('refuses invalid events and writes nothing', async () => {
        await store.append(`${p}s-1`, messages(1));
        const invalid = [
          aMessage('', {}),
          aMessage('x', { type: 'NoSuchEvent' }),
          aMessage('x', { version: 7 }),
          aMessage('x', { id: 'not-a-uuid' }),
          aMessage('x', { data: { messageId: 'm', side: 'SELLER', body: 'x', attachments: [], extra: 1 } }),
          aMessage('x', { metadata: { actor: 'u', role: 'KING' as never, occurredAt: 'yesterday' } }),
        ];
        for (const event of invalid) {
          await expect(store.append(`${p}s-1`, [...messages(1), event])).rejects.toBeInstanceOf(
            ValidationError,
          );
        }
        await expect(store.append('', messages(1))).rejects.toBeInstanceOf(ValidationError);
        await expect(store.append(`${p}s-1`, [])).rejects.toBeInstanceOf(ValidationError);
        expect(await ours()).toHaveLength(1);
      });

      it('group-commits concurrent appends, each checked on its own', async () => {
        await store.append(`${p}contended`, messages(1));
        const results = await Promise.allSettled([
          ...Array.from({ length: 50 }, (_, i) =>
            store.append(`${p}s-${i}`, messages(2), { expectedRevision: NO_STREAM }),
          ),
          ...Array.from({ length: 10 }, () =>
            store.append(`${p}contended`, messages(1), { expectedRevision: 0n }),
          ),
        ]);
        expect(results.slice(0, 50).every((r) => r.status === 'fulfilled')).toBe(true);
        const contended = results.slice(50);
        expect(contended.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(
          contended.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError),
        ).toHaveLength(9);
        const all = await ours();
        expect(all).toHaveLength(102);
        expect(increasing(all.map((e) => e.position))).toBe(true);
        await expectHeadAt(all.at(-1)!.position);
      });
    });

    describe('append to several streams', () => {
      it('writes every stream, each at its own expected revision, in one append', async () => {
        await store.append(`${p}a`, messages(2));
        const before = await store.headPosition();
        const result = await store.appendToStreams([
          { streamId: `${p}a`, events: messages(1), expectedRevision: 1n },
          { streamId: `${p}b`, events: messages(2), expectedRevision: NO_STREAM },
          { streamId: `${p}c`, events: messages(1) },
        ]);
        expect(result.deduplicated).toBe(false);
        expect(result.results.map((r) => r.nextExpectedRevision)).toEqual([2n, 1n, 0n]);
        const positions = result.results.flatMap((r) => r.events.map((e) => e.position));
        expect(increasing([before, ...positions])).toBe(true);
        expect(result.position).toBe(positions.at(-1));
        await expectHeadAt(result.position);
        expect((await ours()).map((e) => e.streamId)).toEqual([
          `${p}a`,
          `${p}a`,
          `${p}a`,
          `${p}b`,
          `${p}b`,
          `${p}c`,
        ]);
        expect((await store.verifyStream(`${p}b`)).valid).toBe(true);
      });

      it('writes nothing anywhere when one stream is not at its expected revision', async () => {
        await store.append(`${p}a`, messages(1));
        await store.append(`${p}b`, messages(1));
        const head = await store.headPosition();
        const error = await store
          .appendToStreams([
            { streamId: `${p}new`, events: messages(1), expectedRevision: NO_STREAM },
            { streamId: `${p}a`, events: messages(1), expectedRevision: 0n },
            { streamId: `${p}b`, events: messages(1), expectedRevision: NO_STREAM },
          ])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).streamId).toBe(`${p}b`);
        expect(await ours()).toHaveLength(2);
        expect(await store.streamRevision(`${p}new`)).toBeUndefined();
        if (factory.isolated) expect(await store.headPosition()).toBe(head);
      });

      it('writes nothing anywhere when one event is invalid, or a stream or an id is repeated', async () => {
        const refused = [
          [
            { streamId: `${p}a`, events: messages(1) },
            { streamId: `${p}b`, events: [aMessage('x', { type: 'NoSuchEvent' })] },
          ],
          [
            { streamId: `${p}a`, events: messages(1) },
            { streamId: `${p}a`, events: messages(1) },
          ],
          (() => {
            const shared = aMessage();
            return [
              { streamId: `${p}a`, events: [shared] },
              { streamId: `${p}b`, events: [shared] },
            ];
          })(),
          [],
        ];
        for (const appends of refused) {
          await expect(store.appendToStreams(appends)).rejects.toBeInstanceOf(ValidationError);
        }
        expect(await ours()).toHaveLength(0);
      });

      it('answers a repeat with the first result, per stream, writing only what is new', async () => {
        const claim = messages(1);
        const first = await store.appendToStreams([
          { streamId: `${p}claim`, events: claim, expectedRevision: NO_STREAM },
          { streamId: `${p}main`, events: messages(1), expectedRevision: NO_STREAM },
        ]);
        // The same claim again beside something new: the claim is a repeat, the rest is written.
        const second = await store.appendToStreams([
          { streamId: `${p}claim`, events: claim, expectedRevision: NO_STREAM },
          { streamId: `${p}main`, events: messages(1), expectedRevision: 0n },
        ]);
        expect(second.deduplicated).toBe(false);
        expect(second.results[0]).toMatchObject({ deduplicated: true, position: first.results[0]!.position });
        expect(second.results[1]).toMatchObject({ deduplicated: false, nextExpectedRevision: 1n });
        expect(await ours()).toHaveLength(3);
        // The whole append again: a repeat, nothing written.
        const again = await store.appendToStreams([
          { streamId: `${p}claim`, events: claim, expectedRevision: NO_STREAM },
          { streamId: `${p}main`, events: second.results[1]!.events, expectedRevision: 0n },
        ]);
        expect(again.deduplicated).toBe(true);
        expect(again.position).toBe(second.position);
        expect(await ours()).toHaveLength(3);
      });

      it('lets one of two racing appends claim a stream; the other writes nothing anywhere', async () => {
        const race = (owner: string) =>
          store.appendToStreams([
            { streamId: `${p}claim`, events: messages(1, owner), expectedRevision: NO_STREAM },
            { streamId: `${p}${owner}`, events: messages(2, owner), expectedRevision: NO_STREAM },
          ]);
        const outcomes = await Promise.allSettled([race('x'), race('y'), race('z')]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(
          outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof ConcurrencyError),
        ).toHaveLength(2);
        const all = await ours();
        expect(all).toHaveLength(3);
        const winner = all.find((e) => e.streamId !== `${p}claim`)!.streamId;
        expect(all.filter((e) => e.streamId === winner)).toHaveLength(2);
      });

      if (factory.moveBeforeNextWrite) {
        it('refuses a stream another writer moved after the check: atomic, writing nothing; in turn, leaving the streams before it for a retry to complete', async () => {
          await store.append(`${p}main`, messages(1));
          const claim: StreamAppend = {
            streamId: `${p}claim`,
            events: messages(1),
            expectedRevision: NO_STREAM,
          };
          const mine = messages(1);
          factory.moveBeforeNextWrite!(`${p}main`);
          const error = await store
            .appendToStreams([claim, { streamId: `${p}main`, events: mine, expectedRevision: 0n }])
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ streamId: `${p}main`, actual: 1n });
          if (factory.severalStreams !== 'in turn') {
            expect(await ours()).toHaveLength(1);
            expect(await store.streamRevision(`${p}claim`)).toBeUndefined();
            return;
          }
          expect((await ours()).map((e) => e.streamId)).toEqual([`${p}main`, `${p}claim`]);
          // The command decided again on its stream as it now stands, with the same claim.
          const retried = await store.appendToStreams([
            claim,
            { streamId: `${p}main`, events: mine, expectedRevision: 1n },
          ]);
          expect(retried.results.map((r) => r.deduplicated)).toEqual([true, false]);
          expect((await ours()).map((e) => e.streamId)).toEqual([`${p}main`, `${p}claim`, `${p}main`]);
        });
      }

      it('delivers the streams of one append to subscribers together, in log order', async () => {
        const subscription = store.subscribe({
          fromPosition: await store.headPosition(),
          filter: { streamPrefixes: [p] },
        });
        const received = collect(subscription, (events) => events.length >= 3);
        await store.appendToStreams([
          { streamId: `${p}a`, events: messages(2) },
          { streamId: `${p}b`, events: messages(1) },
        ]);
        const events = await received;
        await subscription.close();
        expect(events.map((e) => e.streamId)).toEqual([`${p}a`, `${p}a`, `${p}b`]);
        expect(increasing(events.map((e) => e.position))).toBe(true);
      });
    });

    describe('reading', () => {
      beforeEach(async () => {
        await store.append(`${p}a-1`, messages(3, 'a'));
        await store.append(`${p}b-1`, messages(2, 'b'));
        await store.append(`${p}a-1`, messages(2, 'a+'));
      });

      it('reads a stream forwards, backwards, in a range and limited', async () => {
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(`${p}a-1`, options)).map((e) => e.revision);
        expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ fromRevision: 1n, toRevision: 3n })).toEqual([1n, 2n, 3n]);
        expect(await revisions({ fromRevision: 3n, direction: 'backwards', maxCount: 2 })).toEqual([3n, 2n]);
        expect(await revisions({ maxCount: 2 })).toEqual([0n, 1n]);
        expect(await store.readStream(`${p}nothing`)).toEqual([]);
      });

      it('returns events with their data, metadata and chain', async () => {
        const [first, second] = await store.readStream(`${p}a-1`);
        expect(first!.data).toMatchObject({ body: 'a 0', side: 'SELLER' });
        expect(first!.metadata).toEqual({
          actor: 'u-s1',
          role: 'SELLER',
          occurredAt: '2026-03-01T00:00:00.000Z',
        });
        expect(first!.prevHash).toBe(GENESIS_HASH);
        expect(second!.prevHash).toBe(first!.hash);
        expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(first!.streamId).toBe(`${p}a-1`);
        expect(Date.parse(first!.recordedAt)).not.toBeNaN();
      });

      it('reads the log from a position, either way, filtered', async () => {
        const positions = async (options: Parameters<EventStore['readAll']>[0]) =>
          (await store.readAll(options)).map((e) => e.position);
        const mine = { streamPrefixes: [p] };
        const all = await positions({ filter: mine });
        expect(all).toHaveLength(7);
        expect(increasing(all)).toBe(true);
        if (factory.isolated) expect(await positions({})).toEqual(all);
        expect(await positions({ fromPosition: all[3], maxCount: 2, filter: mine })).toEqual([
          all[3],
          all[4],
        ]);
        expect(await positions({ direction: 'backwards', maxCount: 3, filter: mine })).toEqual([
          all[6],
          all[5],
          all[4],
        ]);
        expect(
          await positions({ direction: 'backwards', fromPosition: all[5], maxCount: 2, filter: mine }),
        ).toEqual([all[5], all[4]]);
        expect(await positions({ filter: { streamPrefixes: [`${p}b-`] } })).toEqual([all[3], all[4]]);
        expect(
          await positions({
            filter: { eventTypes: ['MessagePosted'], streamPrefixes: [`${p}a-`, `${p}zzz`] },
            fromPosition: all[1],
          }),
        ).toEqual([all[1], all[2], all[5], all[6]]);
        expect(
          await positions({ filter: { eventTypes: ['CreatorRegistered'], streamPrefixes: [p] } }),
        ).toEqual([]);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers history, then live events, in order', async () => {
        const start = await store.headPosition();
        const history = await store.append(`${p}a-1`, messages(3));
        const subscription = store.subscribe({
          fromPosition: start,
          batchSize: 2,
          filter: { streamPrefixes: [p] },
        });
        const received = collect(subscription, (events) => events.length >= 6);
        const live = new Promise<bigint[]>((resolve) =>
          setTimeout(
            () =>
              void store.append(`${p}a-2`, messages(3)).then((r) => resolve(r.events.map((e) => e.position))),
            20,
          ),
        );
        const events = await received;
        expect(events.map((e) => e.position)).toEqual([
          ...history.events.map((e) => e.position),
          ...(await live),
        ]);
        await subscription.close();
      });

      it('resumes after a position and filters by type and stream prefix', async () => {
        const first = await store.append(`${p}collaboration-1`, messages(2));
        await store.append(`${p}creator-1`, messages(2));
        const second = await store.append(`${p}collaboration-2`, messages(2));
        const subscription = store.subscribe({
          fromPosition: first.events[0]!.position,
          filter: { streamPrefixes: [`${p}collaboration-`] },
        });
        const received = collect(subscription, (events) => events.length >= 4);
        const live = new Promise<bigint>((resolve) =>
          setTimeout(
            () =>
              void store
                .append(`${p}collaboration-3`, messages(1))
                .then((r) => store.append(`${p}creator-2`, messages(1)).then(() => resolve(r.position))),
            10,
          ),
        );
        const events = await received;
        expect(events.map((e) => [e.streamId, e.position])).toEqual([
          [`${p}collaboration-1`, first.events[1]!.position],
          [`${p}collaboration-2`, second.events[0]!.position],
          [`${p}collaboration-2`, second.events[1]!.position],
          [`${p}collaboration-3`, await live],
        ]);
        await subscription.close();
      });

      it('filters by type and stream prefix across batches, skipping none', async () => {
        const start = await store.headPosition();
        // More events of the wanted type under other prefixes than a batch holds.
        for (let i = 0; i < 5; i++) await store.append(`${p}other-${i}`, messages(1));
        const wanted = [
          ...(await store.append(`${p}collaboration-1`, messages(2))).events,
          ...(await store.append(`${p}collaboration-2`, messages(1))).events,
        ].map((e) => e.id);
        const filter = { eventTypes: ['MessagePosted'], streamPrefixes: [`${p}collaboration-`] };
        const read = await store.readAll({ fromPosition: start, maxCount: 2, filter });
        expect(read.map((e) => e.id)).toEqual(wanted.slice(0, 2));
        const subscription = store.subscribe({ fromPosition: start, batchSize: 2, filter });
        const events = await collect(subscription, (received) => received.length >= 3);
        expect(events.map((e) => e.id)).toEqual(wanted);
        await subscription.close();
      });

      it('reports how far the log was scanned even when nothing matched', async () => {
        const start = await store.headPosition();
        const written = await store.append(`${p}creator-1`, messages(3));
        const subscription = store.subscribe({
          fromPosition: start,
          filter: { eventTypes: ['CreatorRegistered'], streamPrefixes: [p] },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const first = (await iterator.next()).value as SubscriptionBatch;
        expect(first).toMatchObject({ events: [], caughtUp: true });
        // A checkpoint at it skips nothing and waits for nothing already written.
        if (factory.isolated) expect(first.position).toBe(written.position);
        else expect(first.position >= written.position).toBe(true);
        await subscription.close();
      });

      it('starts at the end when asked for live events only', async () => {
        const history = await store.append(`${p}a-1`, messages(2));
        const subscription = store.subscribe({ fromPosition: 'end', filter: { streamPrefixes: [p] } });
        const received: bigint[] = [];
        const reading = follow(subscription, (events) => received.push(...events.map((e) => e.position)));
        // It starts where the log ends when it first reads it, which is its own affair: events are
        // appended one at a time until it delivers one, and from that one on, it delivers them all.
        const appended: bigint[] = [];
        while (received.length === 0) {
          appended.push((await store.append(`${p}a-1`, messages(1))).position);
          await Promise.race([reading.delivered(() => received.length > 0), nextTurn()]);
        }
        appended.push((await store.append(`${p}a-1`, messages(1))).position);
        await reading.delivered(() => received.at(-1) === appended.at(-1));
        expect(appended).toContain(received[0]);
        expect(received).toEqual(appended.slice(appended.indexOf(received[0]!)));
        expect(received).not.toContain(history.position);
        await subscription.close();
        await reading.ended;
      });

      it('ends a waiting iteration on close', async () => {
        const start = await store.headPosition();
        const written = await store.append(`${p}a-1`, messages(1));
        const subscription = store.subscribe({ fromPosition: start, filter: { streamPrefixes: [p] } });
        const received: string[] = [];
        const reading = follow(subscription, (events) => received.push(...events.map((e) => e.id)));
        // Once it has delivered all there is under the prefix, it can only read on or wait: nothing
        // more is written there. A shared log's other writers may move the head (empty batches).
        await reading.delivered(() => received.length === 1);
        await subscription.close();
        await reading.ended;
        expect(received).toEqual([written.events[0]!.id]);
      });

      if (factory.openAnother) {
        it('delivers the events another process appends, which it notices by itself', async () => {
          const start = await store.headPosition();
          const subscription = store.subscribe({ fromPosition: start, filter: { streamPrefixes: [p] } });
          const received = collect(subscription, (events) => events.length >= 2);
          const other = await factory.openAnother!();
          try {
            const written = await other.append(`${p}elsewhere-1`, messages(2));
            expect((await received).map((e) => e.id)).toEqual(written.events.map((e) => e.id));
          } finally {
            await subscription.close();
            await other.close();
          }
        });
      }
    });

    if (factory.writeForeign) {
      describe('a log shared with other applications', () => {
        it('leaves their events out of every read, count and subscription', async () => {
          const start = await store.headPosition();
          const before = await store.append(`${p}a-1`, messages(2));
          await factory.writeForeign!(`${p}shop-1`);
          const after = await store.append(`${p}a-2`, messages(1));
          await factory.writeForeign!(`${p}shop-2`);
          const mine = [...before.events, ...after.events].map((e) => e.id);
          expect((await ours()).map((e) => e.id)).toEqual(mine);
          expect((await store.readAll({ fromPosition: start })).every((e) => e.metadata.actor)).toBe(true);
          const counted = await store.eventsAfter(before.events[0]!.position, 100);
          if (factory.isolated) expect(counted).toBe(2);
          else expect(counted).toBeGreaterThanOrEqual(2);
          expect((await store.headPosition()) > after.position).toBe(true);
          const subscription = store.subscribe({ fromPosition: start, filter: { streamPrefixes: [p] } });
          const delivered = await collect(subscription, (events) => events.length >= 3);
          expect(delivered.map((e) => e.id)).toEqual(mine);
          await subscription.close();
        });
      });
    }

    describe('hash chain', () => {
      it('verifies an untouched stream', async () => {
        await store.append(`${p}a-1`, messages(3));
        await store.append(`${p}a-1`, messages(2));
        expect(await store.verifyStream(`${p}a-1`)).toEqual({ valid: true, eventsChecked: 5 });
        expect(await store.verifyStream(`${p}empty`)).toEqual({ valid: true, eventsChecked: 0 });
      });
    });
  });
};
