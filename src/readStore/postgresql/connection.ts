import type pg from 'pg';
import { createPool } from '../../postgres/pool.js';

/** How the read store reaches its database. */
export interface ConnectionOptions {
  /** `postgres://user:password@host:port/database?…` (the primary: every part of the store writes). */
  readonly url: string;
  /**
   * Connections of this store's pool (docs/deploy.md § PostgreSQL): every read and commit of the
   * process takes one for its statement or transaction. Default 10.
   */
  readonly poolSize?: number;
  /** Shown in `pg_stat_activity`. Default `creator-ledger read store`. */
  readonly applicationName?: string;
  /** Called when an idle connection fails (the server restarted): the pool replaces it. */
  readonly onError?: (error: Error) => void;
}

/** How a transaction of the store runs. */
export interface TransactionOptions {
  /**
   * Whether its commit waits for the disk (`synchronous_commit`). Documents and their checkpoint
   * need not: read models can always be rebuilt from the log, and a crash loses only the last
   * commits, all of them together (the log of a PostgreSQL server is replayed in order), so the
   * projector applies those events again from the checkpoint that survived — as the SQLite store's
   * `synchronous = NORMAL`. Leases and version switches wait. Default true.
   */
  readonly durable?: boolean;
  /**
   * Holds the registry's lock (an advisory lock) for the transaction: changes of which tables and
   * versions exist are made one at a time, by any process (two projectors preparing one version at
   * once would both create its tables).
   */
  readonly registry?: boolean;
  /** Gives up waiting for a table lock after this long (55P03): a switch must not queue readers behind a slow one. */
  readonly lockTimeoutMs?: number;
}

/** The advisory lock key of the read store's registry (an arbitrary constant, the same in every process). */
const REGISTRY_LOCK = 7_305_220_941;

/**
 * The read store's pool of connections, shared by the parts of the store (registry, leases,
 * writes, queries), and the one way to run a transaction ({@link ReadStoreConnection.transaction}).
 */
export class ReadStoreConnection {
  readonly pool: pg.Pool;

  constructor(readonly options: ConnectionOptions) {
    this.pool = createPool({
      url: options.url,
      max: options.poolSize ?? 10,
      applicationName: options.applicationName ?? 'creator-ledger read store',
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** One statement on a connection of the pool. */
  query<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values as unknown[] | undefined);
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
   * throws. Its settings are sent with BEGIN, in the same round trip.
   */
  async transaction<T>(
    work: (client: pg.PoolClient) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      const begin = ['BEGIN'];
      if (options.durable === false) begin.push('SET LOCAL synchronous_commit = off');
      if (options.lockTimeoutMs !== undefined)
        begin.push(`SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs)}`);
      if (options.registry) begin.push(`SELECT pg_advisory_xact_lock(${REGISTRY_LOCK})`);
      await client.query(begin.join('; '));
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is given up, not handed to the next transaction.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
