import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocChange, ReadStore } from '../../src/readStore/readStore.js';
import { getMongoReadStore } from '../../src/readStore/mongodb/mongoReadStore.js';

/**
 * What the MongoDB read store must do with a server and other processes at once, which mingo
 * (no transactions, no concurrency) cannot show: a commit racing a lease steal, commits of two
 * processes conflicting, a version loaded into collections made without their indexes, a large
 * transaction. Run against a replica set (readStore.contract.int.spec.ts, with MONGODB_TEST_URL);
 * each test works in a database of its own, through two stores, as two processes would.
 */
const jobs = { name: 'jobs', indexes: [{ field: 'personId', type: 'string' as const }] };
const job = (id: string, position: bigint, padding = ''): DocChange => ({
  collection: 'jobs',
  id,
  doc: { personId: `p${id.length % 3}`, id, padding },
  position,
});

export const mongoConcurrencyContract = (url: string): void => {
  describe(`MongoDB read store with other processes at ${url}`, () => {
    let n = 0;
    let database: string;
    let a: ReadStore;
    let b: ReadStore;
    beforeEach(async () => {
      database = `ledger_concurrency_${Date.now()}_${n++}`;
      a = await getMongoReadStore({ url, database });
      await a.prepare('jobs-projection', 1, [jobs]);
      await a.activate('jobs-projection', 1);
      b = await getMongoReadStore({ url, database });
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      const client = await MongoClient.connect(url);
      await client.db(database).dropDatabase();
      await client.close();
    });

    it('refuses every commit of a holder from the moment its lease is stolen, whatever the steal races', async () => {
      const lease = (await a.leases.acquire('projection:jobs', 'a', 60_000))!;
      const fence = { lease: lease.name, token: lease.token };
      const results: boolean[] = [];
      let stealing: Promise<unknown> | undefined;
      for (let i = 1; i <= 30; i++) {
        // The steal starts beside the fourth commit and lands while the next ones run.
        if (i === 4) stealing = b.leases.acquire('projection:jobs', 'b', 60_000, { steal: true });
        results.push(await a.commit('jobs-projection', 1, [job(`j${i}`, BigInt(i))], BigInt(i), fence));
      }
      await stealing;
      const refused = results.indexOf(false);
      expect(refused).toBeGreaterThanOrEqual(3);
      expect(results.slice(refused).every((ok) => !ok)).toBe(true);
      // Exactly what was acknowledged is there: no commit half written, none after the steal.
      const found = await b.getMany(
        'jobs',
        results.map((_, i) => `j${i + 1}`),
      );
      expect(found.map((doc) => doc !== undefined)).toEqual(results);
      expect((await b.projection('jobs-projection')).checkpoints.get(1)).toBe(BigInt(refused));
    });

    it('lets two processes commit to one version at once: each commit whole or refused, none failing on a write conflict', async () => {
      const commits = (store: ReadStore, parity: number) =>
        Array.from({ length: 15 }, async (_, k) => {
          const position = BigInt(2 * k + parity + 1);
          const id = `w${position}`;
          return {
            id,
            position,
            ok: await store.commit('jobs-projection', 1, [job(id, position)], position),
          };
        });
      const outcomes = await Promise.all([...commits(a, 0), ...commits(b, 1)]);
      const acknowledged = outcomes.filter((o) => o.ok);
      expect(acknowledged.length).toBeGreaterThan(0);
      const found = await a.getMany(
        'jobs',
        outcomes.map((o) => o.id),
      );
      expect(found.map((doc) => doc !== undefined)).toEqual(outcomes.map((o) => o.ok));
      const highest = acknowledged.reduce((max, o) => (o.position > max ? o.position : max), 0n);
      expect((await b.projection('jobs-projection')).checkpoints.get(1)).toBe(highest);
    });

    it('loads a version prepared without indexes from two processes, then indexes it when it goes live', async () => {
      await a.prepare('jobs-projection', 2, [jobs], { deferIndexes: true });
      // Another process prepares the same version again (a rebuild started over).
      await b.prepare('jobs-projection', 2, [jobs], { deferIndexes: true });
      const batch = (from: number) =>
        Array.from({ length: 50 }, (_, k) => job(`d${from + k}`, BigInt(from + k)));
      const [first, second] = await Promise.all([
        a.commit('jobs-projection', 2, batch(1), 50n),
        b.commit('jobs-projection', 2, batch(51), 100n),
      ]);
      expect(first || second).toBe(true);
      const client = await MongoClient.connect(url);
      try {
        const indexes = async () =>
          (await client.db(database).collection('jobs__v2').indexes()).map((ix) => ix.name).sort();
        expect(await indexes()).toEqual(['_id_']);
        expect(await a.activate('jobs-projection', 2)).toBe(true);
        expect(await indexes()).toEqual(['_id_', 'ix_f_personId']);
      } finally {
        await client.close();
      }
      const expected = (first ? 50 : 0) + (second ? 50 : 0);
      // Counted by the process that switched: the other sees the switch within its pointer cache.
      expect(await a.count('jobs')).toBe(expected);
    });

    it('commits 5,000 documents, some 20 MB, in one transaction', async () => {
      const padding = 'x'.repeat(4_000);
      const changes = Array.from({ length: 5_000 }, (_, k) => job(`big${k}`, BigInt(k + 1), padding));
      expect(await a.commit('jobs-projection', 1, changes, 5_000n)).toBe(true);
      expect(await b.count('jobs')).toBe(5_000);
      const [last] = await b.getMany<{ padding: string }>('jobs', ['big4999']);
      expect(last!.padding).toHaveLength(4_000);
    }, 120_000);
  });
};
