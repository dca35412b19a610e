import type pg from 'pg';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { appendToStreams, prepareAppends, type PreparedAppend } from '../appendEngine.js';
import type { AppendNotifier } from '../catchUpSubscription.js';
import type { AppendResult, StreamAppend } from '../eventStore.js';
import { BatchLog, type BatchView } from './batchLog.js';
import type { LogRow } from './rows.js';
import { ORDINAL_BITS } from './schema.js';
import { beginAndRead, insertAndCommit } from './statements.js';
import { backoffMs, isTransient, isUniqueViolation, sleep } from './transient.js';

/**
 * How positions follow commits, so that a reader following positions never skips an event that a
 * transaction still running will commit with a lower position (the problem every SQL log has:
 * transactions commit out of the order they took their positions in).
 *
 * - `serialised` (the default): one appending transaction at a time per database, under a
 *   transaction-scoped advisory lock, each taking the positions after the head. Positions are dense
 *   and in commit order, so a reader may read up to whatever it sees. Each process group-commits the
 *   appends waiting for the lock in one transaction, so the lock is taken once per batch, not per append.
 * - `transaction-id`: Emmett's way (emmett-postgresql: `transaction_id xid8`, read below
 *   `pg_snapshot_xmin(pg_current_snapshot())`): transactions append concurrently; a position is the
 *   transaction's id shifted left plus the event's ordinal, and subscriptions read only below the
 *   oldest transaction still running. Writers never wait for each other, but every reader waits for
 *   the slowest write transaction anywhere on the server, whatever it writes; positions are sparse
 *   and tied to the cluster's transaction ids (a logical dump restored elsewhere starts them lower).
 *
 * bench:append measures both (docs/deploy.md § PostgreSQL gives the figures and the choice).
 */
export type LogOrdering = 'serialised' | 'transaction-id';

/** What the writer is told by the store's options (postgresqlEventStore.ts says each). */
export interface WriterOptions {
  readonly ordering: LogOrdering;
  readonly maxAppendsPerCommit: number;
  readonly lockWaitMs: number;
  readonly retryForMs: number;
  readonly onCommit?: (stats: { appends: number; events: number; durationMs: number }) => void;
}

/** One append (to one stream or several, all or nothing) waiting for the next group commit. */
interface PendingAppend {
  readonly appends: readonly PreparedAppend[];
  readonly events: number;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Constraint refusals tried again in a row before a batch fails (the transaction-id ordering's races). */
const MAX_CONFLICT_RETRIES = 20;

/**
 * The store's writer. Appends arriving while a commit is under way (or in the same turn of the event
 * loop) are group-committed: one transaction, one insert and one WAL flush for all of them. The batch
 * is decided in memory against what the transaction read of the log (batchLog.ts), each append on its
 * own, so that a refused one leaves the others; only what is decided is written.
 *
 * A commit that fails for the connection's or the server's sake (a restart) is tried again, whole,
 * for up to `retryForMs`: safe even when the first try did commit and only its answer was lost,
 * because an append seen again by its event ids is a repeat, answered with what the first wrote.
 */
export class PostgresLogWriter {
  private queue: PendingAppend[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly catalog: EventCatalog,
    private readonly notifier: AppendNotifier,
    private readonly options: WriterOptions,
  ) {}

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
      this.draining ??= this.drain();
    });
  }

  /** Commits what is queued, then takes no more. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
  }

  private async drain(): Promise<void> {
    // Appends made in this turn of the event loop go into the first commit together.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxAppendsPerCommit);
      await this.commit(batch);
    }
    this.draining = undefined;
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const started = performance.now();
    let conflicts = 0;
    for (let attempt = 0; ; attempt++) {
      let outcomes: (AppendResult[] | Error)[];
      let written: number;
      try {
        ({ outcomes, written } = await this.tryCommit(batch));
      } catch (error) {
        // Another transaction wrote a revision or an id this batch decided on (transaction-id
        // ordering only: under the lock, the view is exact). It has committed by now: read again.
        if (isUniqueViolation(error) && conflicts++ < MAX_CONFLICT_RETRIES) continue;
        if (isTransient(error) && performance.now() - started < this.options.retryForMs) {
          await sleep(backoffMs(attempt));
          continue;
        }
        for (const p of batch) p.reject(error);
        return;
      }
      this.options.onCommit?.({
        appends: batch.length,
        events: written,
        durationMs: performance.now() - started,
      });
      batch.forEach((p, i) => {
        const outcome = outcomes[i]!;
        if (outcome instanceof Error) p.reject(outcome);
        else p.resolve(outcome);
      });
      if (written > 0) this.notifier.notify();
      return;
    }
  }

  private async tryCommit(
    batch: readonly PendingAppend[],
  ): Promise<{ outcomes: (AppendResult[] | Error)[]; written: number }> {
    const client = await this.pool.connect();
    let broken = false;
    // A connection lost between two queries of the transaction is reported on the client itself
    // (node-postgres emits `error` with no query to fail), which, unheard, would end the process;
    // the next query then fails, and the commit is tried again.
    const lost = () => (broken = true);
    client.on('error', lost);
    try {
      const log = new BatchLog(await this.beginAndRead(client, batch), this.catalog);
      const recordedAt = new Date().toISOString();
      const outcomes = batch.map((p) => {
        const mark = log.mark();
        try {
          return appendToStreams(log, p.appends, recordedAt);
        } catch (error) {
          // Refused (a revision or an id taken, data that does not fit): this append alone.
          log.undo(mark);
          return error instanceof Error ? error : new Error(String(error));
        }
      });
      if (log.rows.length === 0) {
        await client.query('ROLLBACK');
        return { outcomes, written: 0 };
      }
      if (log.rows.length >= 2 ** ORDINAL_BITS) throw new Error('Too many events in one commit');
      // Listeners are told at the commit, never before (NOTIFY is transactional).
      await client.query(insertAndCommit(log.rows));
      return { outcomes, written: log.rows.length };
    } catch (error) {
      broken ||= isTransient(error);
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  private async beginAndRead(client: pg.PoolClient, batch: readonly PendingAppend[]): Promise<BatchView> {
    const streams = new Set<string>();
    const ids: string[] = [];
    for (const p of batch) {
      for (const a of p.appends) {
        streams.add(a.streamId);
        for (const { event } of a.prepared) ids.push(event.id);
      }
    }
    // Several statements: node-postgres answers each one's result, the read's last.
    const results = (await client.query(
      beginAndRead(this.options.ordering, this.options.lockWaitMs, streams, ids),
    )) as unknown as pg.QueryResult<{ base: string; tails: [string, string, string][]; found: LogRow[] }>[];
    const { base, tails, found } = results.at(-1)!.rows[0]!;
    return {
      tails: new Map(tails.map(([id, revision, hash]) => [id, { revision: BigInt(revision), hash }])),
      found: new Map(found.map((row) => [row.event_id, row])),
      firstPosition:
        this.options.ordering === 'serialised'
          ? BigInt(base) + 1n
          : (BigInt(base) << BigInt(ORDINAL_BITS)) + 1n,
    };
  }
}
