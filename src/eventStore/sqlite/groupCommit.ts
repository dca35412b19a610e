import type Database from 'better-sqlite3';
import { AppError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { appendToStreams, prepareAppends, type AppendTarget, type PreparedAppend } from '../appendEngine.js';
import type { AppendNotifier } from '../catchUpSubscription.js';
import type { AppendResult, StreamAppend } from '../eventStore.js';
import { DEFAULT_LOCK_WAIT_MS, isBusy, lockRetryDelay, type BusyTimeouts } from '../../sqlite/lockWait.js';
import type { StreamIndex } from './streamIndex.js';

/** What the group-commit writer is told by the store's options (sqliteEventStore.ts says each). */
export interface GroupCommitOptions {
  readonly lockWaitMs?: number;
  readonly maxAppendsPerCommit?: number;
  readonly indexFlushThreshold: number;
  readonly onCommit?: (stats: { appends: number; events: number; durationMs: number }) => void;
  readonly onError?: (error: unknown) => void;
}

/** One append (to one stream or several, all or nothing) waiting for the next group commit. */
interface PendingAppend {
  readonly appends: readonly PreparedAppend[];
  /** Events in all its streams. */
  readonly events: number;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An append whose failure was not a refusal of that append (a revision or id taken, data that does
 * not fit) but of SQLite itself: the whole group commit stops, nothing of it is written, and the
 * others are tried again without this one.
 */
class BatchAborted extends Error {
  constructor(
    readonly append: PendingAppend,
    override readonly cause: unknown,
  ) {
    super('The group commit was aborted', { cause });
  }
}

/** A refusal of one append, which leaves nothing of it written (see `commitAll`): the others go on. */
const isRefusal = (error: unknown): boolean => error instanceof AppError;

/**
 * The store's only writer. Appends arriving in the same turn of the event loop are group-committed:
 * one write transaction (and one fsync) for all of them; an append of several events gets its own
 * savepoint so that a refused one does not undo the others. The write lock, when another connection
 * holds it, is waited for on a timer, not in the thread (src/sqlite/lockWait.ts). Between commits,
 * the events indexed in memory are merged into the stream index table (streamIndex.ts).
 */
export class GroupCommitWriter {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  /** Group commits refused in a row because another connection held the write lock. */
  private busyAttempts = 0;
  /** When the first of them was refused: the lock is waited for up to `lockWaitMs` from then. */
  private busySince = 0;
  private busyRetry: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly commit: (batch: PendingAppend[], outcomes: (AppendResult[] | Error)[]) => void;
  /**
   * Merges the events indexed in memory into the stream index table, if it gets the write lock at
   * once; answers whether it did (one that did not changed nothing, in the file or in memory).
   */
  readonly mergeIndex: () => boolean;

  constructor(
    private readonly db: Database.Database,
    private readonly catalog: EventCatalog,
    private readonly index: StreamIndex,
    /** The log as the append engine sees it (appendTarget.ts). */
    private readonly target: AppendTarget,
    private readonly busyTimeouts: BusyTimeouts,
    private readonly notifier: AppendNotifier,
    private readonly options: GroupCommitOptions,
  ) {
    // An append of several events (in one stream or several) runs in a savepoint (a nested
    // better-sqlite3 transaction): a refused one is undone alone, whole — every stream of it. An
    // append of one event needs none: what refuses it (a revision or id taken, checked before the
    // insert or by the insert's own constraints) leaves nothing written, since SQLite undoes a failed
    // statement. Anything else — SQLite failing, or rolling the whole transaction back (an I/O error,
    // a full disk, a trigger's RAISE(ROLLBACK)) — aborts the commit: nothing of it is written, and no
    // statement ever runs outside it (after a rollback SQLite would autocommit each one).
    const appendInSavepoint = db.transaction((p: PendingAppend, recordedAt: string) =>
      appendToStreams(this.target, p.appends, recordedAt),
    );
    const hardCap = options.indexFlushThreshold * 16;
    const commitAll = db.transaction((batch: PendingAppend[], outcomes: (AppendResult[] | Error)[]) => {
      index.sync();
      const recordedAt = new Date().toISOString();
      for (const p of batch) {
        // Undone last to first: the first mark holds the index as it stood before the whole append.
        const undos = p.appends.map((a) => index.mark(a.streamId));
        try {
          outcomes.push(
            p.events === 1
              ? appendToStreams(this.target, p.appends, recordedAt)
              : appendInSavepoint(p, recordedAt),
          );
        } catch (error) {
          for (const undo of undos.reverse()) undo();
          if (!db.inTransaction || !isRefusal(error)) throw new BatchAborted(p, error);
          outcomes.push(error as Error);
        }
      }
      // Merges keep failing (another process holds the lock at every try): merge now, under the
      // lock this commit holds, before the in-memory index grows without bound.
      if (index.pending >= hardCap) index.flush();
    });
    this.commit = (batch, outcomes) => commitAll.immediate(batch, outcomes);
    let merging = false;
    const merge = db.transaction(() => {
      merging = true;
      index.sync();
      index.flush();
    });
    this.mergeIndex = () => {
      merging = false;
      try {
        merge.immediate();
        return true;
      } catch (error) {
        if (merging) throw error;
        if (isBusy(error)) return false;
        throw error;
      }
    };
  }

  /**
   * Checks and encodes the events of every stream at once, and queues them for the next group
   * commit, as one append: all of it is written, or none; resolves once durable, or refused.
   */
  append(streams: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
    let appends: PreparedAppend[];
    try {
      appends = prepareAppends(this.catalog, streams);
    } catch (error) {
      return Promise.reject(error);
    }
    const events = appends.reduce((n, a) => n + a.prepared.length, 0);
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, events, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Commits what is queued now, or refuses it: nothing waits for a retry after the close. */
  close(): void {
    if (this.closed) return;
    clearTimeout(this.busyRetry);
    if (this.queue.length > 0) this.flushQueue(false);
    this.closed = true;
  }

  private readonly flush = (): void => this.flushQueue(true);

  private flushQueue(retryWhenBusy: boolean): void {
    this.flushScheduled = false;
    this.busyRetry = undefined;
    const max = this.options.maxAppendsPerCommit ?? 1000;
    while (this.queue.length > 0) {
      let batch = this.queue.splice(0, max);
      let outcomes: (AppendResult[] | Error)[] = [];
      const started = performance.now();
      let committed = false;
      while (!committed && batch.length > 0) {
        outcomes = [];
        try {
          // Waiting for the lock is a timer (below), not a sleep in this thread — except when
          // closing, where nothing waits for a timer any more.
          if (retryWhenBusy) this.busyTimeouts.spin();
          try {
            this.commit(batch, outcomes);
          } finally {
            if (retryWhenBusy) this.busyTimeouts.restore();
          }
          committed = true;
        } catch (error) {
          // The transaction was rolled back: what the index learnt in it is void.
          this.index.reset();
          if (error instanceof BatchAborted) {
            // One append made SQLite give up: it fails; the others are committed without it.
            error.append.reject(error.cause);
            batch = batch.filter((p) => p !== error.append);
            continue;
          }
          if (this.busyAttempts === 0) this.busySince = performance.now();
          if (
            retryWhenBusy &&
            isBusy(error) &&
            !this.db.inTransaction &&
            performance.now() - this.busySince < (this.options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS)
          ) {
            // Another connection holds the write lock: nothing was written, so the batch goes back
            // to the front of the queue and is tried again shortly, with what arrives meanwhile.
            this.queue.unshift(...batch);
            this.flushScheduled = true;
            this.busyRetry = setTimeout(this.flush, lockRetryDelay(this.busyAttempts++));
            this.notifier.notify();
            return;
          }
          // The commit itself failed (COMMIT, the fsync): nothing of the batch was written.
          for (const p of batch) p.reject(error);
          batch = [];
        }
      }
      if (!committed) continue;
      this.busyAttempts = 0;
      this.options.onCommit?.({
        appends: batch.length,
        events: batch.reduce((n, p) => n + p.events, 0),
        durationMs: performance.now() - started,
      });
      batch.forEach((p, i) => {
        const outcome = outcomes[i]!;
        if (outcome instanceof Error) p.reject(outcome);
        else p.resolve(outcome);
      });
    }
    this.notifier.notify();
    if (this.index.shouldFlush) setImmediate(this.mergeRecent);
  }

  private readonly mergeRecent = (): void => {
    if (this.closed || !this.index.shouldFlush) return;
    // Merging is housekeeping, which waits for nobody: when another connection holds the write lock
    // (another process's commit), the events stay indexed in memory and the merge is tried again
    // after the next commit (or, past a bound, inside it) — not in SQLite's busy handler, which
    // would block this thread, and every request with it, until that connection let go.
    this.busyTimeouts.spin();
    try {
      this.mergeIndex();
    } catch (error) {
      // It failed once begun: what the index learnt in the rolled-back transaction is void.
      this.index.reset();
      this.options.onError?.(error);
    } finally {
      this.busyTimeouts.restore();
    }
  };
}
