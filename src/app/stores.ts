import type { BlobStore } from '../blobStore/blobStore.js';
import { getDiskBlobStore } from '../blobStore/disk/diskBlobStore.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getSQLiteEventStore } from '../eventStore/sqlite/sqliteEventStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { getSQLiteReadStore } from '../readStore/sqlite/sqliteReadStore.js';
import type { Config } from './config.js';

export interface Stores {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly blobs: BlobStore;
}

/**
 * The stores the configuration names: SQLite and files in the data folder by default, KurrentDB,
 * MongoDB and GridFS when their URLs are set. The scale-out adapters are loaded only when used, so
 * the embedded default never loads their clients.
 */
export const openStores = async (
  config: Config,
  catalog: EventCatalog,
  options: { onEventStoreError?: (error: unknown) => void } = {},
): Promise<Stores> => {
  const eventStore = config.eventStoreUrl
    ? (await import('../eventStore/kurrentdb/kurrentdbEventStore.js')).getKurrentDBEventStore({
        connectionString: config.eventStoreUrl,
        catalog,
      })
    : getSQLiteEventStore({
        path: config.eventStorePath,
        catalog,
        ...(options.onEventStoreError ? { onError: options.onEventStoreError } : {}),
      });
  const readStore = config.readStoreUrl
    ? await (
        await import('../readStore/mongodb/mongoReadStore.js')
      ).getMongoReadStore({ url: config.readStoreUrl })
    : getSQLiteReadStore({ path: config.readStorePath });
  const blobs = config.blobStoreUrl
    ? await (
        await import('../blobStore/gridfs/gridfsBlobStore.js')
      ).getGridFSBlobStore({ url: config.blobStoreUrl })
    : getDiskBlobStore({ dir: config.blobDir });
  return { eventStore, readStore, blobs };
};
