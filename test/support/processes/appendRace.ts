/**
 * A second process for the two-process tests: appends `attempts` times to one stream of a shared
 * SQLite file, each time with the revision it last read, and prints how many won and how many met a
 * concurrency conflict. The two processes are labelled A and B and wait for each other before starting.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createEventCatalog } from '../../../src/contexts/catalog.js';
import { ConcurrencyError } from '../../../src/core/errors.js';
import { NO_STREAM } from '../../../src/eventStore/eventStore.js';
import { getSQLiteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { aMessage } from '../events.js';

const [path, streamId, attemptsArg, label, flushThreshold] = process.argv.slice(2);
const store = getSQLiteEventStore({
  path: path!,
  catalog: createEventCatalog(),
  ...(flushThreshold ? { indexFlushThreshold: Number(flushThreshold) } : {}),
});
// Both processes start appending together (tsx start-up times differ by more than a whole run under load).
writeFileSync(`${path}.${label}.ready`, '');
const other = `${path}.${label === 'A' ? 'B' : 'A'}.ready`;
while (!existsSync(other)) await new Promise((resolve) => setTimeout(resolve, 5));
let won = 0;
let conflicts = 0;
for (let i = 0; i < Number(attemptsArg); i++) {
  const revision = await store.streamRevision(streamId!);
  // Widen the window between read and write, as a real command handler's decide step does.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
  try {
    await store.append(streamId!, [aMessage(`${label} ${i}`)], { expectedRevision: revision ?? NO_STREAM });
    won++;
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    conflicts++;
  }
}
await store.close();
process.stdout.write(JSON.stringify({ won, conflicts }));
