import type pg from 'pg';

/**
 * The log's table in PostgreSQL.
 *
 * `position` is assigned by the store, not by a sequence: in the default ordering (writer.ts) the
 * next position after the head, taken under the log's append lock, so positions are dense and in
 * commit order; in the transaction-id ordering, the appending transaction's id shifted left by
 * {@link ORDINAL_BITS}, plus the event's ordinal in that transaction.
 *
 * Data and metadata are kept as the canonical text that was hashed (`text`, not `jsonb`, which would
 * reformat it): the chain is verified against the bytes as stored. Revisions are unique per stream
 * and event ids in the whole log (DOMAIN.md: an event id is written once): the store checks both
 * before it writes, and these constraints are the database's own guard behind it.
 */
export const EVENTS_TABLE = 'ledger_events';

/** Events one transaction may hold in the transaction-id ordering: the low bits of a position. */
export const ORDINAL_BITS = 20;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (
  position    bigint      PRIMARY KEY,
  stream_id   text        NOT NULL,
  revision    bigint      NOT NULL,
  event_id    text        NOT NULL,
  type        text        NOT NULL,
  version     integer     NOT NULL,
  data        text        NOT NULL,
  metadata    text        NOT NULL,
  recorded_at timestamptz NOT NULL,
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL,
  CONSTRAINT ${EVENTS_TABLE}_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT ${EVENTS_TABLE}_event_id UNIQUE (event_id)
);
`;

/** The advisory lock that serialises creating the schema (processes starting at once). */
const SCHEMA_LOCK = 0x1ed6e7_5c4e;

/**
 * Creates the table when missing. Under a transaction-scoped advisory lock: two processes running
 * `CREATE TABLE IF NOT EXISTS` at once can both get past the check and one then fails on the
 * catalog's unique index.
 */
export const createLogSchema = async (pool: pg.Pool): Promise<void> => {
  const client = await pool.connect();
  let broken = false;
  const lost = () => (broken = true);
  client.on('error', lost);
  try {
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${SCHEMA_LOCK}); ${SCHEMA} COMMIT;`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
};
