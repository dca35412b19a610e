import type { Fence } from '../../leases/leaseStore.js';
import type {
  ActiveCheckpoint,
  CollectionSpec,
  Condition,
  Doc,
  DocChange,
  GroupQuery,
  Page,
  ProjectionRecord,
  Query,
  ReadStore,
  StoredDoc,
} from '../readStore.js';
import { InMemoryLeaseStore } from './inMemoryLeaseStore.js';
import { DocumentQueries } from './queries.js';
import { VersionRegistry } from './versions.js';
import { DocumentWrites } from './writes.js';

/**
 * The read store in memory: for tests, and for replays that must not touch the live read models.
 * The same files by job as the SQLite store: versions.ts the versions and the switch,
 * inMemoryLeaseStore.ts the leases (the store's `leases`), writes.ts the fenced writes, queries.ts
 * the reads.
 */
export const getInMemoryReadStore = (): ReadStore => new InMemoryReadStore();

class InMemoryReadStore implements ReadStore {
  readonly leases = new InMemoryLeaseStore();
  private readonly registry = new VersionRegistry(this.leases);
  private readonly writes = new DocumentWrites(this.registry, this.leases);
  private readonly queries = new DocumentQueries(this.registry);

  prepare(
    projection: string,
    version: number,
    collections: readonly CollectionSpec[],
    options?: { readonly deferIndexes?: boolean },
  ): Promise<void> {
    return this.registry.prepare(projection, version, collections, options);
  }

  projection(name: string): Promise<ProjectionRecord> {
    return this.registry.projection(name);
  }

  commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    return this.writes.commit(projection, version, changes, checkpoint, fence);
  }

  activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    return this.registry.activate(projection, version, fence);
  }

  drop(projection: string, version: number): Promise<void> {
    return this.registry.drop(projection, version);
  }

  dropRetired(projection: string, graceMs: number): Promise<number[]> {
    return this.registry.dropRetired(projection, graceMs);
  }

  activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    return this.registry.activeCheckpoints();
  }

  load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    return this.queries.load(collection, version, ids);
  }

  getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    return this.queries.getMany<D>(collection, ids);
  }

  query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    return this.queries.query<D>(collection, query);
  }

  count(collection: string, where?: readonly Condition[]): Promise<number> {
    return this.queries.count(collection, where);
  }

  topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    return this.queries.topPerGroup<D>(collection, query);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
