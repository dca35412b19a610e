/** A second process that appends one event to a shared SQLite file and prints when the append resolved. */
import { createEventCatalog } from '../../../src/contexts/catalog.js';
import { getSQLiteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { aMessage } from '../events.js';

const [path, streamId] = process.argv.slice(2);
const store = getSQLiteEventStore({ path: path!, catalog: createEventCatalog() });
await store.append(streamId!, [aMessage('from another process')]);
const appendedAt = performance.timeOrigin + performance.now();
await store.close();
process.stdout.write(JSON.stringify({ appendedAt }));
