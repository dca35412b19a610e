import type { LogRow as StoredLogRow } from '../storedRow.js';

/**
 * An event as a query of the log returns it: bigints as decimal strings (node-postgres's default,
 * exact beyond 2^53), the time in the ISO form the store writes (`Date#toISOString`).
 */
export interface LogRow extends StoredLogRow {
  position: string;
  revision: string;
}

/** The columns of a {@link LogRow}, in a `SELECT` of the events table. */
export const COLUMNS = `position::text AS position, stream_id, revision::text AS revision, event_id, type,
  version, data, metadata, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  prev_hash, hash`;

/** The largest bigint: the open end of a range of positions or revisions. */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;
