import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getPostgreSQLEventStore } from '../../src/eventStore/postgresql/postgresqlEventStore.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { getPostgreSQLReadStore } from '../../src/readStore/postgresql/postgresReadStore.js';
import type { ReadStore } from '../../src/readStore/readStore.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { allDocs } from '../support/history.js';
import { postgresTestUrl } from '../support/postgres.js';
import { canStartCluster, privateCluster } from '../support/postgresCluster.js';
import {
  eventually,
  gql,
  processToken,
  readiness,
  startServiceProcess,
  type ServiceProcess,
} from '../support/serviceProcess.js';

/**
 * Several processes on one PostgreSQL cluster (README § Running several processes, docs/deploy.md §
 * PostgreSQL): the log, the read models, the leases and the evidence files in one database; two API
 * processes, an active and a standby projector, two schedulers. Reads through one API see writes
 * made through the other; a projector killed with SIGKILL is replaced by the standby within the
 * lease's time to live and a second; the server restarted under clients that keep writing loses
 * nothing it acknowledged, fails requests only while it is away, and every process comes back.
 */

const server = postgresTestUrl('Several processes on PostgreSQL');
const LEASE_TTL_MS = 1_500;

describe.runIf(server && canStartCluster())('several processes on one PostgreSQL cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-processes-'));
  const running: ServiceProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const process of running) await process.kill().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serve, project, schedule, fail over and ride out a restart of the server', async () => {
    // A cluster of the test's own: restarting the shared one would cut every other suite's connections.
    const cluster = await privateCluster();
    cleanups.push(() => cluster.stop());
    const url = cluster.url;
    const start = async (roles: string) => {
      const started = await startServiceProcess(dir, {
        roles,
        env: { LEDGER_EVENT_STORE_URL: url, LEDGER_READ_STORE_URL: url },
      });
      running.push(started);
      return started;
    };
    const catalog = createEventCatalog();
    /** A history written from this test process: one more writer on the shared log. */
    const seed = async (collaborations: number, seedNumber: number) => {
      const store = await getPostgreSQLEventStore({ url, catalog, poolSize: 2 });
      try {
        await seedHistory(
          createWriteSide({ store, catalog }),
          { creators: 20, sellers: 6, collaborations },
          { seed: seedNumber },
        );
      } finally {
        await store.close();
      }
    };
    const readLog = async () => {
      const store = await getPostgreSQLEventStore({ url, catalog, poolSize: 2 });
      try {
        return await store.readAll();
      } finally {
        await store.close();
      }
    };

    await seed(40, 1);
    const active = await start('projector');
    const holderOf = (p: ServiceProcess) => `:${p.child.pid}:`;
    await eventually(
      async () =>
        (await readiness(active.base)).projections.every((p) => p.heldBy?.name.includes(holderOf(active))),
      30_000,
      'the first projector to hold every projection',
    );
    // The others start while it catches up: the standby finds every lease held.
    const started = await Promise.all(['projector', 'api', 'api', 'scheduler', 'scheduler'].map(start));
    const [standby, a, b] = [started[0]!, started[1]!, started[2]!];
    const schedulers = started.slice(3);
    const everyProcess = [active, ...started];
    await eventually(
      async () => (await readiness(a.base)).leases.some((l) => l.name === 'scheduler'),
      20_000,
      'a scheduler to hold its lease',
    );

    // Read-your-writes across processes: written through A, read through B at A's position.
    const seller = await processToken('SELLER', 's-pg');
    const creator = await processToken('CREATOR', 'c-pg');
    await gql(
      a.url,
      seller,
      'mutation { registerSeller(input: { name: "PG", country: "CN" }) { position } }',
    );
    await gql(
      a.url,
      creator,
      'mutation { registerCreator(input: { displayName: "PG", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@pg", followers: 10 }] }) { position } }',
    );
    const writers = ['k-w0', 'k-w1', 'k-w2', 'k-w3'];
    let position = '';
    for (const id of writers) {
      await gql(
        a.url,
        seller,
        `mutation { proposeCollaboration(input: { collaborationId: "${id}", creatorId: "c-pg", brief: { title: "Serum", product: { name: "Serum", category: BEAUTY }, targetMarkets: ["US"], language: "en", contentFormat: SKIT, platforms: [TIKTOK], deliverables: [{ description: "one video", quantity: 1 }], scriptDueAt: "2098-01-01T00:00:00.000Z", publishDueAt: "2099-01-01T00:00:00.000Z", fee: { amountMinor: 50000, currency: "USD" } } }) { position } }`,
      );
      const accepted = await gql(
        a.url,
        creator,
        `mutation { acceptProposal(collaborationId: "${id}") { position } }`,
      );
      position = (accepted.data!.acceptProposal as { position: string }).position;
    }
    const read = await gql(b.url, seller, '{ collaboration(id: "k-w3") { id status } }', undefined, {
      'x-ledger-min-position': position,
    });
    expect(read.data).toEqual({ collaboration: { id: 'k-w3', status: 'ACTIVE' } });

    // An evidence file uploaded through A is kept in the database and served by B.
    const file = Buffer.from('Evidence kept in PostgreSQL\n');
    const uploaded = await fetch(`${a.base}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seller}`, 'content-type': 'text/plain' },
      body: file,
    });
    expect(uploaded.status).toBe(201);
    const { sha256 } = (await uploaded.json()) as { sha256: string };
    const served = await fetch(`${b.base}/evidence/${sha256}`, {
      headers: { authorization: `Bearer ${seller}` },
    });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(file);

    // The active projector dies mid-batch (kill -9); the standby takes every projection over within
    // the lease's time to live and a second.
    const observer = await getPostgreSQLReadStore({ url, poolSize: 2 });
    cleanups.push(() => observer.close());
    const checkpointOf = async (store: ReadStore) =>
      (await store.activeCheckpoints()).get('collaborations')!.checkpoint;
    const before = await checkpointOf(observer);
    const load = seed(60, 2);
    await eventually(
      async () => (await checkpointOf(observer)) > before + 100n,
      60_000,
      'the projector to be busy',
    );
    const killedAt = Date.now();
    await active.kill();
    const leases = new pg.Client({ connectionString: url });
    await leases.connect();
    // Its connection ends with the server's restart below; nothing reads it after.
    leases.on('error', () => undefined);
    cleanups.push(() => leases.end());
    await eventually(
      async () => {
        const { rows } = await leases.query<{ holder: string }>(
          "SELECT holder FROM rs_leases WHERE name LIKE 'projection:%'",
        );
        return rows.length === projections.length && rows.every((r) => r.holder.includes(holderOf(standby)));
      },
      20_000,
      'the standby to take every projection over',
    );
    const takeoverMs = Date.now() - killedAt;
    console.log(`standby took every projection over ${takeoverMs} ms after the kill`);
    expect(takeoverMs).toBeLessThan(LEASE_TTL_MS + 1_000);
    expect(
      (await readiness(b.base)).projections.every((p) => p.heldBy?.name.includes(holderOf(standby))),
    ).toBe(true);
    await load;

    // The server restarted while clients keep writing, each request under an Idempotency-Key and
    // sent again (the same key, to either API) until it is answered.
    const survivors = everyProcess.filter((p) => p !== active);
    const outcome = await writeThroughRestart(
      writers.map((id, i) => ({ collaborationId: id, token: i % 2 === 0 ? seller : creator })),
      [a.url, b.url],
      () => cluster.restart(),
    );
    console.log(
      `server away ${outcome.restart.end - outcome.restart.start} ms; ${outcome.acknowledged.length} commands acknowledged, ` +
        `${outcome.failures.length} answers failed, the last ${outcome.lastFailureAfterRestartMs} ms after the server was back`,
    );
    // Failures only while the server was away, and for a bounded time after.
    for (const failure of outcome.failures) {
      expect(failure.why).toMatch(/^\d+ (INTERNAL_SERVER_ERROR|STALE_READ)$/);
      expect(failure.at).toBeGreaterThanOrEqual(outcome.restart.start);
      expect(failure.at).toBeLessThanOrEqual(outcome.restart.end + 5_000);
    }
    // Every process back: ready again, and every lease held.
    for (const process of survivors) {
      await eventually(
        async () => (await fetch(`${process.base}/readyz`)).status === 200,
        20_000,
        `process ${process.child.pid} to be ready again`,
      ).catch(async (error: Error) => {
        const said = await readiness(process.base).catch((e: Error) => e.message);
        throw new Error(`${error.message}: ${JSON.stringify(said)}\n${process.output()}`);
      });
    }
    expect((await readiness(a.base)).leases.some((l) => l.name === 'scheduler')).toBe(true);

    // Nothing acknowledged lost: each answer's events are in the log where it said.
    const log = await readLog();
    const byPosition = new Map(log.map((e) => [`${e.position}`, e]));
    for (const sent of outcome.acknowledged) {
      const event = byPosition.get(sent.result.position);
      expect(event, sent.key).toMatchObject({
        streamId: `collaboration-${sent.collaborationId}`,
        type: 'MessagePosted',
        revision: BigInt(sent.result.revision),
        data: expect.objectContaining({ body: sent.body }),
      });
    }
    // A retry is answered by the first result, whichever API takes it, and writes nothing.
    for (const sent of outcome.acknowledged) {
      const again = await postMessage(b.url, sent);
      expect(again, sent.key).toEqual({ ...sent.result, deduplicated: true });
    }
    expect((await readLog()).length).toBe(log.length);

    // The seeded deadlines are past: the schedulers close rating windows as they find them. Stopped
    // here, nothing is appended after the head the read models must reach.
    for (const scheduler of schedulers) expect(await scheduler.stop()).toBe(0);
    const events = await readLog();
    const end = events.at(-1)!.position;
    await eventually(
      // The projections' checkpoints (the notifier's delivery state sits beside them, at no position).
      async () => {
        const checkpoints = await observer.activeCheckpoints();
        return projections.every((p) => (checkpoints.get(p.name)?.checkpoint ?? -1n) >= end);
      },
      60_000,
      'the standby to catch up',
    );
    // Nothing applied twice, nothing skipped: the read models are a clean rebuild's.
    for (const projection of projections) {
      const clean = await replayProjection(projection, events);
      for (const collection of projection.collections) {
        expect(await allDocs(observer, collection.name), `${projection.name}/${collection.name}`).toEqual(
          clean.all(collection.name),
        );
      }
    }
    for (const process of [a, b, standby]) expect(await process.stop()).toBe(0);
    // All of it was in PostgreSQL: nothing of the stores in the data folder.
    for (const name of ['events.db', 'read.db', 'blobs']) expect(existsSync(join(dir, name))).toBe(false);
  }, 180_000);
});

