import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { createServices } from '../../src/app/services.js';
import { addDays } from '../../src/contexts/shared.js';
import { WEBHOOK_ENDPOINTS } from '../../projections/webhookEndpoints/webhookEndpoints.projection.js';
import { aBrief } from '../../test/support/collaborationFixtures.js';
import { creatorActor, registerParties, sellerActor } from '../../test/support/drive.js';
import { printTable, round, summarize } from './stats.js';

/**
 * `npm run bench:webhooks`: the notifier delivering to a receiver on this machine (the service in
 * one process, SQLite in a temporary folder, every role running).
 *
 * 1. Throughput: a backlog of events replayed to the endpoint (`replayWebhooks` from its first
 *    event): deliveries per second, one endpoint, from the replay asked to the last one received.
 * 2. Latency at a steady rate (100 events/s by default): from the call that appends an event to the
 *    receiver having read its delivery, p50/p99/max. The goal: p99 ≤ 250 ms.
 *
 * Figures are printed, never asserted: compare runs on one machine (README § Benchmarks).
 */

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 3000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const COLLABORATIONS = 20;

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-webhooks-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  LEDGER_JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
  LEDGER_DATA_DIR: dir,
  LOG_LEVEL: 'warn',
  LEDGER_WEBHOOK_ALLOW_HTTP: '1',
  LEDGER_WEBHOOK_ALLOW_PRIVATE: '1',
  LEDGER_WEBHOOK_DELIVERIES_PER_SECOND_PER_OWNER: '0',
  LEDGER_REBUILD_THREADS: '0',
});

/** When each position was received. */
const arrivals = new Map<string, number>();
let onArrival: (() => void) | undefined;
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const { data } = JSON.parse(Buffer.concat(chunks).toString()) as { data: { position: string } };
    if (!arrivals.has(data.position)) arrivals.set(data.position, performance.now());
    response.statusCode = 204;
    response.end();
    onArrival?.();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

const services = await createServices(config);
await services.start();
const { write, eventStore, runner } = services;
const now = () => new Date().toISOString();
const until = async (check: () => boolean, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => {
      onArrival = resolve;
      setTimeout(resolve, 100);
    });
  }
};

try {
  await registerParties(write, now(), { sellers: ['s1'], creators: ['c1'] });
  for (let i = 0; i < COLLABORATIONS; i++) {
    await write.collaboration({
      type: 'ProposeCollaboration',
      collaborationId: `k${i}`,
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief({ scriptDueAt: addDays(now(), 10), publishDueAt: addDays(now(), 20) }),
      actor: sellerActor('s1'),
      now: now(),
    });
  }
  let message = 0;
  const post = (i: number) =>
    write.collaboration({
      type: 'PostMessage',
      collaborationId: `k${i % COLLABORATIONS}`,
      messageId: `m${message++}`,
      body: 'Draft attached, let me know',
      actor: creatorActor('c1'),
      now: now(),
    });
  for (let i = 0; i < BACKLOG; i++) await post(i);
  const first = (
    await eventStore.readAll({ maxCount: 1, filter: { streamPrefixes: ['collaboration-'] } })
  )[0]!;
  const owner = { role: 'SELLER' as const, id: 's1' };
  const created = await write.webhooks({
    type: 'CreateWebhookEndpoint',
    owner,
    endpointId: 'bench',
    url,
    eventTypes: [],
    maxEndpoints: 0,
    actor: sellerActor('s1'),
    now: now(),
  });
  await runner.waitFor(created.position, 30_000, [WEBHOOK_ENDPOINTS.name]);
  const backlog = (
    await eventStore.readAll({ fromPosition: first.position, filter: { streamPrefixes: ['collaboration-'] } })
  ).length;

  // 1. Throughput: the whole backlog, replayed.
  const replayStarted = performance.now();
  const replay = await write.webhooks({
    type: 'ReplayWebhooks',
    owner,
    endpointId: 'bench',
    replayId: 'r1',
    fromPosition: first.position,
    actor: sellerActor('s1'),
    now: now(),
  });
  await runner.waitFor(replay.position, 30_000, [WEBHOOK_ENDPOINTS.name]);
  await until(() => arrivals.size >= backlog, 600_000, 'the backlog');
  const throughputSeconds = (performance.now() - replayStarted) / 1000;
  const perSecond = backlog / throughputSeconds;

  // 2. Latency at a steady rate.
  const appendedAt = new Map<string, number>();
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const started = performance.now();
  const appends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    appends.push(post(i).then((result) => void appendedAt.set(result.position.toString(), t0)));
  }
  await Promise.all(appends);
  await until(() => [...appendedAt.keys()].every((p) => arrivals.has(p)), 120_000, 'the steady deliveries');
  const latencies = [...appendedAt].map(([position, t0]) => arrivals.get(position)! - t0);
  const latency = summarize(latencies);

  printTable([
    { measure: 'backlog replayed (events)', value: backlog },
    { measure: 'deliveries per second', value: round(perSecond, 0) },
    { measure: `steady rate (events/s, ${SECONDS} s)`, value: RATE },
    { measure: 'append → receiver p50 (ms)', value: round(latency.p50, 1) },
    { measure: 'append → receiver p99 (ms)', value: round(latency.p99, 1) },
    { measure: 'append → receiver max (ms)', value: round(latency.max, 1) },
    { measure: 'goal p99 ≤ 250 ms', value: latency.p99 <= 250 ? 'met' : 'missed' },
  ]);
  console.log(
    JSON.stringify({
      bench: 'webhooks',
      backlog,
      deliveriesPerSecond: round(perSecond, 1),
      rate: RATE,
      latencyMs: { p50: round(latency.p50, 1), p99: round(latency.p99, 1), max: round(latency.max, 1) },
    }),
  );
} finally {
  await services.close();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
