import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { CollectionSpec, Query, ReadStore, UntypedDoc } from '../../src/readStore/readStore.js';

export interface ReadStoreFactory {
  readonly name: string;
  create(): Promise<ReadStore>;
}

const creators: CollectionSpec = {
  name: 'people',
  indexes: [
    { field: 'country', type: 'string' },
    { field: 'score', type: 'number' },
    { field: 'stats.followers', type: 'number' },
    { field: 'tags', type: 'string', multi: true },
    { field: 'team', type: 'string' },
  ],
};
const collaborations: CollectionSpec = {
  name: 'jobs',
  indexes: [
    { field: 'personId', type: 'string' },
    { field: 'at', type: 'string' },
  ],
  compoundIndexes: [['personId', 'at']],
};

const person = (i: number): UntypedDoc => ({
  name: `person ${i}`,
  country: ['US', 'GB', 'DE'][i % 3],
  score: i % 7 === 0 ? null : (i * 37) % 11,
  stats: { followers: (i * 7919) % 1000 },
  tags: i % 2 ? ['beauty', 'tech'] : ['beauty'],
  team: `t${i % 4}`,
});

/** Reads every page of a query, in order. */
const allPages = async (store: ReadStore, collection: string, query: Omit<Query, 'after'>) => {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.query(collection, { ...query, ...(after ? { after } : {}) });
    ids.push(...page.items.map((i) => i.id));
    if (!page.hasNextPage) return ids;
    after = page.endCursor!;
  }
};

