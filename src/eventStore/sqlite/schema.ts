import type Database from 'better-sqlite3';

/**
 * The embedded store's tables.
 *
 * `events` is the log: append-only, `position` is the rowid, assigned in commit order under the
 * write lock and never reused (nothing is ever deleted). Event ids are unique in the log; new ids
 * are UUIDv7, so that index grows at its end.
 *
 * No two events of a stream share a revision: the store checks revisions under the write lock, and
 * the database itself refuses a second one. It does so through the chain of positions, not through
 * an index on (stream_id, revision): such an index takes one random B-tree page per appended event
 * (streams are written in no order), which quadrupled the bytes each group commit writes and syncs.
 * Instead every event names the position of its stream's previous event (`prev_position`), and
 * - a trigger checks that this is the event of the same stream at the revision before;
 * - no two events name the same previous event (a unique index whose keys are recent positions,
 *   so it grows at its end like the log);
 * - no stream has two first events (a partial unique index, written once per stream).
 * By induction on the revision, (stream_id, revision) is unique.
 *
 * `stream_index` finds a stream's events by revision. It is not written on every append either: like
 * KurrentDB's index (a memtable flushed into sorted tables), recent events are indexed in memory and
 * merged into `stream_index` in batches; `indexed_to` in `store_state` is the position up to which
 * the table is complete.
 */
export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  prev_position INTEGER
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
CREATE TABLE IF NOT EXISTS stream_index (
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  PRIMARY KEY (stream_id, revision)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_state (
  key   TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO store_state (key, value) VALUES ('indexed_to', 0);
`;

/** What makes (stream_id, revision) unique; created once `prev_position` is filled for every event. */
const REVISION_CHAIN = `
CREATE UNIQUE INDEX IF NOT EXISTS events_prev_position ON events (prev_position) WHERE prev_position IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_first ON events (stream_id) WHERE revision = 0;
CREATE TRIGGER IF NOT EXISTS events_follow_previous BEFORE INSERT ON events
WHEN CASE WHEN NEW.revision = 0 THEN NEW.prev_position IS NOT NULL
     ELSE NOT EXISTS (SELECT 1 FROM events WHERE position = NEW.prev_position
                      AND stream_id = NEW.stream_id AND revision = NEW.revision - 1) END
BEGIN
  SELECT RAISE(ABORT, 'events.prev_position must name the previous event of the stream');
END;
`;

/**
 * Creates the tables, or brings a file written by an earlier version up to date: a log that had no
 * `prev_position` gets it filled from the revisions it holds, and the index on (stream_id, revision)
 * that the chain replaces is dropped. One write transaction, so processes opening the same file at
 * once migrate it once.
 */
export const openEventStoreSchema = (db: Database.Database): void => {
  const migrate = db.transaction(() => {
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(events)').all();
    const hasTable = columns.length > 0;
    const hasChain = columns.some((c) => c.name === 'prev_position');
    if (hasTable && !hasChain) {
      db.exec('ALTER TABLE events ADD COLUMN prev_position INTEGER');
      db.exec(`UPDATE events SET prev_position = chain.previous
        FROM (SELECT position, lag(position) OVER (PARTITION BY stream_id ORDER BY revision) AS previous FROM events) AS chain
        WHERE events.position = chain.position AND chain.previous IS NOT NULL`);
    }
    db.exec(EVENT_STORE_SCHEMA);
    db.exec(REVISION_CHAIN);
    db.exec('DROP INDEX IF EXISTS events_stream_revision');
  });
  migrate.immediate();
};
