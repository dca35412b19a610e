/**
 * npm run bench:api [-- --baseline <git ref>] [--quick] — the API under load, measured in one run on
 * this machine:
 *   0. the HTTP ceiling: GET /healthz of the same server under the same load generator, so that every
 *      API figure is also a share of what this server and machine can answer at all;
 *   1. creator(id) over HTTP: the most requests per second (autocannon), and p50/p99 at 500 req/s;
 *   2. a creators search page of 20 with reputation and 5 recent collaborations each: the same, and
 *      p50/p99 at 100 req/s;
 *   2b. a creator's page with its review summary and its first 20 reviews (DOMAIN.md § Public
 *      reviews), of the creators with the most reviews: the same, and p50/p99 at 100 req/s (this
 *      build only: a baseline from before reviews has none to serve);
 *   3. 1,000 graphql-ws subscribers on one collaboration, connecting at once: how long until the
 *      last is connected; then from each mutation's response to the last subscriber's delivery,
 *      p50/p99.
 * With --baseline, the build of that commit (a git worktree in .bench/, sharing node_modules) runs
 * beside this one on a copy of the same log (on a log of its own, seeded by its own code with the same
 * size and seed, when this one holds event types it cannot read), and every load of 0–2 runs on both,
 * back to back.
 * The services run in their own processes (started like `npm start`, on a seeded log in .bench/api),
 * the load generator and the subscribers in this one. Ends with one JSON line.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createClient, type Client } from 'graphql-ws';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { signToken } from '../../src/access/tokens.js';
import { printTable, round, summarize } from './stats.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    subscribers: { type: 'string', default: '1000' },
    baseline: { type: 'string' },
  },
});
const quick = values.quick!;
const SUBSCRIBERS = Number(values.subscribers);
const DURATION = quick ? 3 : 10;
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = resolve(process.env.LEDGER_BENCH_DIR ?? join('.bench', 'api'));
const secret = 'bench-secret-bench-secret-bench-secret';
const env = {
  ...process.env,
  LEDGER_JWT_SECRET: secret,
  // The load generator is one address and a few users: what it measures is the service, not its limits.
  LEDGER_RATE_LIMIT_IP_PER_MINUTE: '0',
  LEDGER_RATE_LIMIT_USER_PER_MINUTE: '0',
  LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
  LEDGER_WS_MAX_SOCKETS_PER_USER: '0',
  LEDGER_WS_MAX_SOCKETS_PER_IP: '0',
  LEDGER_WS_MAX_SUBSCRIPTIONS_PER_USER: '0',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
};

if (!existsSync(join(dir, 'seeded.json'))) {
  console.log(`Seeding ${dir} (once; later runs reuse it)…`);
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/seed.ts'), '--size', 'small'], {
    env: { ...env, LEDGER_DATA_DIR: dir },
    stdio: 'inherit',
  });
  writeFileSync(join(dir, 'seeded.json'), JSON.stringify({ size: 'small' }));
}

console.log('Building (as npm start does)…');
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/** The event types of this log that the catalog of the build in `tree` does not know. */
const typesUnknownTo = (tree: string): string[] => {
  const catalog = JSON.parse(readFileSync(join(tree, 'schema/events/index.json'), 'utf8')) as {
    events: { type: string }[];
  };
  const known = new Set(catalog.events.map((e) => e.type));
  const log = new Database(join(dir, 'events.db'), { readonly: true });
  const types = log.prepare('SELECT DISTINCT type FROM events').pluck().all() as string[];
  log.close();
  return types.filter((type) => !known.has(type)).sort();
};

