import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../test/support/events.js';
import { freshDatabase, postgresTestUrl } from '../../test/support/postgres.js';
import { createEventCatalog } from '../contexts/catalog.js';
import { createPool } from '../postgres/pool.js';
import { loadConfig } from './config.js';
import { openBlobStore, openEventStore, storeConfigOf } from './stores.js';

describe('PostgreSQL URLs in the configuration', () => {
  it('name the event store and the evidence files’ store', () => {
    const config = loadConfig({
      LEDGER_DATA_DIR: '/tmp/ledger-config-test',
      LEDGER_JWT_SECRET: 'x'.repeat(32),
      LEDGER_EVENT_STORE_URL: 'postgres://ledger@db:5432/ledger',
      LEDGER_BLOB_STORE_URL: 'postgresql://ledger@db:5432/ledger?sslmode=require',
    });
    expect(config.eventStoreUrl).toBe('postgres://ledger@db:5432/ledger');
    expect(config.blobStoreUrl).toBe('postgresql://ledger@db:5432/ledger?sslmode=require');
  });
});

const server = postgresTestUrl('PostgreSQL stores chosen by URL');

describe.runIf(server)('PostgreSQL stores chosen by URL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(server!);
  });
  afterAll(async () => database.drop());

  it('keeps the log and the evidence files in the database the URLs name', async () => {
    const config = storeConfigOf({
      ...loadConfig({ LEDGER_DATA_DIR: '/tmp/ledger-config-test', LEDGER_JWT_SECRET: 'x'.repeat(32) }),
      eventStoreUrl: database.url,
      blobStoreUrl: database.url,
    });
    const events = await openEventStore(config, createEventCatalog());
    const blobs = await openBlobStore(config);
    await events.append('s-1', messages(2));
    const { sha256 } = await blobs.put(Buffer.from('chat export'), {
      contentType: 'text/plain',
      uploadedBy: 'u-1',
      uploader: 'SELLER/s1',
      now: '2026-03-06T10:00:00.000Z',
    });
    await events.close();
    await blobs.close();
    const pool = createPool({ url: database.url, max: 1 });
    const counted = await pool.query<{ events: number; blobs: number }>(
      'SELECT (SELECT count(*)::int FROM ledger_events) AS events, (SELECT count(*)::int FROM ledger_blobs WHERE sha256 = $1) AS blobs',
      [sha256],
    );
    await pool.end();
    expect(counted.rows[0]).toEqual({ events: 2, blobs: 1 });
  });
});
