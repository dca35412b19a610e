import type pg from 'pg';
import {
  RELEASED,
  type AcquireOptions,
  type Fence,
  type Lease,
  type LeaseStore,
} from '../../leases/leaseStore.js';
import type { ReadStoreConnection } from './connection.js';

/** The leases' table, made with the store's other tables (postgresReadStore.ts). */
export const LEASES_TABLE = `
CREATE TABLE IF NOT EXISTS rs_leases (
  name       text   COLLATE "C" PRIMARY KEY,
  holder     text   NOT NULL,
  token      bigint NOT NULL,
  expires_at bigint NOT NULL,
  status     text   NOT NULL DEFAULT ''
)`;

interface LeaseRow {
  name: string;
  holder: string;
  token: string;
  expires_at: string;
  status: string;
}

const leaseOf = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  token: Number(row.token),
  expiresAt: Number(row.expires_at),
  status: row.status,
});

/**
 * The leases of the PostgreSQL read store (src/leases/leaseStore.ts): rows of `rs_leases` beside the
 * read models, each change one statement that decides and writes under the row's lock, so that two
 * processes racing for a lease never both get it; a commit's transaction checks its fence on the
 * same row ({@link PostgresLeaseStore.fenceHolds}).
 */
export class PostgresLeaseStore implements LeaseStore {
  constructor(private readonly connection: ReadStoreConnection) {}

  async acquire(
    name: string,
    holder: string,
    ttlMs: number,
    options: AcquireOptions = {},
  ): Promise<Lease | null> {
    const now = Date.now();
    // Taken when free, expired, already this holder's (renewed: same token), or stolen; otherwise the
    // row is left as it is and nothing comes back. A new holder raises the token.
    const { rows } = await this.connection.query<LeaseRow>(
      `INSERT INTO rs_leases AS l (name, holder, token, expires_at, status) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (name) DO UPDATE SET
         holder = excluded.holder,
         token = CASE WHEN l.holder = excluded.holder AND l.expires_at > $5 THEN l.token ELSE l.token + 1 END,
         expires_at = excluded.expires_at,
         status = excluded.status
       WHERE l.expires_at <= $5 OR l.holder = excluded.holder OR $6
       RETURNING name, holder, token, expires_at, status`,
      [name, holder, now + ttlMs, options.status ?? 'running', now, options.steal === true],
    );
    return rows[0] ? leaseOf(rows[0]) : null;
  }

  // A renewal still on its way when its holder released the lease finds it released, and leaves it so.
  async renew(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null> {
    const { rows } = await this.connection.query<LeaseRow>(
      `UPDATE rs_leases SET expires_at = $1, status = $2
       WHERE name = $3 AND holder = $4 AND token = $5 AND status <> $6
       RETURNING name, holder, token, expires_at, status`,
      [Date.now() + ttlMs, status ?? lease.status, lease.name, lease.holder, lease.token, RELEASED],
    );
    return rows[0] ? leaseOf(rows[0]) : null;
  }

  async release(lease: Lease): Promise<void> {
    await this.connection.query(
      'UPDATE rs_leases SET expires_at = 0, status = $1 WHERE name = $2 AND holder = $3 AND token = $4',
      [RELEASED, lease.name, lease.holder, lease.token],
    );
  }

  async list(): Promise<Lease[]> {
    const { rows } = await this.connection.query<LeaseRow>(
      'SELECT name, holder, token, expires_at, status FROM rs_leases ORDER BY name',
    );
    return rows.map(leaseOf);
  }

  /**
   * Inside a transaction: whether the fence's lease is still at its token. The row is read under a
   * share lock held to the end of the transaction: a taker's update waits for the commit, and a
   * commit that comes after a taker's update reads the raised token (READ COMMITTED reads the row
   * again once the lock is granted).
   */
  async fenceHolds(client: pg.PoolClient, fence: Fence | undefined): Promise<boolean> {
    if (!fence) return true;
    const { rows } = await client.query<{ token: string }>(
      'SELECT token FROM rs_leases WHERE name = $1 FOR SHARE',
      [fence.lease],
    );
    return rows[0] !== undefined && Number(rows[0].token) === fence.token;
  }
}
