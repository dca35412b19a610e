/**
 * npm run bench:rebuild [-- --size large|small]
 * Rebuilding every projection from the large log (seeded once into .bench/<size>, then reused),
 * beside the ceiling of reading and decoding the same log without projecting, in one run on this
 * machine: once on one thread, once shared among the worker threads the service would use
 * (LEDGER_REBUILD_THREADS, default min(4, cores); the main thread only coordinates them). Each measurement runs the production build in
 * a process of its own, so peak RSS is that of the rebuild (worker threads included).
 * Ends with one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, round } from './stats.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'large' } } });
const size = values.size!;
const dir = resolve(process.env.LEDGER_BENCH_DIR ?? join('.bench', size));
const marker = join(dir, 'seeded.json');
const root = fileURLToPath(new URL('../..', import.meta.url));
/** Runs a script of the production build (what `npm start` runs, and rebuilds with). */
const built = (script: string, args: string[]) =>
  execFileSync(process.execPath, [join(root, 'dist', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  }).toString();

if (!existsSync(marker) || (JSON.parse(readFileSync(marker, 'utf8')) as { size: string }).size !== size) {
  console.log(`Seeding the ${size} log into ${dir} (once; later runs reuse it)…`);
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/seed.ts'), '--size', size], {
    env: { ...process.env, LEDGER_DATA_DIR: dir },
    stdio: 'inherit',
  });
  writeFileSync(marker, JSON.stringify({ size }));
}

interface Measure {
  events: number;
  seconds: number;
  eventsPerS: number;
  peakRssMb: number;
  /** Sharing among worker threads: the main thread meanwhile (see rebuildMeasure.ts). */
  mainThread?: {
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
    writes: number;
    writeP99Ms: number;
    writeMaxMs: number;
  };
}
const lastJson = (output: string) => JSON.parse(output.trim().split('\n').at(-1)!) as Measure;
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
console.log('Reading the log without projecting…');
const read = lastJson(built('scripts/bench/rebuildMeasure.js', ['read', dir]));
console.log('Rebuilding every projection on one thread…');
const single = lastJson(built('scripts/bench/rebuildMeasure.js', ['rebuild', dir, '0']));
const threads = Number(process.env.LEDGER_REBUILD_THREADS ?? Math.min(4, availableParallelism()));
console.log(`Rebuilding every projection shared among ${threads} worker thread(s)…`);
const rebuild =
  threads > 0
    ? lastJson(built('scripts/bench/rebuildMeasure.js', ['rebuild', dir, String(threads)]))
    : single;

printTable([
  {
    case: 'read + decode the log (ceiling)',
    events: read.events,
    seconds: round(read.seconds, 1),
    'events/s': Math.round(read.eventsPerS),
    'peak RSS MB': read.peakRssMb,
  },
  {
    case: 'rebuild, one thread',
    events: single.events,
    seconds: round(single.seconds, 1),
    'events/s': Math.round(single.eventsPerS),
    'peak RSS MB': single.peakRssMb,
  },
  {
    case: `rebuild, ${threads} worker thread(s)`,
    events: rebuild.events,
    seconds: round(rebuild.seconds, 1),
    'events/s': Math.round(rebuild.eventsPerS),
    'peak RSS MB': rebuild.peakRssMb,
  },
]);
const share = rebuild.eventsPerS / read.eventsPerS;
console.log(
  `rebuild = ${round(share * 100, 1)}% of the read ceiling (one thread: ${round((single.eventsPerS / read.eventsPerS) * 100, 1)}%)`,
);
if (rebuild.mainThread) {
  const m = rebuild.mainThread;
  console.log(
    `main thread meanwhile: event-loop delay p99 ${m.loopDelayP99Ms} ms, max ${m.loopDelayMaxMs} ms; ` +
      `its read-store writes (${m.writes}, one every 50 ms) took p99 ${m.writeP99Ms} ms, max ${m.writeMaxMs} ms`,
  );
}
console.log(
  JSON.stringify({
    bench: 'rebuild',
    events: rebuild.events,
    events_per_s: Math.round(rebuild.eventsPerS),
    peak_rss_mb: rebuild.peakRssMb,
    read_ceiling_events_per_s: Math.round(read.eventsPerS),
    rebuild_share_of_ceiling: round(share, 3),
    threads,
    single_thread_events_per_s: Math.round(single.eventsPerS),
    single_thread_peak_rss_mb: single.peakRssMb,
    ...(rebuild.mainThread
      ? {
          main_loop_delay_p99_ms: rebuild.mainThread.loopDelayP99Ms,
          main_loop_delay_max_ms: rebuild.mainThread.loopDelayMaxMs,
          main_write_p99_ms: rebuild.mainThread.writeP99Ms,
        }
      : {}),
  }),
);
