import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runProcess } from '../../../test/support/childProcess.js';
import { holdWriteLock } from '../../../test/support/sqliteLock.js';
import type { CollectionSpec } from '../readStore.js';
import { getSQLiteReadStore } from './sqliteReadStore.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const jobs: CollectionSpec = {
  name: 'jobs',
  indexes: [
    { field: 'personId', type: 'string' },
    { field: 'at', type: 'string' },
  ],
};
const TOP_PER_GROUP = {
  groupField: 'personId',
  groups: ['p1'],
  perGroup: 2,
  orderBy: [{ field: 'at', direction: 'desc' as const }],
};

describe('SQLite read store: compound indexes', () => {
  it('creates them when a rebuilt version is activated, and on an existing version when declared later', async () => {
    const path = join(dir, 'compound.db');
    const indexes = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db
          .prepare<[], { name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_\\_c\\_%' ESCAPE '\\'",
          )
          .all()
          .map((r) => r.name);
      } finally {
        db.close();
      }
    };
    const first = getSQLiteReadStore({ path });
    await first.prepare('jobs-projection', 1, [jobs], { deferIndexes: true });
    await first.activate('jobs-projection', 1);
    expect(indexes()).toEqual([]);
    await first.close();

    // The code now declares one: the next start adds it to the version in place.
    const second = getSQLiteReadStore({ path });
    await second.prepare('jobs-projection', 1, [{ ...jobs, compoundIndexes: [['personId', 'at']] }]);
    expect(indexes()).toEqual(['t_jobs__v1__c_f_personId_f_at']);
    await second.commit(
      'jobs-projection',
      1,
      ['2026-01-01', '2026-03-01', '2026-02-01'].map((at, i) => ({
        collection: 'jobs',
        id: `j${i}`,
        doc: { personId: 'p1', at },
        position: BigInt(i + 1),
      })),
      3n,
    );
    const top = await second.topPerGroup<{ at: string }>('jobs', TOP_PER_GROUP);
    expect(top.get('p1')!.map((d) => d.at)).toEqual(['2026-03-01', '2026-02-01']);
    await second.close();

    // A rebuild (indexes deferred) gets it when activated.
    const third = getSQLiteReadStore({ path });
    await third.prepare('jobs-projection', 2, [{ ...jobs, compoundIndexes: [['personId', 'at']] }], {
      deferIndexes: true,
    });
    expect(indexes()).toEqual(['t_jobs__v1__c_f_personId_f_at']);
    await third.activate('jobs-projection', 2);
    expect(indexes()).toContain('t_jobs__v2__c_f_personId_f_at');
    await third.close();
  });
});

describe('SQLite read store: decoded documents', () => {
  it('are shared while their text is unchanged, frozen, and read afresh once it changes', async () => {
    const path = join(dir, 'decoded.db');
    const store = getSQLiteReadStore({ path });
    await store.prepare('jobs-projection', 1, [jobs]);
    await store.activate('jobs-projection', 1);
    const write = (at: string, position: bigint) =>
      store.commit(
        'jobs-projection',
        1,
        [{ collection: 'jobs', id: 'j1', doc: { personId: 'p1', at, tags: ['a'] }, position }],
        position,
      );
    await write('2026-01-01', 1n);
    const [first] = await store.getMany('jobs', ['j1']);
    const [again] = await store.getMany('jobs', ['j1']);
    expect(again).toBe(first);
    const page = await store.query('jobs', { first: 5 });
    expect(page.items[0]!.doc).toBe(first);
    // Shared by every reader: nobody may change it.
    expect(Object.isFrozen(first) && Object.isFrozen(first!.tags)).toBe(true);
    expect(() => {
      (first!.tags as string[]).push('b');
    }).toThrow(TypeError);
    await write('2026-02-01', 2n);
    const [changed] = await store.getMany('jobs', ['j1']);
    expect(changed).toEqual({ personId: 'p1', at: '2026-02-01', tags: ['a'] });
    // The projection's own reads are never the shared ones: it changes what it loads.
    const loaded = await store.load('jobs', 1, ['j1']);
    expect(Object.isFrozen(loaded.get('j1')!.doc)).toBe(false);
    await store.close();

    const uncached = getSQLiteReadStore({ path, decodedCacheChars: 0 });
    const [a] = await uncached.getMany('jobs', ['j1']);
    const [b] = await uncached.getMany('jobs', ['j1']);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    await uncached.close();
  });
});

describe('SQLite read store: opening a file written before', () => {
  it('knows its collections however young the process (the registry is read when opened)', async () => {
    const path = join(dir, 'early.db');
    const writer = getSQLiteReadStore({ path });
    await writer.prepare('jobs-projection', 1, [jobs]);
    await writer.activate('jobs-projection', 1);
    await writer.commit(
      'jobs-projection',
      1,
      [{ collection: 'jobs', id: 'j1', doc: { personId: 'p1', at: '2026-01-01' }, position: 1n }],
      1n,
    );
    await writer.close();
    // The registry is looked at again at most every 250 ms: a process that opens the file within
    // its first 250 ms (a worker just started) must still read it once.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(100);
    try {
      const reader = getSQLiteReadStore({ path });
      expect(await reader.getMany('jobs', ['j1'])).toEqual([{ personId: 'p1', at: '2026-01-01' }]);
      await reader.close();
    } finally {
      clock.mockRestore();
    }
  });
});

