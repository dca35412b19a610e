import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { KurrentDBClient, jsonEvent } from '@kurrent/kurrentdb-client';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { getKurrentDBEventStore } from '../../src/eventStore/kurrentdb/kurrentdbEventStore.js';
import { getPostgreSQLEventStore } from '../../src/eventStore/postgresql/postgresqlEventStore.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { SimulatedKurrentDB } from '../support/kurrentdb/simulatedKurrentDB.js';
import { freshDatabase, postgresTestUrl } from '../support/postgres.js';
import { eventStoreContract } from './eventStore.contract.js';

const catalog = createEventCatalog();
const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let lastPath = '';
eventStoreContract({
  name: 'SQLite file',
  isolated: true,
  create: () => {
    lastPath = join(dir, `events-${n++}.db`);
    return Promise.resolve(getSQLiteEventStore({ path: lastPath, catalog }));
  },
  openAnother: () => Promise.resolve(getSQLiteEventStore({ path: lastPath, catalog })),
});

eventStoreContract({
  name: 'SQLite file, stream index merged every 3 events',
  isolated: true,
  create: () =>
    Promise.resolve(
      getSQLiteEventStore({ path: join(dir, `events-${n++}.db`), catalog, indexFlushThreshold: 3 }),
    ),
});

eventStoreContract({
  name: 'in memory',
  isolated: true,
  create: () => Promise.resolve(getInMemoryEventStore({ catalog })),
});

/**
 * PostgreSQL, in both orderings of commits (src/eventStore/postgresql/writer.ts): a database of its
 * own for each test, dropped at the end.
 */
const postgres = postgresTestUrl('PostgreSQL event store contract');
if (postgres) {
  const databases: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  // After each test (its store closed first, by the contract's own hook): dropping them all at the end
  // takes longer than a hook may.
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });
  for (const ordering of ['serialised', 'transaction-id'] as const) {
    let url = '';
    eventStoreContract({
      name: `PostgreSQL, ${ordering} ordering`,
      isolated: true,
      create: async () => {
        const database = await freshDatabase(postgres);
        databases.push(database);
        url = database.url;
        return getPostgreSQLEventStore({ url, catalog, ordering, poolSize: 3 });
      },
      openAnother: () => getPostgreSQLEventStore({ url, catalog, ordering, poolSize: 3 }),
    });
  }
}

/**
 * The KurrentDB adapter over a simulated node (test/support/kurrentdb): the server's decisions as
 * its source reads, not a server. It runs the contract in every test run, over a KurrentDB 25.1
 * node (appends to several streams in one transaction) and an EventStoreDB 24.10 one (without
 * them: the adapter appends the streams one after the other); a server runs it below.
 */
for (const version of ['25.1', '24.10'] as const) {
  let simulated = new SimulatedKurrentDB({ version });
  const overSimulated = () =>
    getKurrentDBEventStore({
      connectionString: 'kurrentdb://simulated:2113',
      catalog,
      client: simulated.client(),
    });
  eventStoreContract({
    name: `KurrentDB adapter over a simulated ${version === '24.10' ? 'EventStoreDB' : 'KurrentDB'} ${version} node`,
    isolated: true,
    idsUniqueInLog: false,
    severalStreams: version === '24.10' ? 'in turn' : 'atomic',
    create: () => {
      simulated = new SimulatedKurrentDB({ version });
      return Promise.resolve(overSimulated());
    },
    openAnother: () => Promise.resolve(overSimulated()),
    writeForeign: (streamId) => {
      simulated.write(streamId, 'any', [{ id: randomUUID(), type: 'OrderShipped', data: { order: 'o-1' } }]);
      return Promise.resolve();
    },
    moveBeforeNextWrite: (streamId) => {
      simulated.beforeAppend = () =>
        simulated.write(streamId, 'any', [
          { id: randomUUID(), type: 'OrderShipped', data: { order: 'o-2' } },
        ]);
    },
  });
}

/**
 * KurrentDB, when a server is given (npm run test:contract with KURRENTDB_TEST_URL, e.g.
 * kurrentdb://localhost:2113?tls=false). Shared with whatever else writes to it: every test works
 * under a stream prefix of its own and reads only its own events.
 */
const kurrentdb = process.env.KURRENTDB_TEST_URL;
if (kurrentdb) {
  eventStoreContract({
    name: `KurrentDB at ${kurrentdb}`,
    isolated: false,
    create: () => Promise.resolve(getKurrentDBEventStore({ connectionString: kurrentdb, catalog })),
    idsUniqueInLog: false,
    openAnother: () => Promise.resolve(getKurrentDBEventStore({ connectionString: kurrentdb, catalog })),
    writeForeign: async (streamId) => {
      // Another application's event: JSON without the ledger's metadata.
      const client = KurrentDBClient.connectionString(kurrentdb);
      try {
        await client.appendToStream(
          streamId,
          jsonEvent({ type: 'OrderShipped', data: { order: 'o-1' }, metadata: { app: 'shop' } }),
        );
      } finally {
        await client.dispose();
      }
    },
  });
} else {
  console.log('KurrentDB event store contract: not run (no server here; set KURRENTDB_TEST_URL to run it)');
}
