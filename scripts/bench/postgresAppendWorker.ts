/**
 * One process of bench:append's PostgreSQL cases: `writers` concurrent writers append `events` single
 * events in all, each to one of `streams` streams drawn at random, through one event store — the
 * ledger's (in either ordering of commits) or Emmett's — and print the latency of every append and
 * when the first began and the last ended. It waits until `startAt` (epoch ms) before the first
 * append, so that several processes begin together. A process of its own for each store: Emmett's
 * client sets node-postgres's type parsers for the whole process.
 */
import { isExpectedVersionConflictError } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore as getEmmettStore } from '@event-driven-io/emmett-postgresql';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getPostgreSQLEventStore } from '../../src/eventStore/postgresql/postgresqlEventStore.js';
import { benchEvent } from './benchEvent.js';

export type PostgresTarget = 'serialised' | 'transaction-id' | 'emmett';

export interface WorkerResult {
  readonly latencies: number[];
  readonly startedAt: number;
  readonly endedAt: number;
  /** Appends tried again after a conflict the store raised although none was asked for (Emmett's). */
  readonly retries: number;
}

const [target, url, writersArg, eventsArg, streamsArg, startAtArg] = process.argv.slice(2) as [
  PostgresTarget,
  string,
  string,
  string,
  string,
  string,
];

type Append = (stream: string, n: number) => Promise<void>;

const open = async (): Promise<{ append: Append; close: () => Promise<void> }> => {
  if (target === 'emmett') {
    const store = getEmmettStore(url);
    // Its schema is made on first use: made before the clock starts.
    await store.schema.migrate();
    return {
      append: async (stream, n) => {
        const { type, data, metadata } = benchEvent(n);
        await store.appendToStream(stream, [{ type, data: data as Record<string, unknown>, metadata }]);
      },
      close: () => store.close(),
    };
  }
  const store = await getPostgreSQLEventStore({ url, catalog: createEventCatalog(), ordering: target });
  return {
    append: async (stream, n) => void (await store.append(stream, [benchEvent(n)])),
    close: () => store.close(),
  };
};

const { append, close } = await open();
const events = Number(eventsArg);
const latencies: number[] = [];
let retries = 0;
let next = 0;
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtArg) - Date.now())));
const startedAt = performance.timeOrigin + performance.now();
await Promise.all(
  Array.from({ length: Number(writersArg) }, async () => {
    while (next < events) {
      const n = next++;
      const stream = `collaboration-${Math.floor(Math.random() * Number(streamsArg))}`;
      const t = performance.now();
      for (;;) {
        try {
          await append(stream, n);
          break;
        } catch (error) {
          // Emmett refuses an append that met another on the same stream even without an expected
          // version (its streams row moved under it): a command handler would try it again.
          if (!isExpectedVersionConflictError(error)) throw error;
          retries++;
        }
      }
      latencies.push(performance.now() - t);
    }
  }),
);
const endedAt = performance.timeOrigin + performance.now();
await close();
const result: WorkerResult = { latencies, startedAt, endedAt, retries };
process.stdout.write(JSON.stringify(result));
