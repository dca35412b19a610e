/**
 * npm run bench:api — the API under load, measured in one run on this machine:
 *   1. creator(id) over HTTP: the most requests per second (autocannon), and p50/p99 at 500 req/s;
 *   2. a creators search page of 20 with reputation and recent collaborations: the same;
 *   3. 1,000 graphql-ws subscribers on one collaboration: from each mutation's response to the last
 *      subscriber's delivery, p50/p99.
 * The service runs in its own process (started like `npm start`, on a seeded log in .bench/api), the
 * load generator and the subscribers in this one. Ends with one JSON line.
 */
import autocannon from 'autocannon';
import { createClient, type Client } from 'graphql-ws';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { signToken } from '../../src/graphql/auth/tokens.js';
import { printTable, round, summarize } from './stats.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, subscribers: { type: 'string', default: '1000' } },
});
const quick = values.quick!;
const SUBSCRIBERS = Number(values.subscribers);
const DURATION = quick ? 3 : 10;
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = resolve(process.env.LEDGER_BENCH_DIR ?? join('.bench', 'api'));
const secret = 'bench-secret-bench-secret-bench-secret';
const port = 4600 + Math.floor(Math.random() * 300);
const env = {
  ...process.env,
  LEDGER_DATA_DIR: dir,
  LEDGER_JWT_SECRET: secret,
  // The load generator is one address and a few users: what it measures is the service, not its limits.
  LEDGER_RATE_LIMIT_IP_PER_MINUTE: '0',
  LEDGER_RATE_LIMIT_USER_PER_MINUTE: '0',
  LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
  LEDGER_WS_MAX_SOCKETS_PER_USER: '0',
  LEDGER_WS_MAX_SOCKETS_PER_IP: '0',
  LEDGER_WS_MAX_SUBSCRIPTIONS_PER_USER: '0',
  PORT: String(port),
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
};

if (!existsSync(join(dir, 'seeded.json'))) {
  console.log(`Seeding ${dir} (once; later runs reuse it)…`);
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/seed.ts'), '--size', 'small'], {
    env,
    stdio: 'inherit',
  });
  writeFileSync(join(dir, 'seeded.json'), JSON.stringify({ size: 'small' }));
}

