import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { requireReplicaSet } from './connection.js';

/** What the MongoDB read store asks of its server, and how the stores are chosen, without a server. */
describe('MongoDB read store', () => {
  const answering = (hello: object) => ({ command: () => Promise.resolve(hello) }) as unknown as Db;

  it('refuses a standalone server at start, saying what to do (transactions need a replica set)', async () => {
    await expect(requireReplicaSet(answering({ isWritablePrimary: true }))).rejects.toThrow(
      /replica set.*rs\.initiate/s,
    );
    await expect(requireReplicaSet(answering({ setName: 'rs0' }))).resolves.toBeUndefined();
    await expect(requireReplicaSet(answering({ msg: 'isdbgrid' }))).resolves.toBeUndefined();
  });

  it('is chosen by a mongodb:// URL, with GridFS beside it; KurrentDB by kurrentdb:// or esdb://', () => {
    const config = loadConfig({
      LEDGER_DATA_DIR: '/tmp/ledger-config-test',
      LEDGER_JWT_SECRET: 'x'.repeat(32),
      LEDGER_EVENT_STORE_URL: 'kurrentdb://localhost:2113?tls=false',
      LEDGER_READ_STORE_URL: 'mongodb://localhost:27017/ledger?replicaSet=rs0',
    });
    expect(config.eventStoreUrl).toBe('kurrentdb://localhost:2113?tls=false');
    expect(config.readStoreUrl).toBe('mongodb://localhost:27017/ledger?replicaSet=rs0');
    expect(config.blobStoreUrl).toBe(config.readStoreUrl);
    const embedded = loadConfig({
      LEDGER_DATA_DIR: '/tmp/ledger-config-test',
      LEDGER_JWT_SECRET: 'x'.repeat(32),
    });
    expect([embedded.eventStoreUrl, embedded.readStoreUrl, embedded.blobStoreUrl]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(() =>
      loadConfig({
        LEDGER_JWT_SECRET: 'x'.repeat(32),
        LEDGER_EVENT_STORE_URL: 'postgres://user:secret@db/ledger',
      }),
    ).toThrow(/expected kurrentdb:/);
    expect(() =>
      loadConfig({
        LEDGER_JWT_SECRET: 'x'.repeat(32),
        LEDGER_EVENT_STORE_URL: 'postgres://user:secret@db/ledger',
      }),
    ).not.toThrow(/secret/);
  });
});
