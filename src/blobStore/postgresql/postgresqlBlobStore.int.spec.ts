import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresTestUrl } from '../../../test/support/postgres.js';
import type { BlobStore } from '../blobStore.js';
import { getPostgreSQLBlobStore } from './postgresqlBlobStore.js';
import { CHUNK_BYTES } from './schema.js';

const server = postgresTestUrl('PostgreSQL blob store');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const meta = (uploader: string) => ({
  contentType: 'video/mp4',
  uploadedBy: `user-${uploader}`,
  uploader,
  now: '2026-03-06T10:00:00.000Z',
});

describe.runIf(server)('PostgreSQL blob store', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let blobs: BlobStore;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await freshDatabase(server!);
    blobs = await getPostgreSQLBlobStore({ url: database.url });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await blobs.close();
    await database.drop();
  });
  const chunksOf = async (sha256: string) =>
    (
      await admin.query<{ n: number; size: number }>(
        'SELECT n, length(data) AS size FROM ledger_blob_chunks WHERE sha256 = $1 ORDER BY n',
        [sha256],
      )
    ).rows;

  it('keeps a file in chunks of 256 KiB and reads it back whole', async () => {
    const bytes = randomBytes(2 * CHUNK_BYTES + 1000);
    const info = await blobs.put(bytes, meta('CREATOR/c1'));
    expect(info).toMatchObject({ sha256: sha(bytes), size: bytes.length });
    expect(await chunksOf(info.sha256)).toEqual([
      { n: 0, size: CHUNK_BYTES },
      { n: 1, size: CHUNK_BYTES },
      { n: 2, size: 1000 },
    ]);
    const stored = await blobs.get(info.sha256);
    expect(stored!.bytes.equals(bytes)).toBe(true);
    expect(stored!.actualSha256).toBe(info.sha256);
  });

  it('reports one changed byte in one chunk by the hash of what it now holds', async () => {
    const bytes = randomBytes(3 * CHUNK_BYTES);
    const { sha256 } = await blobs.put(bytes, meta('SELLER/s1'));
    await admin.query(
      `UPDATE ledger_blob_chunks SET data = set_byte(data, 10, (get_byte(data, 10) + 1) % 256)
       WHERE sha256 = $1 AND n = 1`,
      [sha256],
    );
    const changed = await blobs.get(sha256);
    expect(changed!.info.sha256).toBe(sha256);
    expect(changed!.bytes.length).toBe(bytes.length);
    expect(changed!.actualSha256).not.toBe(sha256);
    expect(changed!.actualSha256).toBe(sha(changed!.bytes));
  });

  it('writes the same bytes once when they are uploaded at once, recording every uploader', async () => {
    const bytes = randomBytes(CHUNK_BYTES + 1);
    const uploaders = ['CREATOR/c1', 'SELLER/s1', 'SELLER/s2', 'CREATOR/c2'];
    const infos = await Promise.all(uploaders.map((u) => blobs.put(bytes, meta(u))));
    expect(new Set(infos.map((i) => JSON.stringify(i))).size).toBe(1);
    expect(await chunksOf(sha(bytes))).toHaveLength(2);
    for (const u of uploaders) expect(await blobs.uploadedBy(sha(bytes), u)).toBe(true);
  });
});
