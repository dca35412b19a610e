/**
 * npm run bench:coldstart
 * A fresh start on the large log: the service (every role, production build) on a copy of the log
 * with no read models, from its start until /readyz answers ready — every projection built and
 * caught up, while the reactors and the deadline scheduler work through what the log holds for
 * them — beside the time a rebuild of every projection takes on the same copy, in the same run
 * (rebuildMeasure.ts, as bench:rebuild). The log is that of bench:rebuild (.bench/large, seeded
 * there once), or LEDGER_BENCH_DIR; it is copied, never written. Ends with one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { printTable, round } from './stats.js';

const source = resolve(process.env.LEDGER_BENCH_DIR ?? join('.bench', 'large'));
const root = fileURLToPath(new URL('../..', import.meta.url));
/** Past it, the start is reported as not ready (and the figure as a lower bound). */
const LIMIT_MS = Number(process.env.LEDGER_BENCH_COLDSTART_LIMIT_MS ?? 60 * 60_000);

if (!existsSync(join(source, 'events.db'))) {
  console.log(
    `No log in ${source}: run npm run bench:rebuild once (it seeds .bench/large), or set LEDGER_BENCH_DIR.`,
  );
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'ledger-coldstart-'));
const headOf = () => {
  const db = new Database(join(work, 'events.db'), { readonly: true });
  try {
    return db.prepare('SELECT max(position) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
};

try {
  console.log(
    `Copying the log of ${source} (${Math.round(statSync(join(source, 'events.db')).size / 1e6)} MB)…`,
  );
  for (const file of ['events.db', 'events.db-wal']) {
    if (existsSync(join(source, file))) copyFileSync(join(source, file), join(work, file));
  }
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const events = headOf();

  const threads = Number(process.env.LEDGER_REBUILD_THREADS ?? Math.min(4, availableParallelism()));
  console.log(`Rebuilding every projection (${threads} worker thread(s)) on the copy…`);
  const rebuilt = JSON.parse(
    execFileSync(
      process.execPath,
      [join(root, 'dist/scripts/bench/rebuildMeasure.js'), 'rebuild', work, String(threads)],
      { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    )
      .toString()
      .trim()
      .split('\n')
      .at(-1)!,
  ) as { seconds: number };
  console.log(`  rebuilt in ${round(rebuilt.seconds, 1)} s`);

  console.log('Starting the service (every role) on the copy, with no read models…');
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist/src/app/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LEDGER_DATA_DIR: work,
      PORT: '0',
      LOG_LEVEL: 'warn',
      LEDGER_SCHEDULER_TICK_MS: process.env.LEDGER_SCHEDULER_TICK_MS ?? '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let base: string | undefined;
  let readyMs: number | undefined;
  let lastShown = 0;
  /** The scheduler lease's fencing token when ready: how many times it changed hands, plus one. */
  let schedulerToken: number | undefined;
  while (performance.now() - started < LIMIT_MS && child.exitCode === null) {
    base ??= /listening on (http:\/\/\S+)\/graphql/.exec(output)?.[1];
    if (base) {
      const answer = await fetch(`${base}/readyz`).catch(() => undefined);
      if (answer?.status === 200) {
        readyMs = performance.now() - started;
        const body = (await answer.json()) as { leases: { name: string; token: number }[] };
        schedulerToken = body.leases.find((l) => l.name === 'scheduler')?.token;
        break;
      }
      if (answer && performance.now() - lastShown > 30_000) {
        lastShown = performance.now();
        const body = (await answer.json()) as {
          projections: { name: string; lag: number; state: string; rebuilding: boolean }[];
        };
        const behind = body.projections.filter((p) => p.lag > 0 || p.rebuilding || p.state === 'failed');
        console.log(
          `  ${Math.round(lastShown - started) / 1000} s: not ready; ${behind.map((p) => `${p.name} ${p.state} lag ${p.lag}`).join(', ')}`,
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const untilMs = performance.now() - started;
  child.kill('SIGTERM');
  const code = await exited;
  const appended = headOf() - events;
  const warnings = output.split('\n').filter((line) => line.includes('"level":40')).length;
  // What went wrong is shown, not only counted.
  for (const line of output.split('\n').filter((l) => /"level":(50|60)/.test(l))) console.log(line);

  printTable([
    { case: 'rebuild every projection', events, seconds: round(rebuilt.seconds, 1) },
    {
      case: readyMs === undefined ? 'fresh start: NOT ready' : 'fresh start, to ready',
      events,
      seconds: round((readyMs ?? untilMs) / 1000, 1),
    },
  ]);
  const ratio = readyMs === undefined ? undefined : readyMs / 1000 / rebuilt.seconds;
  console.log(
    readyMs === undefined
      ? `not ready within ${round(untilMs / 1000, 0)} s (${round(untilMs / 1000 / rebuilt.seconds, 2)}× the rebuild)`
      : `ready in ${round(ratio!, 2)}× the rebuild's time; the service appended ${appended} events meanwhile (reactions, deadlines), logged ${warnings} warnings, the scheduler's lease at token ${schedulerToken}, stopped with ${code}`,
  );
  console.log(
    JSON.stringify({
      bench: 'coldstart',
      events,
      rebuild_s: round(rebuilt.seconds, 1),
      ready_s: readyMs === undefined ? null : round(readyMs / 1000, 1),
      ready_over_rebuild: ratio === undefined ? null : round(ratio, 2),
      appended,
      warnings,
      scheduler_lease_token: schedulerToken ?? null,
      threads,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
