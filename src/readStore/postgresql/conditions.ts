import { ValidationError } from '../../core/errors.js';
import {
  decodeCursor,
  type CollectionSpec,
  type Condition,
  type IndexSpec,
  type SortKey,
} from '../readStore.js';
import { column, columnType, storedText } from './tables.js';

/**
 * The parameters of one statement: each value added answers its placeholder (`$1`, `$2`, …), so
 * that clauses built apart number theirs in the order they are joined.
 */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A key of an order: a column of the collection's view, ties broken by `id`. */
export interface OrderKey {
  readonly col: string;
  readonly type: 'string' | 'number';
  readonly direction: 'asc' | 'desc';
}

const OPERATORS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** A value compared with an index's column, as its type takes it (a text as stored: storedText). */
export const valueFor = (
  index: Pick<IndexSpec, 'field' | 'type'>,
  value: string | number,
): string | number => {
  if (index.type === 'string') return storedText(String(value));
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new ValidationError(`${index.field} holds numbers`, { field: index.field });
  return n;
};

/**
 * SQL for conditions on declared indexes (checked before: checkQuery), each a clause of `sql`. A
 * multi-valued index is matched with `&&` (holds any of the values), which its GIN index answers.
 */
export const conditionsSql = (spec: CollectionSpec, where: readonly Condition[], params: Params): string[] =>
  where.map((condition) => {
    const index = spec.indexes.find((i) => i.field === condition.field)!;
    const values = (Array.isArray(condition.value) ? condition.value : [condition.value]).map((v) =>
      valueFor(index, v as string | number),
    );
    const scalarType = columnType({ ...index, multi: false });
    if (index.multi) return `${column(index)} && ${params.add(values)}::${scalarType}[]`;
    if (condition.op === 'in') return `${column(index)} = ANY(${params.add(values)}::${scalarType}[])`;
    return `${column(index)} ${OPERATORS[condition.op]} ${params.add(values[0])}::${scalarType}`;
  });

/** `WHERE …` of the clauses, or nothing. */
export const whereSql = (sql: readonly string[]): string => (sql.length ? ` WHERE ${sql.join(' AND ')}` : '');

/**
 * The keys of an order on declared scalar indexes, then the id: ties are broken by id in the
 * direction of the last key, in every store, so that an index is read backwards without a sort.
 */
export const orderKeys = (spec: CollectionSpec, orderBy: readonly SortKey[]): OrderKey[] => [
  ...orderBy.map((k) => {
    const index = spec.indexes.find((i) => i.field === k.field)!;
    return { col: column(index), type: index.type, direction: k.direction };
  }),
  { col: 'id', type: 'string', direction: orderBy.at(-1)?.direction ?? 'asc' },
];

/** `ORDER BY`'s list for the keys, each column under `alias` (`d.`) when given. */
export const orderSql = (keys: readonly OrderKey[], alias = ''): string =>
  keys.map((k) => `${alias}${k.col} ${k.direction.toUpperCase()}`).join(', ');

/**
 * Keyset pagination: (k1, k2, …, id) strictly after the cursor's values in the keys' order. When
 * every key goes one way (the usual case: one sort key, and the id after it) it is one row
 * comparison, which the index of the order answers as its start; otherwise one alternative per key.
 */
export const afterCursor = (keys: readonly OrderKey[], cursor: string, params: Params): string => {
  const values = decodeCursor(cursor, keys.length).map((v, i) => {
    if (keys[i]!.type === 'string') return storedText(String(v));
    if (Number.isFinite(Number(v))) return v;
    throw new ValidationError('Invalid cursor: pass the cursor of a page of the same query', { cursor });
  });
  const placeholders = keys.map(
    (k, i) => `${params.add(values[i])}::${k.type === 'number' ? 'double precision' : 'text'}`,
  );
  if (keys.every((k) => k.direction === keys[0]!.direction)) {
    return `(${keys.map((k) => k.col).join(', ')}) ${keys[0]!.direction === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`;
  }
  const alternatives: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts = keys.slice(0, i).map((k, j) => `${k.col} = ${placeholders[j]}`);
    parts.push(`${keys[i]!.col} ${keys[i]!.direction === 'asc' ? '>' : '<'} ${placeholders[i]}`);
    alternatives.push(`(${parts.join(' AND ')})`);
  }
  return `(${alternatives.join(' OR ')})`;
};