console.log('Building and starting the service (as npm start does)…');
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const service = spawn(process.execPath, [join(root, 'dist/src/app/main.js')], {
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}/graphql`;
for (let i = 0; ; i++) {
  try {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    const body = (await ready.json()) as { projections: { lag: number }[] };
    if (ready.ok && body.projections.every((p) => p.lag === 0)) break;
  } catch {
    // not listening yet
  }
  if (i > 600) throw new Error('The service did not get ready');
  await new Promise((r) => setTimeout(r, 200));
}

const seller = await signToken(secret, { sub: 'bench-seller', role: 'SELLER', sellerId: 's-0003' });
const auditor = await signToken(secret, { sub: 'bench-auditor', role: 'AUDITOR' });
const post = (token: string, query: string, variables: object = {}) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query, variables }),
});

const CREATOR = `query($id: ID!) { creator(id: $id) { id displayName followers followerTier reputation { overall grade creditScore onTimeRate engagementRate dimensions { dimension mean } } } }`;
const SEARCH = `query($after: String) { creators(first: 20, sort: RECOMMENDATION, filter: { categories: [BEAUTY, FASHION, HOME] }, after: $after) { totalCount edges { node { id displayName followers reputation { overall grade recommendationWeight engagementRate } recentCollaborations(first: 5) { id status } } } } }`;

const creatorIds = Array.from({ length: 200 }, (_, i) => `c-${String(i + 1).padStart(5, '0')}`);
const load = async (title: string, body: (i: number) => ReturnType<typeof post>, rate?: number) => {
  let n = 0;
  const result = await autocannon({
    url,
    connections: rate ? 20 : 50,
    duration: DURATION,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ setupRequest: (request) => ({ ...request, ...body(n++) }) }],
  });
  const failed = result.non2xx + result.errors;
  if (failed > 0) console.warn(`${title}: ${failed} failed requests`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed };
};

console.log(`Loading creator(id) for ${DURATION} s…`);
const creatorMax = await load('creator', (i) =>
  post(seller, CREATOR, { id: creatorIds[i % creatorIds.length] }),
);
const creatorAt500 = await load(
  'creator@500',
  (i) => post(seller, CREATOR, { id: creatorIds[i % creatorIds.length] }),
  500,
);
console.log(`Loading the search page for ${DURATION} s…`);
const searchMax = await load('search', () => post(seller, SEARCH));
const searchAt100 = await load('search@100', () => post(seller, SEARCH), 100);

// Fan-out: every subscriber follows one collaboration; the seller posts messages on it.
console.log(`Connecting ${SUBSCRIBERS} subscribers…`);
const collaborations = (await (
  await fetch(url, post(seller, '{ collaborations(first: 1) { edges { node { id } } } }'))
).json()) as {
  data: { collaborations: { edges: { node: { id: string } }[] } };
};
const collaborationId = collaborations.data.collaborations.edges[0]!.node.id;
const deliveries = new Map<string, number[]>();
const clients: Client[] = [];
let subscribed = 0;
await Promise.all(
  Array.from({ length: SUBSCRIBERS }, async () => {
    const client = createClient({
      url: url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${auditor}` },
      retryAttempts: 0,
    });
    clients.push(client);
    await new Promise<void>((resolveSubscribed) => {
      client.subscribe<{ collaborationUpdated: { position: string } }>(
        { query: `subscription { collaborationUpdated(id: "${collaborationId}") { position eventType } }` },
        {
          next: (result) => {
            const position = result.data?.collaborationUpdated.position;
            if (position) deliveries.set(position, [...(deliveries.get(position) ?? []), performance.now()]);
          },
          error: (error) => console.error('subscription error', error),
          complete: () => {},
        },
      );
      client.on('connected', () => {
        subscribed++;
        resolveSubscribed();
      });
    });
  }),
);
await new Promise((r) => setTimeout(r, 1000));
const MESSAGES = quick ? 10 : 40;
const fanout: number[] = [];
const fanoutFromRequest: number[] = [];
for (let i = 0; i < MESSAGES; i++) {
  const sent = performance.now();
  const response = (await (
    await fetch(
      url,
      post(
        seller,
        `mutation { postMessage(input: { collaborationId: "${collaborationId}", body: "Fan-out ${i}" }) { position } }`,
      ),
    )
  ).json()) as { data?: { postMessage: { position: string } } };
  const answered = performance.now();
  const position = response.data!.postMessage.position;
  for (let wait = 0; (deliveries.get(position)?.length ?? 0) < SUBSCRIBERS && wait < 500; wait++)
    await new Promise((r) => setTimeout(r, 10));
  const times = deliveries.get(position) ?? [];
  if (times.length < SUBSCRIBERS)
    console.warn(`message ${i}: ${times.length} of ${SUBSCRIBERS} subscribers received it`);
  // Negative when every subscriber had it before the mutation's response arrived.
  fanout.push(Math.max(...times) - answered);
  fanoutFromRequest.push(Math.max(...times) - sent);
  await new Promise((r) => setTimeout(r, 50));
}
const fan = summarize(fanout);
const fanRequest = summarize(fanoutFromRequest);
for (const client of clients) await client.dispose();
service.kill('SIGTERM');

printTable([
  {
    case: 'creator(id), as fast as it goes',
    'req/s': Math.round(creatorMax.rps),
    'p50 ms': creatorMax.p50,
    'p99 ms': creatorMax.p99,
  },
  {
    case: 'creator(id) at 500 req/s',
    'req/s': Math.round(creatorAt500.rps),
    'p50 ms': creatorAt500.p50,
    'p99 ms': creatorAt500.p99,
  },
  {
    case: 'creators search page of 20',
    'req/s': Math.round(searchMax.rps),
    'p50 ms': searchMax.p50,
    'p99 ms': searchMax.p99,
  },
  {
    case: 'creators search at 100 req/s',
    'req/s': Math.round(searchAt100.rps),
    'p50 ms': searchAt100.p50,
    'p99 ms': searchAt100.p99,
  },
  {
    case: `fan-out to ${subscribed} subscribers, from the response`,
    'req/s': '-',
    'p50 ms': round(fan.p50, 1),
    'p99 ms': round(fan.p99, 1),
  },
  {
    case: `fan-out to ${subscribed} subscribers, from the request`,
    'req/s': '-',
    'p50 ms': round(fanRequest.p50, 1),
    'p99 ms': round(fanRequest.p99, 1),
  },
]);
console.log(
  '(fan-out from the response is negative when every subscriber had the event before the mutation answered)',
);
console.log(
  JSON.stringify({
    bench: 'api',
    creator_rps: Math.round(creatorMax.rps),
    creator_p99_ms: creatorAt500.p99,
    creator_max_load_p99_ms: creatorMax.p99,
    search_rps: Math.round(searchMax.rps),
    search_p99_ms: searchMax.p99,
    fanout_subscribers: subscribed,
    fanout_p50_ms: round(fan.p50, 1),
    fanout_p99_ms: round(fan.p99, 1),
    fanout_from_request_p99_ms: round(fanRequest.p99, 1),
  }),
);
process.exit(0);
