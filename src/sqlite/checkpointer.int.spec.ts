import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startCheckpointer } from './checkpointer.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startCheckpointer', () => {
  it('copies what another connection committed into the database, and closes', async () => {
    const path = join(dir, 'a.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (x TEXT)');
    const before = statSync(path).size;
    const onFailure = vi.fn();
    const checkpointer = startCheckpointer(path, { everyMs: 20, synchronous: 'NORMAL', onFailure });
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 1_000; i++) insert.run('x'.repeat(2_000));
    })();
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 1_000_000), {
      timeout: 5_000,
      interval: 20,
    });
    await checkpointer.close();
    expect(onFailure).not.toHaveBeenCalled();
    db.close();
  });

  it('says so when its thread fails, so that the connection takes its checkpoints back', async () => {
    const onFailure = vi.fn();
    const checkpointer = startCheckpointer(join(dir, 'no such folder', 'b.db'), {
      everyMs: 20,
      synchronous: 'NORMAL',
      onFailure,
    });
    await vi.waitFor(() => expect(onFailure).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 20 });
    expect(String(onFailure.mock.calls[0]![0])).toMatch(/directory|unable to open/i);
    // Closing a failed one is harmless.
    await checkpointer.close();
  });
});
