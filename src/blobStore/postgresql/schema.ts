import type pg from 'pg';

/**
 * Evidence files in PostgreSQL: a row of recorded facts per file (`ledger_blobs`, named by its
 * SHA-256), its bytes in chunks of {@link CHUNK_BYTES} (`ledger_blob_chunks`: rows of a bounded size,
 * which PostgreSQL stores out of line and a read fetches one at a time, rather than one value as large
 * as the file), and who uploaded it (`ledger_blob_uploaders`).
 */
export const CHUNK_BYTES = 256 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_blobs (
  sha256       text    PRIMARY KEY,
  size         bigint  NOT NULL,
  content_type text    NOT NULL,
  uploaded_at  text    NOT NULL,
  uploaded_by  text    NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_blob_chunks (
  sha256 text    NOT NULL REFERENCES ledger_blobs (sha256),
  n      integer NOT NULL,
  data   bytea   NOT NULL,
  PRIMARY KEY (sha256, n)
);
CREATE TABLE IF NOT EXISTS ledger_blob_uploaders (
  sha256   text NOT NULL REFERENCES ledger_blobs (sha256),
  uploader text NOT NULL,
  PRIMARY KEY (sha256, uploader)
);
`;

/** The advisory lock that serialises creating the tables (processes starting at once). */
const SCHEMA_LOCK = 0x1ed6e7_b10b;

/** Creates the tables when missing, under a lock: concurrent `CREATE TABLE IF NOT EXISTS` can collide. */
export const createBlobSchema = async (pool: pg.Pool): Promise<void> => {
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
