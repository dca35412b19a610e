import { randomUUID } from 'node:crypto';
import { AccessDeniedError } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../contexts/catalog.js';
import { GENESIS_HASH } from '../../core/event.js';
import { CorruptedEventError, ValidationError } from '../../core/errors.js';
import { ANY, NO_STREAM, STREAM_EXISTS, type ForeignEvent } from '../eventStore.js';
import { SimulatedKurrentDB } from '../../../test/support/kurrentdb/simulatedKurrentDB.js';
import { fromBatchAppend, fromBridge, readTimedOut } from '../../../test/support/kurrentdb/clientErrors.js';
import { messages } from '../../../test/support/events.js';
import { getKurrentDBEventStore, type KurrentDBEventStoreOptions } from './kurrentdbEventStore.js';
import { chainHash, storedMetadata } from './mapping.js';

/**
 * The adapter's decisions over the answers the client gives, without a server: a simulated node
 * (test/support/kurrentdb) answers as KurrentDB's source says it does. The contract suite runs the
 * same against a real server when KURRENTDB_TEST_URL is set.
 */
const catalog = createEventCatalog();
const open = (server = new SimulatedKurrentDB(), options: Partial<KurrentDBEventStoreOptions> = {}) => ({
  server,
  store: getKurrentDBEventStore({
    connectionString: 'kurrentdb://simulated:2113?tls=false',
    catalog,
    client: server.client(),
    ...options,
  }),
});

