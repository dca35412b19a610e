import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { getDiskBlobStore } from '../../src/blobStore/disk/diskBlobStore.js';
import { blobStoreContract } from './blobStore.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-blob-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

blobStoreContract({
  name: 'disk',
  create: () => Promise.resolve(getDiskBlobStore({ dir })),
  tamper: (sha256, bytes) => Promise.resolve(writeFileSync(join(dir, sha256.slice(0, 2), sha256), bytes)),
});