/** The build of another commit, in a worktree of its own sharing this node_modules, on a copy of the log. */
const baselineBuild = (ref: string) => {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root }).toString().trim();
  const tree = resolve(root, '.bench', `baseline-${sha}`);
  if (!existsSync(tree)) {
    execFileSync('git', ['worktree', 'add', '--detach', tree, sha], { cwd: root, stdio: 'ignore' });
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
  }
  console.log(`Building the baseline ${ref} (${sha})…`);
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: tree,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // Its own read models, projected from the same log by its own code.
  const data = resolve(root, '.bench', `api-baseline-${sha}`);
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const unknown = typesUnknownTo(tree);
  if (unknown.length > 0) {
    // It would refuse to read this log. The seed draws what a newer build adds after every story an
    // older one tells (scripts/seed/history.ts), so the same size and seed give it the same stories.
    console.log(`The baseline cannot read ${unknown.join(', ')}: seeding a log of its own…`);
    execFileSync(process.execPath, ['--import', 'tsx', join(tree, 'scripts/seed.ts'), '--size', 'small'], {
      cwd: tree,
      env: { ...env, LEDGER_DATA_DIR: data },
      stdio: 'inherit',
    });
    return { name: `baseline ${ref} (${sha})`, main: join(tree, 'dist/src/app/main.js'), data };
  }
  cpSync(join(dir, 'events.db'), join(data, 'events.db'));
  // A log opened by this build has every event chained to its stream's previous one, and refuses
  // an event that is not (schema.ts); a build from before that writes no chain: hand its copy back
  // to the checks it knows (its own index on stream and revision is made when it opens the copy).
  const copy = new Database(join(data, 'events.db'));
  copy.exec(`DROP TRIGGER IF EXISTS events_follow_previous; DROP INDEX IF EXISTS events_prev_position;
    DROP INDEX IF EXISTS events_stream_first;`);
  copy.close();
  if (existsSync(join(dir, 'blobs'))) cpSync(join(dir, 'blobs'), join(data, 'blobs'), { recursive: true });
  return { name: `baseline ${ref} (${sha})`, main: join(tree, 'dist/src/app/main.js'), data };
};

interface Service {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
}

const startService = async (name: string, main: string, data: string): Promise<Service> => {
  const port = 4600 + Math.floor(Math.random() * 300);
  const child = spawn(process.execPath, [main], {
    env: { ...env, LEDGER_DATA_DIR: data, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = (await ready.json()) as { projections: { lag: number }[] };
      if (ready.ok && body.projections.every((p) => p.lag === 0)) break;
    } catch {
      // not listening yet
    }
    if (i > 1500) throw new Error(`${name} did not get ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name, url: `http://127.0.0.1:${port}/graphql`, process: child };
};

const services: Service[] = [];
if (values.baseline) {
  const baseline = baselineBuild(values.baseline);
  console.log(`Starting ${baseline.name} (it projects the log first)…`);
  services.push(await startService(baseline.name, baseline.main, baseline.data));
}
console.log('Starting this build…');
const current = await startService('this build', join(root, 'dist/src/app/main.js'), dir);
services.push(current);
const url = current.url;

const seller = await signToken(secret, { sub: 'bench-seller', role: 'SELLER', sellerId: 's-0003' });
const auditor = await signToken(secret, { sub: 'bench-auditor', role: 'AUDITOR' });
const post = (token: string, query: string, variables: object = {}) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query, variables }),
});

const CREATOR = `query($id: ID!) { creator(id: $id) { id displayName followers followerTier reputation { overall grade creditScore onTimeRate engagementRate dimensions { dimension mean } } } }`;
const SEARCH = `query($after: String) { creators(first: 20, sort: RECOMMENDATION, filter: { categories: [BEAUTY, FASHION, HOME] }, after: $after) { totalCount edges { node { id displayName followers reputation { overall grade recommendationWeight engagementRate } recentCollaborations(first: 5) { id status } } } } }`;

const PAGE = `query($id: ID!) { creator(id: $id) { id displayName followers verified reputation { overall grade creditScore } reviewSummary { count distribution dimensions { dimension mean } topTags { tag count } } reviews(first: 20) { totalCount edges { node { id reviewer { displayName verified } scores { dimension score } mean comment tags reply { text repliedAt } removal { reason } category markets platform month results { views engagementRate clicks orders conversionRate position } publish { onTime daysLate } } } } } }`;

