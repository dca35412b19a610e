import { ValidationError } from '../../core/errors.js';
import { checkQuery, type CollectionSpec, type GroupQuery, type IndexSpec } from '../readStore.js';
import { column, view } from './tables.js';
import { conditionsSql, orderKeys, orderSql } from './conditions.js';

/**
 * The SQL of `topPerGroup`. Per group, its first n come straight from an index on (…conditions,
 * group, order): a correlated LIMIT reads n entries per group, where ranking every row of every
 * group (a window function) read them all and sorted them. Ties are broken by id in the direction
 * of the last key, as in `query` (and the other stores), so that an index is read backwards
 * without a sort.
 */

/** One group's members, in order: `FROM` this, with these parameters, `ORDER BY` that. */
export interface GroupMembers {
  readonly from: string;
  readonly params: readonly unknown[];
  readonly order: string;
}

/** Checks the query as `query` would with its groups as a condition; answers the index grouped by. */
export const checkGroupQuery = (spec: CollectionSpec, query: GroupQuery): IndexSpec => {
  const where = [...(query.where ?? []), { field: query.groupField, op: 'in' as const, value: query.groups }];
  checkQuery(spec, { where, orderBy: query.orderBy });
  const group = spec.indexes.find((i) => i.field === query.groupField)!;
  if (group.multi) throw new ValidationError(`Cannot group by ${query.groupField}: it holds several values`);
  return group;
};

/** The members of the group `g.value` (of the groups' `json_each` aliased `g`). */
export const groupMembers = (spec: CollectionSpec, query: GroupQuery, group: IndexSpec): GroupMembers => {
  const { sql, params } = conditionsSql(spec, query.where ?? []);
  return {
    from: `${view(spec.name)} WHERE ${[...sql, `${column(group)} = g.value`].join(' AND ')}`,
    params,
    order: orderSql(orderKeys(spec, query.orderBy)),
  };
};

/**
 * Each group's first n as one JSON array of [id, …selected values], read from the index columns:
 * no document is read. A REAL is written with 17 digits, so that it reads back as the same double.
 * Parameters: the members', n, the groups (JSON).
 */
export const selectedPerGroupSql = (members: GroupMembers, selected: readonly IndexSpec[]): string => {
  const cols = ['id', ...selected.map(column)];
  const values = [
    'id',
    ...selected.map((ix) =>
      ix.type === 'number'
        ? `CASE typeof(${column(ix)}) WHEN 'real' THEN json(printf('%!.17g', ${column(ix)})) ELSE ${column(ix)} END`
        : column(ix),
    ),
  ];
  return (
    `SELECT g.value AS grp, (SELECT json_group_array(json_array(${values.join(', ')}) ORDER BY ${members.order}) ` +
    `FROM (SELECT ${cols.join(', ')} FROM ${members.from} ORDER BY ${members.order} LIMIT ?)) AS found ` +
    `FROM json_each(?) AS g`
  );
};

/** What {@link selectedPerGroupSql} found for a group, as `topPerGroup` answers it. */
export const selectedRows = <D>(found: string, selected: readonly IndexSpec[]): D[] =>
  (JSON.parse(found) as unknown[][]).map(
    ([id, ...values]) =>
      ({ id, ...Object.fromEntries(selected.map((ix, k) => [ix.field, values[k]])) }) as unknown as D,
  );

/**
 * Each group's first n documents, one row each, groups in the order asked and each in its order.
 * Parameters: the groups (JSON), the members', n.
 */
export const documentsPerGroupSql = (
  spec: CollectionSpec,
  members: GroupMembers,
  query: GroupQuery,
): string =>
  `SELECT g.value AS grp, d.doc AS doc FROM json_each(?) AS g JOIN ${view(spec.name)} AS d ` +
  `ON d.id IN (SELECT id FROM ${members.from} ORDER BY ${members.order} LIMIT ?) ORDER BY g.key, ${orderSql(orderKeys(spec, query.orderBy), 'd.')}`;
