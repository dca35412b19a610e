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
import { DecodedDocuments } from '../decodedDocuments.js';
import { DocumentQueries } from './queries.js';
import { SQLiteLeaseStore, leasesPathOf } from './sqliteLeaseStore.js';
import { VersionRegistry } from './versions.js';
import { DocumentWrites } from './writes.js';

export interface SQLiteReadStoreOptions extends ConnectionOptions {
  /** Called once per query sent to SQLite by a read (not by projection writes): for tests and metrics. */
  readonly onQuery?: (collection: string) => void;
  /**
   * Characters of document text whose decoded documents are kept for readers (../decodedDocuments.ts).
   * Default 8 M (some tens of MB of heap); 0 keeps none.
   */
  readonly decodedCacheChars?: number;
  /** The leases' own file (sqliteLeaseStore.ts). Default: beside `path`, `read.db` → `read.leases.db`. */
  readonly leasesPath?: string;
}

/**
 * The embedded read store. Each collection version is a table `t_<name>__v<n>` with the document
 * as JSON, one indexed column per declared scalar index (written from the document on each write, so
 * neither writing nor filtering nor sorting makes SQLite parse JSON), and one side table per
 * multi-valued index. Readers go through a view `v_<name>` over the active version: swapping a
 * rebuilt version in is replacing the views in one transaction, which readers in every process see
 * at once, and the query planner sees through the views to the tables' indexes.
 *
 * A file per job, all on one connection (connection.ts: the file, its layout, the write lock):
 * versions.ts the version registry and the switch, sqliteLeaseStore.ts the leases (the store's
 * `leases`: kept in a file of their own beside this one, their fences in this one), writes.ts the
 * fenced writes, queries.ts (with conditions.ts and topPerGroup.ts) the reads. Another backend
 * follows the same pattern (memory/, mongodb/).
 */
export const getSQLiteReadStore = (options: SQLiteReadStoreOptions): ReadStore =>
  new SQLiteReadStore(options);

class SQLiteReadStore implements ReadStore {
  readonly leases: SQLiteLeaseStore;
  private readonly connection: ReadStoreConnection;
  private readonly registry: VersionRegistry;
  private readonly writes: DocumentWrites;
  private readonly queries: DocumentQueries;

  constructor(options: SQLiteReadStoreOptions) {
    this.connection = new ReadStoreConnection(options);
    this.leases = new SQLiteLeaseStore(this.connection, options.leasesPath ?? leasesPathOf(options.path));
    this.registry = new VersionRegistry(this.connection, this.leases);
    this.writes = new DocumentWrites(this.connection, this.registry, this.leases);
    this.queries = new DocumentQueries(
      this.connection,
      this.registry,
      new DecodedDocuments(options.decodedCacheChars ?? 8 * 1024 * 1024),
      options.onQuery,
    );
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

  async close(): Promise<void> {
    await this.leases.close();
    await this.connection.close();
  }
}
