import { ValidationError } from '../../core/errors.js';
import type { Fence } from '../../leases/leaseStore.js';
import {
  checkCompoundIndexes,
  checkQuery,
  decodeCursor,
  encodeCursor,
  indexValue,
  selectedIndexes,
  type CollectionSpec,
  type Condition,
  type Doc,
  type GroupQuery,
  type DocChange,
  type Page,
  type ProjectionRecord,
  type Query,
  type ReadStore,
  type SortKey,
  type StoredDoc,
  type ActiveCheckpoint,
} from '../readStore.js';
import { InMemoryLeaseStore } from './inMemoryLeaseStore.js';

/** The read store in memory: for tests, and for replays that must not touch the live read models. */
export const getInMemoryReadStore = (): ReadStore => new InMemoryReadStore();

type Value = string | number;

const compare = (a: Value, b: Value): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // SQLite's order: numbers before text; text by code unit (BINARY collation).
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

class InMemoryReadStore implements ReadStore {
  readonly leases = new InMemoryLeaseStore();
  /** projection → version → collection → id → stored document */
  private readonly data = new Map<string, Map<number, Map<string, Map<string, StoredDoc>>>>();
  private readonly specs = new Map<string, { projection: string; versions: Map<number, CollectionSpec> }>();
  private readonly checkpoints = new Map<string, Map<number, bigint>>();
  private readonly active = new Map<string, number | null>();
  private readonly retired = new Map<string, Map<number, number>>();

  async prepare(
    projection: string,
    version: number,
    collections: readonly CollectionSpec[],
    _options?: { deferIndexes?: boolean },
  ): Promise<void> {
    // Compound indexes only make queries cheaper; a scan in memory needs none, but they must be sound.
    collections.forEach(checkCompoundIndexes);
    const versions = this.data.get(projection) ?? new Map<number, Map<string, Map<string, StoredDoc>>>();
    this.data.set(projection, versions);
    const docs = versions.get(version) ?? new Map<string, Map<string, StoredDoc>>();
    versions.set(version, docs);
    for (const spec of collections) {
      const owner = this.specs.get(spec.name);
      if (owner && owner.projection !== projection)
        throw new Error(`Collection ${spec.name} belongs to ${owner.projection}`);
      const entry = owner ?? { projection, versions: new Map<number, CollectionSpec>() };
      entry.versions.set(version, spec);
      this.specs.set(spec.name, entry);
      if (!docs.has(spec.name)) docs.set(spec.name, new Map());
    }
    const checkpoints = this.checkpoints.get(projection) ?? new Map<number, bigint>();
    if (!checkpoints.has(version)) checkpoints.set(version, 0n);
    this.checkpoints.set(projection, checkpoints);
    if (!this.active.has(projection)) this.active.set(projection, null);
    return Promise.resolve();
  }

  projection(name: string): Promise<ProjectionRecord> {
    return Promise.resolve({
      name,
      activeVersion: this.active.get(name) ?? null,
      checkpoints: new Map(this.checkpoints.get(name) ?? []),
      retired: new Map(this.retired.get(name) ?? []),
    });
  }

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    if (!this.leases.fenceHolds(fence)) return Promise.resolve(false);
    const checkpoints = this.checkpoints.get(projection);
    const current = checkpoints?.get(version);
    if (current === undefined || (checkpoint !== null && current >= checkpoint))
      return Promise.resolve(false);
    for (const change of changes) {
      const docs = this.collection(change.collection, version);
      if (change.doc === null) docs.delete(change.id);
      else docs.set(change.id, { doc: structuredClone(change.doc), position: change.position });
    }
    if (checkpoint !== null) checkpoints!.set(version, checkpoint);
    return Promise.resolve(true);
  }

  async activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    if (!this.leases.fenceHolds(fence)) return Promise.resolve(false);
    const previous = this.active.get(projection);
    this.active.set(projection, version);
    const retired = this.retired.get(projection) ?? new Map<number, number>();
    this.retired.set(projection, retired);
    retired.delete(version);
    if (previous !== null && previous !== undefined && previous !== version)
      retired.set(previous, Date.now());
    return Promise.resolve(true);
  }

  drop(projection: string, version: number): Promise<void> {
    if (this.active.get(projection) === version) {
      return Promise.reject(new Error(`Version ${version} of ${projection} is active: not dropped`));
    }
    this.dropVersion(projection, version);
    return Promise.resolve();
  }

  dropRetired(projection: string, graceMs: number): Promise<number[]> {
    const retired = this.retired.get(projection) ?? new Map<number, number>();
    const dropped = [...retired]
      .filter(([version, at]) => at <= Date.now() - graceMs && version !== this.active.get(projection))
      .map(([version]) => version);
    for (const version of dropped) this.dropVersion(projection, version);
    return Promise.resolve(dropped);
  }

  activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    const result = new Map<string, ActiveCheckpoint>();
    for (const [projection, version] of this.active) {
      const checkpoint = version === null ? undefined : this.checkpoints.get(projection)?.get(version);
      if (version !== null && checkpoint !== undefined) result.set(projection, { version, checkpoint });
    }
    return Promise.resolve(result);
  }

  private dropVersion(projection: string, version: number): void {
    this.data.get(projection)?.delete(version);
    this.checkpoints.get(projection)?.delete(version);
    this.retired.get(projection)?.delete(version);
    for (const entry of this.specs.values())
      if (entry.projection === projection) entry.versions.delete(version);
  }

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    const docs = this.collection(collection, version);
    const found = new Map<string, StoredDoc>();
    for (const id of ids) {
      const stored = docs.get(id);
      if (stored) found.set(id, { doc: structuredClone(stored.doc), position: stored.position });
    }
    return Promise.resolve(found);
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    const docs = this.activeDocs(collection);
    return Promise.resolve(
      ids.map((id) => docs.get(id)?.doc as D | undefined).map((d) => (d ? structuredClone(d) : undefined)),
    );
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    const spec = this.activeSpec(collection);
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
    checkQuery(this.activeSpec(collection), { where });
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
      const selected = query.select && selectedIndexes(this.activeSpec(collection), query.select);
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

  close(): Promise<void> {
    return Promise.resolve();
  }

  private matching(collection: string, where: readonly Condition[]): [string, Doc][] {
    const spec = this.activeSpec(collection);
    const rows: [string, Doc][] = [];
    for (const [id, stored] of this.activeDocs(collection)) {
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
        }
      });
      if (ok) rows.push([id, stored.doc]);
    }
    return rows;
  }

  private owner(collection: string) {
    const entry = this.specs.get(collection);
    if (!entry) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    return entry;
  }

  private activeSpec(collection: string): CollectionSpec {
    const entry = this.owner(collection);
    const version = this.active.get(entry.projection);
    const spec = version === null || version === undefined ? undefined : entry.versions.get(version);
    if (!spec) throw new ValidationError(`Collection ${collection} has no active version`, { collection });
    return spec;
  }

  private activeDocs(collection: string): Map<string, StoredDoc> {
    const entry = this.owner(collection);
    const version = this.active.get(entry.projection);
    return version === null || version === undefined ? new Map() : this.collection(collection, version);
  }

  private collection(collection: string, version: number): Map<string, StoredDoc> {
    const entry = this.owner(collection);
    const docs = this.data.get(entry.projection)?.get(version)?.get(collection);
    if (!docs) throw new ValidationError(`No version ${version} of collection ${collection}`);
    return docs;
  }
}
