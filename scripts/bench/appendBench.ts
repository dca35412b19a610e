/**
 * npm run bench:append — append throughput and latency of the embedded event store (the production
 * build), measured side by side in one run on this machine:
 *   1. one writer appending single events in sequence;
 *   2. 64 concurrent writers over 1,000 streams (group commit);
 *   3. the raw ceiling: batched inserts of the same payloads into a bare SQLite table, same durability;
 *   4. how long an append made by another process takes to reach a live subscriber.
 * Every append is durable (WAL, synchronous = FULL) before it resolves.
 *
 * With `--store postgres`, the same workloads (1 and 64 writers, and 64 writers in 4 processes) also
 * run over PostgreSQL (postgresBench.ts): the ledger's store in both orderings of commits, and
 * Emmett's PostgreSQL event store, each in processes of its own, on a fresh database, durable
 * (synchronous_commit on, fsync on), printed beside SQLite's. Ends with one JSON line.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { canonicalJson } from '../../src/core/hash.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { benchEvent } from './benchEvent.js';
import { deliveryLatency, postgresServer, runCase, type CaseResult } from './postgresBench.js';
import type { LogOrdering } from '../../src/eventStore/postgresql/writer.js';
import type { PostgresTarget } from './postgresAppendWorker.js';
import { printTable, round, summarize } from './stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const SEQUENTIAL_EVENTS = quick ? 1_000 : 5_000;
const CONCURRENT_EVENTS = quick ? 20_000 : 200_000;
const WRITERS = 64;
const STREAMS = 1_000;
const CROSS_PROCESS_EVENTS = quick ? 20 : 100;
const storeArg = args.indexOf('--store');
const postgres = storeArg >= 0 && args[storeArg + 1] === 'postgres';
const PG_SEQUENTIAL_EVENTS = quick ? 500 : 2_000;
const PG_CONCURRENT_EVENTS = quick ? 4_000 : 20_000;
const PG_PROCESSES = 4;

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
const catalog = createEventCatalog();

const sequential = async () => {
  const store = getSQLiteEventStore({ path: join(dir, 'sequential.db'), catalog });
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL_EVENTS; i++) {
    const t = performance.now();
    await store.append(`collaboration-${i % STREAMS}`, [benchEvent(i)]);
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return { eventsPerS: SEQUENTIAL_EVENTS / seconds, ...summarize(latencies) };
};

const concurrent = async () => {
  const commits: number[] = [];
  const store = getSQLiteEventStore({
    path: join(dir, 'concurrent.db'),
    catalog,
    onCommit: ({ appends }) => commits.push(appends),
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < CONCURRENT_EVENTS) {
        const n = next++;
        const t = performance.now();
        await store.append(`collaboration-${Math.floor(Math.random() * STREAMS)}`, [benchEvent(n)]);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  const meanBatch = commits.reduce((a, b) => a + b, 0) / commits.length;
  return {
    eventsPerS: CONCURRENT_EVENTS / seconds,
    meanAppendsPerCommit: meanBatch,
    ...summarize(latencies),
  };
};

/** The same rows (stream, payload) in batches of 1,000 per transaction, into a table with no index. */
const rawCeiling = () => {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE raw (id INTEGER PRIMARY KEY, stream TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO raw (stream, data, metadata) VALUES (?, ?, ?)');
  const payloads = Array.from({ length: 1000 }, (_, i) => {
    const e = benchEvent(i);
    return [`collaboration-${i % STREAMS}`, canonicalJson(e.data), canonicalJson(e.metadata)] as const;
  });
  const batch = db.transaction(() => {
    for (const p of payloads) insert.run(...p);
  });
  const rows = CONCURRENT_EVENTS;
  const started = performance.now();
  for (let written = 0; written < rows; written += payloads.length) batch();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rowsPerS: rows / seconds };
};

