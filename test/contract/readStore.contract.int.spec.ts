import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { readStoreContract } from './readStore.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-read-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

readStoreContract({
  name: 'SQLite file',
  create: () => Promise.resolve(getSQLiteReadStore({ path: join(dir, `read-${n++}.db`) })),
});

readStoreContract({ name: 'in memory', create: () => Promise.resolve(getInMemoryReadStore()) });
