/**
 * npm run seed -- --size small|large [--seed N]
 * Fills the event log (LEDGER_DATA_DIR, default ./data) with a realistic history written through
 * the real command path, and its evidence files into the blob store. The service (npm start) projects it; so does npm run rebuild.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/app/config.js';
import { uploaderKey } from '../src/blobStore/blobStore.js';
import { createEventCatalog } from '../src/contexts/catalog.js';
import { createWriteSide } from '../src/contexts/writeSide.js';
import { openStores } from '../src/app/stores.js';
import { progressBar } from './lib/progress.js';
import { SEED_SIZES, seedHistory } from './seed/history.js';

const { values } = parseArgs({
  options: { size: { type: 'string', default: 'small' }, seed: { type: 'string', default: '20260101' } },
});
const size = SEED_SIZES[values.size as keyof typeof SEED_SIZES];
if (!size) {
  console.error(`--size must be one of: ${Object.keys(SEED_SIZES).join(', ')}`);
  process.exit(2);
}
const config = loadConfig();
const catalog = createEventCatalog();
const { eventStore: store, readStore, blobs } = await openStores(config, catalog);
await readStore.close();
const where = config.eventStoreUrl?.split('@').pop() ?? config.eventStorePath;
const before = await store.headPosition();
if (before > 0n) console.log(`The log at ${where} already holds ${before} events; adding to it.`);

console.log(
  `Seeding ${values.size}: ${size.creators} creators, ${size.sellers} sellers, ${size.collaborations} collaborations`,
);
const bar = progressBar('collaborations', size.collaborations);
const started = performance.now();
const report = await seedHistory(createWriteSide({ store, catalog }), size, {
  seed: Number(values.seed) + Number(before),
  onProgress: (done) => bar.update(done),
  // Evidence files are stored as the API stores them, so GET /evidence serves the seeded ones.
  evidence: async (text, by) => {
    const info = await blobs.put(Buffer.from(text), {
      contentType: 'text/plain',
      uploadedBy: by.userId,
      uploader: uploaderKey(by.role, by.partyId!),
      now: new Date().toISOString(),
    });
    return { sha256: info.sha256, contentType: info.contentType, sizeBytes: info.size };
  },
});
bar.stop();
const seconds = (performance.now() - started) / 1000;
const events = await store.eventsAfter(before, Number.MAX_SAFE_INTEGER);
await store.close();
await blobs.close();
console.log(
  `${events} events from ${report.commands} commands in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s)` +
    (Object.keys(report.refused).length ? `; refused: ${JSON.stringify(report.refused)}` : ''),
);
console.log(`Log: ${where}`);
if (report.disputed.length > 0) {
  const example = report.disputed[0]!;
  console.log(
    `${report.disputed.length} collaborations went to a dispute with evidence, e.g. ${example}:\n` +
      `  npm run audit:export -- ${example} --out ${example}.json && npm run audit:verify -- ${example}.json`,
  );
}
