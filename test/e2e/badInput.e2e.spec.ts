import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterSellerDocument } from '../support/generated/graphql.js';
import { TEST_SECRET, startTestServer, type TestServer } from '../support/server.js';

/** Bad input of every kind: a clear error with a stable code, nothing appended, the server still up. */
describe('bad input', () => {
  let api: TestServer;
  let seller: string;
  const head = () => api.services.eventStore.headPosition();

  beforeAll(async () => {
    api = await startTestServer();
    seller = await api.token('SELLER', 's1');
    await api.ok(seller, RegisterSellerDocument, { input: { name: 'Glow Labs', country: 'CN' } });
    await api.raw(await api.token('CREATOR', 'c1'), {
      query:
        'mutation { registerCreator(input: { displayName: "C1", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@c1", followers: 10 }] }) { position } }',
    });
  });
  afterAll(() => api.close());

  const expectRefused = async (
    response: { status: number; errors?: { extensions?: { code?: string } }[] },
    code: string,
    status?: number,
  ) => {
    expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response.errors)).toBe(code);
    if (status) expect(response.status).toBe(status);
  };

  it('refuses malformed queries', async () => {
    const before = await head();
    await expectRefused(
      await api.raw(seller, { query: 'mutation { registerSeller(input: {' }),
      'GRAPHQL_PARSE_FAILED',
      400,
    );
    await expectRefused(await api.raw(seller, { query: '{ nope }' }), 'GRAPHQL_VALIDATION_FAILED', 400);
    await expectRefused(await api.raw(seller, '{"query": '), 'BAD_REQUEST', 400);
    await expectRefused(await api.raw(seller, { variables: {} }), 'BAD_REQUEST', 400);
    expect(await head()).toBe(before);
  });

  it('refuses wrong types with BAD_USER_INPUT', async () => {
    const before = await head();
    const wrong = 'mutation($input: RegisterSellerInput!) { registerSeller(input: $input) { position } }';
    await expectRefused(
      await api.raw(seller, { query: wrong, variables: { input: { name: 42, country: 'CN' } } }),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      await api.raw(seller, {
        query:
          'mutation { recordMetricsSnapshot(input: { collaborationId: "k", capturedAt: "yesterday", views: 1, likes: 1, comments: 1, shares: 1, clicks: 1, orders: 1, gmv: { amountMinor: 1, currency: "USD" } }) { position } }',
      }),
      'GRAPHQL_VALIDATION_FAILED',
    );
    await expectRefused(
      await api.raw(seller, { query: '{ creators(first: 500) { totalCount } }' }),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      await api.raw(seller, { query: '{ creators(first: 5, after: "garbage") { totalCount } }' }),
      'BAD_USER_INPUT',
    );
    expect(await head()).toBe(before);
  });

  it('refuses data the event catalog would not store, and rules of the domain, appending nothing', async () => {
    const before = await head();
    const propose = (brief: string, creatorId = 'c1') =>
      api.raw(seller, {
        query: `mutation { proposeCollaboration(input: { creatorId: "${creatorId}", brief: ${brief} }) { position } }`,
      });
    // Missing fields are named.
    const missing = await propose('{ title: "T" }');
    await expectRefused(missing, 'BAD_USER_INPUT');
    expect(missing.errors![0]!.extensions).toMatchObject({
      missing: expect.arrayContaining(['product', 'fee']),
    });
    // Unknown creator: a rule of the domain.
    const full =
      '{ title: "T", product: { name: "P", category: BEAUTY }, targetMarkets: ["US"], language: "en", contentFormat: SKIT, platforms: [TIKTOK], deliverables: [{ description: "d", quantity: 1 }], scriptDueAt: "2099-01-01T00:00:00Z", publishDueAt: "2099-02-01T00:00:00Z", fee: { amountMinor: 100, currency: "USD" } }';
    await expectRefused(await propose(full, 'c404'), 'CREATOR_NOT_FOUND');
    // A brief whose dates are backwards: a rule of the domain.
    await expectRefused(await propose(full.replace('2099-02-01', '2098-02-01')), 'INVALID_BRIEF_DATES');
    // A country code the catalog does not accept.
    await expectRefused(await propose(full.replace('"US"', '"usa"')), 'BAD_USER_INPUT');
    expect(await head()).toBe(before);
  });

  it('refuses oversize bodies with 413 and stays up', async () => {
    const response = await api.raw(seller, {
      query: '{ me { userId } }',
      variables: { padding: 'x'.repeat(300_000) },
    });
    await expectRefused(response, 'PAYLOAD_TOO_LARGE', 413);
    expect((await api.raw(seller, { query: '{ me { userId } }' })).data).toEqual({
      me: { userId: 'user-s1' },
    });
  });

  it('refuses queries too deep, too costly, or with too many aliases', async () => {
    const nest = (levels: number): string =>
      levels === 0 ? 'id' : `creator { recentCollaborations { ${nest(levels - 1)} } }`;
    const deep = `{ collaborations { edges { node { ${nest(8)} } } } }`;
    await expectRefused(await api.raw(seller, { query: deep }), 'GRAPHQL_VALIDATION_FAILED', 400);
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { userId }`).join(' ')} }`;
    await expectRefused(await api.raw(seller, { query: aliases }), 'GRAPHQL_VALIDATION_FAILED', 400);
    const wide =
      'id status sellerId creatorId revisionCount contentReview messageCount proposedAt updatedAt position brief { title language notes revisionLimit fee { amountMinor currency } product { name category } }';
    // Costs count list sizes asked for (`first`): 100 creators with 20 collaborations each is too much.
    const costly = `{ creators(first: 100) { edges { node { id recentCollaborations(first: 20) { ${wide} } } } } }`;
    const refused = await api.raw(seller, { query: costly });
    await expectRefused(refused, 'GRAPHQL_VALIDATION_FAILED', 400);
    expect(refused.errors![0]!.message).toMatch(/cost/i);
  });

  it('refuses bad tokens with UNAUTHENTICATED', async () => {
    const query = { query: '{ me { userId } }' };
    const sign = (claims: Record<string, unknown>, secret = TEST_SECRET, expires: string | number = '1h') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u1')
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(new TextEncoder().encode(secret));
    await expectRefused(await api.raw(null, query), 'UNAUTHENTICATED', 200);
    await expectRefused(await api.raw('not-a-jwt', query), 'UNAUTHENTICATED', 401);
    await expectRefused(await api.raw(null, query, { authorization: 'Basic abc' }), 'UNAUTHENTICATED', 401);
    await expectRefused(
      await api.raw(
        await sign({ role: 'SELLER', sellerId: 's1' }, 'another-secret-of-enough-length!!'),
        query,
      ),
      'UNAUTHENTICATED',
      401,
    );
    await expectRefused(
      await api.raw(
        await sign({ role: 'SELLER', sellerId: 's1' }, TEST_SECRET, Math.floor(Date.now() / 1000) - 60),
        query,
      ),
      'UNAUTHENTICATED',
      401,
    );
    await expectRefused(await api.raw(await sign({ role: 'KING' }), query), 'UNAUTHENTICATED', 401);
    await expectRefused(await api.raw(await sign({ role: 'SELLER' }), query), 'UNAUTHENTICATED', 401);
    const none = await new SignJWT({ role: 'AUDITOR' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .sign(new TextEncoder().encode(TEST_SECRET));
    await expectRefused(await api.raw(none, query), 'UNAUTHENTICATED', 401);
    expect((await fetch(api.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });

  it('answers a retried mutation with its first result (Idempotency-Key), appending nothing', async () => {
    const creator = await api.token('CREATOR', 'c9');
    const register = {
      query:
        'mutation { registerCreator(input: { displayName: "C9", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@c9", followers: 10 }] }) { position deduplicated } }',
    };
    const first = await api.raw(creator, register, { 'idempotency-key': 'retry-1' });
    const before = await head();
    const again = await api.raw(creator, register, { 'idempotency-key': 'retry-1' });
    expect(again.data).toEqual({
      registerCreator: {
        position: (first.data!.registerCreator as { position: string }).position,
        deduplicated: true,
      },
    });
    expect(await head()).toBe(before);
    const without = await api.raw(creator, register);
    expect(without.errors![0]!.extensions!.code).toBe('CREATOR_ALREADY_REGISTERED');
  });
});
