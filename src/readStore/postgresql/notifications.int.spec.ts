import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresTestUrl } from '../../../test/support/postgres.js';
import { getPostgreSQLReadStore } from './postgresReadStore.js';
import type { ReadStore } from '../readStore.js';
import { createCheckpointWatcher, type CheckpointWatcher } from '../../projectionRunner/checkpointWatcher.js';

const server = postgresTestUrl('Checkpoint watchers woken by PostgreSQL');

/**
 * Two processes' read stores on one database: a projector's that commits, an API process's whose
 * watcher would poll only once a minute — so only the database's notification can wake it in time.
 */
describe.runIf(server)('Checkpoint watchers woken by PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let projector: ReadStore;
  let api: ReadStore;
  let watcher: CheckpointWatcher;
  let admin: pg.Client;
  let position = 0n;

  const commit = async () => {
    position += 1n;
    const doc = { n: Number(position) };
    expect(await projector.commit('p', 1, [{ collection: 'docs', id: 'd', doc, position }], position)).toBe(
      true,
    );
  };
  /** The pid of the API store's listening connection once it listens (other than `not`). */
  const listening = async (not?: number): Promise<number> => {
    for (;;) {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'api (listening)'
            AND query LIKE 'LISTEN%' AND pid <> $1`,
        [not ?? 0],
      );
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    database = await freshDatabase(server!);
    projector = await getPostgreSQLReadStore({ url: database.url, poolSize: 2 });
    api = await getPostgreSQLReadStore({ url: database.url, poolSize: 2, applicationName: 'api' });
    await projector.prepare('p', 1, [{ name: 'docs', indexes: [] }]);
    await projector.activate('p', 1);
    watcher = createCheckpointWatcher(api, 60_000, 60_000);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    watcher.close();
    await admin.end();
    await api.close();
    await projector.close();
    await database.drop();
  });

  it('wakes at a commit in another process, not at its next poll', async () => {
    // The first wait opens the listening connection.
    expect(await watcher.waitFor(0n, 1_000, ['p'])).toBe(true);
    await listening();
    const waiting = watcher.waitFor(position + 1n, 5_000, ['p']);
    await commit();
    expect(await waiting).toBe(true);
  });

  it('listens again once its connection is lost, and looks for what it missed meanwhile', async () => {
    const pid = await listening();
    const waiting = watcher.waitFor(position + 1n, 10_000, ['p']);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // Committed while nobody listens, or once listening again: either way the waiter is told.
    await commit();
    expect(await waiting).toBe(true);
    await listening(pid);
    const next = watcher.waitFor(position + 1n, 5_000, ['p']);
    await commit();
    expect(await next).toBe(true);
  });
});
