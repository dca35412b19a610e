import type Database from 'better-sqlite3';
import { GENESIS_HASH, type RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { missingRevision, verifyChain, type ChainLink, type ChainVerification } from '../../core/hash.js';
import type { EventFilter, ReadAllOptions, ReadStreamOptions } from '../eventStore.js';
import { storedEventOf, type StoredEvent } from '../storedEvent.js';
import { COLUMNS, MAX_REVISION, storedRowOf, toEvent, type EventRowData } from './rows.js';
import type { Statements } from './statements.js';
import type { StreamIndex } from './streamIndex.js';

/**
 * The reads of the log: a stream through the stream index, the whole log (or the part a filter
 * selects) by position, and a stream's hash chain checked as stored. A read of a stream runs in a
 * read transaction, so that the index and the rows it finds are one snapshot.
 */
export class LogReaders {
  private readonly filteredReads = new Map<string, Database.Statement>();
  private readonly readTransaction: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(
    private readonly db: Database.Database,
    private readonly index: StreamIndex,
    private readonly statements: Statements,
    private readonly catalog: EventCatalog,
  ) {
    this.readTransaction = db.transaction((fn: () => unknown) => {
      index.sync();
      return fn();
    });
  }

  /** Runs `fn` in a read transaction, the stream index brought up to it first. */
  read<T>(fn: () => T): T {
    return this.readTransaction.deferred(fn) as T;
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const backwards = options.direction === 'backwards';
    const from = Number(options.fromRevision ?? (backwards ? MAX_REVISION : 0));
    const to = Number(options.toRevision ?? (backwards ? 0 : MAX_REVISION));
    const rows = this.read(() => {
      const all = backwards ? this.rowsOf(streamId, to, from).reverse() : this.rowsOf(streamId, from, to);
      return all.slice(0, max);
    });
    return Promise.resolve(rows.map((row) => toEvent(this.catalog, row, !options.raw)));
  }

  readStoredStream(streamId: string): Promise<StoredEvent[]> {
    const rows = this.read(() => this.rowsOf(streamId, 0, MAX_REVISION));
    return Promise.resolve(rows.map((row) => storedEventOf(this.catalog, storedRowOf(row))));
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
    return Promise.resolve(rows.map((row) => toEvent(this.catalog, row, true)));
  }

  /** Up to `limit` events from `from` on (or back), of the types and streams the filter names. */
  readFiltered(from: bigint, limit: number, filter: EventFilter, backwards = false): RecordedEvent[] {
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
    return (statement.all(...params) as EventRowData[]).map((row) => toEvent(this.catalog, row, true));
  }

  /** `count` events of a stream from a revision, as stored: inside the caller's transaction. */
  range(streamId: string, from: bigint, count: number): RecordedEvent[] {
    return this.rowsOf(streamId, Number(from), Number(from) + count - 1).map((row) =>
      toEvent(this.catalog, row, false),
    );
  }

  streamRevision(streamId: string): Promise<bigint | undefined> {
    return Promise.resolve(
      this.read(() => {
        const tail = this.index.tail(streamId);
        return tail ? BigInt(tail.revision) : undefined;
      }),
    );
  }

  /** The position of the log's last event (0 when empty). */
  head(): bigint {
    return BigInt(this.statements.head.get() ?? 0);
  }

  eventsAfter(position: bigint, limit: number): Promise<number> {
    return Promise.resolve(this.statements.countAfter.get(Number(position), limit) ?? 0);
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
      return Promise.resolve(missingRevision(BigInt(missing), verified.eventsChecked));
    }
    return Promise.resolve(verified);
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
}
