import { escapeLiteral } from 'pg';
import type { DecidedRow } from './batchLog.js';
import { LOG_CHANNEL } from './notifications.js';
import { COLUMNS } from './rows.js';
import { EVENTS_TABLE } from './schema.js';
import type { LogOrdering } from './writer.js';

/**
 * A group commit's SQL, in two round trips: one that opens the transaction and reads what the batch
 * needs to decide, one that writes what was decided and commits. Each is several statements in one
 * simple query, which cannot carry parameters: values go in as literals, quoted by node-postgres's
 * `escapeLiteral` (libpq's PQescapeLiteral). Four round trips with parameters took twice as long per
 * append as Emmett's three for one writer appending in sequence (bench:append).
 */

const texts = (values: Iterable<string>) => `ARRAY[${[...values].map(escapeLiteral).join(',')}]::text[]`;

/** The advisory lock that serialises appends (`pg_advisory_xact_lock`), one per database. */
export const APPEND_LOCK = 0x1ed6e7_a99e;

/**
 * Opens the transaction, takes the append lock (serialised ordering), and reads the head (or the
 * transaction's id), the tails of `streams` and the stored events carrying `eventIds`. The read is a
 * statement of its own, after the lock: in READ COMMITTED each statement takes its snapshot when it
 * starts, so a statement that took the lock too could miss the commit of the holder it waited for.
 * The lock waits at most `lockWaitMs` (a holder that hangs), and a transaction left idle that long
 * (its process frozen) is ended by the server, which frees the lock.
 */
export const beginAndRead = (
  ordering: LogOrdering,
  lockWaitMs: number,
  streams: Iterable<string>,
  eventIds: Iterable<string>,
): string => {
  const wait = Math.max(1, Math.round(lockWaitMs));
  const serialised = ordering === 'serialised';
  return `BEGIN; SET LOCAL lock_timeout = ${wait}; SET LOCAL idle_in_transaction_session_timeout = ${wait};
    ${serialised ? `SELECT pg_advisory_xact_lock(${APPEND_LOCK});` : ''}
    SELECT
      ${serialised ? `(SELECT coalesce(max(position), 0) FROM ${EVENTS_TABLE})::text` : 'pg_current_xact_id()::text'} AS base,
      (SELECT coalesce(json_agg(json_build_array(s.id, t.revision::text, t.hash)), '[]'::json)
         FROM unnest(${texts(streams)}) AS s(id)
         CROSS JOIN LATERAL (SELECT revision, hash FROM ${EVENTS_TABLE} WHERE stream_id = s.id
                             ORDER BY revision DESC LIMIT 1) AS t) AS tails,
      (SELECT coalesce(json_agg(f), '[]'::json)
         FROM (SELECT ${COLUMNS} FROM ${EVENTS_TABLE} WHERE event_id = ANY(${texts(eventIds)})) AS f) AS found`;
};

/** Writes the rows decided, announces the commit's last position, and commits. */
export const insertAndCommit = (rows: readonly DecidedRow[]): string => {
  const values = rows.map(
    (r) =>
      `(${r.position}, ${escapeLiteral(r.streamId)}, ${r.revision}, ${escapeLiteral(r.prepared.event.id)}, ` +
      `${escapeLiteral(r.prepared.event.type)}, ${Number(r.prepared.event.version)}, ` +
      `${escapeLiteral(r.prepared.dataJson)}, ${escapeLiteral(r.prepared.metadataJson)}, ` +
      `${escapeLiteral(r.recordedAt)}, ${escapeLiteral(r.prevHash)}, ${escapeLiteral(r.hash)})`,
  );
  return `INSERT INTO ${EVENTS_TABLE}
      (position, stream_id, revision, event_id, type, version, data, metadata, recorded_at, prev_hash, hash)
    VALUES ${values.join(',\n')};
    SELECT pg_notify('${LOG_CHANNEL}', '${rows.at(-1)!.position}');
    COMMIT`;
};
