import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Fence, Lease, LeaseStore } from './leaseStore.js';

/** A process's name in leases: host, pid and a random part (a restarted process is a new holder). */
export const processHolder = (role = 'projector'): string =>
  `${hostname()}:${process.pid}:${role}:${randomBytes(3).toString('hex')}`;

/** A lease held and kept: renewed in the background until released or lost. */
export interface HeldLease {
  readonly name: string;
  readonly fence: Fence;
  /** True once a renewal found the lease in other hands (or it could not be renewed in time). */
  readonly isLost: () => boolean;
  /** Resolves when the lease is lost (never when it is released). */
  readonly lost: Promise<void>;
  /** What the holder says it is doing, shown with the lease. */
  setStatus(status: string): void;
  release(): Promise<void>;
}

export interface HoldOptions {
  readonly ttlMs: number;
  readonly steal?: boolean;
  readonly status?: string;
  readonly onError?: (error: unknown) => void;
}

/**
 * Takes a lease (or answers null when someone else holds it) and keeps it: renewed every third of
 * its time to live. A renewal that finds it taken, or cannot reach the store before it expires,
 * marks it lost; whatever runs under it must stop, and the read store's fence refuses its writes
 * anyway. Used alike by the live projectors, rebuilds and the deadline scheduler.
 */
export const holdLease = async (
  store: LeaseStore,
  name: string,
  holder: string,
  options: HoldOptions,
): Promise<HeldLease | null> => {
  const acquired = await store.acquire(name, holder, options.ttlMs, {
    ...(options.steal ? { steal: true } : {}),
    ...(options.status ? { status: options.status } : {}),
  });
  if (!acquired) return null;
  let lease: Lease = acquired;
  let lost = false;
  let released = false;
  let status = lease.status;
  let markLost!: () => void;
  const lostPromise = new Promise<void>((resolve) => (markLost = resolve));
  const lose = () => {
    if (lost || released) return;
    lost = true;
    clearInterval(timer);
    markLost();
  };
  const renew = async () => {
    if (lost || released) return;
    try {
      const renewed = await store.renew(lease, options.ttlMs, status);
      if (!renewed) return lose();
      lease = renewed;
    } catch (error) {
      options.onError?.(error);
      if (Date.now() >= lease.expiresAt) lose();
    }
  };
  const timer = setInterval(() => void renew(), Math.max(50, Math.floor(options.ttlMs / 3)));
  timer.unref();
  return {
    name,
    fence: { lease: name, token: lease.token },
    isLost: () => lost,
    lost: lostPromise,
    setStatus(next) {
      if (next === status) return;
      status = next;
      void renew();
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (!lost) await store.release(lease).catch((error: unknown) => options.onError?.(error));
    },
  };
};
