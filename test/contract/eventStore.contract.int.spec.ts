import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { eventStoreContract } from './eventStore.contract.js';

const catalog = createEventCatalog();
const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract({
  name: 'SQLite file',
  create: () => Promise.resolve(getSQLiteEventStore({ path: join(dir, `events-${n++}.db`), catalog })),
});

eventStoreContract({
  name: 'SQLite file, stream index merged every 3 events',
  create: () =>
    Promise.resolve(
      getSQLiteEventStore({ path: join(dir, `events-${n++}.db`), catalog, indexFlushThreshold: 3 }),
    ),
});

eventStoreContract({
  name: 'in memory',
  create: () => Promise.resolve(getInMemoryEventStore({ catalog })),
});
