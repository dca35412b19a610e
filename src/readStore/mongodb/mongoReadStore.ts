import { MongoClient, type ClientSession, type Collection, type Db, type Document } from 'mongodb';
import { ValidationError } from '../../core/errors.js';
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
import { checkCompoundIndexes, selectedIndexes } from '../readStore.js';
import {
  filterOf,
  groupPipelineOf,
  indexSpecs,
  ixName,
  pageOf,
  toStored,
  type StoredDocument,
} from './builders.js';
import { MongoLeaseStore } from './mongoLeaseStore.js';

export interface MongoReadStoreOptions {
  /** `mongodb://…` of a replica set (or a sharded cluster): commits are multi-document transactions. */
  readonly url?: string;
  /** A client already made (tests); the store then neither connects it nor closes it. */
  readonly client?: MongoClient;
  /** The database; default: the one the URL names, else `creator_ledger`. */
  readonly database?: string;
  /** How long the versions readers see are remembered between reads of the pointers. Default 250 ms. */
  readonly pointerCacheMs?: number;
}

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
const collectionName = (name: string, version: number) => `${name}__v${version}`;
const versionId = (projection: string, version: number) => `${projection}:${version}`;

/**
 * The read store on MongoDB, for scale-out (ARCHITECTURE.md § Scale-out). Each collection version is
 * a MongoDB collection `<name>__v<n>`; readers find the active version through a pointer document
 * per projection (`rs_projections`), flipped in one write — every process moves at once, and a
 * rebuilt version never needs `renameCollection`, which would break open cursors. A commit writes
 * the documents and the checkpoint (and checks the lease's fence) in one multi-document
 * transaction: the store needs a replica set (one node will do) and says so at start otherwise.
 */
export const getMongoReadStore = async (options: MongoReadStoreOptions): Promise<ReadStore> => {
  const owned = !options.client;
  const client =
    options.client ??
    new MongoClient(options.url!, {
      // Positions and checkpoints are int64: read them back as bigint.
      useBigInt64: true,
    });
  if (owned) await client.connect();
  const db = client.db(options.database ?? (options.url ? undefined : 'creator_ledger'));
  await requireReplicaSet(db);
  const store = new MongoReadStore(client, db, owned, options.pointerCacheMs ?? 250);
  await store.init();
  return store;
};

/** Multi-document transactions need a replica set (or mongos): refused at start, plainly, otherwise. */
export const requireReplicaSet = async (db: Db): Promise<void> => {
  const hello = (await db.command({ hello: 1 })) as { setName?: string; msg?: string };
  if (!hello.setName && hello.msg !== 'isdbgrid') {
    throw new Error(
      'The MongoDB read store needs a replica set (documents and checkpoints are committed in one ' +
        'transaction): start mongod with --replSet and run rs.initiate() once — a single node will do.',
    );
  }
};

