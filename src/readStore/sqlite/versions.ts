import type Database from 'better-sqlite3';
import type { Fence } from '../../leases/leaseStore.js';
import { ValidationError } from '../../core/errors.js';
import {
  checkCompoundIndexes,
  type ActiveCheckpoint,
  type CollectionSpec,
  type ProjectionRecord,
} from '../readStore.js';
import type { ReadStoreConnection } from './connection.js';
import type { SQLiteLeaseStore } from './sqliteLeaseStore.js';
import { createTableStatements, dropTableStatements, indexStatements, viewStatements } from './tables.js';

const REGISTRY = `
CREATE TABLE IF NOT EXISTS rs_versions (
  projection  TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  collections TEXT    NOT NULL,
  checkpoint  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (projection, version)
) STRICT;
CREATE TABLE IF NOT EXISTS rs_projections (
  projection     TEXT PRIMARY KEY,
  active_version INTEGER
) STRICT;
`;

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,60}$/;

interface Registered {
  readonly projection: string;
  readonly versions: Map<number, CollectionSpec>;
}

/**
 * Which versions of each projection the file holds and which one readers see (`rs_versions`,
 * `rs_projections`), and the switch between them: a version's tables are made by {@link prepare},
 * and {@link activate} points the views readers go through at them, in one transaction that
 * readers in every process see at once. Every process keeps a copy of the registry, reloaded when
 * the file's schema changed.
 */
