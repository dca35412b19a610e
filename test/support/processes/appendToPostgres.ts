/**
 * A writer process for the PostgreSQL concurrency test: `writers` concurrent writers append `count`
 * events in all to a shared PostgreSQL log, each append to one stream (with the revision it last
 * read, so some meet a conflict) or to two at once, with short random pauses so that its commits
 * interleave with other processes'. The processes wait for each other before starting (ready files
 * in `dir`). Prints the ids of the events it was acknowledged, with their positions.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEventCatalog } from '../../../src/contexts/catalog.js';
import { ConcurrencyError } from '../../../src/core/errors.js';
import { NO_STREAM } from '../../../src/eventStore/eventStore.js';
import { getPostgreSQLEventStore } from '../../../src/eventStore/postgresql/postgresqlEventStore.js';
import type { LogOrdering } from '../../../src/eventStore/postgresql/writer.js';
import { aMessage, messages } from '../events.js';

const [url, ordering, dir, label, processesArg, countArg, writersArg] = process.argv.slice(2);
const store = await getPostgreSQLEventStore({
  url: url!,
  catalog: createEventCatalog(),
  ordering: ordering as LogOrdering,
  poolSize: 4,
});
writeFileSync(join(dir!, `${label}.ready`), '');
const labels = Array.from({ length: Number(processesArg) }, (_, i) => `p${i}`);
while (!labels.every((l) => existsSync(join(dir!, `${l}.ready`)))) {
  await new Promise((resolve) => setTimeout(resolve, 5));
}

const acknowledged: [string, string][] = [];
let conflicts = 0;
let next = 0;
const count = Number(countArg);
const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
await Promise.all(
  Array.from({ length: Number(writersArg) }, async () => {
    while (next < count) {
      const n = next++;
      const stream = `s-${n % 7}`;
      try {
        if (n % 5 === 0) {
          const result = await store.appendToStreams([
            { streamId: `${label}-claim-${n}`, events: messages(1, label), expectedRevision: NO_STREAM },
            { streamId: stream, events: messages(2, label) },
          ]);
          for (const r of result.results)
            for (const e of r.events) acknowledged.push([e.id, `${e.position}`]);
        } else {
          const revision = await store.streamRevision(stream);
          await pause();
          const result = await store.append(stream, [aMessage(`${label} ${n}`)], {
            expectedRevision: revision ?? NO_STREAM,
          });
          for (const e of result.events) acknowledged.push([e.id, `${e.position}`]);
        }
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        conflicts++;
      }
      await pause();
    }
  }),
);
await store.close();
process.stdout.write(JSON.stringify({ acknowledged, conflicts }));
