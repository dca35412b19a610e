import {
  RELEASED,
  type AcquireOptions,
  type Fence,
  type Lease,
  type LeaseStore,
} from '../../leases/leaseStore.js';
import type { ReadStoreConnection } from './connection.js';

const LEASES = `
CREATE TABLE IF NOT EXISTS rs_leases (
  name       TEXT    PRIMARY KEY,
  holder     TEXT    NOT NULL,
  token      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  status     TEXT    NOT NULL DEFAULT ''
) STRICT;
`;

interface LeaseRow {
  name: string;
  holder: string;
  token: number;
  expires_at: number;
  status: string;
}

/**
 * The leases of the SQLite read store (src/leases/leaseStore.ts): a table in the read models' file,
 * so that a fenced write checks its lease in the transaction that writes the documents
 * ({@link SQLiteLeaseStore.fenceHolds}).
 */
export class SQLiteLeaseStore implements LeaseStore {
  constructor(private readonly connection: ReadStoreConnection) {
    connection.db.exec(LEASES);
  }

  async acquire(
    name: string,
    holder: string,
    ttlMs: number,
    options: AcquireOptions = {},
  ): Promise<Lease | null> {
    const { connection } = this;
    return connection.writeTransaction((): Lease | null => {
      const now = Date.now();
      const row = connection
        .statement('SELECT holder, token, expires_at FROM rs_leases WHERE name = ?')
        .get(name) as Pick<LeaseRow, 'holder' | 'token' | 'expires_at'> | undefined;
      const status = options.status ?? 'running';
      if (!row) {
        connection
          .statement('INSERT INTO rs_leases (name, holder, token, expires_at, status) VALUES (?, ?, 1, ?, ?)')
          .run(name, holder, now + ttlMs, status);
        return { name, holder, token: 1, expiresAt: now + ttlMs, status };
      }
      const mine = row.holder === holder && row.expires_at > now;
      if (!mine && row.expires_at > now && !options.steal) return null;
      const token = mine ? row.token : row.token + 1;
      connection
        .statement('UPDATE rs_leases SET holder = ?, token = ?, expires_at = ?, status = ? WHERE name = ?')
        .run(holder, token, now + ttlMs, status, name);
      return { name, holder, token, expiresAt: now + ttlMs, status };
    });
  }

  // Renewals and releases wait for the write lock like every other write (writeTransaction): a
  // renewal refused because another connection held the lock a while (a rebuild thread building an
  // index) would lose a lease that nobody else had taken. A renewal still waiting when its holder
  // released the lease finds it released, and leaves it so.
  async renew(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null> {
    const next = status ?? lease.status;
    return this.connection.writeTransaction(() => {
      const expiresAt = Date.now() + ttlMs;
      const changed = this.connection
        .statement(
          'UPDATE rs_leases SET expires_at = ?, status = ? WHERE name = ? AND holder = ? AND token = ? AND status <> ?',
        )
        .run(expiresAt, next, lease.name, lease.holder, lease.token, RELEASED).changes;
      return changed === 1 ? { ...lease, expiresAt, status: next } : null;
    });
  }

  async release(lease: Lease): Promise<void> {
    await this.connection.writeTransaction(() =>
      this.connection
        .statement(
          'UPDATE rs_leases SET expires_at = 0, status = ? WHERE name = ? AND holder = ? AND token = ?',
        )
        .run(RELEASED, lease.name, lease.holder, lease.token),
    );
  }

  list(): Promise<Lease[]> {
    const rows = this.connection
      .statement('SELECT name, holder, token, expires_at, status FROM rs_leases ORDER BY name')
      .all() as LeaseRow[];
    return Promise.resolve(
      rows.map((r) => ({
        name: r.name,
        holder: r.holder,
        token: r.token,
        expiresAt: r.expires_at,
        status: r.status,
      })),
    );
  }

  /** Inside a write transaction of the same connection: whether the fence's lease is still at its token. */
  fenceHolds(fence: Fence | undefined): boolean {
    if (!fence) return true;
    const token = this.connection
      .statement('SELECT token FROM rs_leases WHERE name = ?')
      .pluck()
      .get(fence.lease) as number | undefined;
    return token === fence.token;
  }
}
