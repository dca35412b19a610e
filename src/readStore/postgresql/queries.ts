import { ValidationError } from '../../core/errors.js';
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
  type StoredDoc,
} from '../readStore.js';
import type { DecodedDocuments } from '../decodedDocuments.js';
import { Params, afterCursor, conditionsSql, orderKeys, orderSql, whereSql } from './conditions.js';
import type { ReadStoreConnection } from './connection.js';
import { column, storedText, table, view } from './tables.js';
import { checkGroupQuery, perGroupSql } from './topPerGroup.js';
import type { VersionRegistry } from './versions.js';

/** What PostgreSQL says of a name a statement used that is not there (a column, a table or view). */
const UNKNOWN_NAME = new Set(['42703', '42P01']);

/**
 * The reads: documents by id (of a version, for the projection runner; of the active version, for
 * readers) and queries compiled to SQL over the views of the active versions (conditions.ts,
 * topPerGroup.ts). Documents come as the text they were written as, decoded for readers once per distinct
 * text (../decodedDocuments.ts).
 */
export class DocumentQueries {
  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
    private readonly decoded: DecodedDocuments,
  ) {}

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    const spec = await this.registry.versionSpec(collection, version);
    if (ids.length === 0) return new Map();
    const { rows } = await this.connection.prepared<{ id: string; doc: string; pos: string }>(
      `SELECT id, doc::text AS doc, pos FROM ${table(spec.name, version)} WHERE id = ANY($1::text[])`,
      [ids.map(storedText)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const found = new Map<string, StoredDoc>();
    for (const id of ids) {
      const row = byId.get(storedText(id));
      if (row) found.set(id, { doc: JSON.parse(row.doc) as Doc, position: BigInt(row.pos) });
    }
    return found;
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    return this.onActive(collection, async (spec) => {
      if (ids.length === 0) return [];
      const { rows } = await this.connection.prepared<{ id: string; doc: string }>(
        `SELECT id, doc::text AS doc FROM ${view(spec.name)} WHERE id = ANY($1::text[])`,
        [ids.map(storedText)],
      );
      const byId = new Map(rows.map((r) => [r.id, this.decoded.decode<D>(r.doc)]));
      return ids.map((id) => byId.get(storedText(id)));
    });
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    return this.onActive(collection, async (spec) => {
      checkQuery(spec, query);
      const keys = orderKeys(spec, query.orderBy ?? []);
      const limit = Math.max(0, Math.min(query.first, 1000));
      const params = new Params();
      const sql = conditionsSql(spec, query.where ?? [], params);
      if (query.after) sql.push(afterCursor(keys, query.after, params));
      const select = [...keys.map((k, i) => `${k.col} AS k${i}`), 'id', 'doc::text AS doc'].join(', ');
      const text = `SELECT ${select} FROM ${view(spec.name)}${whereSql(sql)} ORDER BY ${orderSql(keys)} LIMIT ${params.add(limit + 1)}`;
      const { rows } = await this.connection.query<Record<string, unknown>>(text, params.values);
      // A cursor is encoded when read: a page asks for its end cursor, seldom for every edge's.
      const items = rows.slice(0, limit).map((row) => ({
        id: row.id as string,
        doc: this.decoded.decode<D>(row.doc as string),
        get cursor() {
          return encodeCursor(keys.map((_, i) => row[`k${i}`]));
        },
      }));
      return { items, hasNextPage: rows.length > limit, endCursor: items.at(-1)?.cursor ?? null };
    });
  }

  async count(collection: string, where: readonly Condition[] = []): Promise<number> {
    return this.onActive(collection, async (spec) => {
      checkQuery(spec, { where });
      const params = new Params();
      const sql = conditionsSql(spec, where, params);
      const { rows } = await this.connection.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${view(spec.name)}${whereSql(sql)}`,
        params.values,
      );
      return Number(rows[0]!.n);
    });
  }

  async topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    return this.onActive(collection, async (spec) => {
      const group = checkGroupQuery(spec, query);
      const groups = [...new Set(query.groups)];
      const result = new Map<string, D[]>(groups.map((g) => [g, []]));
      if (groups.length === 0) return result;
      const selected = query.select && selectedIndexes(spec, query.select);
      const params = new Params();
      const columns = selected
        ? ['id', ...selected.map((index, i) => `${column(index)} AS s${i}`)]
        : ['doc::text AS doc'];
      const { rows } = await this.connection.query<Record<string, unknown>>(
        perGroupSql(spec, query, group, groups, columns, params),
        params.values,
      );
      for (const row of rows) {
        const found = result.get(groups[Number(row.g) - 1]!)!;
        found.push(
          selected
            ? ({
                id: row.id,
                ...Object.fromEntries(selected.map((index, i) => [index.field, row[`s${i}`]])),
              } as unknown as D)
            : this.decoded.decode<D>(row.doc as string),
        );
      }
      return result;
    });
  }

  /**
   * Runs a read on the active version's spec. A copy of the registry older than a switch may lack an
   * index the new version declares, or name a column or a view it does not have: when the registry
   * moved since, it is read again and the read runs once more.
   */
  private async onActive<T>(collection: string, read: (spec: CollectionSpec) => Promise<T>): Promise<T> {
    try {
      return await read(await this.registry.activeSpec(collection));
    } catch (error) {
      const stale =
        error instanceof ValidationError || UNKNOWN_NAME.has((error as { code?: string }).code ?? '');
      if (!stale || !(await this.registry.refresh(true))) throw error;
      return read(await this.registry.activeSpec(collection));
    }
  }
}
