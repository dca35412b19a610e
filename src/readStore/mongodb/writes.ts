import type { Fence } from '../../leases/leaseStore.js';
import type { CollectionSpec, DocChange } from '../readStore.js';
import { toStored } from './builders.js';
import type { ReadStoreConnection } from './connection.js';
import type { MongoLeaseStore } from './mongoLeaseStore.js';
import type { VersionRegistry } from './versions.js';

/**
 * The projections' writes: documents and their version's checkpoint in one multi-document
 * transaction, which checks the writer's fence too (ReadStore.commit).
 */
export class DocumentWrites {
  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
    private readonly leases: MongoLeaseStore,
  ) {}

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    const specs = new Map<string, CollectionSpec>();
    for (const change of changes) {
      if (!specs.has(change.collection))
        specs.set(change.collection, await this.registry.versionSpec(change.collection, version));
    }
    return this.connection.transaction(async (session) => {
      if (!(await this.leases.fenceHolds(fence, session))) return false;
      const current = await this.registry.checkpointOf(projection, version, session);
      if (current === undefined || (checkpoint !== null && current >= checkpoint)) return false;
      const byCollection = new Map<string, DocChange[]>();
      for (const change of changes) {
        byCollection.set(change.collection, [...(byCollection.get(change.collection) ?? []), change]);
      }
      for (const [collection, list] of byCollection) {
        const spec = specs.get(collection)!;
        await this.connection.stored(collection, version).bulkWrite(
          list.map((change) =>
            change.doc === null
              ? { deleteOne: { filter: { _id: change.id } } }
              : {
                  replaceOne: {
                    filter: { _id: change.id },
                    replacement: toStored(spec, change.id, change.doc, change.position),
                    upsert: true,
                  },
                },
          ),
          { session, ordered: true },
        );
      }
      if (checkpoint !== null) {
        await this.registry.moveCheckpoint(projection, version, checkpoint, session);
      }
      return true;
    });
  }
}
