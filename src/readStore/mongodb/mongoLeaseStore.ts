import type { ClientSession, Collection, Db } from 'mongodb';
import {
  RELEASED,
  type AcquireOptions,
  type Fence,
  type Lease,
  type LeaseStore,
} from '../../leases/leaseStore.js';

interface LeaseRecord {
  _id: string;
  holder: string;
  token: number;
  expiresAt: number;
  status: string;
}

/**
 * The leases of the MongoDB read store (src/leases/leaseStore.ts): documents of `rs_leases` in the
 * read models' database, changed by compare-and-set on their token, so that a commit's transaction
 * checks its fence there ({@link MongoLeaseStore.fenceHolds}).
 */
export class MongoLeaseStore implements LeaseStore {
  private readonly leases: Collection<LeaseRecord>;

  constructor(db: Db) {
    this.leases = db.collection<LeaseRecord>('rs_leases');
  }

  async acquire(
    name: string,
    holder: string,
    ttlMs: number,
    options: AcquireOptions = {},
  ): Promise<Lease | null> {
    const status = options.status ?? 'running';
    for (let attempt = 0; attempt < 10; attempt++) {
      const now = Date.now();
      const current = await this.leases.findOne({ _id: name });
      if (!current) {
        try {
          await this.leases.insertOne({ _id: name, holder, token: 1, expiresAt: now + ttlMs, status });
          return { name, holder, token: 1, expiresAt: now + ttlMs, status };
        } catch (error) {
          if ((error as { code?: number }).code === 11000) continue; // taken meanwhile: look again
          throw error;
        }
      }
      const mine = current.holder === holder && current.expiresAt > now;
      if (!mine && current.expiresAt > now && !options.steal) return null;
      const token = mine ? current.token : current.token + 1;
      // Compare-and-set on the token it read: a concurrent taker makes this one look again.
      const changed = await this.leases.updateOne(
        { _id: name, token: current.token, holder: current.holder },
        { $set: { holder, token, expiresAt: now + ttlMs, status } },
      );
      if (changed.matchedCount === 1) return { name, holder, token, expiresAt: now + ttlMs, status };
    }
    return null;
  }

  async renew(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null> {
    const expiresAt = Date.now() + ttlMs;
    const next = status ?? lease.status;
    const changed = await this.leases.updateOne(
      { _id: lease.name, holder: lease.holder, token: lease.token, status: { $ne: RELEASED } },
      { $set: { expiresAt, status: next } },
    );
    return changed.matchedCount === 1 ? { ...lease, expiresAt, status: next } : null;
  }

  async release(lease: Lease): Promise<void> {
    await this.leases.updateOne(
      { _id: lease.name, holder: lease.holder, token: lease.token },
      { $set: { expiresAt: 0, status: RELEASED } },
    );
  }

  async list(): Promise<Lease[]> {
    const rows = await this.leases.find({}).sort({ _id: 1 }).toArray();
    return rows.map((r) => ({
      name: r._id,
      holder: r.holder,
      token: r.token,
      expiresAt: r.expiresAt,
      status: r.status,
    }));
  }

  /**
   * Inside a transaction: whether the fence's lease is still at its token. It writes to the lease
   * document, so a steal racing the transaction conflicts with it: one of the two is retried.
   */
  async fenceHolds(fence: Fence | undefined, session: ClientSession): Promise<boolean> {
    if (!fence) return true;
    const result = await this.leases.updateOne(
      { _id: fence.lease, token: fence.token },
      { $set: { fencedAt: Date.now() } },
      { session },
    );
    return result.matchedCount === 1;
  }
}
