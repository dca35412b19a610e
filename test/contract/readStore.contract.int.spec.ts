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
import { mongoConcurrencyContract } from './mongoReadStore.contract.js';
import { readStoreContract } from './readStore.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-read-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

readStoreContract({
  name: 'SQLite file',
  create: () => Promise.resolve(getSQLiteReadStore({ path: join(dir, `read-${n++}.db`) })),
});

readStoreContract({ name: 'in memory', create: () => Promise.resolve(getInMemoryReadStore()) });

/**
 * The MongoDB adapter, its queries, cursors, pipelines and lease compare-and-sets executed by mingo
 * (a MongoDB query engine in JavaScript) over the same fixtures: no server, every run.
 */
readStoreContract({
  name: 'MongoDB adapter over mingo (no server)',
  create: () => getMongoReadStore({ client: mingoMongoClient() }),
});

/** MongoDB itself, when a replica set is given (npm run test:contract with MONGODB_TEST_URL). */
const mongodb = process.env.MONGODB_TEST_URL;
if (mongodb) {
  readStoreContract({
    name: `MongoDB at ${mongodb}`,
    create: () => getMongoReadStore({ url: mongodb, database: `ledger_contract_${Date.now()}_${n++}` }),
  });
  mongoConcurrencyContract(mongodb);
} else {
  console.log('MongoDB read store contract against a server: not run (set MONGODB_TEST_URL to run it)');
}

/** PostgreSQL: a database of its own for each store (.ci/run starts a server and sets POSTGRES_TEST_URL). */
const postgres = postgresTestUrl('PostgreSQL read store contract');
if (postgres) {
  const databases: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });
  readStoreContract({
    name: 'PostgreSQL',
    create: async () => {
      const database = await freshDatabase(postgres);
      databases.push(database);
      return getPostgreSQLReadStore({ url: database.url, poolSize: 4 });
    },
  });
}
