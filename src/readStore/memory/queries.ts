import { assertNever } from '../../core/decider.js';
import {
  checkQuery,
  decodeCursor,
  encodeCursor,
  indexValue,
  selectedIndexes,
  type Condition,
  type Doc,
  type GroupQuery,
  type Page,
  type Query,
  type SortKey,
  type StoredDoc,
} from '../readStore.js';
import type { VersionRegistry } from './versions.js';

type Value = string | number;

const compare = (a: Value, b: Value): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // SQLite's order: numbers before text; text by code unit (BINARY collation).
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * The reads, by scanning: each query filters and sorts a collection's documents as the SQLite
 * store's indexes would (the same values, the same order), and answers copies.
 */
export class DocumentQueries {
  constructor(private readonly registry: VersionRegistry) {}

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    const docs = this.registry.documents(collection, version);
    const found = new Map<string, StoredDoc>();
    for (const id of ids) {
      const stored = docs.get(id);
      if (stored) found.set(id, { doc: structuredClone(stored.doc), position: stored.position });
    }
    return Promise.resolve(found);
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    const docs = this.registry.activeDocuments(collection);
    return Promise.resolve(
      ids.map((id) => docs.get(id)?.doc as D | undefined).map((d) => (d ? structuredClone(d) : undefined)),
    );
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    const spec = this.registry.activeSpec(collection);
    checkQuery(spec, query);
    const orderBy: SortKey[] = [...(query.orderBy ?? [])];
    const tie = orderBy.at(-1)?.direction ?? 'asc';
    const keyOf = (id: string, doc: Doc): Value[] => [
      ...orderBy.map(
        (k) =>
          indexValue(
            doc,
            spec.indexes.find((i) => i.field === k.field)!,
          ) as Value,
      ),
      id,
    ];
    const directions = [...orderBy.map((k) => k.direction), tie];
    const order = (a: Value[], b: Value[]) => {
      for (let i = 0; i < a.length; i++) {
        const c = compare(a[i]!, b[i]!);
        if (c !== 0) return directions[i] === 'asc' ? c : -c;
      }
      return 0;
    };
    let rows = this.matching(collection, query.where ?? []).map(([id, doc]) => ({
      id,
      doc,
      key: keyOf(id, doc),
    }));
    rows.sort((a, b) => order(a.key, b.key));
    if (query.after) {
      const after = decodeCursor(query.after, directions.length);
      rows = rows.filter((r) => order(r.key, after) > 0);
    }
    const limit = Math.max(0, Math.min(query.first, 1000));
    const items = rows
      .slice(0, limit)
      .map((r) => ({ id: r.id, doc: structuredClone(r.doc) as D, cursor: encodeCursor(r.key) }));
    return Promise.resolve({
      items,
      hasNextPage: rows.length > limit,
      endCursor: items.at(-1)?.cursor ?? null,
    });
  }

  async count(collection: string, where: readonly Condition[] = []): Promise<number> {
    checkQuery(this.registry.activeSpec(collection), { where });
    return Promise.resolve(this.matching(collection, where).length);
  }

  async topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    const result = new Map<string, D[]>();
    for (const group of query.groups) {
      const page = await this.query<D>(collection, {
        where: [...(query.where ?? []), { field: query.groupField, op: 'eq', value: group }],
        orderBy: query.orderBy,
        first: query.perGroup,
      });
      const selected = query.select && selectedIndexes(this.registry.activeSpec(collection), query.select);
      result.set(
        group,
        page.items.map((i) =>
          selected
            ? ({
                id: i.id,
                ...Object.fromEntries(selected.map((ix) => [ix.field, indexValue(i.doc, ix)])),
              } as unknown as unknown as D)
            : i.doc,
        ),
      );
    }
    return result;
  }

  private matching(collection: string, where: readonly Condition[]): [string, Doc][] {
    const spec = this.registry.activeSpec(collection);
    const rows: [string, Doc][] = [];
    for (const [id, stored] of this.registry.activeDocuments(collection)) {
      const ok = where.every((condition) => {
        const index = spec.indexes.find((i) => i.field === condition.field)!;
        const value = indexValue(stored.doc, index);
        const wanted = (Array.isArray(condition.value) ? condition.value : [condition.value]) as Value[];
        if (index.multi) return (value as Value[]).some((v) => wanted.includes(v));
        const v = value as Value;
        switch (condition.op) {
          case 'eq':
          case 'in':
            return wanted.includes(v);
          case 'gt':
            return compare(v, wanted[0]!) > 0;
          case 'gte':
            return compare(v, wanted[0]!) >= 0;
          case 'lt':
            return compare(v, wanted[0]!) < 0;
          case 'lte':
            return compare(v, wanted[0]!) <= 0;
          default:
            return assertNever(condition.op);
        }
      });
      if (ok) rows.push([id, stored.doc]);
    }
    return rows;
  }
}