describe('KurrentDB event store, over a simulated server', () => {
  describe('an append of events already in the stream', () => {
    it('writes nothing, whatever revision it expects: the ids are looked up before appending', async () => {
      const { server, store } = open();
      const [e0, e1] = messages(2);
      const first = await store.append('collaboration-k1', [e0!]);
      // KurrentDB itself would write it: an append at the stream's current revision is not checked.
      await expect(store.append('collaboration-k1', [e0!, e1!])).rejects.toBeInstanceOf(ValidationError);
      await store.append('collaboration-k1', messages(1));
      for (const expectedRevision of [ANY, STREAM_EXISTS, 1n, NO_STREAM, 0n] as const) {
        const again = await store.append('collaboration-k1', [e0!], { expectedRevision });
        expect(again).toMatchObject({
          deduplicated: true,
          position: first.position,
          nextExpectedRevision: 0n,
        });
        expect(again.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
      }
      expect(server.records.filter((r) => r.streamId === 'collaboration-k1')).toHaveLength(2);
      await store.close();
    });

    it('is recognised when another process wrote them, and reads only what is new of a known stream', async () => {
      const server = new SimulatedKurrentDB();
      const { store: a } = open(server);
      const { store: b } = open(server);
      await b.append('collaboration-k1', messages(1));
      const [e0] = messages(1);
      const first = await a.append('collaboration-k1', [e0!]);
      server.reads.length = 0;
      const again = await b.append('collaboration-k1', [e0!], { expectedRevision: 0n });
      expect(again).toMatchObject({ deduplicated: true, position: first.position });
      // b knew the stream up to revision 0: it read from revision 1, from the leader.
      expect(server.reads[0]).toMatchObject({
        kind: 'readStream',
        options: { fromRevision: 1n, requiresLeader: true },
      });
      await a.close();
      await b.close();
    });
  });

  describe('an append acknowledged', () => {
    it('is read back from the leader, whatever a follower has yet, at the position the server answered', async () => {
      const { server, store } = open();
      server.followerLag = 1_000;
      let answered: bigint | undefined;
      const appendToStream = server.client().appendToStream;
      const result = await getKurrentDBEventStore({
        connectionString: 'kurrentdb://simulated:2113?tls=false',
        catalog,
        client: {
          ...server.client(),
          appendToStream: (async (...args: Parameters<typeof appendToStream>) => {
            const answer = await appendToStream(...args);
            answered = answer.position!.commit;
            return answer;
          }) as typeof appendToStream,
        },
      }).append('collaboration-k1', messages(2));
      expect(result.events).toHaveLength(2);
      expect(result.position).toBe(answered);
      expect(result.position).toBe(result.events[1]!.position);
      expect(server.reads.every((r) => (r.options as { requiresLeader?: boolean }).requiresLeader)).toBe(
        true,
      );
      await store.close();
    });

    it('says so plainly when its events cannot be read back', async () => {
      const { server, store } = open();
      const appendToStream = server.client().appendToStream;
      const lost = getKurrentDBEventStore({
        connectionString: 'kurrentdb://simulated:2113?tls=false',
        catalog,
        client: {
          ...server.client(),
          // Acknowledged, then gone before the read (deleted by an operator, say).
          appendToStream: (async (...args: Parameters<typeof appendToStream>) => {
            const answer = await appendToStream(...args);
            server.records.splice(-2);
            return answer;
          }) as typeof appendToStream,
        },
      });
      await expect(lost.append('collaboration-k1', messages(2))).rejects.toThrow(/could not be read back/);
      await store.close();
    });

    it('is deduplicated, decided by ids, when an identical append of this process ran first', async () => {
      const { server, store } = open();
      const events = messages(2);
      const results = await Promise.all([
        store.append('collaboration-k1', events, { expectedRevision: NO_STREAM }),
        store.append('collaboration-k1', events, { expectedRevision: NO_STREAM }),
      ]);
      expect(results.map((r) => r.deduplicated).sort()).toEqual([false, true]);
      expect(results[0]!.position).toBe(results[1]!.position);
      expect(server.records.filter((r) => r.streamId === 'collaboration-k1')).toHaveLength(2);
      await store.close();
    });

    it('is deduplicated when another process wrote the same ids just before it, and KurrentDB took it for a repeat', async () => {
      const { server, store } = open();
      const [event] = messages(1);
      // Another process's append of the same ids (decided at its own time) lands between this
      // process's look-up and its append, as the other adapter would have written it.
      const theirs = { ...event!, metadata: { ...event!.metadata, occurredAt: '2026-03-02T00:00:00.000Z' } };
      server.beforeAppend = () =>
        server.write('collaboration-k1', 'no_stream', [
          {
            id: theirs.id,
            type: theirs.type,
            data: theirs.data,
            metadata: storedMetadata(theirs.metadata, {
              version: theirs.version,
              prevHash: GENESIS_HASH,
              hash: chainHash(theirs, 'collaboration-k1', 0n),
            }),
          },
        ]);
      const result = await store.append('collaboration-k1', [event!], { expectedRevision: NO_STREAM });
      expect(result.deduplicated).toBe(true);
      expect(result.events[0]!.metadata.occurredAt).toBe('2026-03-02T00:00:00.000Z');
      expect(server.records.filter((r) => r.streamId === 'collaboration-k1')).toHaveLength(1);
      await store.close();
    });
  });

  describe('a server that is not there for a while', () => {
    it('is read from again, after a pause, when a read meets a transient failure', async () => {
      const { server, store } = open();
      const written = await store.append('collaboration-k1', messages(1));
      server.failNext('readAll', readTimedOut());
      server.failNext('readStream', fromBridge('UnavailableError', 'UnavailableError'));
      expect((await store.readAll()).map((e) => e.id)).toEqual(written.events.map((e) => e.id));
      expect(await store.readStream('collaboration-k1')).toHaveLength(1);
      // An append's look-up of its stream, too.
      server.failNext('readStream', fromBatchAppend('No leader info available in response'));
      await store.append('collaboration-k1', messages(1));
      await store.close();
    });

    it('keeps a subscription delivering through a leader election', async () => {
      const { server, store } = open();
      const subscription = store.subscribe({ fromPosition: 0n });
      const iterator = subscription[Symbol.asyncIterator]();
      const first = await store.append('collaboration-k1', messages(1));
      expect((await iterator.next()).value).toMatchObject({ events: [{ id: first.events[0]!.id }] });
      for (let i = 0; i < 8; i++) server.failNext('readAll', readTimedOut());
      const second = await store.append('collaboration-k1', messages(1));
      expect((await iterator.next()).value).toMatchObject({ events: [{ id: second.events[0]!.id }] });
      await subscription.close();
      await store.close();
    });

    it('is not asked again what it refused', async () => {
      const { server, store } = open();
      server.failNext('readAll', fromBridge('AccessDeniedError', 'AccessDeniedError'));
      await expect(store.readAll()).rejects.toBeInstanceOf(AccessDeniedError);
      expect(server.reads).toHaveLength(1);
      await store.close();
    });
  });

  describe('reading $all backwards from a position', () => {
    it('includes the event at that position, as the port says (the server leaves it out)', async () => {
      const { store } = open();
      const written = await store.append('collaboration-k1', messages(3));
      const [first, second] = written.events;
      const positions = async (options: Parameters<typeof store.readAll>[0]) =>
        (await store.readAll(options)).map((e) => e.position);
      expect(
        await positions({
          direction: 'backwards',
          fromPosition: second!.position,
          filter: { streamPrefixes: ['collaboration-'] },
        }),
      ).toEqual([second!.position, first!.position]);
      expect(
        await positions({ direction: 'backwards', fromPosition: second!.position, maxCount: 1 }),
      ).toEqual([second!.position]);
      // An event at the position that the filter refuses is not read.
      expect(
        await positions({
          direction: 'backwards',
          fromPosition: second!.position,
          filter: { streamPrefixes: ['creator-'] },
        }),
      ).toEqual([]);
      await store.close();
    });
  });

  describe('events the service did not write', () => {
    /** Another application's event, as it may write one: JSON without the ledger's metadata. */
    const foreign = (server: SimulatedKurrentDB, streamId: string, n: number) =>
      server.write(
        streamId,
        'any',
        Array.from({ length: n }, (_, i) => ({
          id: randomUUID(),
          type: 'OrderShipped',
          data: { order: `o-${i}` },
          metadata: { $correlationId: 'x' },
        })),
      );

    it('are skipped by reads of $all, counts and subscriptions, and counted once each', async () => {
      const seen: ForeignEvent[] = [];
      const { server, store } = open(new SimulatedKurrentDB(), { onForeignEvent: (e) => seen.push(e) });
      const ours = await store.append('collaboration-k1', messages(2));
      foreign(server, 'shop-1', 2);
      server.write('shop-2', 'any', [
        { id: randomUUID(), type: 'Blob', data: new Uint8Array([1, 2]), isJson: false },
      ]);
      const later = await store.append('collaboration-k2', messages(1));
      foreign(server, 'shop-1', 1);

      const all = await store.readAll();
      expect(all.map((e) => e.id)).toEqual([...ours.events, ...later.events].map((e) => e.id));
      expect(await store.eventsAfter(ours.events[0]!.position, 100)).toBe(2);
      // The head is where the log ends, whatever sits there.
      expect(await store.headPosition()).toBe(server.records.at(-1)!.position.commit);
      const subscription = store.subscribe({ fromPosition: 0n });
      const delivered: string[] = [];
      for await (const batch of subscription) {
        delivered.push(...batch.events.map((e) => e.id));
        if (batch.caughtUp) break;
      }
      expect(delivered).toEqual(all.map((e) => e.id));
      await store.readAll();
      expect(seen.map((e) => e.streamId)).toEqual(['shop-1', 'shop-1', 'shop-2', 'shop-1']);
      await store.close();
    });

    it('answer a head past the service’s last event when the log ends with others’ or the server’s events', async () => {
      const { server, store } = open();
      const ours = await store.append('collaboration-k1', messages(1));
      server.write('$stats-127.0.0.1:2113', 'any', [
        { id: randomUUID(), type: '$statistics-collected', data: {} },
        { id: randomUUID(), type: '$statistics-collected', data: {} },
      ]);
      expect(await store.headPosition()).toBe(server.records.at(-1)!.position.commit);
      expect((await store.headPosition()) > ours.position).toBe(true);
      await store.close();
    });

    it('still refuse an event of the service whose data no longer fits its type', async () => {
      const { server, store } = open();
      const ours = await store.append('collaboration-k1', messages(1));
      const stored = server.records.at(-1)!;
      server.write('collaboration-k1', 'any', [
        { id: randomUUID(), type: 'MessagePosted', data: { body: 42 }, metadata: stored.metadata },
      ]);
      await expect(store.readAll({ fromPosition: ours.position })).rejects.toBeInstanceOf(
        CorruptedEventError,
      );
      await store.close();
    });
  });

  describe('filtered reads', () => {
    it('read on past a batch of events the server-side filter let through, skipping none', async () => {
      const { store } = open();
      // The server filters on one thing (here the types); the stream prefixes are checked here.
      for (let i = 0; i < 5; i++) await store.append(`other-${i}`, messages(1));
      const wanted = [
        ...(await store.append('collaboration-k1', messages(2))).events,
        ...(await store.append('collaboration-k2', messages(1))).events,
      ];
      const filter = { eventTypes: ['MessagePosted'], streamPrefixes: ['collaboration-'] };
      expect((await store.readAll({ filter, maxCount: 2 })).map((e) => e.id)).toEqual(
        wanted.slice(0, 2).map((e) => e.id),
      );
      const subscription = store.subscribe({ fromPosition: 0n, filter, batchSize: 2 });
      const delivered: string[] = [];
      for await (const batch of subscription) {
        delivered.push(...batch.events.map((e) => e.id));
        if (batch.caughtUp) break;
      }
      expect(delivered).toEqual(wanted.map((e) => e.id));
      await store.close();
    });
  });
});
