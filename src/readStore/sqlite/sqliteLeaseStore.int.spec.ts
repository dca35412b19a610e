import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { holdWriteLock } from '../../../test/support/sqliteLock.js';
import { holdLease } from '../../leases/holdLease.js';
import { getSQLiteReadStore } from './sqliteReadStore.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-leases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A holder in a process of its own (test/support/processes/holdLeaseUntilKilled.ts). */
const holderProcess = async (path: string, name: string, holder: string) => {
  const script = fileURLToPath(
    new URL('../../../test/support/processes/holdLeaseUntilKilled.ts', import.meta.url),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, name, holder], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('not held')) reject(new Error('the holder process did not get its lease'));
      else if (output.includes('held')) resolve();
    });
    void exited.then(() => reject(new Error(`the holder process ended: ${output}`)));
  });
  return {
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
};

describe('SQLite leases', () => {
  it('are renewed while another connection holds the read models’ write lock: the lease never runs out', async () => {
    const path = join(dir, 'busy.db');
    const store = getSQLiteReadStore({ path, busyTimeoutMs: 20 });
    const errors: unknown[] = [];
    const held = (await holdLease(store.leases, 'rebuild:people', 'me', {
      ttlMs: 150,
      onError: (e) => errors.push(e),
    }))!;
    // Renewals come every 50 ms; the read models' lock is held for four times the time to live
    // (a rebuild's index build, a long commit of another process).
    const released = holdWriteLock(path, 600);
    let locked = true;
    void released.then(() => (locked = false));
    const remaining: number[] = [];
    while (locked) {
      const lease = (await store.leases.list()).find((l) => l.name === 'rebuild:people')!;
      remaining.push(lease.expiresAt - Date.now());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(remaining.length).toBeGreaterThan(10);
    expect(Math.min(...remaining)).toBeGreaterThan(0);
    expect(held.isLost()).toBe(false);
    expect(errors).toEqual([]);

    // Taken by another holder all the same, the next renewal learns it is lost.
    const other = getSQLiteReadStore({ path });
    expect(await other.leases.acquire('rebuild:people', 'other', 5_000, { steal: true })).toMatchObject({
      token: 2,
    });
    await held.lost;
    await held.release();
    await other.close();
    await store.close();
  });

  it('are free at once when their holder’s process was killed, not once they expire; a live holder keeps its own', async () => {
    const path = join(dir, 'killed.db');
    const holder = await holderProcess(path, 'projection:people', 'elsewhere');
    const store = getSQLiteReadStore({ path });
    await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
    // Alive, it keeps its lease (a minute long).
    expect(await store.leases.acquire('projection:people', 'me', 5_000)).toBeNull();
    await holder.kill();
    const taken = await store.leases.acquire('projection:people', 'me', 5_000);
    expect(taken).toMatchObject({ holder: 'me', token: 2 });
    // The change of hands is fenced: a commit under the dead holder's token is refused.
    const doc = [{ collection: 'people', id: 'p1', doc: { n: 1 }, position: 1n }];
    expect(await store.commit('people', 1, doc, 1n, { lease: 'projection:people', token: 1 })).toBe(false);
    expect(await store.commit('people', 1, doc, 1n, { lease: 'projection:people', token: 2 })).toBe(true);
    await store.close();
    // A store closed leaves no lock file behind; the killed holder's was removed when found dead.
    expect(readdirSync(join(dir, 'killed.leases.holders'))).toEqual([]);
  });

  it('write nothing but the leases’ own file when renewed, given back or looked at', async () => {
    const path = join(dir, 'own-file.db');
    const store = getSQLiteReadStore({ path });
    const lease = (await store.leases.acquire('work', 'a', 60_000))!;
    // A connection's data_version moves whenever another connection commits to the file.
    const reader = new Database(path, { readonly: true });
    const dataVersion = () => reader.pragma('data_version', { simple: true }) as number;
    const before = dataVersion();
    await store.leases.renew(lease, 60_000, 'busy');
    expect(await store.leases.acquire('work', 'b', 60_000)).toBeNull();
    await store.leases.release(lease);
    expect(dataVersion()).toBe(before);
    reader.close();
    expect(existsSync(join(dir, 'own-file.leases.db'))).toBe(true);
    await store.close();
  });

  it('leave a lease to a process of an earlier release that holds it in the read models’ file', async () => {
    const path = join(dir, 'earlier-release.db');
    const store = getSQLiteReadStore({ path });
    const earlier = new Database(path);
    // Such a process keeps its leases in the read models' file, renewing them there.
    earlier
      .prepare('INSERT INTO rs_leases (name, holder, token, expires_at, status) VALUES (?, ?, ?, ?, ?)')
      .run('scheduler', 'earlier', 3, Date.now() + 60_000, 'running');
    expect(await store.leases.acquire('scheduler', 'me', 5_000)).toBeNull();
    expect(await store.leases.list()).toEqual([
      expect.objectContaining({ name: 'scheduler', holder: 'earlier', token: 3 }),
    ]);
    // Once it stops renewing, the lease is taken past its token, and that process is fenced.
    earlier.prepare('UPDATE rs_leases SET expires_at = ? WHERE name = ?').run(Date.now() - 1, 'scheduler');
    expect(await store.leases.acquire('scheduler', 'me', 5_000)).toMatchObject({ holder: 'me', token: 4 });
    expect(earlier.prepare('SELECT holder, token FROM rs_leases').get()).toEqual({ holder: 'me', token: 4 });
    earlier.close();
    await store.close();
  });
});
