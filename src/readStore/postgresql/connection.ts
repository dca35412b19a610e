import { createHash } from 'node:crypto';
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

  /**
   * Whether the server compresses large values with LZ4 (PostgreSQL 14 and later, built with it):
   * documents are then stored so (tables.ts). Known once {@link detectCompression} ran.
   */
  lz4 = false;

  /** One statement on a connection of the pool. */
  query<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values as unknown[] | undefined);
  }

  /**
   * A statement run often (a document loaded by id): prepared once per connection, so the server
   * neither parses nor plans it again. Its name is derived from its text, which names its table.
   */
  prepared<R extends pg.QueryResultRow>(
    text: string,
    values: readonly unknown[],
  ): Promise<pg.QueryResult<R>> {
    const name = `rs_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    return this.pool.query<R>({ name, text, values: values as unknown[] });
  }

  async detectCompression(): Promise<void> {
    const { rows } = await this.query<{ lz4: boolean }>(
      "SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'",
    );
    this.lz4 = rows[0]?.lz4 === true;
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
