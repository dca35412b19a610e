import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { getDiskBlobStore } from '../../src/blobStore/disk/diskBlobStore.js';
import { getGridFSBlobStore } from '../../src/blobStore/gridfs/gridfsBlobStore.js';
import { getPostgreSQLBlobStore } from '../../src/blobStore/postgresql/postgresqlBlobStore.js';
import { freshDatabase, postgresTestUrl } from '../support/postgres.js';
import { blobStoreContract } from './blobStore.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-blob-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

blobStoreContract({
  name: 'disk',
  create: () => Promise.resolve(getDiskBlobStore({ dir })),
  tamper: (sha256, bytes) => Promise.resolve(writeFileSync(join(dir, sha256.slice(0, 2), sha256), bytes)),
});

/**
 * GridFS, when a MongoDB server is given (npm run test:contract with MONGODB_TEST_URL; against the
 * compose file's replica set from the host, `mongodb://localhost:27017/?directConnection=true`).
 */
const mongodb = process.env.MONGODB_TEST_URL;
if (mongodb) {
  const database = `ledger_blobs_${Date.now()}`;
  blobStoreContract({
    name: `GridFS at ${mongodb}`,
    create: () => getGridFSBlobStore({ url: mongodb, database }),
    tamper: async (sha256, bytes) => {
      // Change the stored chunks behind the store's back, as a tampering operator would.
      const client = new MongoClient(mongodb);
      await client.connect();
      try {
        const db = client.db(database);
        const file = await db.collection('evidence.files').findOne({ filename: sha256 });
        await db.collection('evidence.chunks').updateMany({ files_id: file!._id }, { $set: { data: bytes } });
      } finally {
        await client.close();
      }
    },
  });
} else {
  console.log('GridFS blob store contract: not run (set MONGODB_TEST_URL to run it)');
}

/** PostgreSQL, in a database of its own, dropped at the end. */
const postgres = postgresTestUrl('PostgreSQL blob store contract');
if (postgres) {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  afterAll(async () => database?.drop());
  blobStoreContract({
    name: 'PostgreSQL',
    create: async () => {
      database ??= await freshDatabase(postgres);
      return getPostgreSQLBlobStore({ url: database.url });
    },
    tamper: async (sha256, bytes) => {
      // Change the stored chunks behind the store's back, as a tampering operator would.
      const client = new pg.Client({ connectionString: database!.url });
      await client.connect();
      try {
        await client.query('UPDATE ledger_blob_chunks SET data = $2 WHERE sha256 = $1', [sha256, bytes]);
      } finally {
        await client.end();
      }
    },
  });
}
