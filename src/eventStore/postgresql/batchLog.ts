import type { RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import {
  DuplicateEventId,
  type AppendTarget,
  type EventRow,
  type StoredEventRef,
  type StreamTail,
} from '../appendEngine.js';
import { toEvent } from '../storedRow.js';
import type { LogRow } from './rows.js';

/** What one group commit read of the log before deciding its appends (writer.ts). */
export interface BatchView {
  /** The last event of each stream the batch appends to that exists. */
  readonly tails: ReadonlyMap<string, StreamTail>;
  /** The stored events whose ids the batch carries (repeats, or ids taken). */
  readonly found: ReadonlyMap<string, LogRow>;
  /** The position the first event written gets; the next ones follow it. */
  readonly firstPosition: bigint;
}

/** A row decided, with its position. */
export interface DecidedRow extends EventRow {
  readonly position: bigint;
}

/**
 * The log as the append engine (appendEngine.ts) sees it during one group commit: what the
 * commit read of it ({@link BatchView}), plus the rows its appends have decided so far, in memory.
 * Nothing reaches the database until the whole batch is decided; then its rows go in one insert.
 * An append that is refused is undone here alone ({@link mark}, {@link undo}), as a savepoint would.
 *
 * The view is exact because nobody else writes while the commit holds the log's append lock; in the
 * transaction-id ordering it may be stale, and the table's constraints refuse the insert (the
 * writer then reads again and decides again).
 */
export class BatchLog implements AppendTarget {
  readonly rows: DecidedRow[] = [];
  private readonly events: RecordedEvent[] = [];
  private readonly pendingIds = new Map<string, RecordedEvent>();
  private readonly pendingTails = new Map<string, StreamTail>();

  constructor(
    private readonly view: BatchView,
    private readonly catalog: EventCatalog,
  ) {}

  tail(streamId: string): StreamTail | undefined {
    return this.pendingTails.get(streamId) ?? this.view.tails.get(streamId);
  }

  findEvent(eventId: string): StoredEventRef | undefined {
    const pending = this.pendingIds.get(eventId);
    if (pending) return { streamId: pending.streamId, revision: pending.revision };
    const stored = this.view.found.get(eventId);
    return stored ? { streamId: stored.stream_id, revision: BigInt(stored.revision) } : undefined;
  }

  /**
   * Only ever asked for the events of a repeat, starting at its first id: those are among the
   * events the view found by id, or among the rows decided in this batch. A range holding any other
   * event is no repeat, and comes back short or different, which the engine refuses as such.
   */
  readRange(streamId: string, fromRevision: bigint, count: number): RecordedEvent[] {
    const to = fromRevision + BigInt(count) - 1n;
    const inRange = (e: { streamId: string; revision: bigint }) =>
      e.streamId === streamId && e.revision >= fromRevision && e.revision <= to;
    const stored = [...this.view.found.values()]
      .map((row) => ({ row, streamId: row.stream_id, revision: BigInt(row.revision) }))
      .filter(inRange)
      .map(({ row }) => toEvent(this.catalog, row, false));
    return [...stored, ...this.events.filter(inRange)].sort((a, b) =>
      a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0,
    );
  }

  insert(row: EventRow): bigint {
    const id = row.prepared.event.id;
    if (this.pendingIds.has(id) || this.view.found.has(id)) throw new DuplicateEventId(id);
    const position = this.view.firstPosition + BigInt(this.rows.length);
    const { type, version, data, metadata } = row.prepared.event;
    const event: RecordedEvent = {
      id,
      type,
      version,
      data,
      metadata,
      streamId: row.streamId,
      revision: row.revision,
      position,
      recordedAt: row.recordedAt,
      prevHash: row.prevHash,
      hash: row.hash,
    };
    this.rows.push({ ...row, position });
    this.events.push(event);
    this.pendingIds.set(id, event);
    this.pendingTails.set(row.streamId, { revision: row.revision, hash: row.hash });
    return position;
  }

  /** Where the rows decided so far end: {@link undo} goes back to it. */
  mark(): number {
    return this.rows.length;
  }

  /** Forgets the rows decided after `mark` (a refused append's). */
  undo(mark: number): void {
    const dropped = this.events.splice(mark);
    this.rows.splice(mark);
    for (const event of dropped) this.pendingIds.delete(event.id);
    for (const streamId of new Set(dropped.map((e) => e.streamId))) {
      const last = this.events.findLast((e) => e.streamId === streamId);
      if (last) this.pendingTails.set(streamId, { revision: last.revision, hash: last.hash });
      else this.pendingTails.delete(streamId);
    }
  }
}
