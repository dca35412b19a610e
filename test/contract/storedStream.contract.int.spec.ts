import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { getPostgreSQLEventStore } from '../../src/eventStore/postgresql/postgresqlEventStore.js';
import { getKurrentDBEventStore } from '../../src/eventStore/kurrentdb/kurrentdbEventStore.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { freshDatabase, postgresTestUrl } from '../support/postgres.js';
import { SimulatedKurrentDB } from '../support/kurrentdb/simulatedKurrentDB.js';
import { storedStreamContract, type Tampering } from './storedStream.contract.js';

const catalog = createEventCatalog();
const dir = mkdtempSync(join(tmpdir(), 'ledger-stored-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let path = '';
storedStreamContract({
  name: 'SQLite file',
  create: () => {
    path = join(dir, `events-${n++}.db`);
    return Promise.resolve(getSQLiteEventStore({ path, catalog }));
  },
  // The file edited with another connection, as an operator with the file would.
  tamper: (streamId, revision, change) => {
    const db = new Database(path);
    try {
      const row = db
        .prepare('SELECT position, data, metadata, type FROM events WHERE stream_id = ? AND revision = ?')
        .get(streamId, revision) as { position: number; data: string; metadata: string; type: string };
      db.prepare('UPDATE events SET data = ?, metadata = ?, type = ? WHERE position = ?').run(
        change.data ? change.data(row.data) : row.data,
        change.metadata ? change.metadata(row.metadata) : row.metadata,
        change.type ?? row.type,
        row.position,
      );
    } finally {
      db.close();
    }
    return Promise.resolve();
  },
});

/** PostgreSQL: a database of its own per test, its rows edited with another connection. */
const postgres = postgresTestUrl('PostgreSQL stored-stream contract');
if (postgres) {
  const databases: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });
  let url = '';
  storedStreamContract({
    name: 'PostgreSQL',
    create: async () => {
      const database = await freshDatabase(postgres);
      databases.push(database);
      url = database.url;
      return getPostgreSQLEventStore({ url, catalog, poolSize: 2 });
    },
    tamper: async (streamId, revision, change) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{
          position: string;
          data: string;
          metadata: string;
          type: string;
        }>(
          'SELECT position::text AS position, data, metadata, type FROM ledger_events WHERE stream_id = $1 AND revision = $2',
          [streamId, revision.toString()],
        );
        const row = rows[0]!;
        await client.query(
          'UPDATE ledger_events SET data = $1, metadata = $2, type = $3 WHERE position = $4',
          [
            change.data ? change.data(row.data) : row.data,
            change.metadata ? change.metadata(row.metadata) : row.metadata,
            change.type ?? row.type,
            row.position,
          ],
        );
      } finally {
        await client.end();
      }
    },
  });
}

storedStreamContract({
  name: 'in memory',
  create: () => Promise.resolve(getInMemoryEventStore({ catalog })),
});

/**
 * Over a simulated KurrentDB node, a record changed in its log: the text edited, and handed out as
 * the client does (dist/utils/convertRustEvent.js) — JSON parsed, data that does not parse as the
 * text itself, metadata that does not parse as its bytes.
 */
let simulated = new SimulatedKurrentDB();
const edited = (value: unknown, edit: ((text: string) => string) | undefined, asBytes: boolean): unknown => {
  if (!edit) return value;
  const text = edit(JSON.stringify(value));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return asBytes ? new Uint8Array(Buffer.from(text)) : text;
  }
};
storedStreamContract({
  name: 'KurrentDB adapter over a simulated node',
  create: () => {
    simulated = new SimulatedKurrentDB();
    return Promise.resolve(
      getKurrentDBEventStore({
        connectionString: 'kurrentdb://simulated:2113',
        catalog,
        client: simulated.client(),
      }),
    );
  },
  tamper: (streamId, revision, change: Tampering) => {
    const index = simulated.records.findIndex((r) => r.streamId === streamId && r.revision === revision);
    const record = simulated.records[index]!;
    // The service's fields stay where they are; only the event's own metadata is edited.
    const { ledger, ...metadata } = record.metadata as { ledger: unknown };
    const changed = edited(metadata, change.metadata, true);
    simulated.records[index] = {
      ...record,
      type: change.type ?? record.type,
      data: edited(record.data, change.data, false),
      metadata: changed instanceof Uint8Array ? changed : { ...(changed as object), ledger },
    };
    return Promise.resolve();
  },
});