describe('SQLite read store: checkpoints beside the connection (backgroundCheckpointMs)', () => {
  const fileSize = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  /** 2,000 documents of ~2 KB: a commit whose log passes SQLite's threshold of 1,000 pages. */
  const bulk = (position: bigint) =>
    Array.from({ length: 2_000 }, (_, i) => ({
      collection: 'people',
      id: `p${i}`,
      doc: { n: i, text: 'x'.repeat(2_000) },
      position,
    }));

  it('copies the log into the database in its own thread, never in a commit of this connection', async () => {
    const path = join(dir, 'background-checkpoint.db');
    // Its thread checkpoints once a minute: not during this test.
    const store = getSQLiteReadStore({ path, backgroundCheckpointMs: 60_000 });
    await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
    const before = fileSize(path);
    await store.commit('people', 1, bulk(1n), 1n);
    // Without it, this commit would have copied its ~4 MB into the database itself.
    expect(fileSize(path)).toBeLessThan(before + 1_000_000);
    expect(fileSize(`${path}-wal`)).toBeGreaterThan(3_000_000);
    // Another store on the file whose thread checkpoints every 50 ms: the copy is done beside both.
    const other = getSQLiteReadStore({ path, backgroundCheckpointMs: 50 });
    await vi.waitFor(() => expect(fileSize(path)).toBeGreaterThan(before + 3_000_000), {
      timeout: 5_000,
      interval: 50,
    });
    expect((await store.load('people', 1, ['p1999'])).get('p1999')?.doc).toMatchObject({ n: 1999 });
    await other.close();
    await store.close();
    // Closed, their threads are gone: the file opens again, whole.
    const again = getSQLiteReadStore({ path });
    expect((await again.load('people', 1, ['p0'])).get('p0')?.position).toBe(1n);
    await again.close();
  });

  it('lets a process close it and end: the close waits for its thread, which keeps nothing alive after', async () => {
    const path = join(dir, 'background-checkpoint-process.db');
    expect((await runProcess('readStoreCommitAndClose.ts', [path])).trim()).toBe('closed');
    const store = getSQLiteReadStore({ path });
    expect((await store.load('people', 1, ['p1'])).get('p1')).toEqual({ doc: { n: 1 }, position: 1n });
    await store.close();
  });

  it('leaves checkpoints to the commits by default', async () => {
    const path = join(dir, 'inline-checkpoint.db');
    const store = getSQLiteReadStore({ path });
    await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
    const before = fileSize(path);
    await store.commit('people', 1, bulk(1n), 1n);
    expect(fileSize(path)).toBeGreaterThan(before + 3_000_000);
    await store.close();
  });
});

describe('SQLite read store: another connection holding the write lock', () => {
  it('waits past its busy timeout and commits once the lock is free, writing the changes once', async () => {
    const path = join(dir, 'busy.db');
    const store = getSQLiteReadStore({ path, busyTimeoutMs: 20 });
    await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
    // Another connection (another thread or process) writes for 300 ms: ten busy timeouts.
    const released = holdWriteLock(path, 300);
    const started = performance.now();
    const committed = await store.commit(
      'people',
      1,
      [{ collection: 'people', id: 'p1', doc: { n: 1 }, position: 1n }],
      1n,
    );
    expect(committed).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    await released;
    expect((await store.load('people', 1, ['p1'])).get('p1')).toEqual({ doc: { n: 1 }, position: 1n });
    expect((await store.projection('people')).checkpoints.get(1)).toBe(1n);
    await store.close();
  });

  it('waits for the lock without blocking its thread, however long the busy timeout for reads', async () => {
    const path = join(dir, 'busy-thread.db');
    // Reads may wait ten seconds in SQLite's busy handler; a write must not block the thread so.
    const store = getSQLiteReadStore({ path, busyTimeoutMs: 10_000 });
    await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
    await store.commit('people', 1, [{ collection: 'people', id: 'p0', doc: { n: 0 }, position: 1n }], 1n);
    // The holder is a connection of this same thread, which lets go on a timer: were the writes
    // below to wait blocking the thread, the timer could not fire until their busy timeout passed.
    const released = holdWriteLock(path, 300);
    const ticks: number[] = [];
    const ticking = setInterval(() => ticks.push(performance.now()), 10);
    const started = performance.now();
    const [committed, lease] = await Promise.all([
      store.commit('people', 1, [{ collection: 'people', id: 'p1', doc: { n: 1 }, position: 2n }], 2n),
      store.leases.acquire('probe', 'me', 5_000),
    ]);
    clearInterval(ticking);
    await released;
    const waited = performance.now() - started;
    expect(committed).toBe(true);
    expect(lease).toMatchObject({ name: 'probe', holder: 'me' });
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2_000);
    // The thread went on running timers all along: no gap between ticks near the lock's 300 ms.
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(ticks.length).toBeGreaterThan(10);
    expect(Math.max(...gaps)).toBeLessThan(150);
    expect((await store.load('people', 1, ['p1'])).get('p1')).toEqual({ doc: { n: 1 }, position: 2n });
    await store.close();
  });

  it('gives up a write once the lock stayed held past its wait, having written nothing', async () => {
    const path = join(dir, 'busy-give-up.db');
    const store = getSQLiteReadStore({ path, lockWaitMs: 100 });
    await store.prepare('people', 1, [{ name: 'people', indexes: [] }]);
    const released = holdWriteLock(path, 400);
    await expect(
      store.commit('people', 1, [{ collection: 'people', id: 'p1', doc: { n: 1 }, position: 1n }], 1n),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await released;
    expect((await store.load('people', 1, ['p1'])).size).toBe(0);
    expect((await store.projection('people')).checkpoints.get(1)).toBe(0n);
    await store.close();
  });
});
