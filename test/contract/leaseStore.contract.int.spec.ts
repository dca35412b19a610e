import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';
import { getMongoReadStore } from '../../src/readStore/mongodb/mongoReadStore.js';
import { getPostgreSQLReadStore } from '../../src/readStore/postgresql/postgresReadStore.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { mingoMongoClient } from '../support/mingoMongo.js';
import { freshDatabase, postgresTestUrl } from '../support/postgres.js';
import { leaseStoreContract } from './leaseStore.contract.js';

// Each read store adapter hands out the lease store of its database (src/leases/leaseStore.ts).
const dir = mkdtempSync(join(tmpdir(), 'ledger-lease-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

leaseStoreContract({
  name: 'SQLite file',
  create: () => Promise.resolve(getSQLiteReadStore({ path: join(dir, `read-${n++}.db`) })),
});

leaseStoreContract({ name: 'in memory', create: () => Promise.resolve(getInMemoryReadStore()) });

/** The MongoDB adapter's compare-and-sets executed by mingo (a MongoDB query engine in JavaScript). */
leaseStoreContract({
  name: 'MongoDB adapter over mingo (no server)',
  create: () => getMongoReadStore({ client: mingoMongoClient() }),
});

/** MongoDB itself, when a replica set is given (npm run test:contract with MONGODB_TEST_URL). */
const mongodb = process.env.MONGODB_TEST_URL;
if (mongodb) {
  leaseStoreContract({
    name: `MongoDB at ${mongodb}`,
    create: () => getMongoReadStore({ url: mongodb, database: `ledger_leases_${Date.now()}_${n++}` }),
  });
} else {
  console.log('MongoDB lease store contract against a server: not run (set MONGODB_TEST_URL to run it)');
}

/** PostgreSQL: a database of its own for each store (.ci/run starts a server and sets POSTGRES_TEST_URL). */
const postgres = postgresTestUrl('PostgreSQL lease store contract');
if (postgres) {
  const databases: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });
  leaseStoreContract({
    name: 'PostgreSQL',
    create: async () => {
      const database = await freshDatabase(postgres);
      databases.push(database);
      return getPostgreSQLReadStore({ url: database.url, poolSize: 4 });
    },
  });
}
