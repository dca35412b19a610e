import type { CollectionSpec, IndexSpec } from '../readStore.js';

/**
 * The layout of a collection version in the read store's file: names and DDL. Each one is a table
 * `t_<name>__v<n>` with the document as JSON and one indexed column per declared scalar index, and
 * one side table per multi-valued index; readers go through a view `v_<name>` (and one per side
 * table) over the active version.
 */

/** A scalar index's column. */
export const column = (index: IndexSpec): string => `f_${index.field.replace(/\./g, '_')}`;

export const table = (collection: string, version: number): string => `t_${collection}__v${version}`;

export const sideTable = (collection: string, version: number, index: IndexSpec): string =>
  `${table(collection, version)}__${column(index)}`;

export const view = (collection: string): string => `v_${collection}`;

export const sideView = (collection: string, index: IndexSpec): string => `v_${collection}__${column(index)}`;

/** The indexes on a collection version's index columns (each a no-op when it exists). */
export const indexStatements = (spec: CollectionSpec, version: number): string[] => {
  const t = table(spec.name, version);
  return [
    ...spec.indexes
      .filter((i) => !i.multi)
      .map((index) => `CREATE INDEX IF NOT EXISTS ${t}__${column(index)} ON ${t} (${column(index)}, id)`),
    ...(spec.compoundIndexes ?? []).map((fields) => {
      const columns = fields.map((field) => column(spec.indexes.find((i) => i.field === field)!));
      return `CREATE INDEX IF NOT EXISTS ${t}__c_${columns.join('_')} ON ${t} (${columns.join(', ')}, id)`;
    }),
  ];
};

/**
 * The tables of a collection version (each a no-op when it exists), and its indexes unless
 * `deferIndexes` (see ReadStore.prepare).
 */
export const createTableStatements = (
  spec: CollectionSpec,
  version: number,
  deferIndexes: boolean,
): string[] => {
  const t = table(spec.name, version);
  const indexed = spec.indexes
    .filter((i) => !i.multi)
    .map((i) => `, ${column(i)} ${i.type === 'number' ? 'REAL' : 'TEXT'} NOT NULL`)
    .join('');
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, pos INTEGER NOT NULL${indexed})`,
    ...spec.indexes
      .filter((i) => i.multi)
      .flatMap((index) => {
        const side = sideTable(spec.name, version, index);
        // Writes replace a document's values by id: that index is never deferred.
        return [
          `CREATE TABLE IF NOT EXISTS ${side} (value ${index.type === 'number' ? 'REAL' : 'TEXT'} NOT NULL, id TEXT NOT NULL, PRIMARY KEY (value, id)) WITHOUT ROWID`,
          `CREATE INDEX IF NOT EXISTS ${side}__id ON ${side} (id)`,
        ];
      }),
    ...(deferIndexes ? [] : indexStatements(spec, version)),
  ];
};

/** Points the views of a collection at one of its versions. */
export const viewStatements = (spec: CollectionSpec, version: number): string[] => [
  `DROP VIEW IF EXISTS ${view(spec.name)}`,
  `CREATE VIEW ${view(spec.name)} AS SELECT * FROM ${table(spec.name, version)}`,
  ...spec.indexes
    .filter((i) => i.multi)
    .flatMap((index) => [
      `DROP VIEW IF EXISTS ${sideView(spec.name, index)}`,
      `CREATE VIEW ${sideView(spec.name, index)} AS SELECT * FROM ${sideTable(spec.name, version, index)}`,
    ]),
];

/** Drops the tables of a collection version. */
export const dropTableStatements = (spec: CollectionSpec, version: number): string[] => [
  ...spec.indexes
    .filter((i) => i.multi)
    .map((index) => `DROP TABLE IF EXISTS ${sideTable(spec.name, version, index)}`),
  `DROP TABLE IF EXISTS ${table(spec.name, version)}`,
];
