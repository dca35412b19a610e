import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { buildSchema, isEnumType } from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { creatorsProjection } from '../../projections/creators/creators.projection.js';
import { TRACKED_FIGURES } from '../../projections/creators/reputation.js';
import { glossaryMarkdown } from '../../scripts/glossary/glossaryMarkdown.js';
import { GLOSSARY_SECTIONS } from '../../web/i18n/glossary.js';
import { catalog, MESSAGES } from '../../web/i18n/messages/index.js';
import { SCHEMA_ENUMS } from '../../web/i18n/messages/enums.js';
import { ERRORS } from '../../web/i18n/messages/errors.js';
import { EVENTS } from '../../web/i18n/messages/events.js';

/**
 * The apps' two catalogs (web/i18n/messages/): complete in both languages, valid ICU, every message
 * used, and a message for every name the API can send — every enum value of its schema, every event
 * type of its catalog, every error code its sources throw — so that a new name without words fails
 * here, not on a reader's screen.
 */
const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return filesUnder(path, ext);
    return ext.test(name) ? [path] : [];
  });

/** The argument names a message reads, from its ICU syntax tree. */
const argumentsOf = (elements: MessageFormatElement[], into = new Set<string>()): Set<string> => {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, into);
  }
  return into;
};

describe('the message catalogs', () => {
  const en = catalog('en');
  const zh = catalog('zh-CN');

  it('have the same ids, each with words in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const empty = Object.entries(MESSAGES).filter(([, m]) => !m.en.trim() || !m.zh.trim());
    expect(empty.map(([id]) => id)).toEqual([]);
  });

  it('are valid ICU MessageFormat, and both languages read the same arguments', () => {
    const problems: string[] = [];
    for (const [id, message] of Object.entries(MESSAGES)) {
      try {
        const english = argumentsOf(parse(message.en, { requiresOtherClause: true }));
        const chinese = argumentsOf(parse(message.zh, { requiresOtherClause: true }));
        if ([...english].sort().join() !== [...chinese].sort().join()) {
          problems.push(`${id}: en reads {${[...english].join(', ')}}, zh {${[...chinese].join(', ')}}`);
        }
      } catch (error) {
        problems.push(`${id}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('have words for every value of every enum of the API schema, and for no other', () => {
    const schema = buildSchema(read('schema/schema.graphql'));
    const missing: string[] = [];
    const enums = Object.values(schema.getTypeMap()).filter(
      (type) => isEnumType(type) && !type.name.startsWith('__'),
    );
    for (const type of enums) {
      if (!isEnumType(type)) continue;
      for (const value of type.getValues()) {
        if (!Object.hasOwn(en, `enum.${type.name}.${value.name}`)) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
    const schemaValues = new Set(
      enums.flatMap((type) =>
        isEnumType(type) ? type.getValues().map((v) => `${type.name}.${v.name}`) : [],
      ),
    );
    const stale = Object.entries(SCHEMA_ENUMS).flatMap(([type, values]) =>
      Object.keys(values)
        .map((value) => `${type}.${value}`)
        .filter((name) => !schemaValues.has(name)),
    );
    expect(stale).toEqual([]);
  });

  it('name every event type of the log, and say why for those that move a reputation', () => {
    const catalogTypes = (
      JSON.parse(read('schema/events/index.json')) as { events: { type: string }[] }
    ).events.map((e) => e.type);
    expect(catalogTypes.filter((type) => !EVENTS[type])).toEqual([]);
    expect(Object.keys(EVENTS).filter((type) => type !== 'Redacted' && !catalogTypes.includes(type))).toEqual(
      [],
    );
    expect(creatorsProjection.eventTypes.filter((type) => !EVENTS[type]?.cause)).toEqual([]);
  });

  it('say what every kind of notification tells, and no kind the API does not have', () => {
    const schema = buildSchema(read('schema/schema.graphql'));
    const kind = schema.getType('NotificationKind');
    if (!isEnumType(kind)) throw new Error('NotificationKind is not an enum of the schema');
    const kinds = kind.getValues().map((v) => v.name);
    const worded = Object.keys(en)
      .filter((id) => id.startsWith('notification.'))
      .map((id) => id.slice('notification.'.length));
    expect(kinds.filter((k) => !worded.includes(k))).toEqual([]);
    expect(worded.filter((k) => !kinds.includes(k))).toEqual([]);
  });

  it('name every figure the reputation change log follows', () => {
    const figures = Object.keys(en)
      .filter((id) => id.startsWith('figure.'))
      .map((id) => id.slice('figure.'.length));
    expect(figures.sort()).toEqual([...TRACKED_FIGURES, 'dimension'].sort());
  });

  it('say what every error code the service throws means', () => {
    // Calls that refuse with a code (src/core/errors.ts, the HTTP layer's `fail`, the deciders'
    // helpers): their UPPER_SNAKE string arguments; a class's `code = '…'`; the HTTP status map.
    const codes = new Set<string>();
    const calls = /\b(?:DomainError|fail|refuse|nonBlank|refusal|RateLimitedError)\(/g;
    for (const file of filesUnder('src', /(?<!\.spec)\.ts$/)) {
      const text = read(file);
      for (const call of text.matchAll(calls)) {
        let depth = 0;
        let end = call.index + call[0].length - 1;
        for (; end < text.length; end++) {
          if (text[end] === '(') depth++;
          if (text[end] === ')' && --depth === 0) break;
        }
        const args = text.slice(call.index + call[0].length, end);
        for (const code of args.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) codes.add(code[1]!);
      }
      for (const code of text.matchAll(/\bcode\s*=\s*'([A-Z][A-Z0-9_]+)'/g)) codes.add(code[1]!);
      for (const code of text.matchAll(/^\s+\d{3}: '([A-Z][A-Z0-9_]+)',$/gm)) codes.add(code[1]!);
    }
    expect(codes.size).toBeGreaterThan(50);
    expect([...codes].filter((code) => !ERRORS[code]).sort()).toEqual([]);
  });

  it('are each used by the apps, and every id the apps ask for exists', () => {
    const sources = filesUnder('web', /\.tsx?$/)
      .filter((file) => !file.startsWith('web/i18n/messages/'))
      .map(read)
      .join('\n');
    // Ids asked for as written, and ids made at run time from a template (`evidence.check.${check}`).
    const literal = new Set(
      [...sources.matchAll(/['"`]([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+)['"`]/g)].map((m) => m[1]!),
    );
    const templates = [...sources.matchAll(/`([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)*\.)\$\{[^}]+\}`/g)].map(
      (m) => new RegExp(`^${m[1]!.replace(/\./g, '\\.')}[^.]+$`),
    );
    // Made from the API's names, each checked above against its source.
    const made = /^(?:enum|event|error|field|figure|notification)\./;
    const unused = Object.keys(en).filter(
      (id) => !made.test(id) && !literal.has(id) && !templates.some((t) => t.test(id)),
    );
    expect(unused).toEqual([]);
    const asked = [
      ...sources.matchAll(/\b(?:id[:=]\s*|say\()['"]([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+)['"]/g),
    ].map((m) => m[1]!);
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((id) => !Object.hasOwn(en, id))).toEqual([]);
  });
});

describe('the glossary', () => {
  it('is what docs/GLOSSARY.md shows (npm run glossary writes it)', async () => {
    expect(read('docs/GLOSSARY.md')).toBe(await glossaryMarkdown());
  });

  it("quotes the source guide's own words", () => {
    const guide = read('docs/seed/creator-collaboration-evaluation.zh.txt');
    const quotes = GLOSSARY_SECTIONS.flatMap((s) => Object.values(s.terms)).flatMap((t) => t.guide ?? []);
    expect(quotes.length).toBeGreaterThan(20);
    expect(quotes.filter((quote) => !guide.includes(quote))).toEqual([]);
  });

  it('is the words the Chinese catalog speaks', () => {
    const zh = Object.values(catalog('zh-CN')).join('\n');
    const terms = GLOSSARY_SECTIONS.flatMap((s) => Object.values(s.terms));
    expect(terms.filter((term) => !zh.includes(term.zh)).map((t) => t.zh)).toEqual([]);
  });
});