interface Message {
  readonly key: string;
  readonly collaborationId: string;
  readonly token: string;
  readonly body: string;
}
interface Result {
  readonly position: string;
  readonly revision: number;
  readonly events: string[];
  readonly deduplicated: boolean;
}

/** Posts a message under its Idempotency-Key: the command's result, or why it failed. */
const postMessage = async (url: string, message: Message): Promise<Result | { failed: string }> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    // A request left hanging counts as failed (and is sent again), so the window below catches it.
    const answer = await Promise.race([
      gql(
        url,
        message.token,
        `mutation ($input: PostMessageInput!) { postMessage(input: $input) { position revision events deduplicated } }`,
        { input: { collaborationId: message.collaborationId, body: message.body } },
        { 'idempotency-key': message.key },
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
      }),
    ]);
    if (answer.data?.postMessage) return answer.data.postMessage as Result;
    return { failed: `${answer.status} ${answer.errors?.map((e) => e.extensions?.code).join(',')}` };
  } catch (error) {
    return { failed: String((error as Error).cause ?? (error as Error).message) };
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Clients writing in a loop (one per collaboration, taking turns between the APIs) while `restart`
 * runs, and a few seconds after: each command sent again with its key until answered.
 */
const writeThroughRestart = async (
  clients: { collaborationId: string; token: string }[],
  urls: string[],
  restart: () => Promise<void>,
) => {
  const acknowledged: (Message & { result: Result })[] = [];
  const failures: { at: number; key: string; why: string }[] = [];
  let writing = true;
  const loops = clients.map(async (client, c) => {
    for (let n = 0; writing; n++) {
      const message = {
        ...client,
        key: `${client.collaborationId}-${n}`,
        body: `Message ${n} from ${client.collaborationId}`,
      };
      for (let attempt = 0; ; attempt++) {
        const answer = await postMessage(urls[(c + n + attempt) % urls.length]!, message);
        if (!('failed' in answer)) {
          acknowledged.push({ ...message, result: answer });
          break;
        }
        failures.push({ at: Date.now(), key: message.key, why: answer.failed });
        if (attempt > 200) throw new Error(`${message.key} never answered: ${answer.failed}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const startedAt = Date.now();
  await restart();
  const endedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  writing = false;
  await Promise.all(loops);
  const lastFailure = Math.max(endedAt, ...failures.map((f) => f.at));
  return {
    acknowledged,
    failures,
    restart: { start: startedAt, end: endedAt },
    lastFailureAfterRestartMs: lastFailure - endedAt,
  };
};
