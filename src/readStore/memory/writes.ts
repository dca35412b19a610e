import type { Fence } from '../../leases/leaseStore.js';
import type { DocChange } from '../readStore.js';
import type { InMemoryLeaseStore } from './inMemoryLeaseStore.js';
import type { VersionRegistry } from './versions.js';

/** The projections' writes: documents and their version's checkpoint, refused as ReadStore.commit says. */
export class DocumentWrites {
  constructor(
    private readonly registry: VersionRegistry,
    private readonly leases: InMemoryLeaseStore,
  ) {}

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    if (!this.leases.fenceHolds(fence)) return Promise.resolve(false);
    const checkpoints = this.registry.checkpointsOf(projection);
    const current = checkpoints?.get(version);
    if (current === undefined || (checkpoint !== null && current >= checkpoint))
      return Promise.resolve(false);
    for (const change of changes) {
      const docs = this.registry.documents(change.collection, version);
      if (change.doc === null) docs.delete(change.id);
      else docs.set(change.id, { doc: structuredClone(change.doc), position: change.position });
    }
    if (checkpoint !== null) checkpoints!.set(version, checkpoint);
    return Promise.resolve(true);
  }
}
