import type { Db, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { mingoMongoClient } from '../../../test/support/mingoMongo.js';
import { requireReplicaSet } from './connection.js';
import { getMongoReadStore } from './mongoReadStore.js';

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
        LEDGER_EVENT_STORE_URL: 'mysql://user:secret@db/ledger',
      }),
    ).toThrow(/expected kurrentdb:/);
    expect(() =>
      loadConfig({
        LEDGER_JWT_SECRET: 'x'.repeat(32),
        LEDGER_EVENT_STORE_URL: 'mysql://user:secret@db/ledger',
      }),
    ).not.toThrow(/secret/);
  });

  it('answers every group empty when asked for no document per group, without asking the server', async () => {
    const client = mingoMongoClient();
    const db = client.db();
    const aggregations: string[] = [];
    const watched = {
      ...client,
      db: () => ({
        ...db,
        collection: (name: string) => {
          const collection = db.collection(name);
          return Object.assign(Object.create(collection) as object, {
            aggregate: (pipeline: object[]) => {
              aggregations.push(name);
              return collection.aggregate(pipeline);
            },
          });
        },
      }),
    } as unknown as MongoClient;
    const store = await getMongoReadStore({ client: watched });
    const jobs = { name: 'jobs', indexes: [{ field: 'personId', type: 'string' as const }] };
    await store.prepare('jobs-projection', 1, [jobs]);
    await store.activate('jobs-projection', 1);
    const query = { groupField: 'personId', groups: ['p1'], orderBy: [] };
    // $topN takes a positive n only (MongoDB manual, $topN).
    expect(await store.topPerGroup('jobs', { ...query, perGroup: 0 })).toEqual(new Map([['p1', []]]));
    expect(aggregations).toEqual([]);
    expect(await store.topPerGroup('jobs', { ...query, perGroup: 1 })).toEqual(new Map([['p1', []]]));
    expect(aggregations).toEqual(['jobs__v1']);
    await store.close();
  });
});
