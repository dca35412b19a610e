/**
 * A projection process for the crash test: runs every projection over a SQLite log into a SQLite
 * read store, in tiny batches, until caught up; then exits.
 */
import { join } from 'node:path';
import { projections } from '../../../projections/index.js';
import { createEventCatalog } from '../../../src/contexts/catalog.js';
import { getSQLiteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { createProjectionRunner } from '../../../src/projectionRunner/projectionRunner.js';
import { getSQLiteReadStore } from '../../../src/readStore/sqlite/sqliteReadStore.js';

const [dir, batchSize] = process.argv.slice(2);
const eventStore = getSQLiteEventStore({ path: join(dir!, 'events.db'), catalog: createEventCatalog() });
const readStore = getSQLiteReadStore({ path: join(dir!, 'read.db') });
const runner = createProjectionRunner({ eventStore, readStore, projections, batchSize: Number(batchSize) });
await runner.start();
process.stdout.write('started\n');
await runner.waitFor(await eventStore.headPosition(), 120_000);
await runner.stop();
await readStore.close();
await eventStore.close();
process.stdout.write('caught up\n');
