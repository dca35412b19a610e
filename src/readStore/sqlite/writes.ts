import type Database from 'better-sqlite3';
import type { Fence } from '../../leases/leaseStore.js';
import { indexValue, type Doc, type DocChange, type IndexSpec } from '../readStore.js';
import type { ReadStoreConnection } from './connection.js';
import type { SQLiteLeaseStore } from './sqliteLeaseStore.js';
import { column, sideTable, table } from './tables.js';
import type { VersionRegistry } from './versions.js';

/** The prepared statements that write one collection version. */
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
 * The projections' writes: documents and their version's checkpoint in one transaction, refused
 * when the checkpoint stored is already there or the writer's lease changed hands (ReadStore.commit).
 * Each document is written with its index columns, computed here from the document, so SQLite never
 * parses the JSON.
 */
export class DocumentWrites {
  private readonly writers = new Map<string, Writer>();
  /** The registry's generation the writers were prepared at. */
  private generation = -1;

  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
    private readonly leases: SQLiteLeaseStore,
  ) {}

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    this.registry.refresh();
    if (this.generation !== this.registry.generation) {
      this.writers.clear();
      this.generation = this.registry.generation;
    }
    // Documents are encoded before the write lock is taken: other writers (another rebuild thread, a
    // live projector) wait only for SQLite's part.
    const rows = changes.map((change) => this.encode(change, version));
    const { connection } = this;
    return connection.writeTransaction(() => {
      if (!this.leases.fenceHolds(fence)) return false;
      const current = connection
        .statement('SELECT checkpoint FROM rs_versions WHERE projection = ? AND version = ?')
        .get(projection, version) as { checkpoint: number } | undefined;
      if (!current || (checkpoint !== null && BigInt(current.checkpoint) >= checkpoint)) return false;
      for (const row of rows) this.write(row);
      if (checkpoint === null) return true;
      connection
        .statement('UPDATE rs_versions SET checkpoint = ? WHERE projection = ? AND version = ?')
        .run(Number(checkpoint), projection, version);
      return true;
    });
  }

  /** A change as the statements that write it take it: the document's JSON, its index values. */
  private encode(change: DocChange, version: number): EncodedChange {
    const writer = this.writer(change.collection, version);
    const doc = change.doc;
    if (doc === null) return { writer, id: change.id, row: null, multi: [] };
    const row: unknown[] = [change.id, JSON.stringify(doc), Number(change.position)];
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

  /** The statements that write one collection version (made once, until the schema changes). */
  private writer(collection: string, version: number): Writer {
    const key = `${collection}\u0000${version}`;
    let writer = this.writers.get(key);
    if (writer) return writer;
    const { db } = this.connection;
    const spec = this.registry.versionSpec(collection, version, false);
    const t = table(spec.name, version);
    const scalar = spec.indexes.filter((i) => !i.multi);
    const columns = ['id', 'doc', 'pos', ...scalar.map(column)];
    writer = {
      scalar,
      upsert: db.prepare(
        `INSERT INTO ${t} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
          `ON CONFLICT (id) DO UPDATE SET ${columns
            .slice(1)
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')}`,
      ),
      remove: db.prepare(`DELETE FROM ${t} WHERE id = ?`),
      multi: spec.indexes
        .filter((i) => i.multi)
        .map((index) => ({
          index,
          remove: db.prepare(`DELETE FROM ${sideTable(spec.name, version, index)} WHERE id = ?`),
          insert: db.prepare(
            `INSERT OR IGNORE INTO ${sideTable(spec.name, version, index)} (value, id) VALUES (?, ?)`,
          ),
        })),
    };
    this.writers.set(key, writer);
    return writer;
  }
}
