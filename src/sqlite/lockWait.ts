import type Database from 'better-sqlite3';

/**
 * Waiting for SQLite's write lock without blocking the thread, for both SQLite stores. Another
 * connection (a rebuild thread writing a batch or building an index, another process) may hold the
 * lock for seconds; SQLite's busy handler waits by sleeping in the thread that asked — on the
 * service's main thread, every request waits with it. So an attempt at the lock blocks at most
 * {@link LOCK_SPIN_MS} (a lock about to be let go of is taken without a timer's delay), and the wait
 * between attempts is a timer ({@link lockRetryDelay}), up to a time set per store
 * ({@link DEFAULT_LOCK_WAIT_MS} by default).
 */
export const LOCK_SPIN_MS = 2;
export const DEFAULT_LOCK_WAIT_MS = 30_000;

/** SQLite's answer when another connection holds the lock (SQLITE_BUSY and its extended codes). */
export const isBusy = (error: unknown): boolean =>
  String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');

/** The pause before attempt `attempt + 1` at the lock, in ms: 1, 2, 4 … up to 25. */
export const lockRetryDelay = (attempt: number): number => Math.min(2 ** attempt, 25);

/** Switches a connection's busy timeout: `spin` for an attempt at the write lock, `restore` after. */
export interface BusyTimeouts {
  spin(): void;
  restore(): void;
}

/** `restoreMs` is the connection's busy timeout otherwise (for reads, and for closing). */
export const busyTimeouts = (db: Database.Database, restoreMs: number): BusyTimeouts => {
  db.pragma(`busy_timeout = ${restoreMs}`);
  const spin = db.prepare(`PRAGMA busy_timeout = ${LOCK_SPIN_MS}`);
  const restore = db.prepare(`PRAGMA busy_timeout = ${restoreMs}`);
  return { spin: () => void spin.run(), restore: () => void restore.run() };
};
