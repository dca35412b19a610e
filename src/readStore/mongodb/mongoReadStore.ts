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
import { ReadStoreConnection, type ConnectionOptions } from './connection.js';
import { MongoLeaseStore } from './mongoLeaseStore.js';
import { DocumentQueries } from './queries.js';
import { VersionRegistry } from './versions.js';
import { DocumentWrites } from './writes.js';

export interface MongoReadStoreOptions extends ConnectionOptions {
  /** How long the versions readers see are remembered between reads of the pointers. Default 250 ms. */
  readonly pointerCacheMs?: number;
}

/**
 * The read store on MongoDB, for scale-out (ARCHITECTURE.md § Scale-out). Each collection version is
 * a MongoDB collection `<name>__v<n>`; readers find the active version through a pointer document
 * per projection (`rs_projections`), flipped in one write — every process moves at once, and a
 * rebuilt version never needs `renameCollection`, which would break open cursors. A commit writes
 * the documents and the checkpoint (and checks the lease's fence) in one multi-document
 * transaction: the store needs a replica set (one node will do) and says so at start otherwise.
 *
 * The same files by job as the SQLite store: connection.ts the database and its transactions,
 * versions.ts the versions and the switch, mongoLeaseStore.ts the leases (the store's `leases`),
 * writes.ts the fenced writes, queries.ts the reads (compiled by builders.ts).
 */
export const getMongoReadStore = async (options: MongoReadStoreOptions): Promise<ReadStore> => {
  const store = new MongoReadStore(await ReadStoreConnection.open(options), options.pointerCacheMs ?? 250);
  await store.init();
  return store;
};

class MongoReadStore implements ReadStore {
  readonly leases: MongoLeaseStore;
  private readonly registry: VersionRegistry;
  private readonly writes: DocumentWrites;
  private readonly queries: DocumentQueries;

  constructor(
    private readonly connection: ReadStoreConnection,
    pointerCacheMs: number,
  ) {
    this.leases = new MongoLeaseStore(connection.primary);
    this.registry = new VersionRegistry(connection, this.leases, pointerCacheMs);
    this.writes = new DocumentWrites(connection, this.registry, this.leases);
    this.queries = new DocumentQueries(connection, this.registry);
  }

  async init(): Promise<void> {
    await this.registry.refresh(true);
  }

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
    return this.connection.close();
  }
}
