/**
 * npm run rebuild [-- name …]
 * Rebuilds read models from the log: a fresh version of each beside the live one, swapped in when
 * caught up (a running service keeps serving the old one meanwhile). Without names, all of them.
 */
import { projections } from '../projections/index.js';
import { loadConfig } from '../src/app/config.js';
import { openRebuildContext, rebuildThreadsFor } from '../src/app/rebuildContext.js';
import { storeConfigOf } from '../src/app/stores.js';
import { createProjectionRunner } from '../src/projectionRunner/projectionRunner.js';
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
// Reactors act as the service's do (their decisions about the history are made once, by id).
const context = await openRebuildContext({ stores: storeConfigOf(config), react: true });
const { eventStore, readStore } = context;
// Beside a running service: this process rebuilds, the service's projectors go on serving (the
// switch takes each projection's lease when the new version has caught up). Several projections
// are shared between threads (LEDGER_REBUILD_THREADS).
const runner = createProjectionRunner({
  eventStore,
  readStore,
  projections: projections.filter((p) => chosen.includes(p.name)),
  live: false,
  leaseTtlMs: config.leaseTtlMs,
  ...(context.react ? { react: context.react } : {}),
  rebuildThreads: rebuildThreadsFor(config, config.rebuildThreads, true),
});
const head = await eventStore.headPosition();
const threads = chosen.length > 1 ? Math.max(1, Math.min(config.rebuildThreads, chosen.length)) : 1;
console.log(
  `Rebuilding ${chosen.join(', ')} from ${head} events (${threads} thread${threads > 1 ? 's' : ''})`,
);
const bar = progressBar('events', Number(head));
const result = await runner.rebuild(chosen, (progress) =>
  bar.update(Number(progress.position), Number(progress.head)),
);
bar.stop();
await runner.stop();
await context.close();
console.log(
  `Rebuilt ${chosen.length} projection(s) from ${head} events (${result.events} of the types they handle) ` +
    `in ${result.seconds.toFixed(1)} s: ${Math.round(Number(head) / result.seconds)} events/s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
