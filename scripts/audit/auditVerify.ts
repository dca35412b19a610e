/**
 * npm run audit:verify -- <file> [--key-id <fingerprint>]
 * Verifies an export of `npm run audit:export` offline — no server, no database: the hash chain, the
 * final state replayed from the events, the evidence list, and the service's signature (by the key
 * --key-id names, when given: the fingerprint `npm run audit:key` prints). Exit 0 when it holds, 1
 * when it does not (naming the first broken event), 2 when the file cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyExport } from '../../src/audit/verifyExport.js';

const { values, positionals } = parseArgs({
  options: { 'key-id': { type: 'string' } },
  allowPositionals: true,
});
const [path] = positionals;
if (!path || positionals.length > 1) {
  console.error('Usage: npm run audit:verify -- <file> [--key-id <fingerprint>]');
  process.exit(2);
}
let file: unknown;
try {
  file = JSON.parse(await readFile(path, 'utf8'));
} catch (error) {
  console.error(`Cannot read ${path}: ${(error as Error).message}`);
  process.exit(2);
}
const keyId = values['key-id'];
const result = await verifyExport(file, keyId === undefined ? {} : { keyId });
const signed =
  result.signature.status === 'valid'
    ? `signed by key ${result.signature.keyId}${keyId === undefined ? ' (compare it with the service fingerprint, or pass --key-id)' : ''}`
    : result.signature.status === 'absent'
      ? 'not signed'
      : 'the signature does not hold';
if (result.valid) {
  console.log(
    `OK: ${result.eventsChecked} events, the hash chain holds, the final state and evidence list match; ${signed}`,
  );
} else {
  if (result.firstBroken) {
    const { revision, position, type, reason } = result.firstBroken;
    console.log(
      `BROKEN: first broken event: revision ${revision} (position ${position}, ${type}): ${reason}`,
    );
  }
  for (const problem of result.problems) console.log(`- ${problem}`);
}
process.exitCode = result.valid ? 0 : 1;
