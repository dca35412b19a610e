/**
 * npm run bench:append — append throughput and latency of the embedded event store (the production
 * build), measured side by side in one run on this machine:
 *   1. one writer appending single events in sequence;
 *   2. 64 concurrent writers over 1,000 streams (group commit);
 *   3. the raw ceiling: batched inserts of the same payloads into a bare SQLite table, same durability;
 *   4. how long an append made by another process takes to reach a live subscriber.
 * Every append is durable (WAL, synchronous = FULL) before it resolves. Ends with one JSON line.
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
import { printTable, round, summarize } from './stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const SEQUENTIAL_EVENTS = quick ? 1_000 : 5_000;
const CONCURRENT_EVENTS = quick ? 20_000 : 200_000;
const WRITERS = 64;
const STREAMS = 1_000;
const CROSS_PROCESS_EVENTS = quick ? 20 : 100;

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
  }),
);
