import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../../test/support/childProcess.js';
import { freshDatabase, postgresTestUrl } from '../../../test/support/postgres.js';
import { canStartCluster, privateCluster } from '../../../test/support/postgresCluster.js';
import { createEventCatalog } from '../../contexts/catalog.js';
import type { RecordedEvent } from '../../core/event.js';
import { messages } from '../../../test/support/events.js';
import type { Subscription } from '../eventStore.js';
import { LOG_CHANNEL } from './notifications.js';
import { getPostgreSQLEventStore } from './postgresqlEventStore.js';
import type { LogOrdering } from './writer.js';

const catalog = createEventCatalog();
const server = postgresTestUrl('PostgreSQL event store');

describe.runIf(server)('PostgreSQL event store', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const database = async () => {
    const db = await freshDatabase(server!);
    cleanups.push(() => db.drop());
    return db.url;
  };
  const open = async (url: string, ordering: LogOrdering = 'serialised') => {
    const store = await getPostgreSQLEventStore({ url, catalog, ordering, poolSize: 3 });
    cleanups.push(() => store.close());
    return store;
  };
  /** Everything a subscription delivers, as it comes. */
  const follow = (subscription: Subscription) => {
    const events: RecordedEvent[] = [];
    const ended = (async () => {
      for await (const batch of subscription) events.push(...batch.events);
    })();
    cleanups.push(async () => {
      await subscription.close();
      await ended;
    });
    return { events, ended };
  };
  const until = async (holds: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!holds()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('wakes a caught-up subscriber of another store by the commit’s announcement', async () => {
    const url = await database();
    const [writer, reader] = await Promise.all([open(url), open(url)]);
    const followed = follow(reader.subscribe());
    // Caught up and waiting: the first event delivered, then nothing until the next append.
    await writer.append('s-1', messages(1));
    await until(() => followed.events.length === 1, 5_000, 'the first event');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const written = await writer.append('s-1', messages(1));
    // Well within the 5 s after which a waiting subscription reads again unannounced.
    await until(() => followed.events.length === 2, 2_500, 'the announced event');
    expect(followed.events[1]!.id).toBe(written.events[0]!.id);
  });

  for (const ordering of ['serialised', 'transaction-id'] as const) {
    describe(`${ordering} ordering`, () => {
      it('delivers every event once, in one order, to every subscriber, while processes append at once', async () => {
        const url = await database();
        // Subscribers on stores of their own (their own connections and listener), as other processes
        // would have; one from the start of the log, one live only, one in small batches.
        const subscribers = await Promise.all([
          open(url, ordering),
          open(url, ordering),
          open(url, ordering),
        ]);
        const followed = [
          follow(subscribers[0]!.subscribe()),
          follow(subscribers[1]!.subscribe({ fromPosition: 'end' })),
          follow(subscribers[2]!.subscribe({ batchSize: 7 })),
        ];
        const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-writers-'));
        cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
        const processes = 4;
        const outputs = await Promise.all(
          Array.from({ length: processes }, (_, i) =>
            runProcess('appendToPostgres.ts', [url, ordering, dir, `p${i}`, `${processes}`, '150', '8']),
          ),
        );
        const acknowledged = outputs.flatMap(
          (output) => (JSON.parse(output) as { acknowledged: [string, string][] }).acknowledged,
        );
        const log = await subscribers[0]!.readAll();
        expect(log.length).toBeGreaterThan(400);
        // Whatever was acknowledged is in the log, at the position it was acknowledged at.
        const positions = new Map(log.map((e) => [e.id, `${e.position}`]));
        for (const [id, position] of acknowledged) expect(positions.get(id)).toBe(position);
        expect(new Set(acknowledged.map(([id]) => id)).size).toBe(log.length);

        // Caught up once it delivered the log's last event; one that skipped some gets there too.
        const last = log.at(-1)!.position;
        await until(
          () => followed.every(({ events }) => events.at(-1)?.position === last),
          20_000,
          'the subscribers to deliver the last event',
        );
        const order = log.map((e) => e.id);
        for (const { events } of [followed[0]!, followed[2]!]) {
          // Nothing missed, nothing twice, in the log's order, at increasing positions.
          expect(events.map((e) => e.id)).toEqual(order);
          expect(events.every((e, i) => i === 0 || e.position > events[i - 1]!.position)).toBe(true);
        }
        // The live-only subscriber: a tail of that same order, without a gap.
        const live = followed[1]!.events.map((e) => e.id);
        expect(live.length).toBeGreaterThan(0);
        expect(live).toEqual(order.slice(order.length - live.length));
        for (const stream of new Set(log.map((e) => e.streamId))) {
          expect(await subscribers[0]!.verifyStream(stream)).toMatchObject({ valid: true });
        }
      }, 120_000);
    });
  }
});

describe.runIf(server && canStartCluster())('PostgreSQL event store, its server restarted', () => {
  it('goes on appending and delivering: nothing acknowledged lost, nothing missed or twice', async () => {
    const cluster = await privateCluster();
    try {
      const errors: unknown[] = [];
      const options = { url: cluster.url, catalog, poolSize: 3, onError: (e: unknown) => errors.push(e) };
      const writer = await getPostgreSQLEventStore(options);
      const reader = await getPostgreSQLEventStore(options);
      const delivered: RecordedEvent[] = [];
      const subscription = reader.subscribe();
      const reading = (async () => {
        for await (const batch of subscription) delivered.push(...batch.events);
      })();
      const appended: string[] = [];
      let appending = true;
      const appends = (async () => {
        for (let i = 0; appending; i++) {
          const result = await writer.append(`s-${i % 5}`, messages(1, `event ${i}`));
          appended.push(result.events[0]!.id);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const deliveredSoFar = async (count: number) => {
        const deadline = Date.now() + 20_000;
        while (delivered.length < count) {
          if (Date.now() > deadline) throw new Error(`${delivered.length} of ${count} delivered`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      await deliveredSoFar(10);
      await cluster.restart();
      const atRestart = appended.length;
      await deliveredSoFar(atRestart + 10);
      await cluster.restart();
      await deliveredSoFar(appended.length + 10);
      appending = false;
      await appends;

      const log = (await reader.readAll()).map((e) => e.id);
      expect(log).toEqual(appended);
      await deliveredSoFar(log.length);
      expect(delivered.map((e) => e.id)).toEqual(log);
      // The connections were lost (and said so), and the listening one is back.
      expect(errors.length).toBeGreaterThan(0);
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN ${LOG_CHANNEL}'`,
      );
      await admin.end();
      expect(rows[0]!.n).toBe(1);
      await subscription.close();
      await reading;
      await writer.close();
      await reader.close();
    } finally {
      await cluster.stop();
    }
  }, 120_000);
});
