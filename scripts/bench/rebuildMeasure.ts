/**
 * One measurement of bench:rebuild, in its own process so its peak RSS is its own:
 *   read <dir>                       — read and decode the whole log, projecting nothing (the ceiling);
 *   rebuild <dir> [threads] [url]    — rebuild every projection into a fresh read store, shared among
 *                                      that many worker threads (default 0: this thread only): a
 *                                      SQLite file in <dir>, or the PostgreSQL database at `url`
 *                                      (empty, made for the run by rebuildBench.ts).
 * Prints one JSON object.
 */
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { projections } from '../../projections/index.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import type { ReadStore } from '../../src/readStore/readStore.js';
import { getPostgreSQLReadStore } from '../../src/readStore/postgresql/postgresReadStore.js';
import { holdersDirOf, leasesPathOf } from '../../src/readStore/sqlite/sqliteLeaseStore.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { rebuildThreadsFor } from '../../src/app/rebuildContext.js';
import { round, summarize } from './stats.js';

/** Renews a lease every 50 ms on this thread, measuring the event loop's delay and each write's time. */
async function mainThreadProbe(readStore: ReadStore) {
  let lease = (await readStore.leases.acquire('bench:probe', 'main', 60_000))!;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const writes: number[] = [];
  let running = true;
  const renewing = (async () => {
    while (running) {
      const started = performance.now();
      lease = (await readStore.leases.renew(lease, 60_000)) ?? lease;
      writes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await renewing;
      delay.disable();
      const ms = (ns: number) => round(ns / 1e6, 1);
      const waited = summarize(writes);
      return {
        loopDelayP99Ms: ms(delay.percentile(99)),
        loopDelayMaxMs: ms(delay.max),
        writes: writes.length,
        writeP99Ms: round(waited.p99, 1),
        writeMaxMs: round(waited.max, 1),
      };
    },
  };
}

const [mode, dir] = process.argv.slice(2);
const eventStore = getSQLiteEventStore({ path: join(dir!, 'events.db'), catalog: createEventCatalog() });
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === 'read') {
  const started = performance.now();
  let events = 0;
  for (let from = 1n; ;) {
    const page = await eventStore.readAll({ fromPosition: from, maxCount: 20_000 });
    if (page.length === 0) break;
    events += page.length;
    from = page.at(-1)!.position + 1n;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ events, seconds, eventsPerS: events / seconds, peakRssMb: peakRssMb() }));
} else {
  const url = process.argv[5];
  const path = join(dir!, 'bench-read.db');
  // The rebuilt read store (1.4 GB on the large log) is measured, not kept: gone before and after.
  const removeReadStore = () => {
    for (const file of [path, leasesPathOf(path)])
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    rmSync(holdersDirOf(leasesPathOf(path)), { recursive: true, force: true });
  };
  removeReadStore();
  // As the service opens it on its main thread (src/app/stores.ts).
  const readStore = url
    ? await getPostgreSQLReadStore({ url })
    : getSQLiteReadStore({ path, backgroundCheckpointMs: 200 });
  const cache = process.env.LEDGER_BENCH_REBUILD_CACHE_CHARS;
  const threads = Number(process.argv[4] ?? 0);
  const runner = createProjectionRunner({
    eventStore,
    readStore,
    projections,
    ...(cache ? { rebuildCacheChars: Number(cache) } : {}),
    // Reactors do not act: the benchmark's log stays as it was seeded.
    ...(threads > 0
      ? {
          rebuildThreads: rebuildThreadsFor(
            {
              eventStorePath: join(dir!, 'events.db'),
              readStorePath: path,
              blobDir: join(dir!, 'blobs'),
              eventStoreUrl: undefined,
              readStoreUrl: url,
              blobStoreUrl: undefined,
            },
            threads,
            false,
          ),
        }
      : {}),
  });
  // Sharing among worker threads, the main thread stays free: it does what a serving process's main
  // thread does meanwhile — a read-store write every 50 ms (a lease renewal, as live projectors and
  // schedulers renew theirs) — and how long it was kept from running (event-loop delay) and how
  // long those writes waited for the lock the rebuild threads keep taking are measured.
  const probe = threads > 0 ? await mainThreadProbe(readStore) : undefined;
  const result = await runner.rebuild(projections.map((p) => p.name));
  const mainThread = await probe?.stop();
  await runner.stop();
  await readStore.close();
  removeReadStore();
  // Events of the log rebuilt from, whether or not some projection reads them (each thread reads
  // only the types its projections handle): the same count as the ceiling's.
  const events = await eventStore.eventsAfter(0n, Number.MAX_SAFE_INTEGER);
  console.log(
    JSON.stringify({
      events,
      seconds: result.seconds,
      eventsPerS: events / result.seconds,
      peakRssMb: peakRssMb(),
      ...(mainThread ? { mainThread } : {}),
    }),
  );
}
await eventStore.close();
