import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Fence, Lease, LeaseStore } from './leaseStore.js';

/** A process's name in leases: host, pid and a random part (a restarted process is a new holder). */
export const processHolder = (role = 'projector'): string =>
  `${hostname()}:${process.pid}:${role}:${randomBytes(3).toString('hex')}`;

/** Why a held lease was lost: what its holder logs. */
export interface LeaseLoss {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  /**
   * `taken`: a renewal found it in other hands (it had expired, or was taken: a rebuild's switch, a
   * holder thought gone); `unreachable`: the store could not be reached before it expired.
   */
  readonly reason: 'taken' | 'unreachable';
  /** How late the renewal that found it lost started, after it was due, in ms. */
  readonly renewalLateMs: number;
  /** How long it had expired when that renewal started, in ms (absent when it had not). */
  readonly expiredForMs?: number;
  /** Who holds it now, as the store says (absent when nobody does, or the store could not say). */
  readonly heldBy?: { readonly holder: string; readonly token: number; readonly status: string };
  readonly error?: unknown;
}

/** A lease held and kept: renewed in the background until released or lost. */
export interface HeldLease {
  readonly name: string;
  readonly fence: Fence;
  /** True once a renewal found the lease in other hands (or it could not be renewed in time). */
  readonly isLost: () => boolean;
  /** Resolves, with why, when the lease is lost (never when it is released). */
  readonly lost: Promise<LeaseLoss>;
  /** What the holder says it is doing, shown with the lease. */
  setStatus(status: string): void;
  release(): Promise<void>;
}

export interface HoldOptions {
  readonly ttlMs: number;
  readonly steal?: boolean;
  readonly status?: string;
  readonly onError?: (error: unknown) => void;
  /** When the lease is lost, with why: every holder logs it ({@link describeLoss}). */
  readonly onLost?: (loss: LeaseLoss) => void;
}

/** A lost lease in an operator's words, for the log line. */
export const describeLoss = (loss: LeaseLoss): string => {
  const late = `its renewal came ${loss.renewalLateMs} ms late`;
  const why =
    loss.reason === 'unreachable'
      ? `the store could not be reached before it expired (${late})`
      : loss.expiredForMs !== undefined
        ? `it ran out unrenewed (${late}, ${loss.expiredForMs} ms after it expired)`
        : `it was taken before it expired (${late})`;
  const now = loss.heldBy
    ? `; now held by ${loss.heldBy.holder} at token ${loss.heldBy.token} (${loss.heldBy.status})`
    : '';
  return `lease ${loss.name} lost at token ${loss.token}: ${why}${now}`;
};

/** A lost lease as log fields. */
export const lossFields = (loss: LeaseLoss): Record<string, unknown> => ({
  lease: loss.name,
  token: loss.token,
  reason: loss.reason,
  renewalLateMs: loss.renewalLateMs,
  ...(loss.expiredForMs !== undefined ? { expiredForMs: loss.expiredForMs } : {}),
  ...(loss.heldBy ? { heldBy: loss.heldBy.holder, heldAtToken: loss.heldBy.token } : {}),
  ...(loss.error ? { err: loss.error } : {}),
});

/** When a lease expires (epoch ms), as its store says: a standby need not ask for it before. */
export const expiryOf = async (store: LeaseStore, name: string): Promise<number | undefined> =>
  (await store.list()).find((lease) => lease.name === name)?.expiresAt;

/**
 * Takes a lease (or answers null when someone else holds it) and keeps it: renewed a third of its
 * time to live after each renewal, one renewal at a time. A renewal that finds it taken, or cannot
 * reach the store before it expires, marks it lost; whatever runs under it must stop, and the read
 * store's fence refuses its writes anyway. Used alike by the live projectors, rebuilds and the
 * deadline scheduler.
 *
 * Renewals run on timers of their own, between the holder's steps: a holder must yield now and
 * then (its batches, its commands do), and its store must not make a renewal wait behind its other
 * writes (the SQLite store keeps leases in a file of their own).
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
  const interval = Math.max(50, Math.floor(options.ttlMs / 3));
  let lease: Lease = acquired;
  let lost = false;
  let released = false;
  let status = lease.status;
  let due = Date.now() + interval;
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> | undefined;
  let again = false;
  let markLost!: (loss: LeaseLoss) => void;
  const lostPromise = new Promise<LeaseLoss>((resolve) => (markLost = resolve));

  const lose = async (
    why: Pick<LeaseLoss, 'reason' | 'error'>,
    started: number,
    lateMs: number,
  ): Promise<void> => {
    if (lost || released) return;
    lost = true;
    clearTimeout(timer);
    const now = (await store.list().catch(() => [])).find((l) => l.name === name);
    const loss: LeaseLoss = {
      name,
      holder,
      token: lease.token,
      reason: why.reason,
      renewalLateMs: Math.max(0, Math.round(lateMs)),
      ...(started > lease.expiresAt ? { expiredForMs: started - lease.expiresAt } : {}),
      ...(now && now.expiresAt > Date.now() && (now.holder !== holder || now.token !== lease.token)
        ? { heldBy: { holder: now.holder, token: now.token, status: now.status } }
        : {}),
      ...(why.error ? { error: why.error } : {}),
    };
    options.onLost?.(loss);
    markLost(loss);
  };

  const renewOnce = async (): Promise<void> => {
    if (lost || released) return;
    const started = Date.now();
    const lateMs = started - due;
    try {
      const renewed = await store.renew(lease, options.ttlMs, status);
      if (!renewed) return await lose({ reason: 'taken' }, started, lateMs);
      lease = renewed;
      due = Date.now() + interval;
    } catch (error) {
      options.onError?.(error);
      if (Date.now() >= lease.expiresAt) return await lose({ reason: 'unreachable', error }, started, lateMs);
      // Tried again soon, while the lease still runs.
      due = Date.now() + Math.min(interval, Math.max(10, (lease.expiresAt - Date.now()) / 4));
    }
  };

  const schedule = () => {
    if (lost || released || renewing) return;
    timer = setTimeout(() => void renewNow(), Math.max(0, due - Date.now()));
    timer.unref();
  };
  const renewNow = (): Promise<void> => {
    if (renewing) {
      again = true;
      return renewing;
    }
    clearTimeout(timer);
    renewing = (async () => {
      do {
        again = false;
        await renewOnce();
      } while (again && !lost && !released);
    })().finally(() => {
      renewing = undefined;
      schedule();
    });
    return renewing;
  };
  schedule();

  return {
    name,
    fence: { lease: name, token: lease.token },
    isLost: () => lost,
    lost: lostPromise,
    setStatus(next) {
      if (next === status) return;
      status = next;
      void renewNow();
    },
    async release() {
      if (released) return;
      released = true;
      clearTimeout(timer);
      // A renewal on its way finds the lease released and leaves it so (LeaseStore.renew).
      if (!lost) await store.release(lease).catch((error: unknown) => options.onError?.(error));
    },
  };
};
