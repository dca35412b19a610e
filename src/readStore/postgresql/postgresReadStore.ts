import type { Fence } from '../../leases/leaseStore.js';
import { DecodedDocuments } from '../decodedDocuments.js';
import type {
  ActiveCheckpoint,
  CheckpointFeed,
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
import { HEARING_CHANGED, StoreNotifications, VERSIONS_CHANGED } from './notifications.js';
import { LEASES_TABLE, PostgresLeaseStore } from './postgresLeaseStore.js';
import { DocumentQueries } from './queries.js';
import { REGISTRY_TABLES, VersionRegistry } from './versions.js';
import { COMMIT_FUNCTION, DocumentWrites } from './writes.js';

export interface PostgreSQLReadStoreOptions extends ConnectionOptions {
  /** How long the registry (which versions exist, which is active) is trusted between looks. Default 250 ms. */
  readonly registryCacheMs?: number;
  /**
   * Characters of document text whose decoded documents are kept for readers
   * (../decodedDocuments.ts). Default 8 M; 0 keeps none.
   */
  readonly decodedCacheChars?: number;
}

/**
 * The read store on PostgreSQL (docs/deploy.md § PostgreSQL). Each collection version is a table
 * `t_<name>__v<n>` with the document as JSON and one indexed column per declared index (written
 * from the document on each write: tables.ts says why columns, and why `json` and not JSONB). Readers
 * go through a view `v_<name>` over the active version: swapping a rebuilt version in replaces the
 * views in one transaction, which every process's next read sees. A commit writes the documents and
 * the checkpoint, checks the lease's fence, and notifies every process (LISTEN/NOTIFY: the
 * checkpoint watchers of API processes wake at once instead of at their next poll), all in one
 * transaction.
 *
 * The same files by job as the SQLite store: connection.ts the pool and its transactions,
 * versions.ts the versions and the switch, postgresLeaseStore.ts the leases (the store's `leases`),
 * writes.ts the fenced writes, queries.ts (with conditions.ts and topPerGroup.ts) the reads, and
 * notifications.ts the connection that listens.
 */
export const getPostgreSQLReadStore = async (options: PostgreSQLReadStoreOptions): Promise<ReadStore> => {
  const connection = new ReadStoreConnection(options);
  try {
    // Every table of the store (made when missing) and its commit function, under the registry's
    // lock: processes starting together would otherwise race to create them.
    await connection.transaction(
      async (client) => {
        for (const sql of [...REGISTRY_TABLES, LEASES_TABLE, COMMIT_FUNCTION]) await client.query(sql);
      },
      { registry: true },
    );
    await connection.detectCompression();
  } catch (error) {
    await connection.close();
    throw error;
  }
  return new PostgreSQLReadStore(connection, options);
};

class PostgreSQLReadStore implements ReadStore {
  readonly leases: PostgresLeaseStore;
  private readonly registry: VersionRegistry;
  private readonly writes: DocumentWrites;
  private readonly queries: DocumentQueries;
  private readonly notifications: StoreNotifications;

  constructor(
    private readonly connection: ReadStoreConnection,
    options: PostgreSQLReadStoreOptions,
  ) {
    this.leases = new PostgresLeaseStore(connection);
    this.registry = new VersionRegistry(connection, this.leases, options.registryCacheMs ?? 250);
    this.writes = new DocumentWrites(connection, this.registry);
    this.queries = new DocumentQueries(
      connection,
      this.registry,
      new DecodedDocuments(options.decodedCacheChars ?? 8 * 1024 * 1024),
    );
    this.notifications = new StoreNotifications(
      options.url,
      `${options.applicationName ?? 'creator-ledger read store'} (listening)`,
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

  watchCheckpoints(onChange: () => void): CheckpointFeed {
    const { notifications, registry } = this;
    const stop = notifications.subscribe((payload) => {
      // A switch changes what the views show: the registry is read again before the next query.
      if (payload === VERSIONS_CHANGED || payload === HEARING_CHANGED) registry.stale();
      if (payload !== VERSIONS_CHANGED) onChange();
    });
    return {
      get listening() {
        return notifications.listening;
      },
      close: stop,
    };
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
    await this.notifications.close();
    await this.connection.close();
  }
}
