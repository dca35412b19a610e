import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { startCheckpointer, type Checkpointer } from '../../sqlite/checkpointer.js';
import {
  DEFAULT_LOCK_WAIT_MS,
  busyTimeouts,
  isBusy,
  lockRetryDelay,
  type BusyTimeouts,
} from '../../sqlite/lockWait.js';
import {
  checkCompoundIndexes,
  checkQuery,
  decodeCursor,
  encodeCursor,
  indexValue,
  selectedIndexes,
  type CollectionSpec,
  type Condition,
  type Doc,
  type GroupQuery,
  type DocChange,
  type IndexSpec,
  type Page,
  type ProjectionRecord,
  type Query,
  type ReadStore,
  type SortKey,
  type StoredDoc,
  type ActiveCheckpoint,
  type Fence,
  type Lease,
  RELEASED,
} from '../readStore.js';

export interface SQLiteReadStoreOptions {
  /** Database file (created with its folder when missing), or `:memory:`. */
  readonly path: string;
  /** Called once per query sent to SQLite by a read (not by projection writes): for tests and metrics. */
  readonly onQuery?: (collection: string) => void;
  /**
   * Characters of document text whose decoded documents are kept for readers (see `decode`).
   * Default 8 M (some tens of MB of heap); 0 keeps none.
   */
  readonly decodedCacheChars?: number;
  /** SQLite's page cache of this connection, in MB. Default 128. */
  readonly cacheMb?: number;
  /**
   * How long a read waits, blocking its thread, for another connection's lock before SQLite gives up
   * (rare with the write-ahead log: while another connection recovers it, say). Default 10 s.
   */
  readonly busyTimeoutMs?: number;
  /**
   * How long a write waits for the write lock, which another connection (a rebuild thread, another
   * process) may hold for seconds, before it fails: without blocking its thread — the wait is a
   * timer, so the service's thread goes on serving meanwhile (src/sqlite/lockWait.ts). Default 30 s.
   */
  readonly lockWaitMs?: number;
  /**
   * Checkpoint the write-ahead log from a worker thread every this many ms, not in the commits of
   * this connection (src/sqlite/checkpointer.ts): for a store on the service's main thread. Default:
   * off, commits checkpoint as SQLite does by itself.
   */
  readonly backgroundCheckpointMs?: number;
}

/**
 * The embedded read store. Each collection version is a table `t_<name>__v<n>` with the document
 * as JSON, one indexed column per declared scalar index (written from the document on each write, so
 * neither writing nor filtering nor sorting makes SQLite parse JSON), and one side table per
 * multi-valued index. Readers go through a view `v_<name>` over the active version: swapping a
 * rebuilt version in is replacing the views in one transaction, which readers in every process see
 * at once, and the query planner sees through the views to the tables' indexes.
 */