/** A child process appends events one by one; this process is subscribed and notes each arrival. */
const crossProcess = async () => {
  const path = join(dir, 'cross.db');
  const store = getSQLiteEventStore({ path, catalog });
  const arrivals = new Map<string, number>();
  const subscription = store.subscribe({ fromPosition: 'end' });
  const reading = (async () => {
    for await (const batch of subscription) {
      const at = performance.timeOrigin + performance.now();
      for (const event of batch.events) arrivals.set(event.id, at);
      if (arrivals.size >= CROSS_PROCESS_EVENTS) return;
    }
  })();
  // The other process runs what this one runs: the build, or the sources through tsx.
  const built = import.meta.url.endsWith('.js');
  const child = fileURLToPath(new URL(`./appendFromOtherProcess.${built ? 'js' : 'ts'}`, import.meta.url));
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [...(built ? [] : ['--import', 'tsx']), child, path, String(CROSS_PROCESS_EVENTS)],
      (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)),
    ),
  );
  await reading;
  await subscription.close();
  await store.close();
  const appended = JSON.parse(output) as { id: string; at: number }[];
  return summarize(appended.map(({ id, at }) => arrivals.get(id)! - at));
};

console.log(`bench:append — SQLite (WAL, synchronous=FULL) in ${dir}${quick ? ' (quick)' : ''}`);
const seq = await sequential();
const conc = await concurrent();
const raw = rawCeiling();
const cross = await crossProcess();
rmSync(dir, { recursive: true, force: true });

printTable([
  {
    case: '1 writer, single events in sequence',
    'events/s': Math.round(seq.eventsPerS),
    'p50 ms': round(seq.p50, 3),
    'p99 ms': round(seq.p99, 3),
  },
  {
    case: `${WRITERS} writers over ${STREAMS} streams`,
    'events/s': Math.round(conc.eventsPerS),
    'p50 ms': round(conc.p50, 3),
    'p99 ms': round(conc.p99, 3),
  },
  {
    case: 'raw ceiling: bare table, 1,000 rows/commit',
    'events/s': Math.round(raw.rowsPerS),
    'p50 ms': '-',
    'p99 ms': '-',
  },
  {
    case: 'another process → live subscriber',
    'events/s': '-',
    'p50 ms': round(cross.p50, 3),
    'p99 ms': round(cross.p99, 3),
  },
]);
console.log(
  `concurrent = ${round((conc.eventsPerS / raw.rowsPerS) * 100, 1)}% of the raw ceiling; ` +
    `${round(conc.meanAppendsPerCommit, 1)} appends per commit on average`,
);

