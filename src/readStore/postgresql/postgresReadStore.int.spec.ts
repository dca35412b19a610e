import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, postgresTestUrl } from '../../../test/support/postgres.js';
import { loadConfig } from '../../app/config.js';
import { openReadStore } from '../../app/stores.js';
import type { CollectionSpec, ReadStore } from '../readStore.js';
import { getPostgreSQLReadStore } from './postgresReadStore.js';

const server = postgresTestUrl('PostgreSQL read store');

const jobs: CollectionSpec = {
  name: 'jobs',
  indexes: [
    { field: 'personId', type: 'string' },
    { field: 'at', type: 'string' },
  ],
};
const job = (i: number, name = `job ${i}`) => ({
  collection: 'jobs',
  id: `j${i}`,
  doc: { personId: 'p1', at: `2026-01-${String(i + 1).padStart(2, '0')}`, name },
  position: BigInt(i + 1),
});

describe.runIf(server)('PostgreSQL read store', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const open: ReadStore[] = [];
  const store = async () => {
    const opened = await getPostgreSQLReadStore({ url: database.url, poolSize: 3 });
    open.push(opened);
    return opened;
  };
  /** The secondary indexes of the jobs tables, by name. */
  const indexes = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "SELECT indexname AS name FROM pg_indexes WHERE tablename LIKE 't\\_jobs\\_\\_v%' AND indexname NOT LIKE '%pkey' ORDER BY 1",
      );
      return rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  };

  beforeEach(async () => {
    database = await freshDatabase(server!);
  });
  afterEach(async () => {
    for (const opened of open.splice(0)) await opened.close();
    await database.drop();
  });

  it('is the read store LEDGER_READ_STORE_URL=postgres://… names, its database also keeping the evidence files', async () => {
    const config = loadConfig({
      LEDGER_DATA_DIR: '/tmp/ledger-config-test',
      LEDGER_JWT_SECRET: 'x'.repeat(32),
      LEDGER_READ_STORE_URL: database.url,
    });
    expect(config.blobStoreUrl).toBe(database.url);
    const chosen = await openReadStore(config);
    try {
      await chosen.prepare('jobs-projection', 1, [jobs]);
      expect(await indexes()).toEqual(['t_jobs__v1__f_at', 't_jobs__v1__f_personId']);
    } finally {
      await chosen.close();
    }
  });

  it('creates the indexes of a rebuilt version when it is activated, and those declared later on the version in place', async () => {
    const first = await store();
    await first.prepare('jobs-projection', 1, [jobs], { deferIndexes: true });
    expect(await indexes()).toEqual([]);
    await first.activate('jobs-projection', 1);
    expect(await indexes()).toEqual(['t_jobs__v1__f_at', 't_jobs__v1__f_personId']);
    await first.prepare('jobs-projection', 1, [{ ...jobs, compoundIndexes: [['personId', 'at']] }]);
    expect(await indexes()).toContain('t_jobs__v1__c_f_personId_f_at');
  });

  it('switches every process at its next read, whatever its copy of the registry', async () => {
    const writer = await store();
    const reader = await store();
    await writer.prepare('jobs-projection', 1, [jobs]);
    await writer.activate('jobs-projection', 1);
    await writer.commit('jobs-projection', 1, [job(0, 'first')], 1n);
    expect(await reader.getMany('jobs', ['j0'])).toEqual([expect.objectContaining({ name: 'first' })]);
    // Version 2 indexes another field: the reader's copy of the registry knows only version 1's.
    const wider = { ...jobs, indexes: [...jobs.indexes, { field: 'name', type: 'string' as const }] };
    await writer.prepare('jobs-projection', 2, [wider], { deferIndexes: true });
    await writer.commit('jobs-projection', 2, [job(0, 'rebuilt')], 1n);
    expect(await reader.getMany('jobs', ['j0'])).toEqual([expect.objectContaining({ name: 'first' })]);
    expect(await writer.activate('jobs-projection', 2)).toBe(true);
    expect(await reader.getMany('jobs', ['j0'])).toEqual([expect.objectContaining({ name: 'rebuilt' })]);
    const page = await reader.query('jobs', {
      where: [{ field: 'name', op: 'eq', value: 'rebuilt' }],
      first: 5,
    });
    expect(page.items.map((i) => i.id)).toEqual(['j0']);
  });

  it('keeps a document whose id holds NUL, which a text column cannot (U+FFFD stands for it there)', async () => {
    const writer = await store();
    await writer.prepare('jobs-projection', 1, [jobs]);
    await writer.activate('jobs-projection', 1);
    const id = 'j\u0000';
    expect(await writer.commit('jobs-projection', 1, [{ ...job(0), id }], 1n)).toBe(true);
    expect(await writer.getMany('jobs', [id, 'j0'])).toEqual([job(0).doc, undefined]);
    expect([...(await writer.load('jobs', 1, [id])).keys()]).toEqual([id]);
    expect(await writer.commit('jobs-projection', 1, [{ ...job(0), id, doc: null, position: 2n }], 2n)).toBe(
      true,
    );
    expect(await writer.getMany('jobs', [id])).toEqual([undefined]);
  });

  it('gives a lease to one of many processes racing for it', async () => {
    const stores = await Promise.all(Array.from({ length: 6 }, () => store()));
    const taken = await Promise.all(stores.map((s, i) => s.leases.acquire('work', `holder ${i}`, 60_000)));
    expect(taken.filter((lease) => lease !== null)).toHaveLength(1);
  });

  it('refuses a fenced commit that waited for a change of hands not yet committed', async () => {
    const projector = await store();
    await projector.prepare('jobs-projection', 1, [jobs]);
    await projector.activate('jobs-projection', 1);
    const lease = (await projector.leases.acquire('projection:jobs', 'a', 60_000))!;
    const taker = new pg.Client({ connectionString: database.url });
    await taker.connect();
    try {
      // Another process takes the lease in a transaction it has not committed yet.
      await taker.query('BEGIN');
      await taker.query(
        "UPDATE rs_leases SET holder = 'b', token = token + 1 WHERE name = 'projection:jobs'",
      );
      let settled = false;
      const commit = projector
        .commit('jobs-projection', 1, [job(0)], 1n, { lease: lease.name, token: lease.token })
        .finally(() => {
          settled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await taker.query('COMMIT');
      expect(await commit).toBe(false);
      expect(await projector.getMany('jobs', ['j0'])).toEqual([undefined]);
    } finally {
      await taker.end();
    }
  });
});