class MongoReadStore implements ReadStore {
  private readonly versions: Collection<VersionRecord>;
  private readonly pointers: Collection<PointerRecord>;
  readonly leases: MongoLeaseStore;
  /** collection name → projection; spec per version (from rs_versions). */
  private registry = new Map<string, { projection: string; versions: Map<number, CollectionSpec> }>();
  private active = new Map<string, number | null>();
  private loadedAt = -Infinity;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly owned: boolean,
    private readonly cacheMs: number,
  ) {
    this.versions = db.collection<VersionRecord>('rs_versions');
    this.pointers = db.collection<PointerRecord>('rs_projections');
    this.leases = new MongoLeaseStore(db);
  }

  async init(): Promise<void> {
    await this.refresh(true);
  }

  /** Reloads versions and pointers (at most every `cacheMs`, or when forced). */
  private async refresh(force = false): Promise<void> {
    if (!force && performance.now() - this.loadedAt < this.cacheMs) return;
    const [versions, pointers] = await Promise.all([
      this.versions.find({}).toArray(),
      this.pointers.find({}).toArray(),
    ]);
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

  private async activeSpec(collection: string): Promise<{ spec: CollectionSpec; version: number }> {
    await this.refresh();
    const entry = this.registry.get(collection);
    if (!entry) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    const version = this.active.get(entry.projection);
    const spec = version === null || version === undefined ? undefined : entry.versions.get(version);
    if (!spec)
      throw new ValidationError(`Collection ${collection} has no active version yet`, { collection });
    return { spec, version: version! };
  }

  private async versionSpec(collection: string, version: number): Promise<CollectionSpec> {
    let spec = this.registry.get(collection)?.versions.get(version);
    if (!spec) {
      await this.refresh(true);
      spec = this.registry.get(collection)?.versions.get(version);
    }
    if (!spec) throw new ValidationError(`No version ${version} of collection ${collection}`, { collection });
    return spec;
  }

  private stored(collection: string, version: number): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(collectionName(collection, version));
  }

  private async transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      let result!: T;
      await session.withTransaction(async () => {
        result = await work(session);
      });
      return result;
    } finally {
      await session.endSession();
    }
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
    await this.versions.updateOne(
      { _id: versionId(projection, version) },
      {
        $set: { projection, version, collections: [...collections] },
        $setOnInsert: { checkpoint: 0n, retiredAt: null },
      },
      { upsert: true },
    );
    await this.pointers.updateOne(
      { _id: projection },
      { $setOnInsert: { activeVersion: null } },
      { upsert: true },
    );
    if (!options.deferIndexes) {
      for (const spec of collections) await this.createIndexes(spec, version);
    }
    await this.refresh(true);
  }

  private async createIndexes(spec: CollectionSpec, version: number): Promise<void> {
    await this.stored(spec.name, version).createIndexes(indexSpecs(spec));
  }

  async projection(name: string): Promise<ProjectionRecord> {
    const [pointer, versions] = await Promise.all([
      this.pointers.findOne({ _id: name }),
      this.versions.find({ projection: name }).toArray(),
    ]);
    return {
      name,
      activeVersion: pointer?.activeVersion ?? null,
      checkpoints: new Map(versions.map((v) => [v.version, BigInt(v.checkpoint)])),
      retired: new Map(versions.filter((v) => v.retiredAt !== null).map((v) => [v.version, v.retiredAt!])),
    };
  }

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
        specs.set(change.collection, await this.versionSpec(change.collection, version));
    }
    return this.transaction(async (session) => {
      if (!(await this.leases.fenceHolds(fence, session))) return false;
      const current = await this.versions.findOne({ _id: versionId(projection, version) }, { session });
      if (!current || (checkpoint !== null && BigInt(current.checkpoint) >= checkpoint)) return false;
      const byCollection = new Map<string, DocChange[]>();
      for (const change of changes) {
        byCollection.set(change.collection, [...(byCollection.get(change.collection) ?? []), change]);
      }
      for (const [collection, list] of byCollection) {
        const spec = specs.get(collection)!;
        await this.stored(collection, version).bulkWrite(
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
        await this.versions.updateOne(
          { _id: versionId(projection, version) },
          { $set: { checkpoint } },
          { session },
        );
      }
      return true;
    });
  }

  async activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    const record = await this.versions.findOne({ _id: versionId(projection, version) });
    if (!record) throw new Error(`No version ${version} of projection ${projection}`);
    // Indexes first: readers keep the old version meanwhile.
    for (const spec of record.collections) await this.createIndexes(spec, version);
    const done = await this.transaction(async (session) => {
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
    const pointer = await this.pointers.findOne({ _id: projection });
    if (pointer?.activeVersion === version)
      throw new Error(`Version ${version} of ${projection} is active: not dropped`);
    await this.dropVersion(projection, version);
  }

  private async dropVersion(projection: string, version: number): Promise<void> {
    const record = await this.versions.findOne({ _id: versionId(projection, version) });
    for (const spec of record?.collections ?? []) {
      await this.stored(spec.name, version)
        .drop()
        .catch(() => undefined);
    }
    await this.versions.deleteOne({ _id: versionId(projection, version) });
    await this.refresh(true);
  }

  async dropRetired(projection: string, graceMs: number): Promise<number[]> {
    const pointer = await this.pointers.findOne({ _id: projection });
    const retired = await this.versions
      .find({ projection, retiredAt: { $ne: null, $lte: Date.now() - graceMs } })
      .toArray();
    const dropped = retired.map((r) => r.version).filter((v) => v !== pointer?.activeVersion);
    for (const version of dropped) await this.dropVersion(projection, version);
    return dropped;
  }

  async activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    const pointers = await this.pointers.find({ activeVersion: { $ne: null } }).toArray();
    const versions = await this.versions
      .find({ _id: { $in: pointers.map((p) => versionId(p._id, p.activeVersion!)) } })
      .toArray();
    const byId = new Map(versions.map((v) => [v._id, v]));
    const result = new Map<string, ActiveCheckpoint>();
    for (const pointer of pointers) {
      const record = byId.get(versionId(pointer._id, pointer.activeVersion!));
      if (record) result.set(pointer._id, { version: record.version, checkpoint: BigInt(record.checkpoint) });
    }
    return result;
  }

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    await this.versionSpec(collection, version);
    const found = await this.stored(collection, version)
      .find({ _id: { $in: [...ids] } })
      .toArray();
    return new Map(found.map((d) => [d._id, { doc: d.doc, position: BigInt(d.pos) }]));
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    const { version } = await this.activeSpec(collection);
    if (ids.length === 0) return [];
    const found = await this.stored(collection, version)
      .find({ _id: { $in: [...ids] } })
      .toArray();
    const byId = new Map(found.map((d) => [d._id, d.doc as D]));
    return ids.map((id) => byId.get(id));
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    const { spec, version } = await this.activeSpec(collection);
    const page = pageOf(spec, query);
    const rows = (await this.stored(collection, version)
      .find(page.filter as Document)
      .sort(page.sort)
      .limit(page.limit)
      .toArray()) as StoredDocument[];
    const items = rows.slice(0, page.pageSize).map((row) => ({
      id: row._id,
      doc: row.doc as D,
      cursor: page.cursorOf(row),
    }));
    return { items, hasNextPage: rows.length > page.pageSize, endCursor: items.at(-1)?.cursor ?? null };
  }

  async count(collection: string, where: readonly Condition[] = []): Promise<number> {
    const { spec, version } = await this.activeSpec(collection);
    return this.stored(collection, version).countDocuments(filterOf(spec, where) as Document);
  }

  async topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    const { spec, version } = await this.activeSpec(collection);
    if (spec.indexes.find((i) => i.field === query.groupField)?.multi) {
      throw new ValidationError(`Cannot group by ${query.groupField}: it holds several values`);
    }
    const result = new Map<string, D[]>(query.groups.map((g) => [g, []]));
    if (query.groups.length === 0) return result;
    const groups = await this.stored(collection, version)
      .aggregate<{ _id: string; docs: D[] }>(groupPipelineOf(spec, query))
      .toArray();
    // Selected index values come back under their stored names: give them their fields' names.
    const selected = query.select && selectedIndexes(spec, query.select);
    const named = (doc: D): D =>
      selected
        ? ({
            id: (doc as unknown as { id: string }).id,
            ...Object.fromEntries(
              selected.map((ix) => [ix.field, (doc as Record<string, unknown>)[ixName(ix.field)]]),
            ),
          } as unknown as D)
        : doc;
    for (const group of groups) if (result.has(group._id)) result.set(group._id, group.docs.map(named));
    return result;
  }

  async close(): Promise<void> {
    if (this.owned) await this.client.close();
  }
}
