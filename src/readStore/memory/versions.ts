import { ValidationError } from '../../core/errors.js';
import type { Fence } from '../../leases/leaseStore.js';
import {
  checkCompoundIndexes,
  type ActiveCheckpoint,
  type CollectionSpec,
  type ProjectionRecord,
  type StoredDoc,
} from '../readStore.js';
import type { InMemoryLeaseStore } from './inMemoryLeaseStore.js';

/** One collection version's documents by id. */
export type Documents = Map<string, StoredDoc>;

/**
 * The versions of each projection in memory, their documents and checkpoints, which one readers
 * see, and the switch between them (ReadStore.prepare, activate, drop).
 */
export class VersionRegistry {
  /** projection → version → collection → id → stored document */
  private readonly data = new Map<string, Map<number, Map<string, Documents>>>();
  private readonly specs = new Map<string, { projection: string; versions: Map<number, CollectionSpec> }>();
  private readonly checkpoints = new Map<string, Map<number, bigint>>();
  private readonly active = new Map<string, number | null>();
  private readonly retired = new Map<string, Map<number, number>>();

  constructor(private readonly leases: InMemoryLeaseStore) {}

  async prepare(
    projection: string,
    version: number,
    collections: readonly CollectionSpec[],
    _options?: { deferIndexes?: boolean },
  ): Promise<void> {
    // Compound indexes only make queries cheaper; a scan in memory needs none, but they must be sound.
    collections.forEach(checkCompoundIndexes);
    const versions = this.data.get(projection) ?? new Map<number, Map<string, Documents>>();
    this.data.set(projection, versions);
    const docs = versions.get(version) ?? new Map<string, Documents>();
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

  /** The checkpoints of a projection's versions (undefined before it is prepared). */
  checkpointsOf(projection: string): Map<number, bigint> | undefined {
    return this.checkpoints.get(projection);
  }

  /** The spec of the active version. */
  activeSpec(collection: string): CollectionSpec {
    const entry = this.owner(collection);
    const version = this.active.get(entry.projection);
    const spec = version === null || version === undefined ? undefined : entry.versions.get(version);
    if (!spec) throw new ValidationError(`Collection ${collection} has no active version`, { collection });
    return spec;
  }

  /** The documents of the active version (none before one is activated). */
  activeDocuments(collection: string): Documents {
    const entry = this.owner(collection);
    const version = this.active.get(entry.projection);
    return version === null || version === undefined ? new Map() : this.documents(collection, version);
  }

  /** The documents of one version. */
  documents(collection: string, version: number): Documents {
    const entry = this.owner(collection);
    const docs = this.data.get(entry.projection)?.get(version)?.get(collection);
    if (!docs) throw new ValidationError(`No version ${version} of collection ${collection}`);
    return docs;
  }

  private owner(collection: string) {
    const entry = this.specs.get(collection);
    if (!entry) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    return entry;
  }

  private dropVersion(projection: string, version: number): void {
    this.data.get(projection)?.delete(version);
    this.checkpoints.get(projection)?.delete(version);
    this.retired.get(projection)?.delete(version);
    for (const entry of this.specs.values())
      if (entry.projection === projection) entry.versions.delete(version);
  }
}
