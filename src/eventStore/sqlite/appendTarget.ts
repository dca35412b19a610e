import type { RecordedEvent } from '../../core/event.js';
import { ConcurrencyError } from '../../core/errors.js';
import { DuplicateEventId, type AppendTarget } from '../appendEngine.js';
import type { Statements } from './statements.js';
import type { StreamIndex } from './streamIndex.js';

/**
 * The log as the append engine (appendEngine.ts) sees it, inside a commit's transaction: a stream's
 * tail from the stream index, an event id's place, a stream's events as stored, and the insert of
 * one event, which the database refuses when its revision or its id is taken.
 */
export const appendTarget = (
  index: StreamIndex,
  statements: Statements,
  readRange: (streamId: string, from: bigint, count: number) => RecordedEvent[],
): AppendTarget => ({
  tail: (streamId) => {
    const tail = index.tail(streamId);
    return tail ? { revision: BigInt(tail.revision), hash: tail.hash } : undefined;
  },
  findEvent: (eventId) => {
    const row = statements.findEvent.get(eventId);
    return row ? { streamId: row.stream_id, revision: BigInt(row.revision) } : undefined;
  },
  readRange,
  insert: (row) => {
    const revision = Number(row.revision);
    // The stream's last event, which this one follows (the schema checks that it is).
    const previous = revision > 0 ? (index.tail(row.streamId)?.position ?? null) : null;
    let position: number;
    try {
      position = Number(
        statements.insert.run(
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
});