/** The PostgreSQL cases, by store and workload. */
const pg: Partial<Record<PostgresTarget, Record<'sequential' | 'concurrent' | 'processes', CaseResult>>> = {};
const delivery: Partial<Record<LogOrdering, { p50: number; p99: number }>> = {};
const TARGETS: Record<PostgresTarget, string> = {
  serialised: 'PostgreSQL, serialised (default)',
  'transaction-id': 'PostgreSQL, transaction-id ordering',
  emmett: 'Emmett PostgreSQL 0.42.0',
};
if (postgres) {
  const server = await postgresServer();
  console.log(
    `\nbench:append — ${server.description}; each store in processes of its own, a fresh database each`,
  );
  try {
    for (const target of Object.keys(TARGETS) as PostgresTarget[]) {
      const streams = STREAMS;
      pg[target] = {
        sequential: await runCase(server, target, {
          processes: 1,
          writers: 1,
          events: PG_SEQUENTIAL_EVENTS,
          streams,
        }),
        concurrent: await runCase(server, target, {
          processes: 1,
          writers: WRITERS,
          events: PG_CONCURRENT_EVENTS,
          streams,
        }),
        processes: await runCase(server, target, {
          processes: PG_PROCESSES,
          writers: WRITERS,
          events: PG_CONCURRENT_EVENTS,
          streams,
        }),
      };
    }
    for (const ordering of ['serialised', 'transaction-id'] as const) {
      delivery[ordering] = await deliveryLatency(server, ordering, CROSS_PROCESS_EVENTS);
    }
  } finally {
    server.stop();
  }
  const row = (
    workload: string,
    store: string,
    r: { eventsPerS: number; p50: number; p99: number },
    retries = '-',
  ) => ({
    workload,
    store,
    'events/s': Math.round(r.eventsPerS),
    'p50 ms': round(r.p50, 3),
    'p99 ms': round(r.p99, 3),
    retries,
  });
  const workloads = [
    ['sequential', '1 writer, single events in sequence', seq],
    ['concurrent', `${WRITERS} writers over ${STREAMS} streams`, conc],
    ['processes', `${WRITERS} writers in ${PG_PROCESSES} processes`, undefined],
  ] as const;
  printTable(
    workloads
      .flatMap(([key, workload, sqlite]) => [
        ...(sqlite ? [row(workload, 'SQLite', sqlite)] : []),
        ...(Object.keys(TARGETS) as PostgresTarget[]).map((target, i) =>
          row(
            sqlite || i > 0 ? '' : workload,
            TARGETS[target],
            pg[target]![key],
            String(pg[target]![key].retries),
          ),
        ),
      ])
      .map((r, i, rows) => (i > 0 && r.workload === rows[i - 1]!.workload ? { ...r, workload: '' } : r)),
  );
  printTable(
    (['serialised', 'transaction-id'] as const).map((ordering) => ({
      case: 'another process → live subscriber, a neighbour’s 100 ms transactions open half the time',
      store: TARGETS[ordering],
      'p50 ms': round(delivery[ordering]!.p50, 3),
      'p99 ms': round(delivery[ordering]!.p99, 3),
    })),
  );
  const ours = pg.serialised!.concurrent;
  const emmett = pg.emmett!.concurrent;
  console.log(
    `at ${WRITERS} writers: ${round(ours.eventsPerS / emmett.eventsPerS, 2)}× Emmett's events/s, ` +
      `p99 ${round(ours.p99, 2)} ms against ${round(emmett.p99, 2)} ms (goal: ≥ 2×, p99 no higher)`,
  );
}

const pgFields = Object.fromEntries(
  (Object.keys(pg) as PostgresTarget[]).flatMap((target) =>
    (['sequential', 'concurrent', 'processes'] as const).flatMap((key) => {
      const prefix = `postgres_${target.replace('-', '_')}_${key}`;
      const r = pg[target]![key];
      return [
        [`${prefix}_events_per_s`, Math.round(r.eventsPerS)],
        [`${prefix}_p50_ms`, round(r.p50, 3)],
        [`${prefix}_p99_ms`, round(r.p99, 3)],
      ];
    }),
  ),
);
const deliveryFields = Object.fromEntries(
  (Object.keys(delivery) as LogOrdering[]).flatMap((ordering) => [
    [`postgres_${ordering.replace('-', '_')}_delivery_p50_ms`, round(delivery[ordering]!.p50, 3)],
    [`postgres_${ordering.replace('-', '_')}_delivery_p99_ms`, round(delivery[ordering]!.p99, 3)],
  ]),
);
console.log(
  JSON.stringify({
    bench: 'append',
    sequential_events_per_s: Math.round(seq.eventsPerS),
    sequential_p50_ms: round(seq.p50, 3),
    sequential_p99_ms: round(seq.p99, 3),
    concurrent_events_per_s: Math.round(conc.eventsPerS),
    concurrent_p50_ms: round(conc.p50, 3),
    concurrent_p99_ms: round(conc.p99, 3),
    raw_ceiling_rows_per_s: Math.round(raw.rowsPerS),
    concurrent_share_of_ceiling: round(conc.eventsPerS / raw.rowsPerS, 3),
    cross_process_p50_ms: round(cross.p50, 3),
    cross_process_p99_ms: round(cross.p99, 3),
    ...pgFields,
    ...deliveryFields,
  }),
);
