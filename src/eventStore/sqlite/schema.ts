/**
 * The embedded store's tables.
 *
 * `events` is the log: append-only, `position` is the rowid, assigned in commit order under the
 * write lock and never reused (nothing is ever deleted). Event ids are unique in the log; new ids
 * are UUIDv7, so that index grows at its end. No two events of a stream share a revision: the
 * store checks revisions under the write lock, and the database itself refuses a second one.
 *
 * `stream_index` finds a stream's events by revision. It is not written on every append: a stream
 * index updated per commit costs one random B-tree page per event, which caps group commit far below
 * what the log itself can take. Like KurrentDB's index (a memtable flushed into sorted tables),
 * recent events are indexed in memory and merged into `stream_index` in batches; `indexed_to` in
 * `store_state` is the position up to which the table is complete.
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
  hash        TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
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
