/**
 * One measurement of bench:rebuild, in its own process so its peak RSS is its own:
 *   read <dir>                — read and decode the whole log, projecting nothing (the ceiling);
 *   rebuild <dir> [threads]   — rebuild every projection into a fresh read store, shared among
 *                               that many worker threads (default 0: this thread only).
 * Prints one JSON object.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { projections } from '../../projections/index.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { rebuildThreadsFor } from '../../src/app/rebuildContext.js';

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
  const path = join(dir!, 'bench-read.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const readStore = getSQLiteReadStore({ path });
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
              readStoreUrl: undefined,
              blobStoreUrl: undefined,
            },
            threads,
            false,
          ),
        }
      : {}),
  });
  const result = await runner.rebuild(projections.map((p) => p.name));
  await runner.stop();
  await readStore.close();
  // Events of the log rebuilt from, whether or not some projection reads them (each thread reads
  // only the types its projections handle): the same count as the ceiling's.
  const events = await eventStore.eventsAfter(0n, Number.MAX_SAFE_INTEGER);
  console.log(
    JSON.stringify({
      events,
      seconds: result.seconds,
      eventsPerS: events / result.seconds,
      peakRssMb: peakRssMb(),
    }),
  );
}
await eventStore.close();
