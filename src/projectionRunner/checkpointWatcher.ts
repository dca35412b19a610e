import type { ActiveCheckpoint, ReadStore } from '../readStore/readStore.js';

/**
 * Where the read models are, as the read store says — the store every process shares, so an API
 * process without a projector of its own still knows when a write it made can be read back
 * (read-your-writes). It looks only while someone waits, every `pollMs`, and at once when told that
 * this process committed.
 */
export interface CheckpointWatcher {
  /** Resolves true once every projection named is at or past `position`; false on timeout. */
  waitFor(position: bigint, timeoutMs: number, projections: readonly string[]): Promise<boolean>;
  /** The active checkpoints as last read. */
  read(): Promise<Map<string, ActiveCheckpoint>>;
  /** Something was committed in this process: look again now. */
  notify(): void;
  /** Wakes every waiter (answering false to those not satisfied). */
  close(): void;
}

interface Waiter {
  readonly position: bigint;
  readonly projections: readonly string[];
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

export const createCheckpointWatcher = (readStore: ReadStore, pollMs = 10): CheckpointWatcher => {
  const waiters = new Set<Waiter>();
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> | undefined;
  let again = false;

  const reached = (checkpoints: Map<string, ActiveCheckpoint>, waiter: Waiter) =>
    waiter.projections.every((name) => (checkpoints.get(name)?.checkpoint ?? -1n) >= waiter.position);

  const look = (): Promise<void> => {
    if (looking) {
      again = true;
      return looking;
    }
    looking = (async () => {
      do {
        again = false;
        const checkpoints = await readStore.activeCheckpoints();
        for (const waiter of [...waiters]) {
          if (!reached(checkpoints, waiter)) continue;
          waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve(true);
        }
      } while (again);
    })()
      .catch(() => undefined)
      .finally(() => {
        looking = undefined;
        schedule();
      });
    return looking;
  };

  const schedule = () => {
    if (waiters.size === 0) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      return;
    }
    if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void look();
      }, pollMs);
      timer.unref();
    }
  };

  return {
    async waitFor(position, timeoutMs, projections) {
      const checkpoints = await readStore.activeCheckpoints();
      const probe = { position, projections } as Waiter;
      if (reached(checkpoints, probe)) return true;
      return new Promise<boolean>((resolve) => {
        const waiter: Waiter = {
          position,
          projections,
          resolve,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            resolve(false);
          }, timeoutMs),
        };
        waiters.add(waiter);
        schedule();
      });
    },
    read: () => readStore.activeCheckpoints(),
    notify() {
      if (waiters.size > 0) void look();
    },
    close() {
      for (const waiter of [...waiters]) {
        clearTimeout(waiter.timer);
        waiter.resolve(false);
      }
      waiters.clear();
      if (timer) clearTimeout(timer);
    },
  };
};
