import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CollaborationDocument,
  CreatorSearchDeepDocument,
  CreatorSearchDocument,
} from '../support/generated/graphql.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** DataLoaders: a search page costs a fixed number of read-store queries, whatever its size. */
describe('store queries per request', () => {
  let api: TestServer;
  const queries: string[] = [];

  beforeAll(async () => {
    // Without the notifier, whose tick looks for webhook endpoints whenever it comes: what is counted is the request's.
    api = await startTestServer({
      env: { LEDGER_ROLES: 'api,projector,scheduler' },
      onReadStoreQuery: (collection) => queries.push(collection),
    });
    await seedHistory(api.services.write, { creators: 60, sellers: 6, collaborations: 200 }, { seed: 4 });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 30_000);
  }, 60_000);
  afterAll(() => api.close());

  const count = async (token: string, first: number) => {
    queries.length = 0;
    const data = await api.ok(token, CreatorSearchDocument, { first, sort: 'RECOMMENDATION' });
    return { queries: [...queries].sort(), edges: data.creators.edges };
  };

  it.each([
    ['an auditor (every collaboration)', 'AUDITOR', undefined],
    ['a seller (its own collaborations)', 'SELLER', 's-0003'],
  ] as const)('is the same for a page of 5 and a page of 50, for %s', async (_, role, id) => {
    const token = await api.token(role, id);
    const small = await count(token, 5);
    const large = await count(token, 50);
    expect(small.edges).toHaveLength(5);
    expect(large.edges).toHaveLength(50);
    expect(large.edges.some((e) => e.node.recentCollaborations.length > 0)).toBe(true);
    // One page, one count, one batch of "last 5 collaborations" for every creator of the page.
    expect(large.queries).toEqual(['collaborations', 'creators', 'creators']);
    expect(small.queries).toEqual(large.queries);
    expect(Math.max(...large.edges.map((e) => e.node.recentCollaborations.length))).toBeLessThanOrEqual(5);
  });

  it.each([
    ['an auditor', 'AUDITOR', undefined],
    ['a seller', 'SELLER', 's-0003'],
    ['a creator', 'CREATOR', 'c-00002'],
  ] as const)(
    'reads whole collaborations only for a page that asks more than their summary, and shows %s what collaboration(id) shows',
    async (_, role, id) => {
      const token = await api.token(role, id);
      for (const first of [5, 50]) {
        queries.length = 0;
        const page = await api.ok(token, CreatorSearchDeepDocument, { first, sort: 'RECOMMENDATION' });
        // One more batch than a summary page: the documents of every collaboration shown, at once.
        const asked = [...queries].sort();
        const shown = page.creators.edges.flatMap((e) => e.node.recentCollaborations);
        if (role !== 'CREATOR' && first === 50) expect(shown.length).toBeGreaterThan(0);
        expect(asked).toEqual(
          shown.length > 0
            ? ['collaborations', 'collaborations', 'creators', 'creators']
            : ['collaborations', 'creators', 'creators'],
        );
        for (const collaboration of shown.slice(0, 10)) {
          const alone = await api.ok(token, CollaborationDocument, { id: collaboration.id });
          const { creator: _c, seller: _s, ...fields } = alone.collaboration!;
          expect(collaboration).toEqual(fields);
        }
      }
    },
  );
});
