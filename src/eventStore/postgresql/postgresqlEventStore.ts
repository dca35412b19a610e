import type pg from 'pg';
import type { NewEvent, RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import type { StoredEvent } from '../storedEvent.js';
import type { ChainVerification } from '../../core/hash.js';
import { createPool } from '../../postgres/pool.js';
import { AppendNotifier } from '../catchUpSubscription.js';
import {
  ANY,
  combineResults,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type MultiAppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../eventStore.js';
import { LogListener } from './notifications.js';
import { LogReaders } from './readers.js';
import { createLogSchema } from './schema.js';
import { LiveSubscriptions } from './subscriptions.js';
import { PostgresLogWriter, type LogOrdering } from './writer.js';

export interface PostgreSQLEventStoreOptions {
  /** `postgres://user:password@host:port/database?…` */
  readonly url: string;
  readonly catalog: EventCatalog;
  /** How commits are ordered for readers (writer.ts). Default `serialised`. */
  readonly ordering?: LogOrdering;
  /**
   * Connections for reads (and each group commit takes one while it runs). Default 10. The
   * listening connection comes on top (docs/deploy.md § PostgreSQL: connections per role).
   */
  readonly poolSize?: number;
  /** Shown in `pg_stat_activity`. Default `creator-ledger log`. */
  readonly applicationName?: string;
  /** Most appends group-committed in one transaction. Default 1,000. */
  readonly maxAppendsPerCommit?: number;
  /** How long a commit waits for the append lock, which another process holds, before its appends fail. Default 30 s. */
  readonly lockWaitMs?: number;
  /**
   * How long an append or a subscription's read is tried again while the server cannot be reached
   * (a restart, a fail-over) before it fails. Default 15 s.
   */
  readonly retryForMs?: number;
  /** How often a waiting subscription reads again when announcements cannot be relied on. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** Called after each commit with the number of appends it carried and how long it took. */
  readonly onCommit?: (stats: { appends: number; events: number; durationMs: number }) => void;
  /** Told of connection failures the store recovers from (an idle connection lost, the listener's). */
  readonly onError?: (error: unknown) => void;
}

/**
 * The event log in PostgreSQL: one table (schema.ts), appends group-committed in one transaction per
 * batch with `synchronous_commit` as the server has it (on, by default: durable when acknowledged),
 * commits announced with NOTIFY. Any number of processes may share the database; they see each
 * other's appends through the announcements.
 *
 * A file per job: schema.ts the table, writer.ts the group-commit writer and the ordering of commits,
 * batchLog.ts the log as one commit decides it, readers.ts the reads, subscriptions.ts the catch-up
 * subscriptions, notifications.ts the listening connection, transient.ts which failures pass.
 *
 * Resolves once the table exists.
 */
export const getPostgreSQLEventStore = async (options: PostgreSQLEventStoreOptions): Promise<EventStore> => {
  const pool = createPool({
    url: options.url,
    max: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'creator-ledger log',
    ...(options.onError ? { onError: options.onError } : {}),
  });
  try {
    await createLogSchema(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgreSQLEventStore(pool, options);
};

class PostgreSQLEventStore implements EventStore {
  private readonly writer: PostgresLogWriter;
  private readonly readers: LogReaders;
  private readonly listener: LogListener;
  private readonly subscriptions: LiveSubscriptions;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgreSQLEventStoreOptions,
  ) {
    const ordering = options.ordering ?? 'serialised';
    const retryForMs = options.retryForMs ?? 15_000;
    const notifier = new AppendNotifier();
    this.readers = new LogReaders(pool, options.catalog, ordering);
    this.writer = new PostgresLogWriter(pool, options.catalog, notifier, {
      ordering,
      maxAppendsPerCommit: options.maxAppendsPerCommit ?? 1000,
      lockWaitMs: options.lockWaitMs ?? 30_000,
      retryForMs,
      ...(options.onCommit ? { onCommit: options.onCommit } : {}),
    });
    this.listener = new LogListener({
      url: options.url,
      applicationName: `${options.applicationName ?? 'creator-ledger log'} (listening)`,
      onWake: () => notifier.notify(),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.subscriptions = new LiveSubscriptions(
      this.readers,
      notifier,
      this.listener,
      { pollIntervalMs: options.pollIntervalMs ?? 100, retryForMs },
      () => this.closed,
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
    return this.readers.head();
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
    await this.writer.close();
    await this.subscriptions.close();
    await this.listener.close();
    await this.pool.end();
  }
}