const creatorIds = Array.from({ length: 200 }, (_, i) => `c-${String(i + 1).padStart(5, '0')}`);
/** The creators whose page shows a full first page of reviews: those with the most. */
const reviewed = (await (
  await fetch(
    url,
    post(seller, '{ creators(first: 50, filter: { minReviews: 20 }) { edges { node { id } } } }'),
  )
).json()) as { data: { creators: { edges: { node: { id: string } }[] } } };
const pageIds = reviewed.data.creators.edges.map((e) => e.node.id);
if (pageIds.length === 0) throw new Error('No creator of the seeded log has 20 reviews');
console.log(`Creator pages: ${pageIds.length} creators with 20 reviews or more`);
interface Load {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}
const load = async (
  service: Service,
  title: string,
  request: ((i: number) => Partial<ReturnType<typeof post>>) | null,
  rate?: number,
): Promise<Load> => {
  let n = 0;
  const result = await autocannon({
    // Without a request: GET /healthz, the ceiling of this server.
    url: request ? service.url : service.url.replace(/\/graphql$/, '/healthz'),
    // At a fixed rate: 10 connections, each paced to a tenth of it (an overall rate is sent in bursts).
    connections: rate ? 10 : 50,
    duration: DURATION,
    ...(rate ? { connectionRate: rate / 10 } : {}),
    ...(request ? { requests: [{ setupRequest: (r) => ({ ...r, ...request(n++) }) }] } : {}),
  });
  const failed = result.non2xx + result.errors;
  if (failed > 0) console.warn(`${service.name}, ${title}: ${failed} failed requests`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed };
};

const CASES = [
  { key: 'ceiling', title: 'HTTP ceiling (GET /healthz), as fast as it goes', request: null },
  {
    key: 'creator',
    title: 'creator(id), as fast as it goes',
    request: (i: number) => post(seller, CREATOR, { id: creatorIds[i % creatorIds.length] }),
  },
  {
    key: 'creator500',
    title: 'creator(id) at 500 req/s',
    request: (i: number) => post(seller, CREATOR, { id: creatorIds[i % creatorIds.length] }),
    rate: 500,
  },
  {
    key: 'search',
    title: 'creators search page of 20, as fast as it goes',
    request: () => post(seller, SEARCH),
  },
  {
    key: 'search100',
    title: 'creators search page of 20 at 100 req/s',
    request: () => post(seller, SEARCH),
    rate: 100,
  },
  {
    key: 'page',
    title: 'creator page with 20 reviews and summary, as fast as it goes',
    request: (i: number) => post(seller, PAGE, { id: pageIds[i % pageIds.length] }),
    current: true,
  },
  {
    key: 'page100',
    title: 'creator page with 20 reviews and summary at 100 req/s',
    request: (i: number) => post(seller, PAGE, { id: pageIds[i % pageIds.length] }),
    rate: 100,
    current: true,
  },
] as const;
/** The services a case runs on: every one, or this build only. */
const runsOn = (c: (typeof CASES)[number]) => ('current' in c ? [current] : services);

