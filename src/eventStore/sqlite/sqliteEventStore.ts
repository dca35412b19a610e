import type Database from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import type { ChainVerification } from '../../core/hash.js';
import { AppendNotifier } from '../catchUpSubscription.js';
import type { StoredEvent } from '../storedEvent.js';
import {
  ANY,
  type AppendOptions,
  combineResults,
  type AppendResult,
  type EventStore,
  type MultiAppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type StreamAppend,
  type Subscription,
} from '../eventStore.js';
import { appendTarget } from './appendTarget.js';
import { openLog } from './connection.js';
import { GroupCommitWriter } from './groupCommit.js';
import { LogReaders } from './readers.js';
import { prepareStatements } from './statements.js';
import { StreamIndex } from './streamIndex.js';
import { LiveSubscriptions } from './subscriptions.js';

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

const DEFAULT_INDEX_FLUSH = 32_768;

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous = FULL`, so a commit is
 * durable when it returns. Appends arriving in the same turn of the event loop are group-committed:
 * one write transaction (and one fsync) for all of them; an append of several events gets its own
 * savepoint so that a refused one does not undo the others. Several processes may share the file:
 * writes take the write lock with BEGIN IMMEDIATE, and revisions are checked inside it.
 *
 * A file per job, on one connection (connection.ts, schema.ts): statements.ts and rows.ts the
 * statements and the rows they read, streamIndex.ts a stream's events by revision, groupCommit.ts
 * the writer (appendTarget.ts: one event's insert), readers.ts the reads, subscriptions.ts the
 * catch-up subscriptions and the polling for other processes' commits.
 */
export const getSQLiteEventStore = (options: SQLiteEventStoreOptions): EventStore =>
  new SQLiteEventStore(options);

class SQLiteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly writer: GroupCommitWriter;
  private readonly readers: LogReaders;
  private readonly subscriptions: LiveSubscriptions;
  private closed = false;

  constructor(options: SQLiteEventStoreOptions) {
    const { db, busyTimeouts } = openLog({
      path: options.path,
      busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
      cacheMb: options.cacheMb ?? 64,
    });
    this.db = db;
    const indexFlushThreshold = options.indexFlushThreshold ?? DEFAULT_INDEX_FLUSH;
    const index = new StreamIndex(db, { flushThreshold: indexFlushThreshold, tailCacheSize: 100_000 });
    const statements = prepareStatements(db);
    const notifier = new AppendNotifier();
    this.readers = new LogReaders(db, index, statements, options.catalog);
    this.writer = new GroupCommitWriter(
      db,
      options.catalog,
      index,
      appendTarget(index, statements, (streamId, from, count) => this.readers.range(streamId, from, count)),
      busyTimeouts,
      notifier,
      { ...options, indexFlushThreshold },
    );
    this.subscriptions = new LiveSubscriptions(
      db,
      statements,
      this.readers,
      options.catalog,
      notifier,
      options.pollIntervalMs ?? 20,
    );
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    return (
      await this.writer.append([{ streamId, events, expectedRevision: options.expectedRevision ?? ANY }])
    )[0]!;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<MultiAppendResult> {
    return combineResults(await this.writer.append(appends));
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.readers.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readers.readAll(options);
  }

  streamRevision(streamId: string): Promise<bigint | undefined> {
    return this.readers.streamRevision(streamId);
  }

  headPosition(): Promise<bigint> {
    return Promise.resolve(this.readers.head());
  }

  eventsAfter(position: bigint, limit: number): Promise<number> {
    return this.readers.eventsAfter(position, limit);
  }

  subscribe(options?: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(options);
  }

  readStoredStream(streamId: string): Promise<StoredEvent[]> {
    return this.readers.readStoredStream(streamId);
  }

  verifyStream(streamId: string): Promise<ChainVerification> {
    return this.readers.verifyStream(streamId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
    await this.subscriptions.close();
    try {
      // Leave the stream index whole, so the next start reads nothing back into memory.
      this.writer.mergeIndex();
    } catch {
      // Another process holds the lock: it, or the next start, merges instead.
    }
    this.db.close();
  }
}
