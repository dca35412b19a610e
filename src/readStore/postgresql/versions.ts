import type pg from 'pg';
import { ValidationError } from '../../core/errors.js';
import type { Fence } from '../../leases/leaseStore.js';
import {
  checkCompoundIndexes,
  type ActiveCheckpoint,
  type CollectionSpec,
  type ProjectionRecord,
} from '../readStore.js';
import type { ReadStoreConnection } from './connection.js';
import { CHANNEL, VERSIONS_CHANGED, checkpointMoved } from './notifications.js';
import type { PostgresLeaseStore } from './postgresLeaseStore.js';
import {
  checkNames,
  createTableStatements,
  dropTableStatements,
  indexStatements,
  table,
  viewStatements,
} from './tables.js';

/** The registry's tables, made with the store's other tables (postgresReadStore.ts). */
export const REGISTRY_TABLES = [
  `CREATE TABLE IF NOT EXISTS rs_versions (
    projection  text    COLLATE "C" NOT NULL,
    version     integer NOT NULL,
    collections jsonb   NOT NULL,
    checkpoint  bigint  NOT NULL DEFAULT 0,
    retired_at  bigint,
    PRIMARY KEY (projection, version)
  )`,
  `CREATE TABLE IF NOT EXISTS rs_projections (
    projection     text COLLATE "C" PRIMARY KEY,
    active_version integer
  )`,
  // Raised in every transaction that changes the registry: a process reads it again only then.
  `CREATE TABLE IF NOT EXISTS rs_registry (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    generation bigint  NOT NULL
  )`,
  'INSERT INTO rs_registry (only_row, generation) VALUES (true, 0) ON CONFLICT DO NOTHING',
];

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,60}$/;

/** How long a switch waits for readers of the views it replaces before it tries again. */
const SWITCH_LOCK_TIMEOUT_MS = 2_000;
const SWITCH_ATTEMPTS = 5;

interface Registered {
  readonly projection: string;
  readonly versions: Map<number, CollectionSpec>;
}

/** Raises the registry's generation and tells every process, in the caller's transaction. */
const registryChanged = async (client: pg.PoolClient): Promise<void> => {
  await client.query(
    `UPDATE rs_registry SET generation = generation + 1; SELECT pg_notify('${CHANNEL}', '${VERSIONS_CHANGED}')`,
  );
};

/**
 * Which versions of each projection the database holds and which one readers see (`rs_versions`,
 * which also keeps each version's checkpoint, and `rs_projections`), and the switch between them: a
 * version's tables are made by {@link prepare}, and {@link activate} points the views readers go
 * through at them, in one transaction, which every process's next read sees. Each process keeps a
 * copy of the registry (what each version's collections index, for the query compiler), read again
 * when the registry's generation moved, looked at most every `cacheMs`, and at once when the
 * database says so (notifications.ts) or a query names what a stale copy knew.
 */
