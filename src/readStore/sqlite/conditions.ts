import { decodeCursor, type CollectionSpec, type Condition, type SortKey } from '../readStore.js';
import { column, sideView, view } from './tables.js';

/** SQL text and its parameters, in order. */
export interface Clauses {
  readonly sql: string[];
  readonly params: unknown[];
}

/** A key of an order: a column of the collection's view, ties broken by `id`. */
export interface OrderKey {
  readonly col: string;
  readonly direction: 'asc' | 'desc';
}

const OPERATORS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * SQL for conditions on declared indexes (checked before: checkQuery), with their parameters. A
 * multi-valued index is matched in its side table: as a set of ids, or, `perRow`, entry by entry
 * of a walk in another index's order (see `walkInOrder` in queries.ts).
 */
export const conditionsSql = (spec: CollectionSpec, where: readonly Condition[], perRow = false): Clauses => {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const condition of where) {
    const index = spec.indexes.find((i) => i.field === condition.field)!;
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    if (index.multi) {
      sql.push(
        perRow
          ? `EXISTS (SELECT 1 FROM ${sideView(spec.name, index)} AS s WHERE s.id = ${view(spec.name)}.id AND s.value IN (SELECT value FROM json_each(?)))`
          : `id IN (SELECT id FROM ${sideView(spec.name, index)} WHERE value IN (SELECT value FROM json_each(?)))`,
      );
      params.push(JSON.stringify(values));
      continue;
    }
    const col = column(index);
    if (condition.op === 'in') {
      sql.push(`${col} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(values));
    } else {
      sql.push(`${col} ${OPERATORS[condition.op]} ?`);
      params.push(condition.value);
    }
  }
  return { sql, params };
};

/** `WHERE …` of the clauses, or nothing. */
export const whereSql = (sql: readonly string[]): string => (sql.length ? ` WHERE ${sql.join(' AND ')}` : '');

/**
 * The keys of an order on declared scalar indexes, then the id: ties are broken by id in the
 * direction of the last key, in every store, so that an index is read backwards without a sort.
 */
export const orderKeys = (spec: CollectionSpec, orderBy: readonly SortKey[]): OrderKey[] => [
  ...orderBy.map((k) => ({
    col: column(spec.indexes.find((i) => i.field === k.field)!),
    direction: k.direction,
  })),
  { col: 'id', direction: orderBy.at(-1)?.direction ?? 'asc' },
];

/** `ORDER BY`'s list for the keys, each column under `alias` (`d.`) when given. */
export const orderSql = (keys: readonly OrderKey[], alias = ''): string =>
  keys.map((k) => `${alias}${k.col} ${k.direction.toUpperCase()}`).join(', ');

/** Keyset pagination: (k1, k2, …, id) strictly after the cursor's values in the keys' order. */
export const afterCursor = (keys: readonly OrderKey[], cursor: string): Clauses => {
  const values = decodeCursor(cursor, keys.length);
  const alternatives: string[] = [];
  const params: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts = keys.slice(0, i).map((k) => `${k.col} = ?`);
    parts.push(`${keys[i]!.col} ${keys[i]!.direction === 'asc' ? '>' : '<'} ?`);
    alternatives.push(`(${parts.join(' AND ')})`);
    params.push(...values.slice(0, i + 1));
  }
  return { sql: [`(${alternatives.join(' OR ')})`], params };
};
