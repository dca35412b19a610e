import { ValidationError } from '../../core/errors.js';
import { checkQuery, type CollectionSpec, type GroupQuery, type IndexSpec } from '../readStore.js';
import { conditionsSql, orderKeys, orderSql, valueFor, type Params } from './conditions.js';
import { column, view } from './tables.js';

/**
 * The SQL of `topPerGroup`, one statement: the groups asked, numbered, each joined LATERALly to its
 * first n members — a LIMIT per group, read from an index on (…conditions, group, order) where one
 * is declared, where ranking every member of every group (a window function) would read them all
 * and sort them. Ties are broken by id in the direction of the last key, as in `query`.
 */

/** Checks the query as `query` would with its groups as a condition; answers the index grouped by. */
export const checkGroupQuery = (spec: CollectionSpec, query: GroupQuery): IndexSpec => {
  const where = [...(query.where ?? []), { field: query.groupField, op: 'in' as const, value: query.groups }];
  checkQuery(spec, { where, orderBy: query.orderBy });
  const group = spec.indexes.find((i) => i.field === query.groupField)!;
  if (group.multi) throw new ValidationError(`Cannot group by ${query.groupField}: it holds several values`);
  return group;
};

/**
 * Rows `(g, …)` for each group's members in order: `g` the group's place in `groups` (from 1), then
 * `selected` (SQL expressions over the members' columns, named). Groups without members have no row.
 */
export const perGroupSql = (
  spec: CollectionSpec,
  query: GroupQuery,
  group: IndexSpec,
  groups: readonly string[],
  selected: readonly string[],
  params: Params,
): string => {
  const keys = orderKeys(spec, query.orderBy);
  const groupType = group.type === 'number' ? 'double precision' : 'text';
  const groupValues = params.add(groups.map((g) => valueFor(group, g)));
  const conditions = conditionsSql(spec, query.where ?? [], params);
  const perGroup = params.add(query.perGroup);
  // The members' order keys come out with them (k0, k1, …) so the groups' rows can be put in order.
  const inner = [...selected, ...keys.map((k, i) => `${k.col} AS k${i}`)].join(', ');
  return (
    `SELECT g.n AS g, m.* FROM unnest(${groupValues}::${groupType}[]) WITH ORDINALITY AS g(value, n) ` +
    `CROSS JOIN LATERAL (SELECT ${inner} FROM ${view(spec.name)} ` +
    `WHERE ${[...conditions, `${column(group)} = g.value`].join(' AND ')} ` +
    `ORDER BY ${orderSql(keys)} LIMIT ${perGroup}) AS m ` +
    `ORDER BY g.n, ${keys.map((k, i) => `m.k${i} ${k.direction.toUpperCase()}`).join(', ')}`
  );
};
