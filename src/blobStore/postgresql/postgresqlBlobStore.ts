import { createHash } from 'node:crypto';
import type pg from 'pg';
import { ValidationError } from '../../core/errors.js';
import { createPool, inTransaction } from '../../postgres/pool.js';
import { SHA256, type BlobInfo, type BlobStore } from '../blobStore.js';
import { CHUNK_BYTES, createBlobSchema } from './schema.js';

export interface PostgreSQLBlobStoreOptions {
  /** `postgres://user:password@host:port/database?…` */
  readonly url: string;
  /** Connections at most. Default 4: uploads and downloads are few, and each is a few statements. */
  readonly poolSize?: number;
  /** Told when an idle connection fails (the pool replaces it). */
  readonly onError?: (error: Error) => void;
}

interface InfoRow {
  sha256: string;
  size: string;
  content_type: string;
  uploaded_at: string;
  uploaded_by: string;
}

const toInfo = (row: InfoRow): BlobInfo => ({
  sha256: row.sha256,
  size: Number(row.size),
  contentType: row.content_type,
  uploadedAt: row.uploaded_at,
  uploadedBy: row.uploaded_by,
});

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Evidence files in PostgreSQL (schema.ts), for a service whose other stores are there too: every API
 * process reads the same files, and they are backed up with the rest. A file's facts, its chunks and
 * its first uploader are written in one transaction, so a file is seen only whole, and durable once
 * acknowledged (`synchronous_commit` on, the server's default). Two uploads of the same bytes at once
 * write it once: the second waits for the first's row and keeps it. Every read hashes the bytes
 * again, as they are stored now: a chunk changed behind the store's back shows in that hash.
 */
export const getPostgreSQLBlobStore = async (options: PostgreSQLBlobStoreOptions): Promise<BlobStore> => {
  const pool = createPool({
    url: options.url,
    max: options.poolSize ?? 4,
    applicationName: 'creator-ledger evidence',
    ...(options.onError ? { onError: options.onError } : {}),
  });
  try {
    await createBlobSchema(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return blobStoreOn(pool);
};

const check = (sha256: string) => {
  if (!SHA256.test(sha256)) throw new ValidationError('A SHA-256 is 64 lowercase hex digits', { sha256 });
};

const blobStoreOn = (pool: pg.Pool): BlobStore => {
  const infoOf = async (sha256: string, on: pg.Pool | pg.PoolClient = pool) => {
    const { rows } = await on.query<InfoRow>(
      'SELECT sha256, size::text AS size, content_type, uploaded_at, uploaded_by FROM ledger_blobs WHERE sha256 = $1',
      [sha256],
    );
    return rows[0] && toInfo(rows[0]);
  };
  return {
    put: (bytes, meta) =>
      inTransaction(pool, async (client) => {
        const sha256 = sha256Of(bytes);
        const { rowCount } = await client.query(
          `INSERT INTO ledger_blobs (sha256, size, content_type, uploaded_at, uploaded_by)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
          [sha256, bytes.length, meta.contentType, meta.now, meta.uploadedBy],
        );
        if (rowCount === 1) {
          for (let n = 0; n * CHUNK_BYTES < bytes.length; n++) {
            await client.query('INSERT INTO ledger_blob_chunks (sha256, n, data) VALUES ($1, $2, $3)', [
              sha256,
              n,
              Buffer.from(
                bytes.buffer,
                bytes.byteOffset + n * CHUNK_BYTES,
                Math.min(CHUNK_BYTES, bytes.length - n * CHUNK_BYTES),
              ),
            ]);
          }
        }
        await client.query(
          'INSERT INTO ledger_blob_uploaders (sha256, uploader) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [sha256, meta.uploader],
        );
        // The first upload's record stands.
        return (await infoOf(sha256, client))!;
      }),
    async uploadedBy(sha256, uploader) {
      check(sha256);
      const { rows } = await pool.query(
        'SELECT 1 FROM ledger_blob_uploaders WHERE sha256 = $1 AND uploader = $2',
        [sha256, uploader],
      );
      return rows.length > 0;
    },
    async get(sha256) {
      check(sha256);
      // One statement, one snapshot: the facts and the chunks as they stand together.
      const { rows } = await pool.query<InfoRow & { data: Buffer | null }>(
        `SELECT b.sha256, b.size::text AS size, b.content_type, b.uploaded_at, b.uploaded_by, c.data
         FROM ledger_blobs AS b LEFT JOIN ledger_blob_chunks AS c ON c.sha256 = b.sha256
         WHERE b.sha256 = $1 ORDER BY c.n`,
        [sha256],
      );
      if (rows.length === 0) return undefined;
      const bytes = Buffer.concat(rows.flatMap((row) => (row.data ? [row.data] : [])));
      return { info: toInfo(rows[0]!), bytes, actualSha256: sha256Of(bytes) };
    },
    async info(sha256) {
      check(sha256);
      return infoOf(sha256);
    },
    close: () => pool.end(),
  };
};
