import {
  checkQuery,
  decodeCursor,
  encodeCursor,
  indexValue,
  selectedIndexes,
  type CollectionSpec,
  type Condition,
  type Doc,
  type GroupQuery,
  type IndexSpec,
  type Query,
  type SortKey,
} from '../readStore.js';

/**
 * The pure half of the MongoDB read store: how documents are stored and how the port's queries
 * become MongoDB filters, sorts and pipelines. No driver import here: a query engine (mingo) runs
 * these against the read store contract's fixtures without a server.
 *
 * A stored document is `{ _id, doc, pos, ix }`: the document as JSON, the position of the event
 * that last changed it, and one field per declared index holding the index's value (`missing`
 * filled in, as SQLite's columns hold it), so filtering and sorting never read the document itself.
 */

export interface StoredDocument {
  readonly _id: string;
  readonly doc: Doc;
  readonly pos: bigint;
  readonly ix: Record<string, unknown>;
}

export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

/** The stored field of an index (dots would be paths in MongoDB). */
export const ixName = (field: string): string => `f_${field.replace(/\./g, '_')}`;
export const ixPath = (field: string): string => `ix.${ixName(field)}`;

const indexOf = (spec: CollectionSpec, field: string): IndexSpec =>
  spec.indexes.find((i) => i.field === field)!;

/** A scalar index value as stored: objects (which no index should hold) as their JSON, like SQLite. */
const scalar = (value: unknown): string | number =>
  typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);

export const toStored = (spec: CollectionSpec, id: string, doc: Doc, position: bigint): StoredDocument => ({
  _id: id,
  doc,
  pos: position,
  ix: Object.fromEntries(
    spec.indexes.map((index) => {
      const value = indexValue(doc, index);
      return [
        ixName(index.field),
        index.multi
          ? (value as unknown[]).filter((v) => typeof v === 'string' || typeof v === 'number')
          : scalar(value),
      ];
    }),
  ),
});

/** The MongoDB indexes of a collection: one per declared index (tie-broken by id), and the compound ones. */
export const indexSpecs = (spec: CollectionSpec): { key: Record<string, 1>; name: string }[] => [
  ...spec.indexes.map((index) => ({
    key: index.multi
      ? { [ixPath(index.field)]: 1 as const }
      : { [ixPath(index.field)]: 1 as const, _id: 1 as const },
    name: `ix_${ixName(index.field)}`,
  })),
  ...(spec.compoundIndexes ?? []).map((fields) => ({
    key: { ...Object.fromEntries(fields.map((f) => [ixPath(f), 1 as const])), _id: 1 as const },
    name: `cx_${fields.map(ixName).join('_')}`,
  })),
];

const OPERATORS = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/** The filter for conditions on declared indexes (checked first, as every adapter does). */
export const filterOf = (spec: CollectionSpec, where: readonly Condition[]): Filter => {
  checkQuery(spec, { where });
  const clauses: Filter[] = where.map((condition) => {
    const path = ixPath(indexOf(spec, condition.field).field);
    if (condition.op === 'eq') return { [path]: condition.value };
    if (condition.op === 'in') return { [path]: { $in: [...(condition.value as readonly unknown[])] } };
    return { [path]: { [OPERATORS[condition.op]]: condition.value } };
  });
  return clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0]! : { $and: clauses };
};

/** The sort keys of a query: the asked ones, then the id, in the direction of the last key. */
const keysOf = (spec: CollectionSpec, orderBy: readonly SortKey[]) => {
  const tie = orderBy.at(-1)?.direction ?? 'asc';
  return [
    ...orderBy.map((k) => ({ path: ixPath(indexOf(spec, k.field).field), direction: k.direction })),
    { path: '_id', direction: tie },
  ];
};

const valueAt = (stored: StoredDocument, path: string): unknown =>
  path === '_id' ? stored._id : stored.ix[path.slice('ix.'.length)];

/**
 * A page of a query: the filter (with the keyset condition for the cursor), the sort and the
 * limit (one more than the page, to tell whether another follows), and how to make a document's
 * cursor. The same cursors as every adapter's: the sort values and the id of the last document.
 */
export const pageOf = (spec: CollectionSpec, query: Query) => {
  checkQuery(spec, query);
  const keys = keysOf(spec, query.orderBy ?? []);
  const clauses: Filter[] = [];
  const where = filterOf(spec, query.where ?? []);
  if (Object.keys(where).length > 0) clauses.push(where);
  if (query.after) {
    const values = decodeCursor(query.after, keys.length);
    // Keyset: (k1, …, id) strictly after the cursor in sort order.
    clauses.push({
      $or: keys.map((key, i) => ({
        ...Object.fromEntries(keys.slice(0, i).map((k, j) => [k.path, values[j]])),
        [key.path]: { [key.direction === 'asc' ? '$gt' : '$lt']: values[i] },
      })),
    });
  }
  const limit = Math.max(0, Math.min(query.first, 1000));
  return {
    filter: clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0]! : { $and: clauses },
    sort: Object.fromEntries(keys.map((k) => [k.path, k.direction === 'asc' ? 1 : -1])) as Sort,
    limit: limit + 1,
    pageSize: limit,
    cursorOf: (stored: StoredDocument) => encodeCursor(keys.map((k) => valueAt(stored, k.path))),
  };
};

/**
 * `topPerGroup` as one aggregation: the first `perGroup` documents of each group, in order. The
 * group stage keeps only those (`$topN`, MongoDB 5.2+): `$push` kept every matching document of a
 * group until a `$slice` after it, and `$push` cannot spill to disk: past 100 MB in one group
 * (internalQueryMaxPushBytes) the query fails, whatever allowDiskUse says (MongoDB manual, `$push`).
 * `perGroup` must be at least 1 (`$topN`'s `n` is a positive integer).
 */
export const groupPipelineOf = (spec: CollectionSpec, query: GroupQuery): Filter[] => {
  const where = [...(query.where ?? []), { field: query.groupField, op: 'in' as const, value: query.groups }];
  checkQuery(spec, { where, orderBy: query.orderBy });
  const group = ixPath(indexOf(spec, query.groupField).field);
  const sortBy = Object.fromEntries(
    keysOf(spec, query.orderBy).map((k) => [k.path, k.direction === 'asc' ? 1 : -1] as const),
  );
  const output = query.select
    ? {
        id: '$_id',
        ...Object.fromEntries(
          selectedIndexes(spec, query.select).map((ix) => [ixName(ix.field), `$${ixPath(ix.field)}`]),
        ),
      }
    : '$doc';
  return [
    { $match: filterOf(spec, where) },
    { $group: { _id: `$${group}`, docs: { $topN: { n: query.perGroup, sortBy, output } } } },
  ];
};
