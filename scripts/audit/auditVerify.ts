/**
 * npm run audit:verify -- <file>
 * Verifies an export of `npm run audit:export` offline — no server, no database: the hash chain, the
 * final state replayed from the events, and the evidence list. Exit 0 when it holds, 1 when it does
 * not (naming the first broken event), 2 when the file cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyExport } from '../../src/audit/exportFile.js';

const { positionals } = parseArgs({ allowPositionals: true });
const [path] = positionals;
if (!path || positionals.length > 1) {
  console.error('Usage: npm run audit:verify -- <file>');
  process.exit(2);
}
let file: unknown;
try {
  file = JSON.parse(await readFile(path, 'utf8'));
} catch (error) {
  console.error(`Cannot read ${path}: ${(error as Error).message}`);
  process.exit(2);
}
const result = await verifyExport(file);
if (result.valid) {
  console.log(
    `OK: ${result.eventsChecked} events, the hash chain holds, the final state and evidence list match`,
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
