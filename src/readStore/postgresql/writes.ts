import type { Fence } from '../../leases/leaseStore.js';
import { indexValue, type CollectionSpec, type Doc, type DocChange, type IndexSpec } from '../readStore.js';
import type { ReadStoreConnection } from './connection.js';
import { CHANNEL, checkpointMoved } from './notifications.js';
import { column, columnName, columnType, storedText, table } from './tables.js';
import type { VersionRegistry } from './versions.js';

/** The changes of one collection in a commit: rows to write (without their documents) and ids to delete. */
interface CollectionChanges {
  readonly spec: CollectionSpec;
  readonly rows: Record<string, unknown>[];
  readonly deletes: string[];
}

/**
 * A declared index's value as its column holds it: for a scalar, the value (`missing` filled in) as
 * the column's type takes it — a number index given a value no number can be read from holds its
 * `missing` value, a text index holds any scalar as text and anything else as its JSON; for a
 * multi-valued index, the array's strings or numbers. Texts as a column can hold them (storedText).
 */
const columnValue = (doc: Doc, index: IndexSpec): unknown => {
  const value = indexValue(doc, index);
  if (index.multi) {
    const wanted = index.type === 'number' ? 'number' : 'string';
    const values = (value as unknown[]).filter((v) => typeof v === wanted);
    return index.type === 'number' ? values : (values as string[]).map(storedText);
  }
  if (index.type === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : (index.missing ?? -1);
  }
  return storedText(
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value),
  );
};

/**
 * A collection version's upsert: its rows (`$1`, one JSON text: id, position, index columns, and
 * `d`, where its document is in `$2`, the commit's documents, each the JSON text it was written as)
 * turned into rows by the server (`json_to_recordset`). The documents travel apart from the JSON
 * that the server parses: its JSON functions refuse a string holding NUL (`\u0000`), which a
 * document may hold and a `json` column keeps.
 */
const upsertSql = (spec: CollectionSpec, t: string): string => {
  const indexes = spec.indexes.map(column);
  const shape = [
    'id text',
    'd integer',
    'pos bigint',
    ...spec.indexes.map((i) => `${column(i)} ${columnType(i)}`),
  ];
  const columns = ['id', 'doc', 'pos', ...indexes];
  return (
    `INSERT INTO ${t} (${columns.join(', ')}) ` +
    `SELECT r.id, ($2::text[])[r.d]::json, r.pos${indexes.map((c) => `, r.${c}`).join('')} ` +
    `FROM json_to_recordset($1::json) AS r(${shape.join(', ')}) ` +
    `ON CONFLICT (id) DO UPDATE SET ${columns
      .slice(1)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`
  );
};

/**
 * The function that commits (made with the store's tables, postgresReadStore.ts): one call, one
 * round trip, for what would otherwise be six or more statements — check the writer's fence under a
 * share lock on its lease's row (a taker's update waits for this commit; a commit after a taker's
 * update reads the raised token), lock the version's row (two writers of one version commit one
 * after the other) and check its checkpoint, run the collections' statements each with its rows
 * and the commit's documents, move the checkpoint and notify every process, all in the call's
 * transaction. It does not wait for the disk (`synchronous_commit` off): read models can always be
 * rebuilt from the log, and a crash loses only the last commits, all together (the server's log is
 * replayed in order), so the projector applies those events again from the checkpoint that
 * survived — as the SQLite store's `synchronous = NORMAL`. Marten commits its documents through
 * functions of its own the same way.
 */
export const COMMIT_FUNCTION = `
CREATE OR REPLACE FUNCTION rs_commit(
  p_projection text, p_version integer, p_checkpoint bigint, p_lease text, p_token bigint,
  p_statements text[], p_payloads text[], p_documents text[]
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  held bigint;
  stored bigint;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  IF p_lease IS NOT NULL THEN
    SELECT token INTO held FROM rs_leases WHERE name = p_lease FOR SHARE;
    IF held IS DISTINCT FROM p_token THEN RETURN false; END IF;
  END IF;
  SELECT checkpoint INTO stored FROM rs_versions
   WHERE projection = p_projection AND version = p_version FOR UPDATE;
  IF NOT FOUND OR stored >= p_checkpoint THEN RETURN false; END IF;
  FOR i IN 1 .. coalesce(array_length(p_statements, 1), 0) LOOP
    EXECUTE p_statements[i] USING p_payloads[i], p_documents;
  END LOOP;
  IF p_checkpoint IS NOT NULL THEN
    UPDATE rs_versions SET checkpoint = p_checkpoint WHERE projection = p_projection AND version = p_version;
    PERFORM pg_notify('${CHANNEL}', '${checkpointMoved('')}' || p_projection);
  END IF;
  RETURN true;
END
$$`;

/**
 * The projections' writes: documents and their version's checkpoint in one call of
 * {@link COMMIT_FUNCTION}, which checks the writer's fence and notifies every process of the
 * checkpoint when it commits (ReadStore.commit). A collection's documents go in one statement, each
 * document's index columns computed here from the document.
 */
export class DocumentWrites {
  constructor(
    private readonly connection: ReadStoreConnection,
    private readonly registry: VersionRegistry,
  ) {}

  async commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean> {
    const statements: string[] = [];
    const payloads: string[] = [];
    const documents: string[] = [];
    for (const changed of (await this.encode(changes, version, documents)).values()) {
      const t = table(changed.spec.name, version);
      if (changed.deletes.length > 0) {
        statements.push(`DELETE FROM ${t} WHERE id IN (SELECT json_array_elements_text($1::json))`);
        payloads.push(JSON.stringify(changed.deletes));
      }
      if (changed.rows.length > 0) {
        statements.push(upsertSql(changed.spec, t));
        payloads.push(JSON.stringify(changed.rows));
      }
    }
    const { rows } = await this.connection.query<{ done: boolean }>(
      'SELECT rs_commit($1, $2, $3, $4, $5, $6, $7, $8) AS done',
      [
        projection,
        version,
        checkpoint?.toString() ?? null,
        fence?.lease ?? null,
        fence?.token ?? null,
        statements,
        payloads,
        documents,
      ],
    );
    return rows[0]!.done;
  }

  /**
   * The changes by collection, the last change of each document winning (a statement may change a
   * row once), as rows ready to send; their documents' JSON added to `documents`.
   */
  private async encode(
    changes: readonly DocChange[],
    version: number,
    documents: string[],
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
          encoded.deletes.push(storedText(change.id));
          continue;
        }
        documents.push(JSON.stringify(change.doc));
        const row: Record<string, unknown> = {
          id: storedText(change.id),
          d: documents.length,
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
}
