import type { Document } from 'mongodb';
import { ValidationError } from '../../core/errors.js';
import {
  selectedIndexes,
  type Condition,
  type Doc,
  type GroupQuery,
  type Page,
  type Query,
  type StoredDoc,
} from '../readStore.js';
import { filterOf, groupPipelineOf, ixName, pageOf, type StoredDocument } from './builders.js';
import type { ReadStoreConnection } from './connection.js';
import type { VersionRegistry } from './versions.js';

/**
 * The reads: the port's queries as MongoDB filters, sorts and pipelines (builders.ts) on the active
 * versions, each after all this process has met (ReadStoreConnection.causally).
 */
export class DocumentQueries {
  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
  ) {}

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    await this.registry.versionSpec(collection, version);
    const found = await this.connection.causally((session) =>
      this.connection
        .stored(collection, version)
        .find({ _id: { $in: [...ids] } }, { session })
        .toArray(),
    );
    return new Map(found.map((d) => [d._id, { doc: d.doc, position: BigInt(d.pos) }]));
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    const { version } = await this.registry.activeSpec(collection);
    if (ids.length === 0) return [];
    const found = await this.connection.causally((session) =>
      this.connection
        .stored(collection, version)
        .find({ _id: { $in: [...ids] } }, { session })
        .toArray(),
    );
    const byId = new Map(found.map((d) => [d._id, d.doc as D]));
    return ids.map((id) => byId.get(id));
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    const { spec, version } = await this.registry.activeSpec(collection);
    const page = pageOf(spec, query);
    const rows = (await this.connection.causally((session) =>
      this.connection
        .stored(collection, version)
        .find(page.filter as Document, { session })
        .sort(page.sort)
        .limit(page.limit)
        .toArray(),
    )) as StoredDocument[];
    const items = rows.slice(0, page.pageSize).map((row) => ({
      id: row._id,
      doc: row.doc as D,
      cursor: page.cursorOf(row),
    }));
    return { items, hasNextPage: rows.length > page.pageSize, endCursor: items.at(-1)?.cursor ?? null };
  }

  async count(collection: string, where: readonly Condition[] = []): Promise<number> {
    const { spec, version } = await this.registry.activeSpec(collection);
    return this.connection.causally((session) =>
      this.connection
        .stored(collection, version)
        .countDocuments(filterOf(spec, where) as Document, { session }),
    );
  }

  async topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    const { spec, version } = await this.registry.activeSpec(collection);
    if (spec.indexes.find((i) => i.field === query.groupField)?.multi) {
      throw new ValidationError(`Cannot group by ${query.groupField}: it holds several values`);
    }
    const result = new Map<string, D[]>(query.groups.map((g) => [g, []]));
    if (query.groups.length === 0 || query.perGroup < 1) return result;
    const groups = await this.connection.causally((session) =>
      this.connection
        .stored(collection, version)
        .aggregate<{ _id: string; docs: D[] }>(groupPipelineOf(spec, query), { session })
        .toArray(),
    );
    // Selected index values come back under their stored names: give them their fields' names.
    const selected = query.select && selectedIndexes(spec, query.select);
    const named = (doc: D): D =>
      selected
        ? ({
            id: (doc as unknown as { id: string }).id,
            ...Object.fromEntries(
              selected.map((ix) => [ix.field, (doc as Record<string, unknown>)[ixName(ix.field)]]),
            ),
          } as unknown as D)
        : doc;
    for (const group of groups) if (result.has(group._id)) result.set(group._id, group.docs.map(named));
    return result;
  }
}
