import type { LogRow } from '../storedRow.js';

export { storedRowOf, toEvent } from '../storedRow.js';

/** An event as the `events` table holds it (schema.ts). */
export interface EventRowData extends LogRow {
  position: number;
  revision: number;
}

/** The columns of an {@link EventRowData}, in a `SELECT`. */
export const COLUMNS =
  'position, stream_id, revision, event_id, type, version, data, metadata, recorded_at, prev_hash, hash';

/** Revisions are stored as SQLite integers: no stream reaches this one. */
export const MAX_REVISION = Number.MAX_SAFE_INTEGER;
