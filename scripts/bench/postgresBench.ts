/**
 * bench:append's PostgreSQL side: a server to run on (LEDGER_BENCH_POSTGRES_URL or POSTGRES_TEST_URL,
 * or else a private cluster that scripts/ci/postgres.sh starts, fsync on, and stops after), a fresh
 * database for every case, and the cases themselves, each in processes of their own
 * (postgresAppendWorker.ts) that begin together.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getPostgreSQLEventStore } from '../../src/eventStore/postgresql/postgresqlEventStore.js';
import type { LogOrdering } from '../../src/eventStore/postgresql/writer.js';
import { createPool } from '../../src/postgres/pool.js';
import { benchEvent } from './benchEvent.js';
import type { PostgresTarget, WorkerResult } from './postgresAppendWorker.js';
import { summarize } from './stats.js';

const built = import.meta.url.endsWith('.js');
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export interface PostgresServer {
  readonly url: string;
  /** What the server is: its version and whether it syncs to disk. */
  readonly description: string;
  stop(): void;
}

export const postgresServer = async (): Promise<PostgresServer> => {
  let url = process.env.LEDGER_BENCH_POSTGRES_URL ?? process.env.POSTGRES_TEST_URL;
  let stop = () => undefined as void;
  if (!url) {
    const script = here(built ? '../../../scripts/ci/postgres.sh' : '../ci/postgres.sh');
    const output = execFileSync('bash', [script, 'start'], { encoding: 'utf8' });
    const dir = /POSTGRES_TEST_DIR=(\S+)/.exec(output)![1]!;
    url = /POSTGRES_TEST_URL=(\S+)/.exec(output)![1]!;
    stop = () => void execFileSync('bash', [script, 'stop', dir]);
  }
  const pool = createPool({ url, max: 1 });
  try {
    const { rows } = await pool.query<{ v: string; fsync: string; sync: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('fsync') AS fsync,
              current_setting('synchronous_commit') AS sync`,
    );
    const { v, fsync, sync } = rows[0]!;
    return { url, description: `PostgreSQL ${v} (fsync=${fsync}, synchronous_commit=${sync})`, stop };
  } finally {
    await pool.end();
  }
};

/** A database of its own for one case, on the server `url` names; its URL. */
export const freshBenchDatabase = async (url: string): Promise<string> => {
  const name = `ledger_bench_${randomBytes(6).toString('hex')}`;
  const pool = createPool({ url, max: 1 });
  try {
    await pool.query(`CREATE DATABASE ${name}`);
  } finally {
    await pool.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
};

export interface CaseResult {
  readonly eventsPerS: number;
  readonly p50: number;
  readonly p99: number;
  readonly retries: number;
}

/**
 * `events` single events appended by `writers` writers in all, shared among `processes` processes,
 * into a fresh database: events per second from the first process's start to the last one's end.
 */
export const runCase = async (
  server: PostgresServer,
  target: PostgresTarget,
  options: { processes: number; writers: number; events: number; streams: number },
): Promise<CaseResult> => {
  const url = await freshBenchDatabase(server.url);
  const worker = here(`./postgresAppendWorker.${built ? 'js' : 'ts'}`);
  // Every process has connected and made its schema well before then.
  const startAt = Date.now() + 3000 + 500 * options.processes;
  const results = await Promise.all(
    Array.from({ length: options.processes }, (_, i) => {
      const share = (n: number) => Math.floor(n / options.processes) + (i < n % options.processes ? 1 : 0);
      return new Promise<WorkerResult>((resolve, reject) =>
        execFile(
          process.execPath,
          [
            ...(built ? [] : ['--import', 'tsx']),
            worker,
            target,
            url,
            String(share(options.writers)),
            String(share(options.events)),
            String(options.streams),
            String(startAt),
          ],
          { maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) =>
            error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout) as WorkerResult),
        ),
      );
    }),
  );
  const started = Math.min(...results.map((r) => r.startedAt));
  const ended = Math.max(...results.map((r) => r.endedAt));
  const { p50, p99 } = summarize(results.flatMap((r) => r.latencies));
  return {
    eventsPerS: options.events / ((ended - started) / 1000),
    p50,
    p99,
    retries: results.reduce((n, r) => n + r.retries, 0),
  };
};

/**
 * How long an append takes to reach a live subscriber of another store (another process's, as far as
 * the server can tell), while another application on the same server keeps a write transaction open
 * for 100 ms of every 200 — in a database of its own, as a neighbour on a shared server would.
 */
export const deliveryLatency = async (
  server: PostgresServer,
  ordering: LogOrdering,
  events: number,
): Promise<{ p50: number; p99: number }> => {
  const url = await freshBenchDatabase(server.url);
  const neighbour = createPool({ url: await freshBenchDatabase(server.url), max: 1 });
  await neighbour.query('CREATE TABLE work (n int)');
  let busy = true;
  const neighbourWork = (async () => {
    while (busy) {
      const client = await neighbour.connect();
      await client.query('BEGIN; INSERT INTO work VALUES (1)');
      await pause(100);
      await client.query('COMMIT');
      client.release();
      await pause(100);
    }
  })();
  const catalog = createEventCatalog();
  const writer = await getPostgreSQLEventStore({ url, catalog, ordering });
  const reader = await getPostgreSQLEventStore({ url, catalog, ordering });
  const arrivals = new Map<string, number>();
  const subscription = reader.subscribe({ fromPosition: 'end' });
  const reading = (async () => {
    for await (const batch of subscription) {
      for (const event of batch.events) arrivals.set(event.id, performance.now());
      if (arrivals.size >= events) return;
    }
  })();
  // The subscription is live once it has delivered the first.
  const appended = new Map<string, number>();
  for (let i = 0; i < events; i++) {
    const event = benchEvent(i);
    await writer.append(`collaboration-x${i}`, [event]);
    appended.set(event.id, performance.now());
    await pause(10 + Math.random() * 20);
  }
  await reading;
  busy = false;
  await neighbourWork;
  await subscription.close();
  await Promise.all([writer.close(), reader.close(), neighbour.end()]);
  return summarize([...appended].map(([id, at]) => Math.max(0, arrivals.get(id)! - at)));
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
