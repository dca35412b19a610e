import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { busyTimeouts, type BusyTimeouts } from '../../sqlite/lockWait.js';
import { openEventStoreSchema } from './schema.js';

/** The log's file, opened for durable appends. */
export interface LogConnection {
  readonly db: Database.Database;
  /** The connection's busy timeout, switched while the writer tries for the write lock. */
  readonly busyTimeouts: BusyTimeouts;
}

/**
 * Opens (creating it with its folder when missing) the log's file in WAL mode with
 * `synchronous = FULL`, so that a commit is durable when it returns, with its tables (schema.ts).
 */
export const openLog = (options: {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly cacheMb: number;
}): LogConnection => {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  const timeouts = busyTimeouts(db, options.busyTimeoutMs);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Checkpoint the WAL into the database every ~40 MB rather than every 4 MB: hot pages are
  // copied once per checkpoint, not once per few commits.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma(`cache_size = -${Math.round(options.cacheMb * 1024)}`);
  openEventStoreSchema(db);
  return { db, busyTimeouts: timeouts };
};
