import { createHash } from 'node:crypto';
import type { CollectionSpec, IndexSpec } from '../readStore.js';

/**
 * The layout of a collection version in the database: names and DDL. Each one is a table
 * `t_<name>__v<n>`: the document as JSON text, the position that last changed it, and one column per
 * declared index holding the index's value as the writer computed it from the document (an array
 * for a multi-valued index); readers go through a view `v_<name>` over the active version.
 *
 * Index values are columns written with each document, not expressions over a JSONB document: a
 * query, a count or a selected `topPerGroup` is then answered from the B-tree indexes alone
 * (PostgreSQL reads no expression index without the row it came from; `npm run
 * bench:postgres-indexes` measures both), and a value reads back exactly as the other stores read
 * it (readStore.ts `indexValue`). So nothing reads inside a document, and it is kept as `json`, the
 * text as written, rather than JSONB: JSONB cannot hold the NUL character (`\u0000`), which any
 * string a client sent may contain — the projection would stop on that document — and it is parsed
 * again on every write and printed again on every read. Every text is ordered byte by byte
 * (`COLLATE "C"`), as SQLite orders it, whatever the database's own collation: cursors and ties
 * agree across stores.
 */

/**
 * A text as a column holds it: PostgreSQL's text cannot hold the NUL character, so an id or an
 * index value with one (a tag a client typed) holds U+FFFD in its place — and so does every value
 * it is compared with (conditions.ts), so it is found as written. The document keeps it.
 */
export const storedText = (text: string): string =>
  text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;

/** PostgreSQL's longest identifier (NAMEDATALEN − 1, in bytes). */
const MAX_IDENTIFIER = 63;

/** An identifier, quoted: collection and field names keep their case. */
export const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A declared index's column (unquoted name). */
export const columnName = (index: IndexSpec): string => `f_${index.field.replace(/\./g, '_')}`;

/** A declared index's column, quoted for SQL. */
export const column = (index: IndexSpec): string => quote(columnName(index));

export const tableName = (collection: string, version: number): string => `t_${collection}__v${version}`;

export const table = (collection: string, version: number): string => quote(tableName(collection, version));

export const view = (collection: string): string => quote(`v_${collection}`);

/** The SQL type of an index's column. */
export const columnType = (index: IndexSpec): string => {
  const scalar = index.type === 'number' ? 'double precision' : 'text';
  return index.multi ? `${scalar}[]` : scalar;
};

/** Refuses names PostgreSQL would cut short (two collections would share a truncated name). */
export const checkNames = (spec: CollectionSpec, version: number): void => {
  for (const name of [tableName(spec.name, version), `v_${spec.name}`, ...spec.indexes.map(columnName)]) {
    if (Buffer.byteLength(name) > MAX_IDENTIFIER) {
      throw new Error(
        `${name}: longer than PostgreSQL's ${MAX_IDENTIFIER}-byte names (shorten the collection or field)`,
      );
    }
  }
};

/** An index's name: readable when it fits, else a digest of what it indexes (unique all the same). */
const indexName = (t: string, columns: readonly string[]): string => {
  const readable = `${t}__${columns.join('_')}`;
  if (Buffer.byteLength(readable) <= MAX_IDENTIFIER) return readable;
  return `ix_${createHash('sha256')
    .update(`${t}\u0000${columns.join('\u0000')}`)
    .digest('hex')
    .slice(0, 40)}`;
};

/**
 * The indexes of a collection version (each a no-op when it exists): a B-tree per scalar index over
 * (value, id), so that a sort by it reads the index in order and ties by id need no sort; a GIN index
 * per multi-valued one (`&&` finds the documents holding any of the values asked); the compound ones
 * as declared, then id.
 */
export const indexStatements = (spec: CollectionSpec, version: number): string[] => {
  const t = tableName(spec.name, version);
  return [
    ...spec.indexes.map((index) =>
      index.multi
        ? `CREATE INDEX IF NOT EXISTS ${quote(indexName(t, [columnName(index)]))} ON ${quote(t)} USING gin (${column(index)})`
        : `CREATE INDEX IF NOT EXISTS ${quote(indexName(t, [columnName(index)]))} ON ${quote(t)} (${column(index)}, id)`,
    ),
    ...(spec.compoundIndexes ?? []).map((fields) => {
      const columns = fields.map((field) => columnName(spec.indexes.find((i) => i.field === field)!));
      return `CREATE INDEX IF NOT EXISTS ${quote(indexName(t, ['c', ...columns]))} ON ${quote(t)} (${columns.map(quote).join(', ')}, id)`;
    }),
  ];
};

/**
 * The table of a collection version (a no-op when it exists), and its indexes unless `deferIndexes`
 * (see ReadStore.prepare): its primary key always, which every write looks documents up by. With
 * `lz4`, documents too large to stay in their row are compressed with LZ4 rather than PostgreSQL's
 * own pglz, several times faster to compress (most collaborations pass the 2 kB at which it starts).
 */
export const createTableStatements = (
  spec: CollectionSpec,
  version: number,
  deferIndexes: boolean,
  lz4: boolean,
): string[] => {
  const columns = spec.indexes.map(
    (i) => `, ${column(i)} ${columnType(i)}${i.type === 'string' ? ' COLLATE "C"' : ''} NOT NULL`,
  );
  return [
    `CREATE TABLE IF NOT EXISTS ${table(spec.name, version)} (id text COLLATE "C" PRIMARY KEY, doc json${lz4 ? ' COMPRESSION lz4' : ''} NOT NULL, pos bigint NOT NULL${columns.join('')})`,
    ...(deferIndexes ? [] : indexStatements(spec, version)),
  ];
};

/** Points the view of a collection at one of its versions. */
export const viewStatements = (spec: CollectionSpec, version: number): string[] => [
  `DROP VIEW IF EXISTS ${view(spec.name)}`,
  `CREATE VIEW ${view(spec.name)} AS SELECT * FROM ${table(spec.name, version)}`,
];

/** Drops the table of a collection version (and the view, when it still points there: the collection left the projection). */
export const dropTableStatements = (spec: CollectionSpec, version: number): string[] => [
  `DROP TABLE IF EXISTS ${table(spec.name, version)} CASCADE`,
];
