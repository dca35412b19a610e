import type { ClientSession, Collection } from 'mongodb';
import { ValidationError } from '../../core/errors.js';
import type { Fence } from '../../leases/leaseStore.js';
import {
  checkCompoundIndexes,
  type ActiveCheckpoint,
  type CollectionSpec,
  type ProjectionRecord,
} from '../readStore.js';
import { indexSpecs } from './builders.js';
import { storedName, type ReadStoreConnection } from './connection.js';
import type { MongoLeaseStore } from './mongoLeaseStore.js';

interface VersionRecord {
  _id: string;
  projection: string;
  version: number;
  collections: CollectionSpec[];
  checkpoint: bigint;
  retiredAt: number | null;
}
interface PointerRecord {
  _id: string;
  activeVersion: number | null;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,60}$/;
const versionId = (projection: string, version: number) => `${projection}:${version}`;

/**
 * Which versions of each projection the database holds (`rs_versions`, which also keeps each
 * version's checkpoint) and which one readers see (a pointer document per projection,
 * `rs_projections`), and the switch between them: {@link activate} flips the pointer in one write,
 * and every process moves at once. Each process keeps a copy of both, read again at most every
 * `cacheMs`.
 */
export class VersionRegistry {
  private readonly versions: Collection<VersionRecord>;
  private readonly pointers: Collection<PointerRecord>;
  /** collection name → projection; spec per version (from rs_versions). */
  private registry = new Map<string, { projection: string; versions: Map<number, CollectionSpec> }>();
  private active = new Map<string, number | null>();
  private loadedAt = -Infinity;

  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly leases: MongoLeaseStore,
    private readonly cacheMs: number,
  ) {
    this.versions = connection.db.collection<VersionRecord>('rs_versions');
    this.pointers = connection.db.collection<PointerRecord>('rs_projections');
  }

  /** Reloads versions and pointers (at most every `cacheMs`, or when forced). */
  async refresh(force = false): Promise<void> {
    if (!force && performance.now() - this.loadedAt < this.cacheMs) return;
    const { versions, pointers } = await this.connection.causally(async (session) => ({
      versions: await this.versions.find({}, { session }).toArray(),
      pointers: await this.pointers.find({}, { session }).toArray(),
    }));
    const registry = new Map<string, { projection: string; versions: Map<number, CollectionSpec> }>();
    for (const record of versions) {
      for (const spec of record.collections) {
        const entry = registry.get(spec.name) ?? { projection: record.projection, versions: new Map() };
        entry.versions.set(record.version, spec);
        registry.set(spec.name, entry);
      }
    }
    this.registry = registry;
    this.active = new Map(pointers.map((p) => [p._id, p.activeVersion]));
    this.loadedAt = performance.now();
  }

  async activeSpec(collection: string): Promise<{ spec: CollectionSpec; version: number }> {
    await this.refresh();
    const entry = this.registry.get(collection);
    if (!entry) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    const version = this.active.get(entry.projection);
    const spec = version === null || version === undefined ? undefined : entry.versions.get(version);
    if (!spec)
      throw new ValidationError(`Collection ${collection} has no active version yet`, { collection });
    return { spec, version: version! };
  }

  async versionSpec(collection: string, version: number): Promise<CollectionSpec> {
    let spec = this.registry.get(collection)?.versions.get(version);
    if (!spec) {
      await this.refresh(true);
      spec = this.registry.get(collection)?.versions.get(version);
    }
    if (!spec) throw new ValidationError(`No version ${version} of collection ${collection}`, { collection });
    return spec;
  }

  async prepare(
    projection: string,
    version: number,
    collections: readonly CollectionSpec[],
    options: { readonly deferIndexes?: boolean } = {},
  ): Promise<void> {
    await this.refresh(true);
    for (const spec of collections) {
      if (!NAME.test(spec.name)) throw new Error(`Invalid collection name ${spec.name}`);
      const owner = this.registry.get(spec.name)?.projection;
      if (owner && owner !== projection) throw new Error(`Collection ${spec.name} belongs to ${owner}`);
      checkCompoundIndexes(spec);
    }
    await this.connection.causally(async (session) => {
      await this.versions.updateOne(
        { _id: versionId(projection, version) },
        {
          $set: { projection, version, collections: [...collections] },
          $setOnInsert: { checkpoint: 0n, retiredAt: null },
        },
        { upsert: true, session },
      );
      await this.pointers.updateOne(
        { _id: projection },
        { $setOnInsert: { activeVersion: null } },
        { upsert: true, session },
      );
    });
    for (const spec of collections) {
      if (options.deferIndexes) await this.createCollection(spec, version);
      else await this.createIndexes(spec, version);
    }
    await this.refresh(true);
  }

  /**
   * Made empty now, its indexes left for {@link activate}: else the first commit would create it
   * inside its transaction, which MongoDB refuses in a transaction that writes to more than one
   * shard, and where creations and index builds racing it fail the transaction (MongoDB manual,
   * "Create Collections and Indexes in a Transaction"; SERVER-65993). createIndexes makes a
   * collection by itself.
   */
  private async createCollection(spec: CollectionSpec, version: number): Promise<void> {
    await this.connection.db.createCollection(storedName(spec.name, version)).catch((error: unknown) => {
      // NamespaceExists: prepared before (a rebuild started again).
      if ((error as { code?: number }).code !== 48) throw error;
    });
  }

  private async createIndexes(spec: CollectionSpec, version: number): Promise<void> {
    await this.connection.stored(spec.name, version).createIndexes(indexSpecs(spec));
  }

  async projection(name: string): Promise<ProjectionRecord> {
    const { pointer, versions } = await this.connection.causally(async (session) => ({
      pointer: await this.pointers.findOne({ _id: name }, { session }),
      versions: await this.versions.find({ projection: name }, { session }).toArray(),
    }));
    return {
      name,
      activeVersion: pointer?.activeVersion ?? null,
      checkpoints: new Map(versions.map((v) => [v.version, BigInt(v.checkpoint)])),
      retired: new Map(versions.filter((v) => v.retiredAt !== null).map((v) => [v.version, v.retiredAt!])),
    };
  }

  async activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    const record = await this.connection.causally((session) =>
      this.versions.findOne({ _id: versionId(projection, version) }, { session }),
    );
    if (!record) throw new Error(`No version ${version} of projection ${projection}`);
    // Indexes first: readers keep the old version meanwhile.
    for (const spec of record.collections) await this.createIndexes(spec, version);
    const done = await this.connection.transaction(async (session) => {
      if (!(await this.leases.fenceHolds(fence, session))) return false;
      const previous = (await this.pointers.findOne({ _id: projection }, { session }))?.activeVersion;
      await this.pointers.updateOne(
        { _id: projection },
        { $set: { activeVersion: version } },
        { session, upsert: true },
      );
      await this.versions.updateOne(
        { _id: versionId(projection, version) },
        { $set: { retiredAt: null } },
        { session },
      );
      if (previous !== null && previous !== undefined && previous !== version) {
        await this.versions.updateOne(
          { _id: versionId(projection, previous) },
          { $set: { retiredAt: Date.now() } },
          { session },
        );
      }
      return true;
    });
    await this.refresh(true);
    return done;
  }

  async drop(projection: string, version: number): Promise<void> {
    const pointer = await this.connection.causally((session) =>
      this.pointers.findOne({ _id: projection }, { session }),
    );
    if (pointer?.activeVersion === version)
      throw new Error(`Version ${version} of ${projection} is active: not dropped`);
    await this.dropVersion(projection, version);
  }

  private async dropVersion(projection: string, version: number): Promise<void> {
    await this.connection.causally(async (session) => {
      const record = await this.versions.findOne({ _id: versionId(projection, version) }, { session });
      for (const spec of record?.collections ?? []) {
        await this.connection
          .stored(spec.name, version)
          .drop({ session })
          .catch(() => undefined);
      }
      await this.versions.deleteOne({ _id: versionId(projection, version) }, { session });
    });
    await this.refresh(true);
  }

  async dropRetired(projection: string, graceMs: number): Promise<number[]> {
    const { pointer, retired } = await this.connection.causally(async (session) => ({
      pointer: await this.pointers.findOne({ _id: projection }, { session }),
      retired: await this.versions
        .find({ projection, retiredAt: { $ne: null, $lte: Date.now() - graceMs } }, { session })
        .toArray(),
    }));
    const dropped = retired.map((r) => r.version).filter((v) => v !== pointer?.activeVersion);
    for (const version of dropped) await this.dropVersion(projection, version);
    return dropped;
  }

  async activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    const { pointers, versions } = await this.connection.causally(async (session) => {
      const active = await this.pointers.find({ activeVersion: { $ne: null } }, { session }).toArray();
      return {
        pointers: active,
        versions: await this.versions
          .find({ _id: { $in: active.map((p) => versionId(p._id, p.activeVersion!)) } }, { session })
          .toArray(),
      };
    });
    const byId = new Map(versions.map((v) => [v._id, v]));
    const result = new Map<string, ActiveCheckpoint>();
    for (const pointer of pointers) {
      const record = byId.get(versionId(pointer._id, pointer.activeVersion!));
      if (record) result.set(pointer._id, { version: record.version, checkpoint: BigInt(record.checkpoint) });
    }
    return result;
  }

  /** Inside a commit's transaction: a version's checkpoint, or undefined when it does not exist. */
  async checkpointOf(
    projection: string,
    version: number,
    session: ClientSession,
  ): Promise<bigint | undefined> {
    const current = await this.versions.findOne({ _id: versionId(projection, version) }, { session });
    return current ? BigInt(current.checkpoint) : undefined;
  }

  /** Inside a commit's transaction: moves a version's checkpoint. */
  async moveCheckpoint(
    projection: string,
    version: number,
    checkpoint: bigint,
    session: ClientSession,
  ): Promise<void> {
    await this.versions.updateOne(
      { _id: versionId(projection, version) },
      { $set: { checkpoint } },
      { session },
    );
  }
}
