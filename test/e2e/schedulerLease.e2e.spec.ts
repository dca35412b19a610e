import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { CREATOR, SELLER, T0, aBrief } from '../support/collaborationFixtures.js';
import { holdWriteLock } from '../support/sqliteLock.js';
import {
  eventually,
  readiness,
  startServiceProcess,
  type ServiceProcess,
} from '../support/serviceProcess.js';

/**
 * A lease held by a process that works keeps its holder (README § Running several processes): two
 * schedulers and a projector on one data folder work through a backlog of expired proposals — the
 * projector catching up with them, the scheduler firing them, while something else holds the read
 * models' write lock for twice the lease's time to live every few seconds (as a rebuild's batch or
 * an index build does) — and the scheduler's lease never changes hands while its holder lives (its
 * fencing token stays where it was first taken), and no process says it lost a lease. Each
 * deadline fires once.
 */

const PROPOSALS = 1_500;
const dir = mkdtempSync(join(tmpdir(), 'ledger-scheduler-lease-'));
const running: ServiceProcess[] = [];
afterAll(async () => {
  for (const process of running) await process.kill().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const expired = (): number => {
  const db = new Database(join(dir, 'events.db'), { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM events WHERE type = 'ProposalExpired'").pluck().get() as number;
  } finally {
    db.close();
  }
};

it('keeps the scheduler lease with its holder through a backlog of deadlines: no change of hands', async () => {
  // Proposals made months ago, never answered: every one is past its script due date.
  const catalog = createEventCatalog();
  const store = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
  const write = createWriteSide({ store, catalog });
  await write.seller({
    type: 'RegisterSeller',
    sellerId: 's1',
    profile: { name: 'Glow Labs', country: 'CN' },
    actor: SELLER,
    now: T0,
  });
  await write.creator({
    type: 'RegisterCreator',
    creatorId: 'c1',
    profile: {
      displayName: 'Mia',
      country: 'US',
      languages: ['en'],
      categories: ['BEAUTY'],
      platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 5000 }],
    },
    actor: CREATOR,
    now: T0,
  });
  for (let i = 0; i < PROPOSALS; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        write.collaboration({
          type: 'ProposeCollaboration',
          collaborationId: `k-${i + j}`,
          sellerId: 's1',
          creatorId: 'c1',
          brief: aBrief(),
          actor: SELLER,
          now: T0,
        }),
      ),
    );
  }
  await store.close();

  const start = async (roles: string) => {
    const started = await startServiceProcess(dir, { roles });
    running.push(started);
    return started;
  };
  const projector = await start('projector');
  const schedulers = [await start('scheduler'), await start('scheduler')];

  // Who holds the scheduler lease, at which token, seen every 100 ms until the backlog is fired.
  const seen: { holder: string; token: number }[] = [];
  let done = false;
  const watching = (async () => {
    while (!done) {
      const lease = (await readiness(projector.base).catch(() => undefined))?.leases.find(
        (l) => l.name === 'scheduler',
      ) as { holder: string; token: number } | undefined;
      const last = seen.at(-1);
      if (lease && (last?.holder !== lease.holder || last.token !== lease.token)) seen.push(lease);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  // The read models' write lock held 3 s (twice the processes' lease time to live), then free 2 s.
  const locking = (async () => {
    while (!done) {
      await holdWriteLock(join(dir, 'read.db'), 3_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  })();
  await eventually(async () => expired() >= PROPOSALS, 240_000, 'every proposal to expire');
  done = true;
  await Promise.all([watching, locking]);

  expect(seen.length, JSON.stringify(seen)).toBe(1);
  expect(expired()).toBe(PROPOSALS);
  for (const process of [...schedulers, projector]) {
    expect(process.output()).not.toMatch(/lease \S+ lost/);
    expect(await process.stop()).toBe(0);
  }
  // Each deadline fired once: nothing more came after the backlog.
  expect(expired()).toBe(PROPOSALS);
}, 360_000);
