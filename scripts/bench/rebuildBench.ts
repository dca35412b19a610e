/**
 * npm run bench:rebuild [-- --size large|small] [--store sqlite|postgres]
 * Rebuilding every projection from the large log (seeded once into .bench/<size>, then reused),
 * beside the ceiling of reading and decoding the same log without projecting, in one run on this
 * machine: once on one thread, once shared among the worker threads the service would use
 * (LEDGER_REBUILD_THREADS, default min(4, cores); the main thread only coordinates them). Each measurement runs the production build in
 * a process of its own, so peak RSS is that of the rebuild (worker threads included).
 * With `--store postgres`, the same two rebuilds also write a PostgreSQL read store (a database made
 * for each and dropped after, on the server LEDGER_BENCH_POSTGRES_URL or POSTGRES_TEST_URL names, else
 * on a private cluster started for the run by scripts/ci/postgres.sh), and both stores are printed
 * side by side. The log is the seeded SQLite file in every case: this compares read stores.
 * Ends with one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPool } from '../../src/postgres/pool.js';
import { printTable, round } from './stats.js';

const { values } = parseArgs({
  options: { size: { type: 'string', default: 'large' }, store: { type: 'string', default: 'sqlite' } },
});
const size = values.size!;
if (values.store !== 'sqlite' && values.store !== 'postgres') {
  console.error('--store must be sqlite or postgres');
  process.exit(2);
}
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
const threads = Number(process.env.LEDGER_REBUILD_THREADS ?? Math.min(4, availableParallelism()));
const rebuildInto = (threadCount: number, url?: string) =>
  lastJson(
    built('scripts/bench/rebuildMeasure.js', ['rebuild', dir, String(threadCount), ...(url ? [url] : [])]),
  );
/**
 * The rebuilds, one thread then shared among the threads; with `database` (--store postgres), each
 * followed by the same into PostgreSQL, so that a change in the machine's load falls on both.
 */
const rebuilds = async (database?: <R>(run: (url: string) => R) => Promise<R>) => {
  console.log('Rebuilding every projection on one thread…');
  const single = rebuildInto(0);
  if (database) console.log('Rebuilding every projection on one thread into PostgreSQL…');
  const pgSingle = database && (await database((url) => rebuildInto(0, url)));
  console.log(`Rebuilding every projection shared among ${threads} worker thread(s)…`);
  const rebuild = threads > 0 ? rebuildInto(threads) : single;
  if (database)
    console.log(`Rebuilding every projection shared among ${threads} worker thread(s) into PostgreSQL…`);
  const pgRebuild = database && (threads > 0 ? await database((url) => rebuildInto(threads, url)) : pgSingle);
  return {
    single,
    rebuild,
    postgres: pgSingle && pgRebuild ? { single: pgSingle, rebuild: pgRebuild } : undefined,
  };
};
const { single, rebuild, postgres } =
  values.store === 'postgres' ? await withPostgres(rebuilds) : await rebuilds();

const row = (name: string, m: Measure) => ({
  case: name,
  events: m.events,
  seconds: round(m.seconds, 1),
  'events/s': Math.round(m.eventsPerS),
  'peak RSS MB': m.peakRssMb,
});
printTable([
  row('read + decode the log (ceiling)', read),
  row(`rebuild, one thread${postgres ? ' (SQLite)' : ''}`, single),
  row(`rebuild, ${threads} worker thread(s)${postgres ? ' (SQLite)' : ''}`, rebuild),
  ...(postgres
    ? [
        row('rebuild, one thread (PostgreSQL)', postgres.single),
        row(`rebuild, ${threads} worker thread(s) (PostgreSQL)`, postgres.rebuild),
      ]
    : []),
]);
const share = rebuild.eventsPerS / read.eventsPerS;
console.log(
  `rebuild = ${round(share * 100, 1)}% of the read ceiling (one thread: ${round((single.eventsPerS / read.eventsPerS) * 100, 1)}%)`,
);
if (postgres) {
  console.log(
    `PostgreSQL rebuild = ${round((postgres.rebuild.eventsPerS / rebuild.eventsPerS) * 100, 1)}% of SQLite's ` +
      `(one thread: ${round((postgres.single.eventsPerS / single.eventsPerS) * 100, 1)}%)`,
  );
}
const mainThread = (store: string, m: Measure) => {
  if (!m.mainThread) return;
  const t = m.mainThread;
  console.log(
    `${store}main thread meanwhile: event-loop delay p99 ${t.loopDelayP99Ms} ms, max ${t.loopDelayMaxMs} ms; ` +
      `its read-store writes (${t.writes}, one every 50 ms) took p99 ${t.writeP99Ms} ms, max ${t.writeMaxMs} ms`,
  );
};
mainThread(postgres ? 'SQLite: ' : '', rebuild);
if (postgres) mainThread('PostgreSQL: ', postgres.rebuild);
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
    ...(postgres
      ? {
          postgres_events_per_s: Math.round(postgres.rebuild.eventsPerS),
          postgres_peak_rss_mb: postgres.rebuild.peakRssMb,
          postgres_single_thread_events_per_s: Math.round(postgres.single.eventsPerS),
          postgres_share_of_sqlite: round(postgres.rebuild.eventsPerS / rebuild.eventsPerS, 3),
        }
      : {}),
  }),
);

/**
 * A PostgreSQL server for the run: LEDGER_BENCH_POSTGRES_URL or POSTGRES_TEST_URL, else a private
 * cluster started here (scripts/ci/postgres.sh) and stopped after. `database(run)` makes an empty
 * database, runs `run` with its URL, and drops it.
 */
async function withPostgres<T>(
  work: (database: <R>(run: (url: string) => R) => Promise<R>) => Promise<T>,
): Promise<T> {
  let server = process.env.LEDGER_BENCH_POSTGRES_URL || process.env.POSTGRES_TEST_URL;
  let cluster: string | undefined;
  const script = join(root, 'scripts/ci/postgres.sh');
  if (!server) {
    console.log('Starting a private PostgreSQL cluster for the run (scripts/ci/postgres.sh)…');
    const started = execFileSync('bash', [script, 'start'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString();
    cluster = /POSTGRES_TEST_DIR=(\S+)/.exec(started)?.[1];
    server = /POSTGRES_TEST_URL=(\S+)/.exec(started)?.[1];
    if (!server) throw new Error('PostgreSQL did not start');
  }
  const admin = createPool({ url: server, max: 1, applicationName: 'bench:rebuild' });
  try {
    return await work(async (run) => {
      const name = `ledger_bench_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      try {
        return run(url.toString());
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    });
  } finally {
    await admin.end();
    if (cluster) execFileSync('bash', [script, 'stop', cluster], { stdio: 'inherit' });
  }
}
