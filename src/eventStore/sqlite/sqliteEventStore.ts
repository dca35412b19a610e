import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENESIS_HASH, type EventMetadata, type NewEvent, type RecordedEvent } from '../../core/event.js';
import { AppError, ConcurrencyError, CorruptedEventError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { metadataFitsStored } from '../../core/metadata.js';
import { verifyChain, type ChainLink, type ChainVerification } from '../../core/hash.js';
import {
  DuplicateEventId,
  appendTo,
  prepareEvents,
  type AppendTarget,
  type PreparedEvent,
} from '../appendEngine.js';
import { AppendNotifier, CatchUpSubscription } from '../catchUpSubscription.js';
import {
  ANY,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionBatch,
} from '../eventStore.js';
import {
  DEFAULT_LOCK_WAIT_MS,
  busyTimeouts,
  isBusy,
  lockRetryDelay,
  type BusyTimeouts,
} from '../../sqlite/lockWait.js';
import { openEventStoreSchema } from './schema.js';
import { StreamIndex } from './streamIndex.js';

export interface SQLiteEventStoreOptions {
  /** Database file (created with its folder when missing), or `:memory:`. */
  readonly path: string;
  readonly catalog: EventCatalog;
  /** How often to look for commits made by other processes while someone is waiting. Default 20 ms. */
  readonly pollIntervalMs?: number;
  /**
   * How long a read, or the last commit when closing, waits for another connection's lock, blocking
   * its thread (SQLite's busy timeout). Default 10 s.
   */
  readonly busyTimeoutMs?: number;
  /**
   * How long a group commit waits for the write lock, which another process may hold, before its
   * appends fail: without blocking the thread (src/sqlite/lockWait.ts), which goes on taking
   * appends for the next commit meanwhile. Default 30 s.
   */
  readonly lockWaitMs?: number;
  /** Most appends group-committed in one transaction. Default 1,000. */
  readonly maxAppendsPerCommit?: number;
  /**
   * SQLite's page cache for this connection, in MiB. Default 64; a connection that only reads the
   * log through from start to end (a rebuild thread's) gains nothing from more than a few.
   */
  readonly cacheMb?: number;
  /**
   * Recent events gathered before they are merged into the stream index table. Default 32,768: a
   * merge touches about one page per stream written to, whatever its size, so fewer, larger merges
   * cost less in all; at 8,192 the merges were what the slowest 1% of appends waited for (bench:append).
   */
  readonly indexFlushThreshold?: number;
  /** Called after each commit with the number of appends it carried and how long it took. */
  readonly onCommit?: (stats: { appends: number; events: number; durationMs: number }) => void;
  /** Called when housekeeping fails (a merge of the stream index); the store carries on. */
  readonly onError?: (error: unknown) => void;
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

interface EventRowData {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

interface PendingAppend {
  readonly streamId: string;
  readonly prepared: readonly PreparedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const COLUMNS =
  'position, stream_id, revision, event_id, type, version, data, metadata, recorded_at, prev_hash, hash';
const MAX_REVISION = Number.MAX_SAFE_INTEGER;
const DEFAULT_INDEX_FLUSH = 32_768;

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous = FULL`, so a commit is
 * durable when it returns. Appends arriving in the same turn of the event loop are group-committed:
 * one write transaction (and one fsync) for all of them; an append of several events gets its own
 * savepoint so that a refused one does not undo the others. Several processes may share the file:
 * writes take the write lock with BEGIN IMMEDIATE, and revisions are checked inside it.
 */
export const getSQLiteEventStore = (options: SQLiteEventStoreOptions): EventStore =>
  new SQLiteEventStore(options);

class SQLiteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly catalog: EventCatalog;
  private readonly index: StreamIndex;
  private readonly notifier = new AppendNotifier();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  /** Group commits refused in a row because another connection held the write lock. */
  private busyAttempts = 0;
  /** When the first of them was refused: the lock is waited for up to `lockWaitMs` from then. */
  private busySince = 0;
  private readonly busyTimeouts: BusyTimeouts;
  private busyRetry: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastDataVersion = 0;
  private closed = false;
  private readonly statements;
  private readonly filteredReads = new Map<string, Database.Statement>();
  private readonly target: AppendTarget;
  private readonly commit: (batch: PendingAppend[], outcomes: (AppendResult | Error)[]) => void;
  private readonly mergeIndex: () => boolean;
  private readonly read: <T>(fn: () => T) => T;

  constructor(private readonly options: SQLiteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.catalog = options.catalog;
    const db = (this.db = new Database(options.path));
    this.busyTimeouts = busyTimeouts(db, options.busyTimeoutMs ?? 10_000);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Checkpoint the WAL into the database every ~40 MB rather than every 4 MB: hot pages are
    // copied once per checkpoint, not once per few commits.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma(`cache_size = -${Math.round((options.cacheMb ?? 64) * 1024)}`);
    openEventStoreSchema(db);
    this.index = new StreamIndex(db, {
      flushThreshold: options.indexFlushThreshold ?? DEFAULT_INDEX_FLUSH,
      tailCacheSize: 100_000,
    });

    this.statements = {
      findEvent: db.prepare<[string], { stream_id: string; revision: number }>(
        'SELECT stream_id, revision FROM events WHERE event_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, version, data, metadata, recorded_at, prev_hash, hash, prev_position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      byPosition: db.prepare<[number], EventRowData>(`SELECT ${COLUMNS} FROM events WHERE position = ?`),
      allForward: db.prepare<[number, number], EventRowData>(
        `SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?`,
      ),
      allBackward: db.prepare<[number, number], EventRowData>(
        `SELECT ${COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`,
      ),
      head: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
      countAfter: db
        .prepare<[number, number], number>(
          'SELECT count(*) FROM (SELECT 1 FROM events WHERE position > ? LIMIT ?)',
        )
        .pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };

    const s = this.statements;
    const index = this.index;
    this.target = {
      tail: (streamId) => {
        const tail = index.tail(streamId);
        return tail ? { revision: BigInt(tail.revision), hash: tail.hash } : undefined;
      },
      findEvent: (eventId) => {
        const row = s.findEvent.get(eventId);
        return row ? { streamId: row.stream_id, revision: BigInt(row.revision) } : undefined;
      },
      readRange: (streamId, from, count) =>
        this.rowsOf(streamId, Number(from), Number(from) + count - 1).map((r) => this.toEvent(r, false)),
      insert: (row) => {
        const revision = Number(row.revision);
        // The stream's last event, which this one follows (the schema checks that it is).
        const previous = revision > 0 ? (index.tail(row.streamId)?.position ?? null) : null;
        let position: number;
        try {
          position = Number(
            s.insert.run(
              row.streamId,
              revision,
              row.prepared.event.id,
              row.prepared.event.type,
              row.prepared.event.version,
              row.prepared.dataJson,
              row.prepared.metadataJson,
              row.recordedAt,
              row.prevHash,
              row.hash,
              previous,
            ).lastInsertRowid,
          );
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            // The revision taken under us (the database's own check: the previous event already has
            // a successor, or the stream a first event): a conflict like any other.
            if (!(error as Error).message.includes('events.event_id')) {
              throw new ConcurrencyError(row.streamId, String(row.revision - 1n), row.revision);
            }
            throw new DuplicateEventId(row.prepared.event.id);
          }
          throw error;
        }
        index.add(row.streamId, revision, position, row.hash);
        return BigInt(position);
      },
    };

    // An append of several events runs in a savepoint (a nested better-sqlite3 transaction): a refused
    // one is undone alone. An append of one event needs none: what refuses it (a revision or id taken,
    // checked before the insert or by the insert's own constraints) leaves nothing written, since
    // SQLite undoes a failed statement. Anything else — SQLite failing, or rolling the whole
    // transaction back (an I/O error, a full disk, a trigger's RAISE(ROLLBACK)) — aborts the commit:
    // nothing of it is written, and no statement ever runs outside it (after a rollback SQLite would
    // autocommit each one).
    const appendInSavepoint = db.transaction((p: PendingAppend, recordedAt: string) =>
      appendTo(this.target, p.streamId, p.prepared, p.expected, recordedAt),
    );
    const hardCap = (options.indexFlushThreshold ?? DEFAULT_INDEX_FLUSH) * 16;
    const commitAll = db.transaction((batch: PendingAppend[], outcomes: (AppendResult | Error)[]) => {
      index.sync();
      const recordedAt = new Date().toISOString();
      for (const p of batch) {
        const undo = index.mark(p.streamId);
        try {
          outcomes.push(
            p.prepared.length === 1
              ? appendTo(this.target, p.streamId, p.prepared, p.expected, recordedAt)
              : appendInSavepoint(p, recordedAt),
          );
        } catch (error) {
          undo();
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
    // Whether the merge got the lock: one that did not changed nothing, in the file or in memory.
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
    const readTransaction = db.transaction((fn: () => unknown) => {
      index.sync();
      return fn();
    });
    this.read = <T>(fn: () => T) => readTransaction.deferred(fn) as T;
    this.lastDataVersion = this.dataVersion();
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
    let prepared: PreparedEvent[];
    try {
      prepared = prepareEvents(this.catalog, streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, prepared, expected: options.expectedRevision ?? ANY, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => this.flushQueue(true);

  private flushQueue(retryWhenBusy: boolean): void {
    this.flushScheduled = false;
    this.busyRetry = undefined;
    const max = this.options.maxAppendsPerCommit ?? 1000;
    while (this.queue.length > 0) {
      let batch = this.queue.splice(0, max);
      let outcomes: (AppendResult | Error)[] = [];
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
        events: batch.reduce((n, p) => n + p.prepared.length, 0),
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

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const backwards = options.direction === 'backwards';
    const from = Number(options.fromRevision ?? (backwards ? MAX_REVISION : 0));
    const to = Number(options.toRevision ?? (backwards ? 0 : MAX_REVISION));
    const rows = this.read(() => {
      const all = backwards ? this.rowsOf(streamId, to, from).reverse() : this.rowsOf(streamId, from, to);
      return all.slice(0, max);
    });
    return Promise.resolve(rows.map((row) => this.toEvent(row, !options.raw)));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.filter && (options.filter.eventTypes || options.filter.streamPrefixes)) {
      const backwards = options.direction === 'backwards';
      return Promise.resolve(
        this.readFiltered(
          options.fromPosition ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 1n),
          max,
          options.filter,
          backwards,
        ),
      );
    }
    const rows =
      options.direction === 'backwards'
        ? this.statements.allBackward.all(
            Number(options.fromPosition ?? BigInt(Number.MAX_SAFE_INTEGER)),
            max,
          )
        : this.statements.allForward.all(Number(options.fromPosition ?? 1n), max);
    return Promise.resolve(rows.map((row) => this.toEvent(row, true)));
  }

  streamRevision(streamId: string): Promise<bigint | undefined> {
    return Promise.resolve(this.read(() => this.target.tail(streamId)?.revision));
  }

  headPosition(): Promise<bigint> {
    return Promise.resolve(this.headSync());
  }

  eventsAfter(position: bigint, limit: number): Promise<number> {
    return Promise.resolve(this.statements.countAfter.get(Number(position), limit) ?? 0);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const filter = options.filter;
    const hasFilter = Boolean(filter && (filter.eventTypes || filter.streamPrefixes));
    const readBatch = this.db.transaction((after: bigint, limit: number): SubscriptionBatch => {
      const events = hasFilter
        ? this.readFiltered(after + 1n, limit, filter!)
        : this.statements.allForward.all(Number(after + 1n), limit).map((row) => this.toEvent(row, true));
      if (events.length === limit)
        return { events, position: events[events.length - 1]!.position, caughtUp: false };
      // The page ended before the limit: everything up to the head of this snapshot was scanned.
      const head = this.headSync();
      return { events, position: head > after ? head : after, caughtUp: true };
    });
    const subscription = new CatchUpSubscription(
      {
        readBatch: (after, limit) => Promise.resolve(readBatch.deferred(after, limit)),
        head: () => this.headPosition(),
        waitForAppend: (after, signal) => {
          if (this.headSync() > after) return Promise.resolve();
          const waiting = this.notifier.next(signal);
          this.startPolling();
          return waiting;
        },
      },
      options.fromPosition ?? 0n,
      options.batchSize ?? 1000,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  verifyStream(streamId: string): Promise<ChainVerification> {
    const { rows, missing } = this.read(() => {
      const entries = this.index.entries(streamId, 0, MAX_REVISION);
      const found: EventRowData[] = [];
      let gone: number | undefined;
      for (const { revision, position } of entries) {
        const row = this.statements.byPosition.get(position);
        if (row) found.push(row);
        else gone ??= revision;
      }
      return { rows: found, missing: gone };
    });
    // Checked against the text exactly as stored: any changed byte changes the hash.
    const links: ChainLink[] = rows.map((row) => ({
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      id: row.event_id,
      type: row.type,
      version: row.version,
      data: undefined,
      metadata: undefined,
      dataJson: row.data,
      metadataJson: row.metadata,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
    const verified = verifyChain(links, GENESIS_HASH);
    // The last events gone: nothing after them shows the gap, the index does.
    if (verified.valid && missing !== undefined) {
      return Promise.resolve({
        valid: false,
        eventsChecked: verified.eventsChecked,
        firstBrokenRevision: BigInt(missing),
        reason: `revision ${missing} is missing from the log`,
      });
    }
    return Promise.resolve(verified);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.busyRetry);
    // What is queued is committed now, or refused: nothing waits for a retry after the close.
    if (this.queue.length > 0) this.flushQueue(false);
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.stopPolling();
    try {
      // Leave the stream index whole, so the next start reads nothing back into memory.
      this.mergeIndex();
    } catch {
      // Another process holds the lock: it, or the next start, merges instead.
    }
    this.db.close();
  }

  /**
   * Rows of a stream with revisions in [from, to], in revision order, inside a read transaction. A
   * row the index lists but the log no longer holds (deleted behind the store's back) is left out:
   * readers get what is there, and {@link verifyStream} names the revision that is missing.
   */
  private rowsOf(streamId: string, from: number, to: number): EventRowData[] {
    const rows: EventRowData[] = [];
    for (const { position } of this.index.entries(streamId, from, to)) {
      const row = this.statements.byPosition.get(position);
      if (row) rows.push(row);
    }
    return rows;
  }

  private readFiltered(from: bigint, limit: number, filter: EventFilter, backwards = false): RecordedEvent[] {
    const types = filter.eventTypes ?? [];
    const prefixes = filter.streamPrefixes ?? [];
    const key = `${backwards ? 'b' : 'f'}${types.length > 0 ? 't' : ''}${prefixes.length}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const conditions = [backwards ? 'position <= ?' : 'position >= ?'];
      if (types.length > 0) conditions.push('type IN (SELECT value FROM json_each(?))');
      if (prefixes.length > 0) {
        conditions.push(`(${prefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`);
      }
      statement = this.db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
      );
      this.filteredReads.set(key, statement);
    }
    const params: unknown[] = [Number(from)];
    if (types.length > 0) params.push(JSON.stringify(types));
    for (const prefix of prefixes) params.push(prefix.length, prefix);
    params.push(limit);
    return (statement.all(...params) as EventRowData[]).map((row) => this.toEvent(row, true));
  }

  private headSync(): bigint {
    return BigInt(this.statements.head.get() ?? 0);
  }

  private dataVersion(): number {
    return this.statements.dataVersion.get()!;
  }

  /** Commits by other processes are seen through `PRAGMA data_version`, polled only while someone waits. */
  private startPolling(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setInterval(() => {
      if (this.notifier.waiting === 0) return this.stopPolling();
      const version = this.dataVersion();
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        this.notifier.notify();
      }
    }, this.options.pollIntervalMs ?? 20);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private toEvent(row: EventRowData, upcast: boolean): RecordedEvent {
    let version = row.version;
    let data: unknown;
    let metadata: EventMetadata;
    try {
      data = JSON.parse(row.data);
      metadata = JSON.parse(row.metadata) as EventMetadata;
    } catch {
      throw new CorruptedEventError(row.stream_id, BigInt(row.revision), BigInt(row.position));
    }
    // JSON that no longer has its type's shape (a field renamed on disk) is as unreadable as broken JSON.
    if (!this.catalog.fitsStored(row.type, row.version, data) || !metadataFitsStored(metadata)) {
      throw new CorruptedEventError(row.stream_id, BigInt(row.revision), BigInt(row.position));
    }
    if (upcast) ({ version, data } = this.catalog.upcast(row.type, version, data));
    return {
      id: row.event_id,
      type: row.type,
      version,
      data,
      metadata,
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      position: BigInt(row.position),
      recordedAt: row.recorded_at,
      prevHash: row.prev_hash,
      hash: row.hash,
    };
  }
}
