import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { freshDatabase, postgresTestUrl } from '../../test/support/postgres.js';
import { createPool, inTransaction, isPostgresUrl } from './pool.js';

const server = postgresTestUrl('PostgreSQL connections');

describe.runIf(server)('PostgreSQL connections', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await freshDatabase(server!);
    pool = createPool({ url: database.url, max: 2, applicationName: 'ledger-test' });
    await pool.query('CREATE TABLE t (n int)');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await inTransaction(pool, (client) => client.query('INSERT INTO t VALUES (1)'));
    await expect(
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO t VALUES (2)');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await pool.query<{ n: number }>('SELECT n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('names itself to the server', async () => {
    const { rows } = await pool.query<{ name: string }>(
      'SELECT application_name AS name FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    expect(rows[0]!.name).toBe('ledger-test');
  });
});

describe('PostgreSQL URLs', () => {
  it('are told from the other stores’ URLs', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h:5432/db?sslmode=require')).toBe(true);
    expect(isPostgresUrl('mongodb://h/db')).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });
});