export class VersionRegistry {
  private collections = new Map<string, Registered>();
  private active = new Map<string, number | null>();
  private schemaVersion = -1;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private readonly schemaVersionStatement: Database.Statement<[], number>;

  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly leases: SQLiteLeaseStore,
  ) {
    const { db } = connection;
    db.exec(REGISTRY);
    // Files of the same layout written before versions could be retired: add the column in place.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(rs_versions)').all();
    if (!columns.some((c) => c.name === 'retired_at')) {
      db.exec('ALTER TABLE rs_versions ADD COLUMN retired_at INTEGER');
    }
    this.schemaVersionStatement = db.prepare<[], number>('PRAGMA schema_version').pluck();
    this.refresh();
  }

  /**
   * Reloads which versions exist and which is active when the schema changed (a version prepared,
   * activated or dropped, by this process or another): `PRAGMA schema_version` moves on every DDL.
   */
  refresh(force = false): void {
    // Reading the schema version takes a file lock: once per 250 ms is enough to notice another
    // process's swap (which readers see at once anyway, through the views).
    const now = performance.now();
    if (!force && now - this.checkedAt < 250) return;
    this.checkedAt = now;
    const schemaVersion = this.schemaVersionStatement.get()!;
    if (schemaVersion === this.schemaVersion) return;
    const { db } = this.connection;
    const collections = new Map<string, Registered>();
    const rows = db
      .prepare<[], { projection: string; version: number; collections: string }>(
        'SELECT projection, version, collections FROM rs_versions',
      )
      .all();
    for (const row of rows) {
      for (const spec of JSON.parse(row.collections) as CollectionSpec[]) {
        const entry = collections.get(spec.name) ?? { projection: row.projection, versions: new Map() };
        entry.versions.set(row.version, spec);
        collections.set(spec.name, entry);
      }
    }
    const active = db
      .prepare<[], { projection: string; active_version: number | null }>(
        'SELECT projection, active_version FROM rs_projections',
      )
      .all();
    this.collections = collections;
    this.active = new Map(active.map((a) => [a.projection, a.active_version]));
    this.schemaVersion = schemaVersion;
    this.connection.forgetStatements();
  }

  /**
   * The file's schema version this copy was read at: statements prepared at another (a writer's)
   * may name tables since dropped.
   */
  get generation(): number {
    return this.schemaVersion;
  }

  /** The spec of the active version, which readers see through the views. */
  activeSpec(collection: string): CollectionSpec {
    this.refresh();
    const registered = this.collections.get(collection);
    if (!registered) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    const version = this.active.get(registered.projection);
    const spec = version === null || version === undefined ? undefined : registered.versions.get(version);
    if (!spec)
      throw new ValidationError(`Collection ${collection} has no active version yet`, { collection });
    return spec;
  }

  /** The spec of one version, for the projection runner. */
  versionSpec(collection: string, version: number, refresh = true): CollectionSpec {
    if (refresh) this.refresh();
    const spec = this.collections.get(collection)?.versions.get(version);
    if (!spec) throw new ValidationError(`No version ${version} of collection ${collection}`, { collection });
    return spec;
  }

  async prepare(
    projection: string,
    version: number,
    collections: readonly CollectionSpec[],
    options: { readonly deferIndexes?: boolean } = {},
  ): Promise<void> {
    for (const spec of collections) {
      if (!NAME.test(spec.name)) throw new Error(`Invalid collection name ${spec.name}`);
      const owner = this.collections.get(spec.name)?.projection;
      if (owner && owner !== projection) throw new Error(`Collection ${spec.name} belongs to ${owner}`);
      checkCompoundIndexes(spec);
    }
    const { db } = this.connection;
    await this.connection.writeTransaction(() => {
      for (const spec of collections) {
        for (const sql of createTableStatements(spec, version, options.deferIndexes ?? false)) db.exec(sql);
      }
      db.prepare(
        `INSERT INTO rs_versions (projection, version, collections) VALUES (?, ?, ?)
         ON CONFLICT (projection, version) DO UPDATE SET collections = excluded.collections`,
      ).run(projection, version, JSON.stringify(collections));
      db.prepare('INSERT OR IGNORE INTO rs_projections (projection, active_version) VALUES (?, NULL)').run(
        projection,
      );
    });
    this.refresh(true);
  }

  projection(name: string): Promise<ProjectionRecord> {
    const { db } = this.connection;
    const active = db
      .prepare<[string], { active_version: number | null }>(
        'SELECT active_version FROM rs_projections WHERE projection = ?',
      )
      .get(name);
    const versions = db
      .prepare<[string], { version: number; checkpoint: number; retired_at: number | null }>(
        'SELECT version, checkpoint, retired_at FROM rs_versions WHERE projection = ?',
      )
      .all(name);
    return Promise.resolve({
      name,
      activeVersion: active?.active_version ?? null,
      checkpoints: new Map(versions.map((v) => [v.version, BigInt(v.checkpoint)])),
      retired: new Map(versions.filter((v) => v.retired_at !== null).map((v) => [v.version, v.retired_at!])),
    });
  }

  async activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    const { db } = this.connection;
    const specs = this.versionSpecs(projection, version);
    // Indexes first, each in its own transaction (the write lock is not held for all of them at
    // once): readers keep the old version meanwhile.
    for (const sql of specs.flatMap((spec) => indexStatements(spec, version)))
      await this.connection.writeTransaction(() => db.exec(sql));
    const done = await this.connection.writeTransaction(() => {
      if (!this.leases.fenceHolds(fence)) return false;
      for (const sql of specs.flatMap((spec) => viewStatements(spec, version))) db.exec(sql);
      const previous = this.activeVersion(projection);
      db.prepare('UPDATE rs_projections SET active_version = ? WHERE projection = ?').run(
        version,
        projection,
      );
      db.prepare('UPDATE rs_versions SET retired_at = NULL WHERE projection = ? AND version = ?').run(
        projection,
        version,
      );
      if (previous !== null && previous !== undefined && previous !== version) {
        db.prepare('UPDATE rs_versions SET retired_at = ? WHERE projection = ? AND version = ?').run(
          Date.now(),
          projection,
          previous,
        );
      }
      return true;
    });
    this.refresh(true);
    return done;
  }

  async drop(projection: string, version: number): Promise<void> {
    await this.connection.writeTransaction(() => {
      if (this.activeVersion(projection) === version)
        throw new Error(`Version ${version} of ${projection} is active: not dropped`);
      this.dropTables(projection, version);
    });
    this.refresh(true);
  }

  async dropRetired(projection: string, graceMs: number): Promise<number[]> {
    const dropped = await this.connection.writeTransaction(() => {
      const versions = this.connection.db
        .prepare<[string, number], { version: number }>(
          `SELECT v.version FROM rs_versions v JOIN rs_projections p ON p.projection = v.projection
             WHERE v.projection = ? AND v.retired_at IS NOT NULL AND v.retired_at <= ?
               AND v.version IS NOT p.active_version`,
        )
        .all(projection, Date.now() - graceMs)
        .map((v) => v.version);
      for (const version of versions) this.dropTables(projection, version);
      return versions;
    });
    if (dropped.length > 0) this.refresh(true);
    return dropped;
  }

  activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    const rows = this.connection
      .statement(
        `SELECT p.projection AS projection, p.active_version AS version, v.checkpoint AS checkpoint
       FROM rs_projections p JOIN rs_versions v ON v.projection = p.projection AND v.version = p.active_version`,
      )
      .all() as { projection: string; version: number; checkpoint: number }[];
    return Promise.resolve(
      new Map(rows.map((r) => [r.projection, { version: r.version, checkpoint: BigInt(r.checkpoint) }])),
    );
  }

  private activeVersion(projection: string): number | null | undefined {
    return this.connection.db
      .prepare<[string], { active_version: number | null }>(
        'SELECT active_version FROM rs_projections WHERE projection = ?',
      )
      .get(projection)?.active_version;
  }

  private dropTables(projection: string, version: number): void {
    const { db } = this.connection;
    for (const spec of this.versionSpecs(projection, version)) {
      for (const sql of dropTableStatements(spec, version)) db.exec(sql);
    }
    db.prepare('DELETE FROM rs_versions WHERE projection = ? AND version = ?').run(projection, version);
  }

  private versionSpecs(projection: string, version: number): CollectionSpec[] {
    const row = this.connection.db
      .prepare<[string, number], { collections: string }>(
        'SELECT collections FROM rs_versions WHERE projection = ? AND version = ?',
      )
      .get(projection, version);
    if (!row) throw new Error(`No version ${version} of projection ${projection}`);
    return JSON.parse(row.collections) as CollectionSpec[];
  }
}