// Each load on every service, back to back, so that both meet the same machine.
const results = new Map<string, Map<string, Load>>(services.map((s) => [s.name, new Map()]));
for (const c of CASES) {
  for (const service of runsOn(c)) {
    console.log(`${service.name}: ${c.title}, ${DURATION} s…`);
    results
      .get(service.name)!
      .set(c.key, await load(service, c.title, c.request, 'rate' in c ? c.rate : undefined));
  }
}
const mine = results.get(current.name)!;
const ceiling = mine.get('ceiling')!.rps;

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
/** One subscriber, connected and subscribed to the collaboration. */
const subscribe = async () => {
  const client = createClient({
    url: url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${auditor}` },
    retryAttempts: 0,
  });
  clients.push(client);
  await new Promise<void>((resolveSubscribed, failed) => {
    client.subscribe<{ collaborationUpdated: { position: string } }>(
      { query: `subscription { collaborationUpdated(id: "${collaborationId}") { position eventType } }` },
      {
        next: (result) => {
          const position = result.data?.collaborationUpdated.position;
          if (position) deliveries.set(position, [...(deliveries.get(position) ?? []), performance.now()]);
        },
        error: (error) => console.error('subscription error', (error as { reason?: string }).reason ?? error),
        complete: () => {},
      },
    );
    client.on('connected', () => {
      subscribed++;
      resolveSubscribed();
    });
    // A subscriber the service closed before it was connected fails the run (it would wait forever).
    client.on('closed', (event) =>
      failed(
        new Error(`a subscriber was closed before it connected: ${(event as { reason?: string }).reason}`),
      ),
    );
  });
};
// All in the same instant: a storm of sockets, each to initialise within graphql-ws's 3 s while the
// service also sets up the subscriptions of those before it. One closed before it connected fails
// the run.
const connectStarted = performance.now();
await Promise.all(Array.from({ length: SUBSCRIBERS }, subscribe));
const connectMs = performance.now() - connectStarted;
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
for (const service of services) service.process.kill('SIGTERM');

printTable(
  CASES.flatMap((c) =>
    runsOn(c).map((service) => {
      const r = results.get(service.name)!.get(c.key)!;
      const ceilingOf = results.get(service.name)!.get('ceiling')!.rps;
      return {
        case: c.title,
        build: service.name,
        'req/s': Math.round(r.rps),
        'of ceiling': c.key === 'ceiling' ? '-' : `${round((r.rps / ceilingOf) * 100, 1)}%`,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
      };
    }),
  ),
);
printTable([
  {
    case: `fan-out to ${subscribed} subscribers, from the response`,
    'p50 ms': round(fan.p50, 1),
    'p99 ms': round(fan.p99, 1),
  },
  {
    case: `fan-out to ${subscribed} subscribers, from the request`,
    'p50 ms': round(fanRequest.p50, 1),
    'p99 ms': round(fanRequest.p99, 1),
  },
]);
console.log(
  '(fan-out from the response is negative when every subscriber had the event before the mutation answered)',
);
console.log(
  `${subscribed} subscribers connecting at once: the last connected after ${Math.round(connectMs)} ms`,
);
const base = values.baseline ? results.get(services[0]!.name)! : undefined;
if (base) {
  console.log(
    `search page: ${round(mine.get('search')!.rps / base.get('search')!.rps, 2)}× the baseline's req/s ` +
      `(p99 at 100 req/s: ${mine.get('search100')!.p99} ms, the baseline's ${base.get('search100')!.p99} ms); ` +
      `creator(id): ${round(mine.get('creator')!.rps / base.get('creator')!.rps, 2)}×`,
  );
}
console.log(
  JSON.stringify({
    bench: 'api',
    http_ceiling_rps: Math.round(ceiling),
    creator_rps: Math.round(mine.get('creator')!.rps),
    creator_share_of_ceiling: round(mine.get('creator')!.rps / ceiling, 3),
    creator_p99_ms: mine.get('creator500')!.p99,
    creator_max_load_p99_ms: mine.get('creator')!.p99,
    search_rps: Math.round(mine.get('search')!.rps),
    search_share_of_ceiling: round(mine.get('search')!.rps / ceiling, 3),
    search_p99_ms: mine.get('search')!.p99,
    search_at_100_p99_ms: mine.get('search100')!.p99,
    creator_page_rps: Math.round(mine.get('page')!.rps),
    creator_page_share_of_ceiling: round(mine.get('page')!.rps / ceiling, 3),
    creator_page_p99_ms: mine.get('page')!.p99,
    creator_page_at_100_p99_ms: mine.get('page100')!.p99,
    ...(base
      ? {
          baseline: values.baseline,
          baseline_search_rps: Math.round(base.get('search')!.rps),
          baseline_creator_rps: Math.round(base.get('creator')!.rps),
          baseline_search_at_100_p99_ms: base.get('search100')!.p99,
          search_speedup: round(mine.get('search')!.rps / base.get('search')!.rps, 2),
        }
      : {}),
    fanout_subscribers: subscribed,
    subscribers_connect_ms: Math.round(connectMs),
    fanout_p50_ms: round(fan.p50, 1),
    fanout_p99_ms: round(fan.p99, 1),
    fanout_from_request_p99_ms: round(fanRequest.p99, 1),
  }),
);
process.exit(0);
