import { extname } from 'node:path';
import {
  RELEASED,
  type AcquireOptions,
  type Fence,
  type Lease,
  type LeaseStore,
} from '../../leases/leaseStore.js';
import { ReadStoreConnection } from './connection.js';
import { HolderLiveness } from './holderLiveness.js';

/** The leases, in a file of their own: who holds each, until when, and the key of its store's lock. */
const LEASES = `
CREATE TABLE IF NOT EXISTS rs_leases (
  name       TEXT    PRIMARY KEY,
  holder     TEXT    NOT NULL,
  token      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  status     TEXT    NOT NULL DEFAULT '',
  alive      TEXT
) STRICT;
`;

/**
 * The fences, in the read models' file: each lease's token as of its last change of hands, which
 * every fenced commit checks in its own transaction. Its layout is the one releases before the
 * leases' own file kept their leases in, so a process of such a release running beside (a rolling
 * upgrade) is fenced by the same tokens, and its leases are seen (see {@link SQLiteLeaseStore}).
 */
const FENCES = `
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
  alive?: string | null;
}

/** The leases' file of a read store at `path` (`read.db` → `read.leases.db`); `:memory:` stays in memory. */
export const leasesPathOf = (path: string): string => {
  if (path === ':memory:') return path;
  const ext = extname(path);
  return `${ext ? path.slice(0, -ext.length) : path}.leases${ext || '.db'}`;
};

/** Where the lock files of the stores holding leases are (holderLiveness.ts), beside the leases' file. */
export const holdersDirOf = (leasesPath: string): string => `${leasesPath.replace(/\.db$/, '')}.holders`;

const toLease = (r: LeaseRow): Lease => ({
  name: r.name,
  holder: r.holder,
  token: r.token,
  expiresAt: r.expires_at,
  status: r.status,
});

/**
 * The leases of the SQLite read store (src/leases/leaseStore.ts), in two places, so that keeping a
 * lease never waits for the read models' write lock, which a live projector's commit, a rebuild's
 * batch or an index build may hold for seconds:
 *
 * - the leases themselves, in a file of their own beside the read store's (`read.leases.db`), where
 *   nothing but leases is written: a renewal, a release and a standby's look touch only it;
 * - the fences, in the read models' file: at a change of hands, and only then, the new token is
 *   written there before the new holder gets its lease, so every fenced commit checks its token in
 *   the transaction that writes its documents ({@link fenceHolds}). The previous holder's commits are
 *   refused from then on; one made before it was, which the new holder reads after.
 *
 * A lease whose holder's store is gone (its process ended, even by `kill -9`) is free at once on this
 * machine (holderLiveness.ts), not only once it expires.
 */
export class SQLiteLeaseStore implements LeaseStore {
  private readonly file: ReadStoreConnection;
  private readonly liveness: HolderLiveness | undefined;

  constructor(
    private readonly fences: ReadStoreConnection,
    leasesPath: string,
  ) {
    fences.db.exec(FENCES);
    // A lease is written in a few microseconds: waiting for this lock long means something is wrong,
    // and the renewal tries again at its next turn.
    this.file = new ReadStoreConnection({ path: leasesPath, cacheMb: 1, lockWaitMs: 1_000 });
    this.file.db.exec(LEASES);
    this.liveness = leasesPath === ':memory:' ? undefined : new HolderLiveness(holdersDirOf(leasesPath));
  }

  async acquire(
    name: string,
    holder: string,
    ttlMs: number,
    options: AcquireOptions = {},
  ): Promise<Lease | null> {
    const status = options.status ?? 'running';
    // A look first, without the lock: a standby asking for a lease in other hands writes nothing.
    const fence = this.fenceRow(name);
    const seen = this.row(name);
    if (!options.steal && !this.free(seen, fence, holder, Date.now())) return null;
    const alive = this.liveness?.key() ?? null;
    const taken = this.file.writeTransaction((): { lease: Lease; changed: boolean } | null => {
      const now = Date.now();
      const row = this.row(name);
      if (!options.steal && !this.free(row, fence, holder, now)) return null;
      const mine = row !== undefined && row.holder === holder && row.expires_at > now;
      const token = mine ? row.token : Math.max(row?.token ?? 0, fence?.token ?? 0) + 1;
      this.file
        .statement(
          `INSERT INTO rs_leases (name, holder, token, expires_at, status, alive) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = excluded.token,
             expires_at = excluded.expires_at, status = excluded.status, alive = excluded.alive`,
        )
        .run(name, holder, token, now + ttlMs, status, alive);
      return { lease: { name, holder, token, expiresAt: now + ttlMs, status }, changed: !mine };
    });
    const result = await taken;
    if (!result) return null;
    const { lease } = result;
    if (!result.changed && fence?.token === lease.token && fence.holder === holder) return lease;
    // The new token goes to the read models' file before anything is done under it. Waiting there
    // for the write lock may take a while: the lease is then renewed, or found taken meanwhile.
    await this.fences.writeTransaction(() =>
      this.fences
        .statement(
          `INSERT INTO rs_leases (name, holder, token, expires_at, status) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = excluded.token,
             expires_at = excluded.expires_at, status = excluded.status
           WHERE excluded.token >= rs_leases.token`,
        )
        .run(name, holder, lease.token, lease.expiresAt, status),
    );
    return this.renew(lease, ttlMs);
  }

  async renew(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null> {
    const next = status ?? lease.status;
    return this.file.writeTransaction(() => {
      const expiresAt = Date.now() + ttlMs;
      const changed = this.file
        .statement(
          'UPDATE rs_leases SET expires_at = ?, status = ? WHERE name = ? AND holder = ? AND token = ? AND status <> ?',
        )
        .run(expiresAt, next, lease.name, lease.holder, lease.token, RELEASED).changes;
      return changed === 1 ? { ...lease, expiresAt, status: next } : null;
    });
  }

  async release(lease: Lease): Promise<void> {
    await this.file.writeTransaction(() =>
      this.file
        .statement(
          'UPDATE rs_leases SET expires_at = 0, status = ? WHERE name = ? AND holder = ? AND token = ?',
        )
        .run(RELEASED, lease.name, lease.holder, lease.token),
    );
  }

  list(): Promise<Lease[]> {
    const now = Date.now();
    const leases = new Map(
      (this.file.statement('SELECT * FROM rs_leases').all() as LeaseRow[]).map((r) => [r.name, r]),
    );
    for (const fence of this.fences.statement('SELECT * FROM rs_leases').all() as LeaseRow[]) {
      if (this.olderRelease(leases.get(fence.name), fence, now)) leases.set(fence.name, fence);
    }
    return Promise.resolve(
      [...leases.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => toLease(r)),
    );
  }

  /** Inside a write transaction of the read models' file: whether the fence's lease is still at its token. */
  fenceHolds(fence: Fence | undefined): boolean {
    if (!fence) return true;
    const token = this.fences
      .statement('SELECT token FROM rs_leases WHERE name = ?')
      .pluck()
      .get(fence.lease) as number | undefined;
    return token === fence.token;
  }

  async close(): Promise<void> {
    this.liveness?.close();
    await this.file.close();
  }

  private row(name: string): LeaseRow | undefined {
    return this.file.statement('SELECT * FROM rs_leases WHERE name = ?').get(name) as LeaseRow | undefined;
  }

  private fenceRow(name: string): LeaseRow | undefined {
    return this.fences.statement('SELECT * FROM rs_leases WHERE name = ?').get(name) as LeaseRow | undefined;
  }

  /** Whether `holder` may take the lease now: its own, expired, given back, or its holder gone. */
  private free(row: LeaseRow | undefined, fence: LeaseRow | undefined, holder: string, now: number): boolean {
    if (this.olderRelease(row, fence, now) && fence!.holder !== holder) return false;
    if (!row || row.expires_at <= now || row.holder === holder) return true;
    return Boolean(row.alive && this.liveness?.isGone(row.alive));
  }

  /**
   * Whether the read models' file names a live holder the leases' file does not: a process of a
   * release that kept its leases there, renewing them there. It holds the lease.
   */
  private olderRelease(row: LeaseRow | undefined, fence: LeaseRow | undefined, now: number): boolean {
    if (!fence || fence.expires_at <= now || fence.status === RELEASED) return false;
    if (!row) return true;
    return fence.token > row.token || (fence.token === row.token && fence.holder !== row.holder);
  }
}
