import type { ActiveCheckpoint, CheckpointFeed, ReadStore } from '../readStore/readStore.js';

/**
 * Where the read models are, as the read store says — the store every process shares, so an API
 * process without a projector of its own still knows when a write it made can be read back
 * (read-your-writes). It looks only while someone waits: at once when told that this process
 * committed, at once when the store says some process did (ReadStore.watchCheckpoints: PostgreSQL
 * notifies each commit), and otherwise every `pollMs` — every `listeningPollMs` while the store's
 * feed is heard, in case a notification is lost.
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

export const createCheckpointWatcher = (
  readStore: ReadStore,
  pollMs = 10,
  listeningPollMs = 250,
): CheckpointWatcher => {
  const waiters = new Set<Waiter>();
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> | undefined;
  let again = false;
  let feed: CheckpointFeed | undefined;
  /** How many times the store said something moved: a waiter compares it before and after its first read. */
  let heard = 0;

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
      timer = setTimeout(
        () => {
          timer = undefined;
          void look();
        },
        feed?.listening ? listeningPollMs : pollMs,
      );
      timer.unref();
    }
  };

  /** Opened with the first wait (a process that never waits never listens), kept until closed. */
  const listen = () => {
    if (feed || !readStore.watchCheckpoints) return;
    feed = readStore.watchCheckpoints(() => {
      heard++;
      if (waiters.size === 0) return;
      // Whether it heard or stopped hearing, the next poll is due sooner or later: set again.
      if (timer) clearTimeout(timer);
      timer = undefined;
      void look();
    });
  };

  return {
    async waitFor(position, timeoutMs, projections) {
      listen();
      const before = heard;
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
        // Told of a commit while it read: what it read may be older than that commit.
        if (heard !== before) void look();
        else schedule();
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
      feed?.close();
      feed = undefined;
    },
  };
};
