import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

const KEY = /^[A-Za-z0-9._-]{1,200}$/;
const SUFFIX = '.lock';

/**
 * Whether the lease store that took a lease is still open, for the leases of stores on one machine
 * (the SQLite files): each store that takes leases keeps a file of its own locked (SQLite's own
 * lock, held until the store closes), and writes that file's name (its key) beside the leases it
 * takes. The operating system drops the lock when the process ends, `kill -9` included, so a
 * standby that finds a lease's key unlocked knows its holder is gone and takes the lease at once
 * instead of waiting for it to expire. A holder that is alive but stalled keeps its lock: its lease
 * expires as any other would. Only the lock counts, never a process id, which another process (in
 * another PID namespace sharing the folder) could carry.
 */
export class HolderLiveness {
  private own: { readonly key: string; readonly db: Database.Database } | undefined;

  /** `dir`: where the lock files are (made on first use). */
  constructor(private readonly dir: string) {}

  /** This store's key, its file made and locked on first use. */
  key(): string {
    if (this.own) return this.own.key;
    mkdirSync(this.dir, { recursive: true });
    this.sweep();
    const key = `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
    // Made under another name and renamed once locked: a file under its final name is locked for
    // as long as its store lives, so a look that finds it unlocked never meets one about to be.
    const making = join(this.dir, `${key}.making`);
    const db = new Database(making, { timeout: 1_000 });
    try {
      // Its content is nothing: no journal beside it (one would keep the making name).
      db.pragma('journal_mode = MEMORY');
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (since INTEGER); COMMIT;');
      renameSync(making, join(this.dir, key + SUFFIX));
    } catch (error) {
      db.close();
      rmSync(making, { force: true });
      throw error;
    }
    this.own = { key, db };
    return key;
  }

  /**
   * True when nobody holds the key's lock: its store closed or its process ended. A key of no file
   * here is gone too (its store removed it on closing). Anything unclear answers false: a lease is
   * then left to expire, never taken from a holder that may be alive.
   */
  isGone(key: string): boolean {
    if (key === this.own?.key) return false;
    if (!KEY.test(key)) return false;
    const file = join(this.dir, key + SUFFIX);
    if (!existsSync(file)) return true;
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: 0, fileMustExist: true });
      db.exec('BEGIN EXCLUSIVE');
      db.exec('ROLLBACK');
      return true;
    } catch (error) {
      // Busy: its holder has it. Not opened: removed meanwhile, by its store closing.
      return (error as { code?: string }).code === 'SQLITE_CANTOPEN' && !existsSync(file);
    } finally {
      db?.close();
    }
  }

  /** Lets go of this store's lock and removes its file. */
  close(): void {
    if (!this.own) return;
    const { key, db } = this.own;
    this.own = undefined;
    rmSync(join(this.dir, key + SUFFIX), { force: true });
    db.close();
  }

  /** Removes the files of holders that are gone (processes that ended without closing their store). */
  private sweep(): void {
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith(SUFFIX)) continue;
      const key = name.slice(0, -SUFFIX.length);
      if (this.isGone(key)) rmSync(join(this.dir, name), { force: true });
    }
  }
}