export const getSQLiteReadStore = (options: SQLiteReadStoreOptions): ReadStore =>
  new SQLiteReadStore(options);

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
CREATE TABLE IF NOT EXISTS rs_leases (
  name       TEXT    PRIMARY KEY,
  holder     TEXT    NOT NULL,
  token      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  status     TEXT    NOT NULL DEFAULT ''
) STRICT;
`;

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,60}$/;

/** The indexes on a collection version's generated columns (each a no-op when it exists). */
const indexStatements = (spec: CollectionSpec, version: number): string[] => {
  const t = table(spec.name, version);
  return [
    ...spec.indexes
      .filter((i) => !i.multi)
      .map((index) => `CREATE INDEX IF NOT EXISTS ${t}__${column(index)} ON ${t} (${column(index)}, id)`),
    ...(spec.compoundIndexes ?? []).map((fields) => {
      const columns = fields.map((field) => column(spec.indexes.find((i) => i.field === field)!));
      return `CREATE INDEX IF NOT EXISTS ${t}__c_${columns.join('_')} ON ${t} (${columns.join(', ')}, id)`;
    }),
  ];
};
const column = (index: IndexSpec) => `f_${index.field.replace(/\./g, '_')}`;
/** Freezes a decoded JSON value and everything in it. */
const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

const table = (collection: string, version: number) => `t_${collection}__v${version}`;
const sideTable = (collection: string, version: number, index: IndexSpec) =>
  `${table(collection, version)}__${column(index)}`;
const view = (collection: string) => `v_${collection}`;
const sideView = (collection: string, index: IndexSpec) => `v_${collection}__${column(index)}`;

interface Writer {
  readonly scalar: readonly IndexSpec[];
  readonly upsert: Database.Statement;
  readonly remove: Database.Statement;
  readonly multi: readonly {
    readonly index: IndexSpec;
    readonly remove: Database.Statement;
    readonly insert: Database.Statement;
  }[];
}

/** A change ready to write: `row` is null for a removal; `multi` the values of each side table. */
interface EncodedChange {
  readonly writer: Writer;
  readonly id: string;
  readonly row: unknown[] | null;
  readonly multi: readonly (readonly (string | number)[])[];
}

/** A scalar index value as a column holds it: objects (which no index should hold) as their JSON. */
const scalarIndexValue = (doc: Doc, index: IndexSpec): string | number => {
  const value = indexValue(doc, index);
  return typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
};

/**
 * The layout of the tables in the file (`PRAGMA user_version`). A file of another layout holds only
 * read models, which the log rebuilds: its tables are dropped and the projections start over.
 */
const LAYOUT = 2;

interface Registered {
  readonly projection: string;
  readonly versions: Map<number, CollectionSpec>;
}

class SQLiteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private collections = new Map<string, Registered>();
  private active = new Map<string, number | null>();
  private schemaVersion = -1;
  private registryCheckedAt = Number.NEGATIVE_INFINITY;
  private readonly schemaVersionStatement: Database.Statement<[], number>;
  private readonly busyTimeouts: BusyTimeouts;
  private readonly checkpointer: Checkpointer | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly writers = new Map<string, Writer>();
  /**
   * Documents decoded lately, keyed by their exact text: a document read again unchanged (the
   * creators a directory's first page shows, again and again) is not parsed again. The key is the
   * whole text, so a hit is the same document by construction, whatever version or position it was
   * read from. The documents are frozen, deeply: every reader shares them. Projections never get
   * these (they change what they load: `load` parses afresh).
   */
  private readonly decoded: LRUCache<string, Doc> | undefined;
  /** Rows per collection, for cost estimates (walkInOrder). */
  private readonly rowCounts = new Map<string, { rows: number; at: number }>();

  constructor(private readonly options: SQLiteReadStoreOptions) {
    const chars = options.decodedCacheChars ?? 8 * 1024 * 1024;
    this.decoded =
      chars > 0
        ? new LRUCache<string, Doc>({
            maxSize: chars,
            maxEntrySize: Math.max(1, Math.floor(chars / 64)),
            sizeCalculation: (_doc, text) => text.length,
          })
        : undefined;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.busyTimeouts = busyTimeouts(this.db, options.busyTimeoutMs ?? 10_000);
    this.db.pragma('journal_mode = WAL');
    // Read models can always be rebuilt from the log: a commit need not wait for the disk.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`cache_size = -${Math.round((options.cacheMb ?? 128) * 1024)}`);
    if (options.backgroundCheckpointMs !== undefined && options.path !== ':memory:') {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = startCheckpointer(options.path, {
        everyMs: options.backgroundCheckpointMs,
        synchronous: 'NORMAL',
        // Without its thread, this connection checkpoints again as SQLite does by itself.
        onFailure: () => {
          if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
        },
      });
    }
    this.upgradeLayout();
    this.db.exec(REGISTRY);
    // Files of the same layout written before versions could be retired: add the column in place.
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(rs_versions)').all();
    if (!columns.some((c) => c.name === 'retired_at')) {
      this.db.exec('ALTER TABLE rs_versions ADD COLUMN retired_at INTEGER');
    }
    this.schemaVersionStatement = this.db.prepare<[], number>('PRAGMA schema_version').pluck();
    this.refreshRegistry();
  }

  private upgradeLayout(): void {
    const layout = this.db.pragma('user_version', { simple: true }) as number;
    if (layout === LAYOUT) return;
    this.db
      .transaction(() => {
        const objects = this.db
          .prepare<[], { type: string; name: string }>(
            "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%'",
          )
          .all();
        // Views first: they name the tables.
        for (const { name } of objects.filter((o) => o.type === 'view')) this.db.exec(`DROP VIEW "${name}"`);
        for (const { name } of objects.filter((o) => o.type === 'table'))
          this.db.exec(`DROP TABLE "${name}"`);
        this.db.pragma(`user_version = ${LAYOUT}`);
      })
      .immediate();
  }

  /**
   * Reloads which versions exist and which is active when the schema changed (a version prepared,
   * activated or dropped, by this process or another): `PRAGMA schema_version` moves on every DDL.
   */
  private refreshRegistry(force = false): void {
    // Reading the schema version takes a file lock: once per 250 ms is enough to notice another
    // process's swap (which readers see at once anyway, through the views).
    const now = performance.now();
    if (!force && now - this.registryCheckedAt < 250) return;
    this.registryCheckedAt = now;
    const schemaVersion = this.schemaVersionStatement.get()!;
    if (schemaVersion === this.schemaVersion) return;
    const collections = new Map<string, Registered>();
    const rows = this.db
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
    const active = this.db
      .prepare<[], { projection: string; active_version: number | null }>(
        'SELECT projection, active_version FROM rs_projections',
      )
      .all();
    this.collections = collections;
    this.active = new Map(active.map((a) => [a.projection, a.active_version]));
    this.schemaVersion = schemaVersion;
    this.statements.clear();
    this.writers.clear();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The spec of the active version, which readers see through the views. */
  private spec(collection: string): CollectionSpec {
    this.refreshRegistry();
    const registered = this.collections.get(collection);
    if (!registered) throw new ValidationError(`Unknown collection ${collection}`, { collection });
    const version = this.active.get(registered.projection);
    const spec = version === null || version === undefined ? undefined : registered.versions.get(version);
    if (!spec)
      throw new ValidationError(`Collection ${collection} has no active version yet`, { collection });
    return spec;
  }

  /** The spec of one version, for the projection runner. */
  private versionSpec(collection: string, version: number, refresh = true): CollectionSpec {
    if (refresh) this.refreshRegistry();
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
    await this.writeTransaction(() => {
      for (const spec of collections) {
        const t = table(spec.name, version);
        const indexed = spec.indexes
          .filter((i) => !i.multi)
          .map((i) => `, ${column(i)} ${i.type === 'number' ? 'REAL' : 'TEXT'} NOT NULL`)
          .join('');
        this.db.exec(
          `CREATE TABLE IF NOT EXISTS ${t} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, pos INTEGER NOT NULL${indexed})`,
        );
        for (const index of spec.indexes.filter((i) => i.multi)) {
          const side = sideTable(spec.name, version, index);
          // Writes replace a document's values by id: that index is never deferred.
          this.db.exec(
            `CREATE TABLE IF NOT EXISTS ${side} (value ${index.type === 'number' ? 'REAL' : 'TEXT'} NOT NULL, id TEXT NOT NULL, PRIMARY KEY (value, id)) WITHOUT ROWID;` +
              `CREATE INDEX IF NOT EXISTS ${side}__id ON ${side} (id)`,
          );
        }
        if (!options.deferIndexes) this.createIndexes(spec, version);
      }
      this.db
        .prepare(
          `INSERT INTO rs_versions (projection, version, collections) VALUES (?, ?, ?)
           ON CONFLICT (projection, version) DO UPDATE SET collections = excluded.collections`,
        )
        .run(projection, version, JSON.stringify(collections));
      this.db
        .prepare('INSERT OR IGNORE INTO rs_projections (projection, active_version) VALUES (?, NULL)')
        .run(projection);
    });
    this.refreshRegistry(true);
    return Promise.resolve();
  }

  projection(name: string): Promise<ProjectionRecord> {
    const active = this.db
      .prepare<[string], { active_version: number | null }>(
        'SELECT active_version FROM rs_projections WHERE projection = ?',
      )
      .get(name);
    const versions = this.db
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

  /** Inside a write transaction: whether the fence's lease is still at its token. */
  private fenceHolds(fence: Fence | undefined): boolean {
    if (!fence) return true;
    const token = this.statement('SELECT token FROM rs_leases WHERE name = ?').pluck().get(fence.lease) as
      number | undefined;
    return token === fence.token;
  }

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    this.refreshRegistry();
    // Documents are encoded before the write lock is taken: other writers (another rebuild thread, a
    // live projector) wait only for SQLite's part.
    const rows = changes.map((change) => this.encode(change, version));
    return this.writeTransaction(() => {
      if (!this.fenceHolds(fence)) return false;
      const current = this.statement(
        'SELECT checkpoint FROM rs_versions WHERE projection = ? AND version = ?',
      ).get(projection, version) as { checkpoint: number } | undefined;
      if (!current || (checkpoint !== null && BigInt(current.checkpoint) >= checkpoint)) return false;
      for (const row of rows) this.write(row);
      if (checkpoint === null) return true;
      this.statement('UPDATE rs_versions SET checkpoint = ? WHERE projection = ? AND version = ?').run(
        Number(checkpoint),
        projection,
        version,
      );
      return true;
    });
  }

  /**
   * Runs a write transaction once it has the write lock, waited for without blocking the thread
   * (src/sqlite/lockWait.ts), up to `lockWaitMs`. A transaction refused with SQLITE_BUSY was rolled
   * back: it runs again from the start. Every write transaction of this store goes through here, and
   * begins IMMEDIATE (a transaction that read first and then wrote could be refused at the upgrade).
   */
  private async writeTransaction<T>(fn: () => T): Promise<T> {
    const transaction = this.db.transaction(fn);
    const until = performance.now() + (this.options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
    for (let attempt = 0; ; attempt++) {
      this.busyTimeouts.spin();
      try {
        return transaction.immediate();
      } catch (error) {
        if (!isBusy(error) || this.db.inTransaction || performance.now() >= until) throw error;
      } finally {
        this.busyTimeouts.restore();
      }
      await new Promise((resolve) => setTimeout(resolve, lockRetryDelay(attempt)));
    }
  }

  /** A change as the statements that write it take it: the document's JSON, its index values. */
  private encode(change: DocChange, version: number): EncodedChange {
    const writer = this.writer(change.collection, version);
    const doc = change.doc;
    if (doc === null) return { writer, id: change.id, row: null, multi: [] };
    const row: unknown[] = [change.id, JSON.stringify(doc), Number(change.position)];
    // The index columns are written from the document here: SQLite never parses the JSON.
    for (const index of writer.scalar) row.push(scalarIndexValue(doc, index));
    const multi = writer.multi.map((side) =>
      (indexValue(doc, side.index) as unknown[]).filter(
        (value): value is string | number => typeof value === 'string' || typeof value === 'number',
      ),
    );
    return { writer, id: change.id, row, multi };
  }

  private write({ writer, id, row, multi }: EncodedChange): void {
    for (const side of writer.multi) side.remove.run(id);
    if (row === null) {
      writer.remove.run(id);
      return;
    }
    writer.upsert.run(row);
    writer.multi.forEach((side, i) => {
      for (const value of multi[i]!) side.insert.run(value, id);
    });
  }

  /** The prepared statements that write one collection version (made once, until the schema changes). */
  private writer(collection: string, version: number): Writer {
    const key = `${collection}\u0000${version}`;
    let writer = this.writers.get(key);
    if (writer) return writer;
    const spec = this.versionSpec(collection, version, false);
    const t = table(spec.name, version);
    const scalar = spec.indexes.filter((i) => !i.multi);
    const columns = ['id', 'doc', 'pos', ...scalar.map(column)];
    writer = {
      scalar,
      upsert: this.db.prepare(
        `INSERT INTO ${t} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
          `ON CONFLICT (id) DO UPDATE SET ${columns
            .slice(1)
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')}`,
      ),
      remove: this.db.prepare(`DELETE FROM ${t} WHERE id = ?`),
      multi: spec.indexes
        .filter((i) => i.multi)
        .map((index) => ({
          index,
          remove: this.db.prepare(`DELETE FROM ${sideTable(spec.name, version, index)} WHERE id = ?`),
          insert: this.db.prepare(
            `INSERT OR IGNORE INTO ${sideTable(spec.name, version, index)} (value, id) VALUES (?, ?)`,
          ),
        })),
    };
    this.writers.set(key, writer);
    return writer;
  }

  /** The indexes on a collection version's generated columns (each a no-op when it exists). */
  private createIndexes(spec: CollectionSpec, version: number): void {
    for (const sql of indexStatements(spec, version)) this.db.exec(sql);
  }

  async activate(projection: string, version: number, fence?: Fence): Promise<boolean> {
    const specs = this.versionSpecs(projection, version);
    // Indexes first, each in its own transaction (the write lock is not held for all of them at
    // once): readers keep the old version meanwhile.
    for (const sql of specs.flatMap((spec) => indexStatements(spec, version)))
      await this.writeTransaction(() => this.db.exec(sql));
    const done = await this.writeTransaction(() => {
      if (!this.fenceHolds(fence)) return false;
      for (const spec of specs) {
        this.db.exec(
          `DROP VIEW IF EXISTS ${view(spec.name)}; CREATE VIEW ${view(spec.name)} AS SELECT * FROM ${table(spec.name, version)}`,
        );
        for (const index of spec.indexes.filter((i) => i.multi)) {
          this.db.exec(
            `DROP VIEW IF EXISTS ${sideView(spec.name, index)};` +
              `CREATE VIEW ${sideView(spec.name, index)} AS SELECT * FROM ${sideTable(spec.name, version, index)}`,
          );
        }
      }
      const previous = this.db
        .prepare<[string], { active_version: number | null }>(
          'SELECT active_version FROM rs_projections WHERE projection = ?',
        )
        .get(projection)?.active_version;
      this.db
        .prepare('UPDATE rs_projections SET active_version = ? WHERE projection = ?')
        .run(version, projection);
      this.db
        .prepare('UPDATE rs_versions SET retired_at = NULL WHERE projection = ? AND version = ?')
        .run(projection, version);
      if (previous !== null && previous !== undefined && previous !== version) {
        this.db
          .prepare('UPDATE rs_versions SET retired_at = ? WHERE projection = ? AND version = ?')
          .run(Date.now(), projection, previous);
      }
      return true;
    });
    this.refreshRegistry(true);
    return Promise.resolve(done);
  }

  async drop(projection: string, version: number): Promise<void> {
    await this.writeTransaction(() => {
      const active = this.db
        .prepare<[string], { active_version: number | null }>(
          'SELECT active_version FROM rs_projections WHERE projection = ?',
        )
        .get(projection)?.active_version;
      if (active === version) throw new Error(`Version ${version} of ${projection} is active: not dropped`);
      this.dropTables(projection, version);
    });
    this.refreshRegistry(true);
    return Promise.resolve();
  }

  async dropRetired(projection: string, graceMs: number): Promise<number[]> {
    const dropped = await this.writeTransaction(() => {
      const versions = this.db
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
    if (dropped.length > 0) this.refreshRegistry(true);
    return dropped;
  }

  activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>> {
    const rows = this.statement(
      `SELECT p.projection AS projection, p.active_version AS version, v.checkpoint AS checkpoint
       FROM rs_projections p JOIN rs_versions v ON v.projection = p.projection AND v.version = p.active_version`,
    ).all() as { projection: string; version: number; checkpoint: number }[];
    return Promise.resolve(
      new Map(rows.map((r) => [r.projection, { version: r.version, checkpoint: BigInt(r.checkpoint) }])),
    );
  }

  async acquireLease(
    name: string,
    holder: string,
    ttlMs: number,
    options: { readonly steal?: boolean; readonly status?: string } = {},
  ): Promise<Lease | null> {
    const lease = await this.writeTransaction((): Lease | null => {
      const now = Date.now();
      const row = this.statement('SELECT holder, token, expires_at FROM rs_leases WHERE name = ?').get(
        name,
      ) as { holder: string; token: number; expires_at: number } | undefined;
      const status = options.status ?? 'running';
      if (!row) {
        this.statement(
          'INSERT INTO rs_leases (name, holder, token, expires_at, status) VALUES (?, ?, 1, ?, ?)',
        ).run(name, holder, now + ttlMs, status);
        return { name, holder, token: 1, expiresAt: now + ttlMs, status };
      }
      const mine = row.holder === holder && row.expires_at > now;
      if (!mine && row.expires_at > now && !options.steal) return null;
      const token = mine ? row.token : row.token + 1;
      this.statement(
        'UPDATE rs_leases SET holder = ?, token = ?, expires_at = ?, status = ? WHERE name = ?',
      ).run(holder, token, now + ttlMs, status, name);
      return { name, holder, token, expiresAt: now + ttlMs, status };
    });
    return lease;
  }

  // Renewals and releases wait for the write lock like every other write (writeTransaction): a
  // renewal refused because another connection held the lock a while (a rebuild thread building an
  // index) would lose a lease that nobody else had taken. A renewal still waiting when its holder
  // released the lease finds it released, and leaves it so.
  async renewLease(lease: Lease, ttlMs: number, status?: string): Promise<Lease | null> {
    const next = status ?? lease.status;
    return this.writeTransaction(() => {
      const expiresAt = Date.now() + ttlMs;
      const changed = this.statement(
        'UPDATE rs_leases SET expires_at = ?, status = ? WHERE name = ? AND holder = ? AND token = ? AND status <> ?',
      ).run(expiresAt, next, lease.name, lease.holder, lease.token, RELEASED).changes;
      return changed === 1 ? { ...lease, expiresAt, status: next } : null;
    });
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.writeTransaction(() =>
      this.statement(
        'UPDATE rs_leases SET expires_at = 0, status = ? WHERE name = ? AND holder = ? AND token = ?',
      ).run(RELEASED, lease.name, lease.holder, lease.token),
    );
  }

  leases(): Promise<Lease[]> {
    const rows = this.statement(
      'SELECT name, holder, token, expires_at, status FROM rs_leases ORDER BY name',
    ).all() as {
      name: string;
      holder: string;
      token: number;
      expires_at: number;
      status: string;
    }[];
    return Promise.resolve(
      rows.map((r) => ({
        name: r.name,
        holder: r.holder,
        token: r.token,
        expiresAt: r.expires_at,
        status: r.status,
      })),
    );
  }

  private dropTables(projection: string, version: number): void {
    for (const spec of this.versionSpecs(projection, version)) {
      for (const index of spec.indexes.filter((i) => i.multi)) {
        this.db.exec(`DROP TABLE IF EXISTS ${sideTable(spec.name, version, index)}`);
      }
      this.db.exec(`DROP TABLE IF EXISTS ${table(spec.name, version)}`);
    }
    this.db.prepare('DELETE FROM rs_versions WHERE projection = ? AND version = ?').run(projection, version);
  }

  private versionSpecs(projection: string, version: number): CollectionSpec[] {
    const row = this.db
      .prepare<[string, number], { collections: string }>(
        'SELECT collections FROM rs_versions WHERE projection = ? AND version = ?',
      )
      .get(projection, version);
    if (!row) throw new Error(`No version ${version} of projection ${projection}`);
    return JSON.parse(row.collections) as CollectionSpec[];
  }

  async load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
    const spec = this.versionSpec(collection, version);
    const rows = this.statement(
      `SELECT id, doc, pos FROM ${table(spec.name, version)} WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as { id: string; doc: string; pos: number }[];
    return Promise.resolve(
      new Map(rows.map((r) => [r.id, { doc: JSON.parse(r.doc) as Doc, position: BigInt(r.pos) }])),
    );
  }

  async getMany<D extends Doc = Doc>(collection: string, ids: readonly string[]): Promise<(D | undefined)[]> {
    const spec = this.spec(collection);
    if (ids.length === 0) return Promise.resolve([]);
    this.options.onQuery?.(collection);
    const rows = this.statement(
      `SELECT id, doc FROM ${view(spec.name)} WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as { id: string; doc: string }[];
    const byId = new Map(rows.map((r) => [r.id, this.decode<D>(r.doc)]));
    return Promise.resolve(ids.map((id) => byId.get(id)));
  }

  /** SQL for the conditions, with their parameters. */
  private conditions(
    spec: CollectionSpec,
    where: readonly Condition[],
    perRow = false,
  ): { sql: string[]; params: unknown[] } {
    const sql: string[] = [];
    const params: unknown[] = [];
    for (const condition of where) {
      const index = spec.indexes.find((i) => i.field === condition.field)!;
      const values = Array.isArray(condition.value) ? condition.value : [condition.value];
      if (index.multi) {
        sql.push(
          perRow
            ? `EXISTS (SELECT 1 FROM ${sideView(spec.name, index)} AS s WHERE s.id = ${view(spec.name)}.id AND s.value IN (SELECT value FROM json_each(?)))`
            : `id IN (SELECT id FROM ${sideView(spec.name, index)} WHERE value IN (SELECT value FROM json_each(?)))`,
        );
        params.push(JSON.stringify(values));
        continue;
      }
      const col = column(index);
      const ops = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
      if (condition.op === 'in') {
        sql.push(`${col} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(values));
      } else {
        sql.push(`${col} ${ops[condition.op]} ?`);
        params.push(condition.value);
      }
    }
    return { sql, params };
  }

  async query<D extends Doc = Doc>(collection: string, query: Query): Promise<Page<D>> {
    const spec = this.spec(collection);
    checkQuery(spec, query);
    const orderBy = [...(query.orderBy ?? [])];
    const tieDirection = orderBy.at(-1)?.direction ?? 'asc';
    const keys: { col: string; direction: 'asc' | 'desc'; index?: IndexSpec }[] = [
      ...orderBy.map((k) => {
        const index = spec.indexes.find((i) => i.field === k.field)!;
        return { col: column(index), direction: k.direction, index };
      }),
      { col: 'id', direction: tieDirection },
    ];
    const limit = Math.max(0, Math.min(query.first, 1000));
    const where = query.where ?? [];
    const { sql, params } = this.conditions(spec, where, this.walkInOrder(spec, where, orderBy, limit));
    if (query.after) {
      // Keyset pagination: (k1, k2, …, id) strictly after the cursor in sort order.
      const values = decodeCursor(query.after, keys.length);
      const alternatives: string[] = [];
      for (let i = 0; i < keys.length; i++) {
        const parts = keys.slice(0, i).map((k) => `${k.col} = ?`);
        parts.push(`${keys[i]!.col} ${keys[i]!.direction === 'asc' ? '>' : '<'} ?`);
        alternatives.push(`(${parts.join(' AND ')})`);
        params.push(...values.slice(0, i + 1));
      }
      sql.push(`(${alternatives.join(' OR ')})`);
    }
    const select = [...keys.filter((k) => k.col !== 'id').map((k) => k.col), 'id', 'doc'].join(', ');
    const text =
      `SELECT ${select} FROM ${view(spec.name)}${sql.length ? ` WHERE ${sql.join(' AND ')}` : ''} ` +
      `ORDER BY ${keys.map((k) => `${k.col} ${k.direction.toUpperCase()}`).join(', ')} LIMIT ?`;
    this.options.onQuery?.(collection);
    const rows = this.statement(text).all(...params, limit + 1) as Record<string, unknown>[];
    // A cursor is encoded when read: a page asks for its end cursor, seldom for every edge's.
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id as string,
      doc: this.decode<D>(row.doc as string),
      get cursor() {
        return encodeCursor(keys.map((k) => row[k.col]));
      },
    }));
    return Promise.resolve({
      items,
      hasNextPage: rows.length > limit,
      endCursor: items.at(-1)?.cursor ?? null,
    });
  }

  /**
   * Whether a page filtered by one multi-valued index (a creator's categories) is found sooner by
   * walking the index of its order and checking each entry's values, stopping once the page is full,
   * than by reading every match and sorting them. The walk reads about (page + 1) × rows / matches
   * entries, the sort all the matches: the matches are counted, up to where the walk wins.
   */
  private walkInOrder(
    spec: CollectionSpec,
    where: readonly Condition[],
    orderBy: readonly SortKey[],
    limit: number,
  ): boolean {
    if (where.length !== 1 || orderBy.length === 0) return false;
    const index = spec.indexes.find((i) => i.field === where[0]!.field)!;
    if (!index.multi) return false;
    const rows = this.approximateCount(spec);
    const enough = Math.ceil(Math.sqrt((limit + 1) * rows));
    const values = Array.isArray(where[0]!.value) ? where[0]!.value : [where[0]!.value];
    const matches = this.statement(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${sideView(spec.name, index)} WHERE value IN (SELECT value FROM json_each(?)) LIMIT ?)`,
    ).get(JSON.stringify(values), enough) as { n: number };
    return matches.n >= enough;
  }

  /** A document for readers: decoded once per distinct text while it stays in the cache. */
  private decode<D extends Doc>(text: string): D {
    if (!this.decoded) return JSON.parse(text) as D;
    let doc = this.decoded.get(text);
    if (!doc) {
      doc = deepFreeze(JSON.parse(text) as Doc);
      this.decoded.set(text, doc);
    }
    return doc as D;
  }

  /** Rows of a collection, counted at most every few seconds: a cost estimate, not an answer. */
  private approximateCount(spec: CollectionSpec): number {
    const known = this.rowCounts.get(spec.name);
    const now = performance.now();
    if (known && now - known.at < 10_000) return known.rows;
    const { n } = this.statement(`SELECT count(*) AS n FROM ${view(spec.name)}`).get() as { n: number };
    this.rowCounts.set(spec.name, { rows: n, at: now });
    return n;
  }

  async count(collection: string, where: readonly Condition[] = []): Promise<number> {
    const spec = this.spec(collection);
    checkQuery(spec, { where });
    const { sql, params } = this.conditions(spec, where);
    this.options.onQuery?.(collection);
    const row = this.statement(
      `SELECT count(*) AS n FROM ${view(spec.name)}${sql.length ? ` WHERE ${sql.join(' AND ')}` : ''}`,
    ).get(...params) as { n: number };
    return Promise.resolve(row.n);
  }

  async topPerGroup<D extends Doc = Doc>(collection: string, query: GroupQuery): Promise<Map<string, D[]>> {
    const spec = this.spec(collection);
    const where = [
      ...(query.where ?? []),
      { field: query.groupField, op: 'in' as const, value: query.groups },
    ];
    checkQuery(spec, { where, orderBy: query.orderBy });
    const group = spec.indexes.find((i) => i.field === query.groupField)!;
    if (group.multi)
      throw new ValidationError(`Cannot group by ${query.groupField}: it holds several values`);
    const groups = [...new Set(query.groups)];
    const result = new Map<string, D[]>(groups.map((g) => [g, []]));
    if (groups.length === 0) return Promise.resolve(result);
    // Per group, its first n straight from an index on (…conditions, group, order): a correlated
    // LIMIT reads n entries per group, where ranking every row of every group (a window function)
    // read them all and sorted them. Ties are broken by id in the direction of the last key, as in
    // `query` (and the other stores), so that an index is read backwards without a sort.
    const { sql, params } = this.conditions(spec, query.where ?? []);
    const tie = query.orderBy.at(-1)?.direction ?? 'asc';
    const keys = [
      ...query.orderBy.map((k) => ({
        col: column(spec.indexes.find((i) => i.field === k.field)!),
        direction: k.direction,
      })),
      { col: 'id', direction: tie },
    ];
    const order = (alias: string) =>
      keys.map((k) => `${alias}${k.col} ${k.direction.toUpperCase()}`).join(', ');
    const inGroup = `${view(spec.name)} WHERE ${[...sql, `${column(group)} = g.value`].join(' AND ')}`;
    const selected = query.select && selectedIndexes(spec, query.select);
    this.options.onQuery?.(collection);
    if (selected) {
      // What was selected is in the index columns: no document is read. Each group's rows come back
      // as one JSON array; a REAL is written with 17 digits, so that it reads back as the same double.
      const cols = ['id', ...selected.map(column)];
      const values = [
        'id',
        ...selected.map((ix) =>
          ix.type === 'number'
            ? `CASE typeof(${column(ix)}) WHEN 'real' THEN json(printf('%!.17g', ${column(ix)})) ELSE ${column(ix)} END`
            : column(ix),
        ),
      ];
      const text =
        `SELECT g.value AS grp, (SELECT json_group_array(json_array(${values.join(', ')}) ORDER BY ${order('')}) ` +
        `FROM (SELECT ${cols.join(', ')} FROM ${inGroup} ORDER BY ${order('')} LIMIT ?)) AS found ` +
        `FROM json_each(?) AS g`;
      for (const row of this.statement(text).all(...params, query.perGroup, JSON.stringify(groups)) as {
        grp: string;
        found: string;
      }[]) {
        result.set(
          row.grp,
          (JSON.parse(row.found) as unknown[][]).map(
            ([id, ...values]) =>
              ({ id, ...Object.fromEntries(selected.map((ix, k) => [ix.field, values[k]])) }) as unknown as D,
          ),
        );
      }
      return Promise.resolve(result);
    }
    const text =
      `SELECT g.value AS grp, d.doc AS doc FROM json_each(?) AS g JOIN ${view(spec.name)} AS d ` +
      `ON d.id IN (SELECT id FROM ${inGroup} ORDER BY ${order('')} LIMIT ?) ORDER BY g.key, ${order('d.')}`;
    for (const row of this.statement(text).all(JSON.stringify(groups), ...params, query.perGroup) as {
      grp: string;
      doc: string;
    }[]) {
      result.get(row.grp)!.push(this.decode<D>(row.doc));
    }
    return Promise.resolve(result);
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.db.close();
  }
}
