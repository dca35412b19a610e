import type { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { mingoMongoClient } from '../../../test/support/mingoMongo.js';
import { getMongoReadStore } from './mongoReadStore.js';

/**
 * The MongoDB read store's decisions about transactions and collections that mingo cannot show by
 * itself (it has no transactions and no other process): a commit the driver runs again after a
 * write conflict, and a version whose collections exist before any commit writes to them. The
 * MongoDB contract (test/contract/mongoReadStore.contract.int.spec.ts) runs the same against a
 * server when MONGODB_TEST_URL is set.
 */
const jobs = { name: 'jobs', indexes: [{ field: 'personId', type: 'string' as const }] };
const job = (id: string, position: bigint) => ({
  collection: 'jobs',
  id,
  doc: { personId: 'p1', id },
  position,
});

describe('MongoDB read store transactions', () => {
  it('writes a commit the driver runs twice once, answering as its last try did', async () => {
    const store = await getMongoReadStore({ client: mingoMongoClient({ betweenTries: () => undefined }) });
    await store.prepare('jobs-projection', 1, [jobs]);
    await store.activate('jobs-projection', 1);
    expect(await store.commit('jobs-projection', 1, [job('j1', 5n)], 5n)).toBe(true);
    expect(await store.count('jobs')).toBe(1);
    expect((await store.projection('jobs-projection')).checkpoints.get(1)).toBe(5n);
    await store.close();
  });

  it('checks the fence again when the driver runs a commit again: a steal between the tries writes nothing', async () => {
    let betweenTries: () => Promise<void> | void = () => undefined;
    const client = mingoMongoClient({ betweenTries: () => betweenTries() });
    const store = await getMongoReadStore({ client });
    await store.prepare('jobs-projection', 1, [jobs]);
    await store.activate('jobs-projection', 1);
    const lease = (await store.leases.acquire('projection:jobs', 'a', 60_000))!;
    const fence = { lease: lease.name, token: lease.token };
    // The write conflict the first try met was another process stealing the lease.
    betweenTries = async () => {
      betweenTries = () => undefined;
      await store.leases.acquire('projection:jobs', 'b', 60_000, { steal: true });
    };
    expect(await store.commit('jobs-projection', 1, [job('j1', 5n)], 5n, fence)).toBe(false);
    expect(await store.count('jobs')).toBe(0);
    expect((await store.projection('jobs-projection')).checkpoints.get(1)).toBe(0n);
    await store.close();
  });

  it('makes a version’s collections at prepare when their indexes wait, so no commit creates one', async () => {
    const client = mingoMongoClient();
    const db = client.db();
    const made: string[] = [];
    const watched = {
      ...client,
      db: () => ({
        ...db,
        collection: db.collection.bind(db),
        command: db.command.bind(db),
        createCollection: (name: string) => {
          made.push(name);
          return db.createCollection(name);
        },
      }),
    } as unknown as MongoClient;
    const store = await getMongoReadStore({ client: watched });
    await store.prepare('jobs-projection', 1, [jobs], { deferIndexes: true });
    expect(made).toEqual(['jobs__v1']);
    // Prepared again (a rebuild started over): the collection is there already.
    await store.prepare('jobs-projection', 1, [jobs], { deferIndexes: true });
    expect(made).toEqual(['jobs__v1', 'jobs__v1']);
    // Without deferring, creating the indexes makes the collection.
    await store.prepare('jobs-projection', 2, [jobs]);
    expect(made).toEqual(['jobs__v1', 'jobs__v1']);
    await store.close();
  });
});
