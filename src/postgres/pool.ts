import pg from 'pg';

/**
 * PostgreSQL connections for every adapter that keeps its data there (the log, the read models,
 * leases, evidence files, rate-limit counters): node-postgres's pool, one per adapter and role, sized
 * for what that role does (docs/deploy.md § PostgreSQL).
 */
export interface PostgresPoolOptions {
  /** `postgres://user:password@host:port/database?…` */
  readonly url: string;
  /** Connections at most (node-postgres's default: 10). */
  readonly max?: number;
  /** Shown in `pg_stat_activity`: which adapter and process holds a connection. */
  readonly applicationName?: string;
  /** Called when an idle connection fails (the server restarted, the network broke): the pool replaces it. */
  readonly onError?: (error: Error) => void;
}

export const createPool = (options: PostgresPoolOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'creator-ledger',
    // A connection that cannot be had within this long is an error, not a request waiting forever.
    connectionTimeoutMillis: 10_000,
  });
  // An idle client's error would otherwise crash the process (node-postgres emits it on the pool).
  pool.on('error', (error) => options.onError?.(error));
  return pool;
};

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export const inTransaction = async <T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE' = 'READ COMMITTED',
): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

/** Whether a URL names a PostgreSQL server (the stores' choice of adapter). */
export const isPostgresUrl = (url: string | undefined): url is string =>
  url !== undefined && /^postgres(ql)?:\/\//.test(url);
