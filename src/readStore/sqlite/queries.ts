import {
  checkQuery,
  encodeCursor,
  selectedIndexes,
  type CollectionSpec,
  type Condition,
  type Doc,
  type GroupQuery,
  type Page,
  type Query,
  type SortKey,
  type StoredDoc,
} from '../readStore.js';
import { afterCursor, conditionsSql, orderKeys, orderSql, whereSql } from './conditions.js';
import type { ReadStoreConnection } from './connection.js';
import type { DecodedDocuments } from '../decodedDocuments.js';
import { sideView, table, view } from './tables.js';
import {
  checkGroupQuery,
  documentsPerGroupSql,
  groupMembers,
  selectedPerGroupSql,
  selectedRows,
} from './topPerGroup.js';
import type { VersionRegistry } from './versions.js';

/**
 * The reads: documents by id (of a version, for the projection runner; of the active version, for
 * readers) and queries compiled to SQL over the views of the active versions (conditions.ts,
 * topPerGroup.ts). Readers get documents decoded once per distinct text (../decodedDocuments.ts).
 */
export class DocumentQueries {
  /** Rows per collection, for cost estimates (walkInOrder). */
  private readonly rowCounts = new Map<string, { rows: number; at: number }>();

  /** `onQuery`: called once per query sent to SQLite by a read. */
  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
    private readonly decoded: DecodedDocuments,
    private readonly onQuery: ((collection: string) => void) | undefined,
  ) {}

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    const spec = this.registry.versionSpec(collection, version);
    const rows = this.connection
      .statement(
        `SELECT id, doc, pos FROM ${table(spec.name, version)} WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as { id: string; doc: string; pos: number }[];
    return new Map(rows.map((r) => [r.id, { doc: JSON.parse(r.doc) as Doc, position: BigInt(r.pos) }]));
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    const spec = this.registry.activeSpec(collection);
    if (ids.length === 0) return [];
    this.onQuery?.(collection);
    const rows = this.connection
      .statement(`SELECT id, doc FROM ${view(spec.name)} WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as { id: string; doc: string }[];
    const byId = new Map(rows.map((r) => [r.id, this.decoded.decode<D>(r.doc)]));
    return ids.map((id) => byId.get(id));
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    const spec = this.registry.activeSpec(collection);
    checkQuery(spec, query);
    const orderBy = query.orderBy ?? [];
    const keys = orderKeys(spec, orderBy);
    const limit = Math.max(0, Math.min(query.first, 1000));
    const where = query.where ?? [];
    const { sql, params } = conditionsSql(spec, where, this.walkInOrder(spec, where, orderBy, limit));
    if (query.after) {
      const after = afterCursor(keys, query.after);
      sql.push(...after.sql);
      params.push(...after.params);
    }
    const select = [...keys.filter((k) => k.col !== 'id').map((k) => k.col), 'id', 'doc'].join(', ');
    const text = `SELECT ${select} FROM ${view(spec.name)}${whereSql(sql)} ORDER BY ${orderSql(keys)} LIMIT ?`;
    this.onQuery?.(collection);
    const rows = this.connection.statement(text).all(...params, limit + 1) as Record<string, unknown>[];
    // A cursor is encoded when read: a page asks for its end cursor, seldom for every edge's.
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id as string,
      doc: this.decoded.decode<D>(row.doc as string),
      get cursor() {
        return encodeCursor(keys.map((k) => row[k.col]));
      },
    }));
    return { items, hasNextPage: rows.length > limit, endCursor: items.at(-1)?.cursor ?? null };
  }

  async count(collection: string, where: readonly Condition[] = []): Promise<number> {
    const spec = this.registry.activeSpec(collection);
    checkQuery(spec, { where });
    const { sql, params } = conditionsSql(spec, where);
    this.onQuery?.(collection);
    const row = this.connection
      .statement(`SELECT count(*) AS n FROM ${view(spec.name)}${whereSql(sql)}`)
      .get(...params) as { n: number };
    return row.n;
  }

  async topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    const spec = this.registry.activeSpec(collection);
    const group = checkGroupQuery(spec, query);
    const groups = [...new Set(query.groups)];
    const result = new Map<string, D[]>(groups.map((g) => [g, []]));
    if (groups.length === 0) return result;
    const members = groupMembers(spec, query, group);
    const selected = query.select && selectedIndexes(spec, query.select);
    this.onQuery?.(collection);
    if (selected) {
      const rows = this.connection
        .statement(selectedPerGroupSql(members, selected))
        .all(...members.params, query.perGroup, JSON.stringify(groups)) as { grp: string; found: string }[];
      for (const row of rows) result.set(row.grp, selectedRows<D>(row.found, selected));
      return result;
    }
    const rows = this.connection
      .statement(documentsPerGroupSql(spec, members, query))
      .all(JSON.stringify(groups), ...members.params, query.perGroup) as { grp: string; doc: string }[];
    for (const row of rows) result.get(row.grp)!.push(this.decoded.decode<D>(row.doc));
    return result;
  }

  /**
   * Whether a page filtered by one multi-valued index (a creator's categories) is found sooner by
   * walking the index of its order and checking each entry's values, stopping once the page is full,
   * than by reading every match and sorting them. The walk reads about (page + 1) × rows / matches
   * entries, the sort all the matches: the matches are counted, up to where the walk wins.
   */
  private walkInOrder(
    spec: CollectionSpec,
    where: readonly Condition[],
    orderBy: readonly SortKey[],
    limit: number,
  ): boolean {
    if (where.length !== 1 || orderBy.length === 0) return false;
    const index = spec.indexes.find((i) => i.field === where[0]!.field)!;
    if (!index.multi) return false;
    const rows = this.approximateCount(spec);
    const enough = Math.ceil(Math.sqrt((limit + 1) * rows));
    const values = Array.isArray(where[0]!.value) ? where[0]!.value : [where[0]!.value];
    const matches = this.connection
      .statement(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${sideView(spec.name, index)} WHERE value IN (SELECT value FROM json_each(?)) LIMIT ?)`,
      )
      .get(JSON.stringify(values), enough) as { n: number };
    return matches.n >= enough;
  }

  /** Rows of a collection, counted at most every few seconds: a cost estimate, not an answer. */
  private approximateCount(spec: CollectionSpec): number {
    const known = this.rowCounts.get(spec.name);
    const now = performance.now();
    if (known && now - known.at < 10_000) return known.rows;
    const { n } = this.connection.statement(`SELECT count(*) AS n FROM ${view(spec.name)}`).get() as {
      n: number;
    };
    this.rowCounts.set(spec.name, { rows: n, at: now });
    return n;
  }
}
