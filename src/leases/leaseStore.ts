/**
 * The lease store port: named pieces of work (a projection's live consumer, a rebuild, the deadline
 * scheduler) held by at most one process at a time, for as long as it renews.
 *
 * Every change of hands raises a lease's `token`, and writes made under a lease carry it
 * ({@link Fence}): the read store refuses a fenced commit or switch unless the lease is still at
 * that token, checked in the transaction that writes the documents (ReadStore.commit,
 * ReadStore.activate). So a holder that paused past its lease and lost it cannot write any more,
 * whatever it believes.
 *
 * That check needs the leases in the read models' database. So an adapter has no factory of its
 * own: each read store adapter implements this port beside it, over the same database, and hands
 * it out as its `leases` member (ReadStore.leases) — rather than a factory giving a read store and
 * a lease store side by side. The pairing then holds by construction (no read store can be fenced
 * with another database's leases), and there is one handle to open and to close. What needs only
 * leases (the scheduler's hold, /readyz, metrics) is given `readStore.leases`, typed as this port.
 */
export interface LeaseStore {
  /**
   * Takes the lease for `ttlMs` when it is free, expired, or already this holder's (then it is
   * renewed); with `steal`, takes it from whoever holds it. Answers the lease held, or null.
   */
  acquire(name: string, holder: string, ttlMs: number, options?: AcquireOptions): Promise<Lease | null>;

  /**
   * Extends a lease still held at its token; null when it was lost or given back (a renewal that was
   * waiting when its holder released the lease must not take it back).
   */
  renew(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null>;

  /** Gives a lease back (it stays at its token: the next holder raises it). */
  release(lease: Lease): Promise<void>;

  /** Every lease, held or expired, by name. */
  list(): Promise<Lease[]>;
}

export interface AcquireOptions {
  /** Take it even from a holder whose lease has not expired (a rebuild's switch). */
  readonly steal?: boolean;
  /** What the holder says it is doing. Default `running`. */
  readonly status?: string;
}

/** A lease as its store last wrote it. */
export interface Lease {
  readonly name: string;
  /** Who holds it: a process and role (`host:pid:…`). */
  readonly holder: string;
  /** Fencing token: grows by one whenever the lease changes hands. */
  readonly token: number;
  /** Epoch ms after which anyone may take it. */
  readonly expiresAt: number;
  /** What the holder says it is doing (`running`, `failed`, `rebuilding`…), for /readyz. */
  readonly status: string;
}

/** The status of a lease its holder gave back: no renewal takes it back (LeaseStore.renew). */
export const RELEASED = 'released';

/** What a write made under a lease carries: refused unless the lease is still at this token. */
export interface Fence {
  readonly lease: string;
  readonly token: number;
}
