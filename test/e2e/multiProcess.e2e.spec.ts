import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { projections } from '../../projections/index.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { allDocs } from '../support/history.js';
import { collect } from '../support/server.js';
import {
  eventually,
  gql,
  processToken,
  readiness,
  startServiceProcess,
  type ServiceProcess,
} from '../support/serviceProcess.js';

/**
 * Several processes on one data folder (README § Running several processes): two API processes, an
 * active and a standby projector, two schedulers. Reads through one API see writes made through the
 * other; subscribers on one get what the other wrote, in order; a projector killed mid-batch is
 * replaced by the standby and the read models end equal to a clean rebuild; a deadline fires once.
 */

const dir = mkdtempSync(join(tmpdir(), 'ledger-processes-'));
const running: ServiceProcess[] = [];
afterAll(async () => {
  for (const process of running) await process.kill().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const start = async (roles: string) => {
  const started = await startServiceProcess(dir, { roles });
  running.push(started);
  return started;
};
const head = (): number => {
  const db = new Database(join(dir, 'events.db'), { readonly: true });
  try {
    return db.prepare('SELECT max(position) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
};
const eventsOf = (streamId: string, type: string): number => {
  const db = new Database(join(dir, 'events.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT count(*) FROM events WHERE stream_id = ? AND type = ?')
      .pluck()
      .get(streamId, type) as number;
  } finally {
    db.close();
  }
};
/** Writes a history from this test process: one more writer on the shared log. */
const seed = async (collaborations: number, seedNumber: number) => {
  const catalog = createEventCatalog();
  const store = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
  try {
    await seedHistory(
      createWriteSide({ store, catalog }),
      { creators: 30, sellers: 8, collaborations },
      {
        seed: seedNumber,
      },
    );
  } finally {
    await store.close();
  }
};
const brief = (creatorId: string, scriptDueAt: string) =>
  `{ creatorId: "${creatorId}", brief: { title: "Serum", product: { name: "Serum", category: BEAUTY }, targetMarkets: ["US"], language: "en", contentFormat: SKIT, platforms: [TIKTOK], deliverables: [{ description: "one video", quantity: 1 }], scriptDueAt: "${scriptDueAt}", publishDueAt: "2099-01-01T00:00:00.000Z", fee: { amountMinor: 50000, currency: "USD" } } }`;

describe('several processes on one log', () => {
  it('serve, project, schedule and fail over together', async () => {
    await seed(120, 1);
    const active = await start('projector');
    const holderOf = (p: ServiceProcess) => `:${p.child.pid}:`;
    await eventually(
      async () =>
        (await readiness(active.base)).projections.every(
          (p) => p.heldBy?.name.includes(holderOf(active)) && p.lag === 0,
        ),
      60_000,
      'the first projector to hold every projection and catch up',
    );
    const standby = await start('projector');
    const [a, b] = [await start('api'), await start('api')];
    const schedulers = [await start('scheduler'), await start('scheduler')];
    await eventually(
      async () => (await readiness(a.base)).leases.some((l) => l.name === 'scheduler'),
      20_000,
      'a scheduler to hold its lease',
    );

    // Read-your-writes across processes: written through A, read through B at A's position.
    const seller = await processToken('SELLER', 's-mp');
    const creator = await processToken('CREATOR', 'c-mp');
    await gql(
      a.url,
      seller,
      'mutation { registerSeller(input: { name: "MP", country: "CN" }) { position } }',
    );
    await gql(
      a.url,
      creator,
      'mutation { registerCreator(input: { displayName: "MP", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@mp", followers: 10 }] }) { position } }',
    );
    const proposed = await gql(
      a.url,
      seller,
      `mutation { proposeCollaboration(input: { collaborationId: "k-mp", ${brief('c-mp', '2098-01-01T00:00:00.000Z').slice(1)}) { position } }`,
    );
    const position = (proposed.data!.proposeCollaboration as { position: string }).position;
    const read = await gql(b.url, seller, '{ collaboration(id: "k-mp") { id status } }', undefined, {
      'x-ledger-min-position': position,
    });
    expect(read.data).toEqual({ collaboration: { id: 'k-mp', status: 'PROPOSED' } });

    // A subscriber on B gets, in order, what is written through A.
    const client = createClient({
      url: b.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${seller}` },
      retryAttempts: 0,
    });
    const updates = collect(
      client.iterate({ query: 'subscription { collaborationUpdated(id: "k-mp") { eventType revision } }' }),
      4,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gql(a.url, creator, 'mutation { acceptProposal(collaborationId: "k-mp") { position } }');
    for (const n of [1, 2, 3]) {
      await gql(
        a.url,
        seller,
        `mutation { postMessage(input: { collaborationId: "k-mp", body: "Message ${n}" }) { position } }`,
      );
    }
    expect((await updates).map((u) => u.data!.collaborationUpdated)).toEqual([
      { eventType: 'ProposalAccepted', revision: 1 },
      expect.objectContaining({ revision: 2 }),
      { eventType: 'MessagePosted', revision: expect.any(Number) },
      { eventType: 'MessagePosted', revision: expect.any(Number) },
    ]);
    await client.dispose();

    // A deadline due in a few seconds fires once, whichever scheduler holds the lease.
    const dueAt = new Date(Date.now() + 2_000).toISOString();
    await gql(
      a.url,
      seller,
      `mutation { proposeCollaboration(input: { collaborationId: "k-deadline", ${brief('c-mp', dueAt).slice(1)}) { position } }`,
    );
    await eventually(
      async () => eventsOf('collaboration-k-deadline', 'ProposalExpired') > 0,
      30_000,
      'the deadline to fire',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(eventsOf('collaboration-k-deadline', 'ProposalExpired')).toBe(1);

    // The active projector dies mid-batch (kill -9); the standby takes over within seconds.
    const observer = getSQLiteReadStore({ path: join(dir, 'read.db') });
    const before = (await observer.activeCheckpoints()).get('collaborations')!.checkpoint;
    const load = seed(200, 2);
    await eventually(
      async () => (await observer.activeCheckpoints()).get('collaborations')!.checkpoint > before + 200n,
      60_000,
      'the projector to be busy',
    );
    await active.kill();
    await load;
    const killedAt = Date.now();
    await eventually(
      async () =>
        (await readiness(a.base)).projections.every((p) => p.heldBy?.name.includes(holderOf(standby))),
      20_000,
      'the standby to take every projection over',
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // The seeded history's deadlines are past: the schedulers close its rating windows as they find
    // them. Stopped here, nothing is appended after the head the read models must reach.
    for (const scheduler of schedulers) expect(await scheduler.stop()).toBe(0);
    const end = BigInt(head());
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
    const catalog = createEventCatalog();
    const store = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
    const events = await store.readAll();
    await store.close();
    for (const projection of projections) {
      const clean = await replayProjection(projection, events);
      for (const collection of projection.collections) {
        expect(await allDocs(observer, collection.name), `${projection.name}/${collection.name}`).toEqual(
          clean.all(collection.name),
        );
      }
    }
    await observer.close();
    for (const process of [a, b, standby]) expect(await process.stop()).toBe(0);
  }, 240_000);
});
