import type { EventMetadata, RecordedEvent } from '../core/event.js';
import { CorruptedEventError } from '../core/errors.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import { metadataFitsStored } from '../core/metadata.js';
import type { StoredRow } from './storedEvent.js';

/**
 * An event as a SQL log stores it: data and metadata as the canonical text that was hashed, position
 * and revision as the database returns integers (a number from SQLite, a decimal string from
 * PostgreSQL's bigint).
 */
export interface LogRow {
  position: number | string;
  stream_id: string;
  revision: number | string;
  event_id: string;
  type: string;
  version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/**
 * A row as an event: upcast to its type's latest version, or as stored (an idempotent append answers
 * with the events it wrote). Text that no longer decodes, or no longer has its type's shape, is an
 * unreadable event, never an answer.
 */
export const toEvent = (catalog: EventCatalog, row: LogRow, upcast: boolean): RecordedEvent => {
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
  if (!catalog.fitsStored(row.type, row.version, data) || !metadataFitsStored(metadata)) {
    throw new CorruptedEventError(row.stream_id, BigInt(row.revision), BigInt(row.position));
  }
  if (upcast) ({ version, data } = catalog.upcast(row.type, version, data));
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
};

/** A row's columns as the port names them, its data and metadata kept as the text stored (audit). */
export const storedRowOf = (row: LogRow): StoredRow => ({
  streamId: row.stream_id,
  revision: BigInt(row.revision),
  position: BigInt(row.position),
  id: row.event_id,
  type: row.type,
  version: row.version,
  recordedAt: row.recorded_at,
  prevHash: row.prev_hash,
  hash: row.hash,
  dataText: textOf(row.data),
  metadataText: textOf(row.metadata),
});

/** A column as text whatever was written into it behind the store's back (a blob, a number, NULL). */
const textOf = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Buffer.isBuffer(value)
      ? value.toString('utf8')
      : value === null || value === undefined
        ? ''
        : String(value as number);
