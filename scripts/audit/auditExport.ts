/**
 * npm run audit:export -- <collaborationId> [--out file]
 * Writes one self-verifying file: the collaboration's events with their hashes, the evidence hashes
 * (each checked against the blob store), the replayed final state, and how to verify it, signed with
 * the service's export key (LEDGER_AUDIT_SIGNING_KEY_FILE). Without --out, to standard output. Reads
 * the service's data folder (LEDGER_DATA_DIR); the service may run. Exits 1 (the file still written)
 * when the hash chain is broken, an event cannot be replayed (each named, with why), or an evidence
 * file is missing or changed in the blob store.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/app/config.js';
import { buildExport } from '../../src/audit/exportFile.js';
import { loadSigningKey } from '../../src/audit/signing.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { openStores } from '../../src/app/stores.js';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const [collaborationId] = positionals;
if (!collaborationId || positionals.length > 1) {
  console.error('Usage: npm run audit:export -- <collaborationId> [--out file]');
  process.exit(2);
}
const config = loadConfig();
const { eventStore, readStore, blobs } = await openStores(config, createEventCatalog());
await readStore.close();
try {
  const file = await buildExport(eventStore, collaborationId, {
    blobs,
    now: new Date().toISOString(),
    signingKey: loadSigningKey(config.auditSigningKeyFile),
  });
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const { atExport, notReplayed } = file.verification;
  const unvouched = file.evidence.filter((e) => e.file !== 'verified');
  if (values.out) {
    await writeFile(values.out, text);
    console.error(
      `Wrote ${values.out}: ${file.events.length} events, ${file.evidence.length} evidence file(s); ` +
        (atExport.valid
          ? 'the hash chain holds'
          : `the hash chain breaks at revision ${atExport.firstBrokenRevision}: ${atExport.reason}`) +
        `; signed with key ${file.signature!.keyId}`,
    );
  } else {
    process.stdout.write(text);
  }
  // The file is written either way (it documents the damage), but the export did not vouch for it all.
  for (const p of notReplayed) {
    console.error(
      `Revision ${p.revision} (position ${p.position}, ${p.type}) of ${file.streamId} cannot be replayed: ${p.code} ${p.detail}`,
    );
  }
  for (const item of unvouched) {
    console.error(`Evidence ${item.sha256} (${item.evidenceId}) is ${item.file} in the blob store`);
  }
  if (!atExport.valid || notReplayed.length > 0 || unvouched.length > 0) process.exitCode = 1;
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await eventStore.close();
  await blobs.close();
}
