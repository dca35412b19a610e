import {
  RELEASED,
  type AcquireOptions,
  type Fence,
  type Lease,
  type LeaseStore,
} from '../../leases/leaseStore.js';

/** The leases of the in-memory read store (src/leases/leaseStore.ts). */
export class InMemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Lease>();

  acquire(name: string, holder: string, ttlMs: number, options: AcquireOptions = {}): Promise<Lease | null> {
    const now = Date.now();
    const current = this.leases.get(name);
    const mine = current?.holder === holder && current.expiresAt > now;
    if (current && !mine && current.expiresAt > now && !options.steal) return Promise.resolve(null);
    const lease: Lease = {
      name,
      holder,
      token: !current ? 1 : mine ? current.token : current.token + 1,
      expiresAt: now + ttlMs,
      status: options.status ?? 'running',
    };
    this.leases.set(name, lease);
    return Promise.resolve(lease);
  }

  renew(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null> {
    const current = this.leases.get(lease.name);
    if (current?.holder !== lease.holder || current.token !== lease.token || current.status === RELEASED)
      return Promise.resolve(null);
    const renewed = { ...current, expiresAt: Date.now() + ttlMs, status: status ?? current.status };
    this.leases.set(lease.name, renewed);
    return Promise.resolve(renewed);
  }

  release(lease: Lease): Promise<void> {
    const current = this.leases.get(lease.name);
    if (current?.holder === lease.holder && current.token === lease.token) {
      this.leases.set(lease.name, { ...current, expiresAt: 0, status: RELEASED });
    }
    return Promise.resolve();
  }

  list(): Promise<Lease[]> {
    return Promise.resolve([...this.leases.values()].sort((a, b) => a.name.localeCompare(b.name)));
  }

  /** Whether the fence's lease is still at its token. */
  fenceHolds(fence: Fence | undefined): boolean {
    return !fence || this.leases.get(fence.lease)?.token === fence.token;
  }
}
