/** The other process of bench:append: appends events one at a time and prints when each resolved. */
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { benchEvent } from './benchEvent.js';

const [path, countArg] = process.argv.slice(2);
const store = getSQLiteEventStore({ path: path!, catalog: createEventCatalog() });
const appended: { id: string; at: number }[] = [];
for (let i = 0; i < Number(countArg); i++) {
  const event = benchEvent(i);
  await store.append(`collaboration-x${i}`, [event]);
  appended.push({ id: event.id, at: performance.timeOrigin + performance.now() });
  await new Promise((resolve) => setTimeout(resolve, 15 + Math.random() * 30));
}
await store.close();
process.stdout.write(JSON.stringify(appended));
