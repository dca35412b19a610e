/**
 * Writes the event catalog — one JSON Schema per event type and version — into `schema/events/`.
 * With `--check`, writes nothing and fails when the files differ from the code (CI drift check).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventDefinitions } from '../src/contexts/catalog.js';
import { EVENT_METADATA_SCHEMA_FILE, eventCatalogFiles } from '../src/core/eventCatalogFiles.js';
import { EventMetadataSchema } from '../src/core/metadata.js';

const dir = join(import.meta.dirname, '..', 'schema', 'events');
const files = eventCatalogFiles(eventDefinitions, EventMetadataSchema);
const check = process.argv.includes('--check');

mkdirSync(dir, { recursive: true });
const existing = new Set(readdirSync(dir).filter((f) => f.endsWith('.json')));
const drift: string[] = [];
for (const [name, content] of files) {
  const path = join(dir, name);
  const current = existing.has(name) ? readFileSync(path, 'utf8') : undefined;
  existing.delete(name);
  if (current === content) continue;
  drift.push(current === undefined ? `missing ${name}` : `changed ${name}`);
  if (!check) writeFileSync(path, content);
}
for (const stale of existing) {
  drift.push(`stale ${stale}`);
  if (!check) rmSync(join(dir, stale));
}

if (check && drift.length > 0) {
  console.error(`schema/events/ drifted from the code (run \`npm run catalog\`):\n  ${drift.join('\n  ')}`);
  process.exit(1);
}
console.log(
  check
    ? `schema/events/ matches the code (${files.size} files, metadata in ${EVENT_METADATA_SCHEMA_FILE})`
    : `schema/events/: ${files.size} files, ${drift.length} written or removed`,
);
