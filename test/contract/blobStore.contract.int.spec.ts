import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MongoClient } from 'mongodb';
import { getDiskBlobStore } from '../../src/blobStore/disk/diskBlobStore.js';
import { getGridFSBlobStore } from '../../src/blobStore/gridfs/gridfsBlobStore.js';
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
