/**
 * Writes the GraphQL schema (SDL) built from the resolvers to schema/schema.graphql.
 * With `--check`, writes nothing and fails when the file differs from the code (CI drift check).
 */
import { printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLedgerSchema } from '../src/graphql/schema.js';

const path = join(import.meta.dirname, '..', 'schema', 'schema.graphql');
const sdl = `${printSchema(await buildLedgerSchema())}\n`;
let current: string | undefined;
try {
  current = readFileSync(path, 'utf8');
} catch {
  current = undefined;
}
if (process.argv.includes('--check')) {
  if (current !== sdl) {
    console.error('schema/schema.graphql drifted from the resolvers: run `npm run schema`');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the resolvers');
} else {
  writeFileSync(path, sdl);
  console.log(`schema/schema.graphql: ${sdl.split('\n').length} lines`);
}
