import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startCheckpointer, type Checkpointer } from '../../sqlite/checkpointer.js';
import {
  DEFAULT_LOCK_WAIT_MS,
  busyTimeouts,
  isBusy,
  lockRetryDelay,
  type BusyTimeouts,
} from '../../sqlite/lockWait.js';

/** How the read store's file is opened and written. */
export interface ConnectionOptions {
  /** Database file (created with its folder when missing), or `:memory:`. */
  readonly path: string;
  /** SQLite's page cache of this connection, in MB. Default 128. */
  readonly cacheMb?: number;
  /**
   * How long a read waits, blocking its thread, for another connection's lock before SQLite gives up
   * (rare with the write-ahead log: while another connection recovers it, say). Default 10 s.
   */
  readonly busyTimeoutMs?: number;
  /**
   * How long a write waits for the write lock, which another connection (a rebuild thread, another
   * process) may hold for seconds, before it fails: without blocking its thread — the wait is a
   * timer, so the service's thread goes on serving meanwhile (src/sqlite/lockWait.ts). Default 30 s.
   */
  readonly lockWaitMs?: number;
  /**
   * Checkpoint the write-ahead log from a worker thread every this many ms, not in the commits of
   * this connection (src/sqlite/checkpointer.ts): for a store on the service's main thread. Default:
   * off, commits checkpoint as SQLite does by itself.
   */
  readonly backgroundCheckpointMs?: number;
}

/**
 * The layout of the tables in the file (`PRAGMA user_version`). A file of another layout holds only
 * read models, which the log rebuilds: its tables are dropped and the projections start over.
 */
const LAYOUT = 2;

/**
 * The read store's connection to its file, shared by the parts of the store (registry, leases,
 * writes, queries): the file opened in WAL mode and brought to the current layout, a cache of
 * prepared statements, and the one way to write ({@link ReadStoreConnection.writeTransaction}).
 */
export class ReadStoreConnection {
  readonly db: Database.Database;
  private readonly busyTimeouts: BusyTimeouts;
  private readonly checkpointer: Checkpointer | undefined;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly options: ConnectionOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.busyTimeouts = busyTimeouts(this.db, options.busyTimeoutMs ?? 10_000);
    this.db.pragma('journal_mode = WAL');
    // Read models can always be rebuilt from the log: a commit need not wait for the disk.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`cache_size = -${Math.round((options.cacheMb ?? 128) * 1024)}`);
    if (options.backgroundCheckpointMs !== undefined && options.path !== ':memory:') {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = startCheckpointer(options.path, {
        everyMs: options.backgroundCheckpointMs,
        synchronous: 'NORMAL',
        // Without its thread, this connection checkpoints again as SQLite does by itself.
        onFailure: () => {
          if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
        },
      });
    }
    this.upgradeLayout();
  }

  private upgradeLayout(): void {
    const layout = this.db.pragma('user_version', { simple: true }) as number;
    if (layout === LAYOUT) return;
    this.db
      .transaction(() => {
        const objects = this.db
          .prepare<[], { type: string; name: string }>(
            "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%'",
          )
          .all();
        // Views first: they name the tables.
        for (const { name } of objects.filter((o) => o.type === 'view')) this.db.exec(`DROP VIEW "${name}"`);
        for (const { name } of objects.filter((o) => o.type === 'table'))
          this.db.exec(`DROP TABLE "${name}"`);
        this.db.pragma(`user_version = ${LAYOUT}`);
      })
      .immediate();
  }

  /** A prepared statement, made once per text until {@link forgetStatements}. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** After the schema changed: the statements kept may name tables that are gone. */
  forgetStatements(): void {
    this.statements.clear();
  }

  /**
   * Runs a write transaction once it has the write lock, waited for without blocking the thread
   * (src/sqlite/lockWait.ts), up to `lockWaitMs`. A transaction refused with SQLITE_BUSY was rolled
   * back: it runs again from the start. Every write transaction of the store goes through here, and
   * begins IMMEDIATE (a transaction that read first and then wrote could be refused at the upgrade).
   */
  async writeTransaction<T>(fn: () => T): Promise<T> {
    const transaction = this.db.transaction(fn);
    const until = performance.now() + (this.options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
    for (let attempt = 0; ; attempt++) {
      this.busyTimeouts.spin();
      try {
        return transaction.immediate();
      } catch (error) {
        if (!isBusy(error) || this.db.inTransaction || performance.now() >= until) throw error;
      } finally {
        this.busyTimeouts.restore();
      }
      await new Promise((resolve) => setTimeout(resolve, lockRetryDelay(attempt)));
    }
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.db.close();
  }
}
