/**
 * npm run rebuild [-- name …]
 * Rebuilds read models from the log: a fresh version of each beside the live one, swapped in when
 * caught up (a running service keeps serving the old one meanwhile). Without names, all of them.
 */
import { projections } from '../projections/index.js';
import { loadConfig } from '../src/app/config.js';
import { createEventCatalog } from '../src/contexts/catalog.js';
import { createProjectionRunner } from '../src/projectionRunner/projectionRunner.js';
import { openStores } from '../src/app/stores.js';
import { progressBar } from './lib/progress.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !projections.some((p) => p.name === n));
if (unknown.length > 0) {
  console.error(
    `Unknown projection(s): ${unknown.join(', ')}. Known: ${projections.map((p) => p.name).join(', ')}`,
  );
  process.exit(2);
}
const chosen = names.length > 0 ? names : projections.map((p) => p.name);
const config = loadConfig();
const { eventStore, readStore, blobs } = await openStores(config, createEventCatalog());
await blobs.close();
// Beside a running service: this process rebuilds, the service's projectors go on serving (the
// switch takes each projection's lease when the new version has caught up).
const runner = createProjectionRunner({
  eventStore,
  readStore,
  projections: projections.filter((p) => chosen.includes(p.name)),
  live: false,
  leaseTtlMs: config.leaseTtlMs,
});
const head = await eventStore.headPosition();
console.log(`Rebuilding ${chosen.join(', ')} from ${head} events`);
const bar = progressBar('events', Number(head));
const result = await runner.rebuild(chosen, (progress) =>
  bar.update(Number(progress.position), Number(progress.head)),
);
bar.stop();
await runner.stop();
await eventStore.close();
await readStore.close();
console.log(
  `Rebuilt ${chosen.length} projection(s) over ${result.events} events in ${result.seconds.toFixed(1)} s: ` +
    `${Math.round(result.events / result.seconds)} events/s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
