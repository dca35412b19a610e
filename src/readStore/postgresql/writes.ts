import type pg from 'pg';
import type { Fence } from '../../leases/leaseStore.js';
import { indexValue, type CollectionSpec, type Doc, type DocChange, type IndexSpec } from '../readStore.js';
import type { ReadStoreConnection } from './connection.js';
import { CHANNEL, checkpointMoved } from './notifications.js';
import type { PostgresLeaseStore } from './postgresLeaseStore.js';
import { column, columnName, columnType, table } from './tables.js';
import type { VersionRegistry } from './versions.js';

/** The changes of one collection in a commit: documents to write (as rows) and ids to delete. */
interface CollectionChanges {
  readonly spec: CollectionSpec;
  readonly rows: Record<string, unknown>[];
  readonly deletes: string[];
}

/**
 * A declared index's value as its column holds it: for a scalar, the value (`missing` filled in) as
 * the column's type takes it — a number index given a value no number can be read from holds its
 * `missing` value, a text index holds any scalar as text and anything else as its JSON; for a
 * multi-valued index, the array's strings or numbers.
 */
const columnValue = (doc: Doc, index: IndexSpec): unknown => {
  const value = indexValue(doc, index);
  if (index.multi) {
    const wanted = index.type === 'number' ? 'number' : 'string';
    return (value as unknown[]).filter((v) => typeof v === wanted);
  }
  if (index.type === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : (index.missing ?? -1);
  }
  return typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);
};

/**
 * The projections' writes: documents and their version's checkpoint in one transaction, which
 * checks the writer's fence and notifies every process of the checkpoint when it commits
 * (ReadStore.commit). A collection's documents go in one statement: their rows are sent as one JSON
 * text that the server turns into rows (`json_to_recordset`) and upserts, each document's index
 * columns computed here from the document.
 */
export class DocumentWrites {
  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
    private readonly leases: PostgresLeaseStore,
  ) {}

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    // Encoded before a connection is taken: the transaction holds its locks only for the database's part.
    const byCollection = await this.encode(changes, version);
    return this.connection.transaction(
      async (client) => {
        if (!(await this.leases.fenceHolds(client, fence))) return false;
        // The version's row is locked to the end: two writers of one version commit one after the other.
        const { rows } = await client.query<{ checkpoint: string }>(
          'SELECT checkpoint FROM rs_versions WHERE projection = $1 AND version = $2 FOR UPDATE',
          [projection, version],
        );
        const current = rows[0];
        if (!current || (checkpoint !== null && BigInt(current.checkpoint) >= checkpoint)) return false;
        for (const collection of byCollection.values()) await this.write(client, collection, version);
        if (checkpoint === null) return true;
        await client.query('UPDATE rs_versions SET checkpoint = $1 WHERE projection = $2 AND version = $3', [
          checkpoint.toString(),
          projection,
          version,
        ]);
        await client.query('SELECT pg_notify($1, $2)', [CHANNEL, checkpointMoved(projection)]);
        return true;
      },
      { durable: false },
    );
  }

  /**
   * The changes by collection, the last change of each document winning (a statement may change a
   * row once), as rows ready to send.
   */
  private async encode(
    changes: readonly DocChange[],
    version: number,
  ): Promise<Map<string, CollectionChanges>> {
    const last = new Map<string, Map<string, DocChange>>();
    for (const change of changes) {
      let ofCollection = last.get(change.collection);
      if (!ofCollection) last.set(change.collection, (ofCollection = new Map()));
      ofCollection.delete(change.id);
      ofCollection.set(change.id, change);
    }
    const byCollection = new Map<string, CollectionChanges>();
    for (const [collection, ofCollection] of last) {
      const spec = await this.registry.versionSpec(collection, version);
      const encoded: CollectionChanges = { spec, rows: [], deletes: [] };
      for (const change of ofCollection.values()) {
        if (change.doc === null) {
          encoded.deletes.push(change.id);
          continue;
        }
        const row: Record<string, unknown> = {
          id: change.id,
          doc: change.doc,
          // As text: a position may pass what a JSON number holds exactly.
          pos: change.position.toString(),
        };
        for (const index of spec.indexes) row[columnName(index)] = columnValue(change.doc, index);
        encoded.rows.push(row);
      }
      byCollection.set(collection, encoded);
    }
    return byCollection;
  }

  private async write(client: pg.PoolClient, changes: CollectionChanges, version: number): Promise<void> {
    const t = table(changes.spec.name, version);
    if (changes.deletes.length > 0) {
      await client.query(`DELETE FROM ${t} WHERE id = ANY($1::text[])`, [changes.deletes]);
    }
    if (changes.rows.length === 0) return;
    const columns = ['id', 'doc', 'pos', ...changes.spec.indexes.map(column)];
    const types = ['text', 'jsonb', 'bigint', ...changes.spec.indexes.map(columnType)];
    await client.query(
      `INSERT INTO ${t} (${columns.join(', ')})
       SELECT ${columns.join(', ')} FROM json_to_recordset($1::json) AS r(${columns.map((c, i) => `${c} ${types[i]}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${columns
         .slice(1)
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
      [JSON.stringify(changes.rows)],
    );
  }
}