export class VersionRegistry {
  private collections = new Map<string, Registered>();
  private active = new Map<string, number | null>();
  private generation = -1n;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<boolean> | undefined;

  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly leases: PostgresLeaseStore,
    private readonly cacheMs: number,
  ) {}

  /** The copy is to be read again at its next use. */
  stale(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Reads the registry again when its generation moved (looked at most every `cacheMs`, or now when
   * forced); answers whether it had moved.
   */
  async refresh(force = false): Promise<boolean> {
    if (!force && performance.now() - this.checkedAt < this.cacheMs) return false;
    if (this.refreshing && !force) return this.refreshing;
    const refreshing = this.load().finally(() => {
      if (this.refreshing === refreshing) this.refreshing = undefined;
    });
    this.refreshing = refreshing;
    return refreshing;
  }

  private async load(): Promise<boolean> {
    const checkedAt = performance.now();
    const { rows } = await this.connection.query<{ generation: string }>(
      'SELECT generation FROM rs_registry',
    );
    const generation = BigInt(rows[0]?.generation ?? 0);
    if (generation === this.generation) {
      this.checkedAt = checkedAt;
      return false;
    }
    // Versions and pointers read together, in one statement's snapshot (a generation read after the
    // one above: at worst the copy is newer than its generation says, and is read once more).
    const { rows: state } = await this.connection.query<{
      versions: { projection: string; version: number; collections: CollectionSpec[] }[] | null;
      pointers: { projection: string; active_version: number | null }[] | null;
    }>(
      `SELECT (SELECT json_agg(json_build_object('projection', projection, 'version', version, 'collections', collections))
                 FROM rs_versions) AS versions,
              (SELECT json_agg(json_build_object('projection', projection, 'active_version', active_version))
                 FROM rs_projections) AS pointers`,
    );
    const collections = new Map<string, Registered>();
    for (const row of state[0]?.versions ?? []) {
      for (const spec of row.collections) {
        const entry = collections.get(spec.name) ?? { projection: row.projection, versions: new Map() };
        entry.versions.set(row.version, spec);
        collections.set(spec.name, entry);
      }
    }
    this.collections = collections;
    this.active = new Map((state[0]?.pointers ?? []).map((p) => [p.projection, p.active_version]));
    this.generation = generation;
    this.checkedAt = checkedAt;
    return true;
  }

  /** The spec of the active version, which readers see through the views. */
  async activeSpec(collection: string): Promise<CollectionSpec> {
    await this.refresh();
    const registered = this.collections.get(collection);
    if (!registered) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    const version = this.active.get(registered.projection);
    const spec = version === null || version === undefined ? undefined : registered.versions.get(version);
    if (!spec)
      throw new ValidationError(`Collection ${collection} has no active version yet`, { collection });
    return spec;
  }

  /** The spec of one version, for the projection runner (read again once when this copy lacks it). */
  async versionSpec(collection: string, version: number): Promise<CollectionSpec> {
    let spec = this.collections.get(collection)?.versions.get(version);
    if (!spec) {
      await this.refresh(true);
      spec = this.collections.get(collection)?.versions.get(version);
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
      const owner = this.collections.get(spec.name)?.projection;
      if (owner && owner !== projection) throw new Error(`Collection ${spec.name} belongs to ${owner}`);
      checkCompoundIndexes(spec);
      checkNames(spec, version);
    }
    await this.connection.transaction(
      async (client) => {
        for (const spec of collections) {
          for (const sql of createTableStatements(
            spec,
            version,
            options.deferIndexes ?? false,
            this.connection.lz4,
          ))
            await client.query(sql);
        }
        await client.query(
          `INSERT INTO rs_versions (projection, version, collections) VALUES ($1, $2, $3)
           ON CONFLICT (projection, version) DO UPDATE SET collections = excluded.collections`,
          [projection, version, JSON.stringify(collections)],
        );
        await client.query(
          'INSERT INTO rs_projections (projection, active_version) VALUES ($1, NULL) ON CONFLICT DO NOTHING',
          [projection],
        );
        await registryChanged(client);
      },
      { registry: true },
    );
    await this.refresh(true);
  }

  async projection(name: string): Promise<ProjectionRecord> {
    const { rows } = await this.connection.query<{
      version: number | null;
      checkpoint: string | null;
      retired_at: string | null;
      active_version: number | null;
    }>(
      `SELECT v.version, v.checkpoint, v.retired_at, p.active_version
         FROM rs_projections p LEFT JOIN rs_versions v ON v.projection = p.projection
        WHERE p.projection = $1`,
      [name],
    );
    const versions = rows.filter((r) => r.version !== null);
    return {
      name,
      activeVersion: rows[0]?.active_version ?? null,
      checkpoints: new Map(versions.map((v) => [v.version!, BigInt(v.checkpoint!)])),
      retired: new Map(
        versions.filter((v) => v.retired_at !== null).map((v) => [v.version!, Number(v.retired_at)]),
      ),
    };
  }

  async activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    const specs = await this.versionSpecs(projection, version);
    // Indexes first, each a statement of its own (the version's writer waits for one index at a
    // time), then what the planner knows of the tables: readers keep the old version meanwhile.
    for (const sql of specs.flatMap((spec) => indexStatements(spec, version)))
      await this.connection.query(sql);
    for (const spec of specs) await this.connection.query(`ANALYZE ${table(spec.name, version)}`);
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await this.connection.transaction(
          async (client) => {
            if (!(await this.leases.fenceHolds(client, fence))) return false;
            for (const sql of specs.flatMap((spec) => viewStatements(spec, version))) await client.query(sql);
            const { rows } = await client.query<{ active_version: number | null }>(
              'SELECT active_version FROM rs_projections WHERE projection = $1 FOR UPDATE',
              [projection],
            );
            const previous = rows[0]?.active_version;
            await client.query('UPDATE rs_projections SET active_version = $1 WHERE projection = $2', [
              version,
              projection,
            ]);
            await client.query(
              'UPDATE rs_versions SET retired_at = NULL WHERE projection = $1 AND version = $2',
              [projection, version],
            );
            if (previous !== null && previous !== undefined && previous !== version) {
              await client.query(
                'UPDATE rs_versions SET retired_at = $1 WHERE projection = $2 AND version = $3',
                [Date.now(), projection, previous],
              );
            }
            await registryChanged(client);
            await client.query('SELECT pg_notify($1, $2)', [CHANNEL, checkpointMoved(projection)]);
            return true;
          },
          { registry: true, lockTimeoutMs: SWITCH_LOCK_TIMEOUT_MS },
        );
        await this.refresh(true);
        return done;
      } catch (error) {
        // A reader held the view past the lock timeout: the switch let the readers queued behind it
        // go on, and tries again.
        if ((error as { code?: string }).code !== '55P03' || attempt >= SWITCH_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async drop(projection: string, version: number): Promise<void> {
    await this.connection.transaction(
      async (client) => {
        const { rows } = await client.query<{ active_version: number | null }>(
          'SELECT active_version FROM rs_projections WHERE projection = $1',
          [projection],
        );
        if (rows[0]?.active_version === version)
          throw new Error(`Version ${version} of ${projection} is active: not dropped`);
        await this.dropTables(client, projection, version);
        await registryChanged(client);
      },
      { registry: true },
    );
    await this.refresh(true);
  }

  async dropRetired(projection: string, graceMs: number): Promise<number[]> {
    const dropped = await this.connection.transaction(
      async (client) => {
        const { rows } = await client.query<{ version: number }>(
          `SELECT v.version FROM rs_versions v JOIN rs_projections p ON p.projection = v.projection
            WHERE v.projection = $1 AND v.retired_at IS NOT NULL AND v.retired_at <= $2
              AND v.version IS DISTINCT FROM p.active_version
            ORDER BY v.version`,
          [projection, Date.now() - graceMs],
        );
        for (const { version } of rows) await this.dropTables(client, projection, version);
        if (rows.length > 0) await registryChanged(client);
        return rows.map((r) => r.version);
      },
      { registry: true },
    );
    if (dropped.length > 0) await this.refresh(true);
    return dropped;
  }

  async activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    const { rows } = await this.connection.query<{ projection: string; version: number; checkpoint: string }>(
      `SELECT p.projection, p.active_version AS version, v.checkpoint
         FROM rs_projections p JOIN rs_versions v ON v.projection = p.projection AND v.version = p.active_version`,
    );
    return new Map(rows.map((r) => [r.projection, { version: r.version, checkpoint: BigInt(r.checkpoint) }]));
  }

  private async dropTables(client: pg.PoolClient, projection: string, version: number): Promise<void> {
    const { rows } = await client.query<{ collections: CollectionSpec[] }>(
      'SELECT collections FROM rs_versions WHERE projection = $1 AND version = $2',
      [projection, version],
    );
    for (const spec of rows[0]?.collections ?? []) {
      for (const sql of dropTableStatements(spec, version)) await client.query(sql);
    }
    await client.query('DELETE FROM rs_versions WHERE projection = $1 AND version = $2', [
      projection,
      version,
    ]);
  }

  private async versionSpecs(projection: string, version: number): Promise<CollectionSpec[]> {
    const { rows } = await this.connection.query<{ collections: CollectionSpec[] }>(
      'SELECT collections FROM rs_versions WHERE projection = $1 AND version = $2',
      [projection, version],
    );
    if (!rows[0]) throw new Error(`No version ${version} of projection ${projection}`);
    return rows[0].collections;
  }
}