/** The read store contract: every adapter passes the same suite. */
export const readStoreContract = (factory: ReadStoreFactory): void => {
  describe(`read store contract: ${factory.name}`, () => {
    let store: ReadStore;
    const docs = Array.from({ length: 40 }, (_, i) => [`p${String(i).padStart(2, '0')}`, person(i)] as const);

    beforeEach(async () => {
      store = await factory.create();
      await store.prepare('people-projection', 1, [creators, collaborations]);
      await store.activate('people-projection', 1);
      const committed = await store.commit(
        'people-projection',
        1,
        [
          ...docs.map(([id, doc], i) => ({ collection: 'people', id, doc, position: BigInt(i + 1) })),
          ...docs.flatMap(([id], i) =>
            [0, 1, 2].map((k) => ({
              collection: 'jobs',
              id: `${id}-j${k}`,
              doc: { personId: id, at: `2026-0${k + 1}-${String((i % 27) + 1).padStart(2, '0')}` },
              position: BigInt(i + 1),
            })),
          ),
        ],
        40n,
      );
      expect(committed).toBe(true);
    });
    afterEach(async () => {
      await store.close();
    });

    it('commits documents with their checkpoint, refusing a checkpoint that does not advance', async () => {
      expect((await store.projection('people-projection')).checkpoints.get(1)).toBe(40n);
      expect((await store.projection('people-projection')).activeVersion).toBe(1);
      const refused = await store.commit(
        'people-projection',
        1,
        [{ collection: 'people', id: 'p00', doc: null, position: 40n }],
        40n,
      );
      expect(refused).toBe(false);
      expect(await store.getMany('people', ['p00'])).toEqual([docs[0]![1]]);
      await store.commit(
        'people-projection',
        1,
        [{ collection: 'people', id: 'p00', doc: null, position: 41n }],
        41n,
      );
      expect(await store.getMany('people', ['p00', 'p01'])).toEqual([undefined, docs[1]![1]]);
    });

    it('gets documents by id in the order asked, with positions for the runner', async () => {
      expect(await store.getMany('people', ['p03', 'nope', 'p01'])).toEqual([
        docs[3]![1],
        undefined,
        docs[1]![1],
      ]);
      const loaded = await store.load('people', 1, ['p05', 'nope']);
      expect([...loaded.keys()]).toEqual(['p05']);
      expect(loaded.get('p05')).toEqual({ doc: docs[5]![1], position: 6n });
    });

    it('filters with eq, in and ranges, and matches any element of a multi-valued field', async () => {
      const ids = (where: Query['where']) => allPages(store, 'people', { where, first: 100 });
      const expectIds = (predicate: (d: UntypedDoc) => boolean) =>
        docs.filter(([, d]) => predicate(d)).map(([id]) => id);
      expect(await ids([{ field: 'country', op: 'eq', value: 'GB' }])).toEqual(
        expectIds((d) => d.country === 'GB'),
      );
      expect(await ids([{ field: 'country', op: 'in', value: ['GB', 'DE'] }])).toEqual(
        expectIds((d) => d.country !== 'US'),
      );
      expect(await ids([{ field: 'score', op: 'gte', value: 5 }])).toEqual(
        expectIds((d) => (d.score as number | null) !== null && (d.score as number) >= 5),
      );
      expect(
        await ids([
          { field: 'stats.followers', op: 'lt', value: 300 },
          { field: 'tags', op: 'eq', value: 'tech' },
        ]),
      ).toEqual(
        expectIds(
          (d) => (d.stats as { followers: number }).followers < 300 && (d.tags as string[]).includes('tech'),
        ),
      );
      expect(await ids([{ field: 'tags', op: 'in', value: ['tech', 'none'] }])).toEqual(
        expectIds((d) => (d.tags as string[]).includes('tech')),
      );
      expect(await store.count('people', [{ field: 'tags', op: 'eq', value: 'beauty' }])).toBe(40);
      expect(await store.count('people')).toBe(40);
    });

    it('pages a filter on a multi-valued index in order, whether most documents match or few', async () => {
      // A store may plan these differently (walk the order's index, or gather the matches and sort):
      // the pages are the same.
      const rare = [3, 17, 29].map((i) => ({
        collection: 'people',
        id: `r${i}`,
        doc: { ...person(i), tags: ['rare'] } as UntypedDoc,
        position: 41n,
      }));
      expect(await store.commit('people-projection', 1, rare, 41n)).toBe(true);
      const all = [...docs, ...rare.map((r) => [r.id, r.doc] as const)];
      for (const tag of ['beauty', 'tech', 'rare']) {
        const expected = all
          .filter(([, d]) => (d.tags as string[]).includes(tag))
          .sort(
            ([a, x], [b, y]) =>
              (y.stats as { followers: number }).followers - (x.stats as { followers: number }).followers ||
              (a < b ? 1 : a > b ? -1 : 0),
          )
          .map(([id]) => id);
        const paged = await allPages(store, 'people', {
          where: [{ field: 'tags', op: 'eq', value: tag }],
          orderBy: [{ field: 'stats.followers', direction: 'desc' }],
          first: 2,
        });
        expect(paged).toEqual(expected);
      }
    });

    it('sorts and pages with a stable cursor: every document once, in order', async () => {
      const sorted = await allPages(store, 'people', {
        orderBy: [{ field: 'score', direction: 'desc' }],
        first: 7,
      });
      const expected = [...docs]
        .sort(([ia, a], [ib, b]) => {
          const sa = (a.score as number | null) ?? -1;
          const sb = (b.score as number | null) ?? -1;
          return sb - sa || (ib < ia ? -1 : 1);
        })
        .map(([id]) => id);
      expect(sorted).toEqual(expected);
      const byTwo = await allPages(store, 'people', {
        where: [{ field: 'country', op: 'eq', value: 'US' }],
        orderBy: [
          { field: 'team', direction: 'asc' },
          { field: 'stats.followers', direction: 'desc' },
        ],
        first: 3,
      });
      const us = docs.filter(([, d]) => d.country === 'US');
      expect(byTwo).toHaveLength(us.length);
      expect(new Set(byTwo).size).toBe(us.length);
      for (let i = 1; i < byTwo.length; i++) {
        const a = us.find(([id]) => id === byTwo[i - 1])![1];
        const b = us.find(([id]) => id === byTwo[i])![1];
        expect(
          (a.team as string) < (b.team as string) ||
            (a.team === b.team &&
              (a.stats as { followers: number }).followers >= (b.stats as { followers: number }).followers),
        ).toBe(true);
      }
    });

    it('returns the first documents of each group in one call', async () => {
      const top = await store.topPerGroup<{ personId: string; at: string }>('jobs', {
        groupField: 'personId',
        groups: ['p01', 'p02', 'nobody'],
        perGroup: 2,
        orderBy: [{ field: 'at', direction: 'desc' }],
      });
      expect(top.get('p01')!.map((d) => d.at)).toEqual(['2026-03-02', '2026-02-02']);
      expect(top.get('p02')).toHaveLength(2);
      expect(top.get('nobody')).toEqual([]);
    });

    it('reads only the selected index fields of each group, in the same order as the documents', async () => {
      const query = {
        groupField: 'personId',
        groups: ['p01', 'p02', 'p03', 'nobody'],
        perGroup: 2,
        orderBy: [{ field: 'at', direction: 'desc' as const }],
        where: [{ field: 'at', op: 'gte' as const, value: '2026-02-01' }],
      };
      const docs = await store.topPerGroup<{ personId: string; at: string }>('jobs', query);
      const selected = await store.topPerGroup('jobs', { ...query, select: ['at', 'personId'] });
      expect([...selected.keys()]).toEqual([...docs.keys()]);
      for (const [group, found] of docs) {
        expect(selected.get(group)).toEqual(
          found.map((d) => ({ id: expect.any(String), at: d.at, personId: d.personId })),
        );
      }
      expect(selected.get('p01')!.map((d) => d.id)).toEqual(['p01-j2', 'p01-j1']);
      await expect(store.topPerGroup('jobs', { ...query, select: ['nowhere'] })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it('breaks ties in a group by id in the direction of the last key, and reads numbers back exactly', async () => {
      // Awkward doubles: a store that wrote them with fewer digits would read back other numbers.
      const awkward = [0.1 + 0.2, 1 / 3, 2 ** -1074, 123456789.12345679, -0.000001234567890123];
      const extra = awkward.map((value, k) => ({
        collection: 'people',
        id: `q${k}`,
        doc: { ...person(k), team: 't-awkward', score: 5, stats: { followers: value } },
        position: 41n,
      }));
      expect(await store.commit('people-projection', 1, extra, 41n)).toBe(true);
      const all = [...docs, ...extra.map((e) => [e.id, e.doc] as const)];
      const query = {
        groupField: 'team',
        groups: ['t0', 't1', 't2', 't3', 't-awkward'],
        perGroup: 4,
        orderBy: [{ field: 'score', direction: 'desc' as const }],
        where: [{ field: 'score', op: 'gte' as const, value: 0 }],
      };
      const expected = (team: string) =>
        all
          .filter(([, d]) => d.team === team && typeof d.score === 'number')
          .sort(([a, x], [b, y]) => (y.score as number) - (x.score as number) || (a < b ? 1 : a > b ? -1 : 0))
          .slice(0, 4);
      const docsFound = await store.topPerGroup('people', query);
      const selected = await store.topPerGroup('people', { ...query, select: ['score', 'stats.followers'] });
      for (const team of query.groups) {
        const want = expected(team);
        expect(docsFound.get(team)!.map((d) => d.name)).toEqual(want.map(([, d]) => (d as UntypedDoc).name));
        expect(selected.get(team)).toEqual(
          want.map(([id, d]) => ({
            id,
            score: d.score,
            'stats.followers': (d.stats as { followers: number }).followers,
          })),
        );
      }
      expect(selected.get('t-awkward')!.map((d) => d['stats.followers'])).toEqual(
        [...awkward].reverse().slice(0, 4),
      );
    });

    it('keeps whatever JSON a projection writes, control characters included', async () => {
      // A message may hold any character a client sent: the NUL one as well (which PostgreSQL's
      // JSONB cannot hold).
      const doc = { ...docs[1]![1], name: 'nul \u0000 tab \t line \n 𝒳', big: 1e300, tiny: 5e-324 };
      expect(
        await store.commit(
          'people-projection',
          1,
          [{ collection: 'people', id: 'p01', doc, position: 41n }],
          41n,
        ),
      ).toBe(true);
      expect(await store.getMany('people', ['p01'])).toEqual([doc]);
      expect((await store.load('people', 1, ['p01'])).get('p01')).toEqual({ doc, position: 41n });
      // An index value with one is found by the value as written.
      const tagged = { ...doc, team: 't\u0000', tags: ['a\u0000b'] };
      await store.commit(
        'people-projection',
        1,
        [{ collection: 'people', id: 'p02', doc: tagged, position: 42n }],
        42n,
      );
      for (const where of [
        [{ field: 'team', op: 'eq' as const, value: 't\u0000' }],
        [{ field: 'tags', op: 'eq' as const, value: 'a\u0000b' }],
      ]) {
        expect((await store.query('people', { where, first: 5 })).items.map((i) => i.doc)).toEqual([tagged]);
      }
    });

    it('refuses a compound index over a field that is not a declared scalar index', async () => {
      for (const fields of [['personId', 'nowhere'], ['tags']]) {
        await expect(
          store.prepare('other-projection', 1, [{ ...creators, name: 'others', compoundIndexes: [fields] }]),
        ).rejects.toThrow(/not a declared scalar index/);
      }
    });

    it('refuses queries it cannot answer from its indexes, and bad cursors', async () => {
      await expect(
        store.query('people', { where: [{ field: 'name', op: 'eq', value: 'x' }], first: 5 }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        store.query('people', { orderBy: [{ field: 'tags', direction: 'asc' }], first: 5 }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        store.query('people', { where: [{ field: 'tags', op: 'gt', value: 'a' }], first: 5 }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(store.query('people', { first: 5, after: 'not-a-cursor' })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(store.query('nothing', { first: 5 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('builds a new version beside the live one and swaps it in at once', async () => {
      await store.prepare('people-projection', 2, [creators, collaborations]);
      await store.commit(
        'people-projection',
        2,
        [{ collection: 'people', id: 'p00', doc: { ...docs[0]![1], name: 'rebuilt' }, position: 1n }],
        1n,
      );
      expect(((await store.getMany('people', ['p00']))[0] as UntypedDoc).name).toBe('person 0');
      expect(await store.count('people')).toBe(40);
      await store.activate('people-projection', 2);
      expect(((await store.getMany('people', ['p00']))[0] as UntypedDoc).name).toBe('rebuilt');
      expect(await store.count('people')).toBe(1);
      // The version readers left is retired, not dropped: a reader still on it is not cut off.
      const record = await store.projection('people-projection');
      expect(record.activeVersion).toBe(2);
      expect([...record.checkpoints.keys()].sort()).toEqual([1, 2]);
      expect([...record.retired.keys()]).toEqual([1]);
      expect(await store.activeCheckpoints()).toEqual(
        new Map([['people-projection', { version: 2, checkpoint: 1n }]]),
      );
      expect(await store.dropRetired('people-projection', 60_000)).toEqual([]);
      expect(await store.dropRetired('people-projection', 0)).toEqual([1]);
      expect([...(await store.projection('people-projection')).checkpoints.keys()]).toEqual([2]);
      await expect(store.drop('people-projection', 2)).rejects.toThrow(/active/);
    });

    it('refuses a write or a swap fenced by a lease that changed hands, writing nothing', async () => {
      const lease = (await store.leases.acquire('projection:people', 'a', 60_000))!;
      const fence = { lease: lease.name, token: lease.token };
      const change = (name: string) => [
        { collection: 'people', id: 'p00', doc: { ...docs[0]![1], name }, position: 41n },
      ];
      expect(await store.commit('people-projection', 1, change('by a'), 41n, fence)).toBe(true);
      await store.leases.acquire('projection:people', 'b', 60_000, { steal: true });
      expect(await store.commit('people-projection', 1, change('by paused a'), 42n, fence)).toBe(false);
      expect(await store.commit('people-projection', 1, change('by paused a'), null, fence)).toBe(false);
      expect(((await store.getMany('people', ['p00']))[0] as UntypedDoc).name).toBe('by a');
      expect((await store.projection('people-projection')).checkpoints.get(1)).toBe(41n);
      await store.prepare('people-projection', 2, [creators, collaborations]);
      expect(await store.activate('people-projection', 2, fence)).toBe(false);
      expect((await store.projection('people-projection')).activeVersion).toBe(1);
    });
  });
};
