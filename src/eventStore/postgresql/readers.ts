import type pg from 'pg';
import { GENESIS_HASH, type RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { verifyChain, type ChainVerification } from '../../core/hash.js';
import type { EventFilter, ReadAllOptions, ReadStreamOptions, SubscriptionBatch } from '../eventStore.js';
import { storedEventOf, type StoredEvent } from '../storedEvent.js';
import { storedRowOf, toEvent } from '../storedRow.js';
import { COLUMNS, MAX_BIGINT, type LogRow } from './rows.js';
import { EVENTS_TABLE, ORDINAL_BITS } from './schema.js';
import type { LogOrdering } from './writer.js';

/** The filter's conditions on the events table, with its two array parameters at `$types`, `$prefixes`. */
const filterSql = (types: number, prefixes: number) =>
  `($${types}::text[] IS NULL OR type = ANY($${types}::text[]))
   AND ($${prefixes}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($${prefixes}::text[]) AS p(prefix)
                                               WHERE starts_with(stream_id, p.prefix)))`;

const filterParams = (filter: EventFilter | undefined) => [
  filter?.eventTypes ? [...filter.eventTypes] : null,
  filter?.streamPrefixes ? [...filter.streamPrefixes] : null,
];

/**
 * The reads of the log, each one statement (so one snapshot): a stream by revision, the whole log
 * (or what a filter selects) by position, a stream's hash chain as stored, and the batches of the
 * catch-up subscriptions, which read only up to the head that is safe to read (see {@link LogOrdering}).
 */
export class LogReaders {
  private readonly safeHeadSql: string;
  /** Whether every committed event may be read at once (serialised), or only those below the oldest running transaction. */
  readonly everyCommitIsSafe: boolean;

  constructor(
    private readonly pool: pg.Pool,
    private readonly catalog: EventCatalog,
    ordering: LogOrdering,
  ) {
    this.everyCommitIsSafe = ordering === 'serialised';
    // Serialised: every position up to the head is committed, in order. Transaction ids: only
    // positions of transactions older than the oldest one still running are final.
    this.safeHeadSql =
      ordering === 'serialised'
        ? `SELECT coalesce(max(position), 0) AS h FROM ${EVENTS_TABLE}`
        : `SELECT coalesce(max(position), 0) AS h FROM ${EVENTS_TABLE}
           WHERE position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${ORDINAL_BITS})`;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const low = backwards ? (options.toRevision ?? 0n) : (options.fromRevision ?? 0n);
    const high = backwards ? (options.fromRevision ?? MAX_BIGINT) : (options.toRevision ?? MAX_BIGINT);
    const { rows } = await this.pool.query<LogRow>(
      `SELECT ${COLUMNS} FROM ${EVENTS_TABLE} WHERE stream_id = $1 AND revision BETWEEN $2 AND $3
       ORDER BY ${EVENTS_TABLE}.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $4`,
      [streamId, low.toString(), high.toString(), options.maxCount ?? null],
    );
    return rows.map((row) => toEvent(this.catalog, row, !options.raw));
  }

  /** A stream as stored, damage included (an audit's read): the text exactly as the table holds it. */
  async readStoredStream(streamId: string): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<LogRow>(
      `SELECT ${COLUMNS} FROM ${EVENTS_TABLE} WHERE stream_id = $1 ORDER BY ${EVENTS_TABLE}.revision`,
      [streamId],
    );
    return rows.map((row) => storedEventOf(this.catalog, storedRowOf(row)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? MAX_BIGINT : 0n);
    const { rows } = await this.pool.query<LogRow>(
      `SELECT ${COLUMNS} FROM ${EVENTS_TABLE} WHERE position ${backwards ? '<=' : '>='} $1 AND ${filterSql(3, 4)}
       ORDER BY ${EVENTS_TABLE}.position ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
      [from.toString(), options.maxCount ?? null, ...filterParams(options.filter)],
    );
    return rows.map((row) => toEvent(this.catalog, row, true));
  }

  /**
   * A subscription's next batch: up to `limit` matching events after `after`, up to the safe head,
   * read in one statement with that head, so that a batch that ends short of the limit can report
   * the head as how far it scanned without skipping an event committed in between.
   */
  async readBatch(after: bigint, limit: number, filter: EventFilter | undefined): Promise<SubscriptionBatch> {
    const { rows } = await this.pool.query<LogRow & { head: string }>(
      `WITH head AS MATERIALIZED (${this.safeHeadSql})
       SELECT head.h::text AS head, e.* FROM head LEFT JOIN LATERAL (
         SELECT ${COLUMNS} FROM ${EVENTS_TABLE}
         WHERE position > $1 AND position <= head.h AND ${filterSql(3, 4)}
         ORDER BY ${EVENTS_TABLE}.position LIMIT $2) AS e ON true
       ORDER BY e.position::bigint`,
      [after.toString(), limit, ...filterParams(filter)],
    );
    const head = BigInt(rows[0]!.head);
    const events = rows.filter((row) => row.position !== null).map((row) => toEvent(this.catalog, row, true));
    if (events.length === limit) return { events, position: events.at(-1)!.position, caughtUp: false };
    return { events, position: head > after ? head : after, caughtUp: true };
  }

  /** The head a live-only subscription starts from: the safe one. */
  async safeHead(): Promise<bigint> {
    const { rows } = await this.pool.query<{ h: string }>(
      `SELECT h::text AS h FROM (${this.safeHeadSql}) AS s`,
    );
    return BigInt(rows[0]!.h);
  }

  async head(): Promise<bigint> {
    const { rows } = await this.pool.query<{ h: string }>(
      `SELECT coalesce(max(position), 0)::text AS h FROM ${EVENTS_TABLE}`,
    );
    return BigInt(rows[0]!.h);
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const { rows } = await this.pool.query<{ r: string | null }>(
      `SELECT max(revision)::text AS r FROM ${EVENTS_TABLE} WHERE stream_id = $1`,
      [streamId],
    );
    const revision = rows[0]!.r;
    return revision === null ? undefined : BigInt(revision);
  }

  async eventsAfter(position: bigint, limit: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${EVENTS_TABLE} WHERE position > $1 ORDER BY ${EVENTS_TABLE}.position LIMIT $2) AS e`,
      [position.toString(), limit],
    );
    return rows[0]!.n;
  }

  async verifyStream(streamId: string): Promise<ChainVerification> {
    const { rows } = await this.pool.query<LogRow>(
      `SELECT ${COLUMNS} FROM ${EVENTS_TABLE} WHERE stream_id = $1 ORDER BY ${EVENTS_TABLE}.revision`,
      [streamId],
    );
    // Checked against the text exactly as stored: any changed byte changes the hash.
    return verifyChain(
      rows.map((row) => ({
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
      })),
      GENESIS_HASH,
    );
  }
}
