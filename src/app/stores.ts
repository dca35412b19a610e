import type { BlobStore } from '../blobStore/blobStore.js';
import { getDiskBlobStore } from '../blobStore/disk/diskBlobStore.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import type { EventStore, ForeignEvent } from '../eventStore/eventStore.js';
import { isPostgresUrl } from '../postgres/pool.js';
import { getSQLiteEventStore } from '../eventStore/sqlite/sqliteEventStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { getSQLiteReadStore } from '../readStore/sqlite/sqliteReadStore.js';
import type { Config } from './config.js';

export interface Stores {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly blobs: BlobStore;
}

/** What opening the stores takes from the configuration (plain data: it goes to worker threads too). */
export type StoreConfig = Pick<
  Config,
  'eventStorePath' | 'readStorePath' | 'blobDir' | 'eventStoreUrl' | 'readStoreUrl' | 'blobStoreUrl'
>;

export const storeConfigOf = (config: StoreConfig): StoreConfig => ({
  eventStorePath: config.eventStorePath,
  readStorePath: config.readStorePath,
  blobDir: config.blobDir,
  eventStoreUrl: config.eventStoreUrl,
  readStoreUrl: config.readStoreUrl,
  blobStoreUrl: config.blobStoreUrl,
});

/** The event log: SQLite in the data folder by default, PostgreSQL or KurrentDB when its URL is set. */
export const openEventStore = async (
  config: StoreConfig,
  catalog: EventCatalog,
  options: {
    onError?: (error: unknown) => void;
    onForeignEvent?: (event: ForeignEvent) => void;
    cacheMb?: number;
  } = {},
): Promise<EventStore> =>
  isPostgresUrl(config.eventStoreUrl)
    ? await (
        await import('../eventStore/postgresql/postgresqlEventStore.js')
      ).getPostgreSQLEventStore({
        url: config.eventStoreUrl,
        catalog,
        ...(options.onError ? { onError: options.onError } : {}),
      })
    : config.eventStoreUrl
      ? (await import('../eventStore/kurrentdb/kurrentdbEventStore.js')).getKurrentDBEventStore({
          connectionString: config.eventStoreUrl,
          catalog,
          ...(options.onForeignEvent ? { onForeignEvent: options.onForeignEvent } : {}),
        })
      : getSQLiteEventStore({
          path: config.eventStorePath,
          catalog,
          ...(options.onError ? { onError: options.onError } : {}),
          ...(options.cacheMb ? { cacheMb: options.cacheMb } : {}),
        });

/**
 * The read models: SQLite in the data folder by default, PostgreSQL or MongoDB when its URL is set.
 * `cacheMb` and `backgroundCheckpointMs` are SQLite's; `poolSize` PostgreSQL's (docs/deploy.md §
 * PostgreSQL: connections per process and role).
 */
export const openReadStore = async (
  config: StoreConfig,
  options: {
    readonly cacheMb?: number;
    readonly backgroundCheckpointMs?: number;
    readonly poolSize?: number;
  } = {},
): Promise<ReadStore> => {
  const { poolSize, ...sqlite } = options;
  // node-postgres is loaded only when a URL is set: the embedded default never loads it.
  if (config.readStoreUrl && (await import('../postgres/pool.js')).isPostgresUrl(config.readStoreUrl)) {
    return (await import('../readStore/postgresql/postgresReadStore.js')).getPostgreSQLReadStore({
      url: config.readStoreUrl,
      ...(poolSize ? { poolSize } : {}),
    });
  }
  return config.readStoreUrl
    ? await (
        await import('../readStore/mongodb/mongoReadStore.js')
      ).getMongoReadStore({ url: config.readStoreUrl })
    : getSQLiteReadStore({ path: config.readStorePath, ...sqlite });
};

/** Evidence files: a folder by default, PostgreSQL or GridFS when its URL is set. */
export const openBlobStore = async (config: StoreConfig): Promise<BlobStore> =>
  isPostgresUrl(config.blobStoreUrl)
    ? await (
        await import('../blobStore/postgresql/postgresqlBlobStore.js')
      ).getPostgreSQLBlobStore({ url: config.blobStoreUrl })
    : config.blobStoreUrl
      ? await (
          await import('../blobStore/gridfs/gridfsBlobStore.js')
        ).getGridFSBlobStore({ url: config.blobStoreUrl })
      : getDiskBlobStore({ dir: config.blobDir });

/**
 * The stores the configuration names — the one place adapters are chosen: SQLite and files in the
 * data folder by default, KurrentDB, PostgreSQL, MongoDB and GridFS when their URLs are set. The scale-out
 * adapters are loaded only when used, so the embedded default never loads their clients. Stores
 * `given` (tests) are used as they are.
 */
export const openStores = async (
  config: StoreConfig,
  catalog: EventCatalog,
  options: {
    onEventStoreError?: (error: unknown) => void;
    onForeignEvent?: (event: ForeignEvent) => void;
    given?: Partial<Stores>;
  } = {},
): Promise<Stores> => ({
  eventStore:
    options.given?.eventStore ??
    (await openEventStore(config, catalog, {
      ...(options.onEventStoreError ? { onError: options.onEventStoreError } : {}),
      ...(options.onForeignEvent ? { onForeignEvent: options.onForeignEvent } : {}),
    })),
  // The service's main thread: the log of its read store is checkpointed beside it, not in its
  // commits (src/sqlite/checkpointer.ts).
  readStore: options.given?.readStore ?? (await openReadStore(config, { backgroundCheckpointMs: 200 })),
  blobs: options.given?.blobs ?? (await openBlobStore(config)),
});
