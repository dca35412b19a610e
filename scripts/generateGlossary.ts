/**
 * Writes docs/GLOSSARY.md from web/i18n/glossary.ts. With `--check`, writes nothing and fails when the
 * file differs (the same check runs in `npm test`: test/web/messages.unit.spec.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { glossaryMarkdown } from './glossary/glossaryMarkdown.js';

const path = join(import.meta.dirname, '..', 'docs', 'GLOSSARY.md');
const text = await glossaryMarkdown();
const current = (() => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
})();
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error('docs/GLOSSARY.md drifted from web/i18n/glossary.ts: run `npm run glossary`');
    process.exit(1);
  }
  console.log('docs/GLOSSARY.md matches web/i18n/glossary.ts');
} else {
  writeFileSync(path, text);
  console.log(`docs/GLOSSARY.md: ${text.split('\n').length} lines`);
}
