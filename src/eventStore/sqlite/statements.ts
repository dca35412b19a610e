import type Database from 'better-sqlite3';
import { COLUMNS, type EventRowData } from './rows.js';

/** The statements every part of the store runs, prepared once per connection. */
export const prepareStatements = (db: Database.Database) => ({
  findEvent: db.prepare<[string], { stream_id: string; revision: number }>(
    'SELECT stream_id, revision FROM events WHERE event_id = ?',
  ),
  insert: db.prepare(
    `INSERT INTO events (stream_id, revision, event_id, type, version, data, metadata, recorded_at, prev_hash, hash, prev_position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  byPosition: db.prepare<[number], EventRowData>(`SELECT ${COLUMNS} FROM events WHERE position = ?`),
  allForward: db.prepare<[number, number], EventRowData>(
    `SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?`,
  ),
  allBackward: db.prepare<[number, number], EventRowData>(
    `SELECT ${COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`,
  ),
  head: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
  countAfter: db
    .prepare<[number, number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM events WHERE position > ? LIMIT ?)',
    )
    .pluck(),
  dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
});

export type Statements = ReturnType<typeof prepareStatements>;
