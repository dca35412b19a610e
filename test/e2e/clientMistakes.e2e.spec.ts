import fc from 'fast-check';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLedgerSchema } from '../../src/graphql/schema.js';
import { collect, startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * Every client mistake is a 4xx with a stable code, never a 500 or an internal error code: broken
 * bodies, headers and encodings, documents too big to parse, positions not yet written, the wrong
 * transport for an operation; over WebSocket a bad subscription concerns itself only.
 */

interface Answer {
  status: number;
  body: { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown };
  headers: Headers;
}

describe('client mistakes', () => {
  let api: TestServer;
  let auditor: string;
  let seller: string;

  const send = async (
    path: string,
    init: {
      method?: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
      token?: string | null;
    },
  ): Promise<Answer> => {
    const token = init.token === undefined ? auditor : init.token;
    const response = await fetch(new URL(path, api.url), {
      method: init.method ?? 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = { errors: [{ message: text }] };
    }
    return { status: response.status, body, headers: response.headers };
  };
  const graphql = (body: string | Buffer, headers: Record<string, string> = {}) =>
    send('/graphql', { body, headers: { 'content-type': 'application/json', ...headers } });
  const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;
  const expectClientError = (answer: Answer, status: number, code: string) => {
    expect([answer.status, codeOf(answer)], JSON.stringify(answer.body)).toEqual([status, code]);
  };
  const query = JSON.stringify({ query: '{ me { userId } }' });

  beforeAll(async () => {
    api = await startTestServer({
      clock: testClock(new Date('2026-03-02T09:00:00.000Z')),
      env: { LEDGER_FRESHNESS_TIMEOUT_MS: '300' },
    });
    auditor = await api.token('AUDITOR');
    seller = await api.token('SELLER', 's1');
    expect((await graphql(query)).status).toBe(200);
    expect((await graphql(gzipSync(query), { 'content-encoding': 'gzip' })).status).toBe(200);
  });
  afterAll(() => api.close());

  it('refuses a charset or a content encoding it does not read with 415', async () => {
    expectClientError(
      await graphql(query, { 'content-type': 'application/json; charset=latin1' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectClientError(await graphql(query, { 'content-encoding': 'foo' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['gzip', gzipSync(query).subarray(0, 12)],
    ['deflate', Buffer.from('certainly not deflate')],
    ['br', Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02])],
  ])('refuses a corrupt %s body with 400, on /graphql and /evidence', async (encoding, body) => {
    expectClientError(await graphql(body, { 'content-encoding': encoding }), 400, 'BAD_REQUEST');
    const creator = await api.token('CREATOR', 'c1');
    expectClientError(
      await send('/evidence', {
        body,
        token: creator,
        headers: { 'content-type': 'text/plain', 'content-encoding': encoding },
      }),
      400,
      'BAD_REQUEST',
    );
  });

  it('reads well-formed compressed bodies', async () => {
    for (const [encoding, body] of [
      ['deflate', deflateSync(query)],
      ['br', brotliCompressSync(query)],
    ] as const) {
      expect((await graphql(body, { 'content-encoding': encoding })).body).toEqual({
        data: { me: { userId: 'user-auditor' } },
      });
    }
  });

  it('answers a URL that does not decode, or names nothing, with 4xx', async () => {
    expectClientError(await send('/evidence/%ff', { method: 'GET' }), 400, 'BAD_REQUEST');
    expectClientError(await send('/nothing-here', { method: 'GET' }), 404, 'NOT_FOUND');
    expectClientError(await send('/evidence/%E0%A4%A', { method: 'GET' }), 400, 'BAD_REQUEST');
  });

  it('refuses a document too long to parse (2,000 nested fragments) before anything recurses', async () => {
    const fragments = Array.from({ length: 2000 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`);
    const document = `query { ...F0 }\n${fragments.join('\n')}\nfragment F2000 on Query { me { userId } }`;
    const answer = await graphql(JSON.stringify({ query: document }));
    expectClientError(answer, 400, 'GRAPHQL_PARSE_FAILED');
    expect(answer.body.errors![0]!.message).toMatch(/tokens/);
    // Short, but with more fragments than a document may have.
    const many = Array.from({ length: 60 }, (_, i) => `fragment M${i} on Query { me { userId } }`);
    const spread = many.map((_, i) => `...M${i}`).join(' ');
    expectClientError(
      await graphql(JSON.stringify({ query: `query { ${spread} }\n${many.join('\n')}` })),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    );
  });

  it('answers a position not yet written with 400 at once, and read models that lag with 503', async () => {
    const head = await api.services.eventStore.headPosition();
    const started = performance.now();
    const beyond = await graphql(query, { 'x-ledger-min-position': String(head + 1000n) });
    expectClientError(beyond, 400, 'BAD_USER_INPUT');
    expect(performance.now() - started).toBeLessThan(1000);

    // Written, but the read models are stopped: the service's fault, worth a retry.
    await api.services.runner.stop();
    await api.raw(seller, {
      query: 'mutation { registerSeller(input: { name: "Late", country: "CN" }) { position } }',
    });
    const lagging = await graphql(query, {
      'x-ledger-min-position': String(await api.services.eventStore.headPosition()),
    });
    expectClientError(lagging, 503, 'STALE_READ');
    expect(lagging.headers.get('retry-after')).toBe('1');
    await api.services.runner.start();
  });

  it('refuses a subscription over HTTP, and an APQ hash that is not its query’s', async () => {
    expectClientError(
      await graphql(JSON.stringify({ query: 'subscription { myCollaborations { eventType } }' })),
      400,
      'BAD_REQUEST',
    );
    expectClientError(
      await graphql(
        JSON.stringify({
          query: '{ me { userId } }',
          extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
        }),
      ),
      400,
      'BAD_REQUEST',
    );
  });

  it('over WebSocket, answers a bad subscription on itself, with a code; the others go on', async () => {
    const client = api.ws(auditor);
    const errors = async (query: string) => {
      try {
        await collect(client.iterate({ query }), 1, 5000);
        return 'no error';
      } catch (error) {
        return (error as { extensions?: { code?: string } }[])[0]?.extensions?.code;
      }
    };
    const live = client.iterate({ query: 'subscription { myCollaborations { eventType status } }' });
    const received = collect(live, 1, 10_000);
    // The same document again, on another socket: it delivers too.
    const again = collect(
      api.ws(auditor).iterate({ query: 'subscription { myCollaborations { eventType status } }' }),
      1,
      10_000,
    );
    // Each twice: the second is answered from the documents checked before, the same way.
    for (let i = 0; i < 2; i++) {
      expect(await errors('subscription { myCollaborations { eventType ')).toBe('GRAPHQL_PARSE_FAILED');
      expect(await errors('subscription { nope }')).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await errors('{ me { userId } }')).toBe('BAD_REQUEST');
    }
    // The first subscription still delivers: the socket was not closed.
    const s9 = await api.token('SELLER', 's9');
    await api.raw(s9, {
      query: 'mutation { registerSeller(input: { name: "S9", country: "CN" }) { position } }',
    });
    const creator = await api.token('CREATOR', 'c9');
    await api.raw(creator, {
      query:
        'mutation { registerCreator(input: { displayName: "C9", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@c9", followers: 10 }] }) { position } }',
    });
    const proposed = await api.raw(s9, {
      query:
        'mutation { proposeCollaboration(input: { creatorId: "c9", brief: { title: "T", product: { name: "P", category: BEAUTY }, targetMarkets: ["US"], language: "en", contentFormat: SKIT, platforms: [TIKTOK], deliverables: [{ description: "d", quantity: 1 }], scriptDueAt: "2026-04-01T00:00:00Z", publishDueAt: "2026-05-01T00:00:00Z", fee: { amountMinor: 100, currency: "USD" } } }) { position } }',
    });
    expect(proposed.errors).toBeUndefined();
    const [update] = await received;
    expect(update!.data).toMatchObject({ myCollaborations: { status: 'PROPOSED' } });
    expect((await again)[0]!.data).toMatchObject({ myCollaborations: { status: 'PROPOSED' } });
  });

  /**
   * A bounded fuzz: bodies, headers and encodings of every kind, documents cut anywhere, and every
   * mutation with variables of the wrong types. Whatever comes, the answer is never a 5xx and never
   * an internal error code.
   */
  describe('fuzzed', () => {
    const internal = (answer: Answer) =>
      answer.status >= 500 ||
      (answer.body.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');

    it('bodies, headers and encodings', async () => {
      const contentTypes = [
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=utf-16',
        'application/json; charset=""',
        'application/graphql-response+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
        'application/json;;;',
      ];
      const encodings = ['', 'gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x-unknown'];
      const bodies = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.json({ maxDepth: 4 }),
        fc.constantFrom(
          query,
          '{"query": 1}',
          '{"query": "{ me { userId } }", "variables": 7}',
          '[]',
          'null',
        ),
        fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      );
      await fc.assert(
        fc.asyncProperty(
          bodies,
          fc.constantFrom(...contentTypes),
          fc.constantFrom(...encodings),
          fc.constantFrom('/graphql', '/evidence'),
          fc.constantFrom('POST', 'GET', 'PUT', 'DELETE'),
          fc.boolean(),
          async (body, contentType, encoding, path, method, compress) => {
            const bytes = typeof body === 'string' ? Buffer.from(body) : body;
            const sent = compress && encoding === 'gzip' ? gzipSync(bytes) : bytes;
            const answer = await send(path, {
              method,
              ...(method === 'GET' ? {} : { body: sent }),
              headers: {
                ...(contentType ? { 'content-type': contentType } : {}),
                ...(encoding ? { 'content-encoding': encoding } : {}),
              },
            });
            expect(
              internal(answer),
              `${method} ${path} ${contentType} ${encoding}: ${JSON.stringify(answer.body)}`,
            ).toBe(false);
          },
        ),
        { numRuns: 150, seed: 42 },
      );
    }, 120_000);

    it('documents cut anywhere, and any headers the service reads', async () => {
      const document =
        'query Q($id: ID!) { collaboration(id: $id) { id brief { title } ... on Collaboration { status } } disputes(first: 2) { edges { node { id } } } }';
      await fc.assert(
        fc.asyncProperty(
          fc.nat(document.length),
          fc.string({ maxLength: 30 }),
          fc.string({ maxLength: 30 }),
          fc.string({ maxLength: 60 }),
          async (cut, minPosition, idempotencyKey, authorization) => {
            const answer = await graphql(
              JSON.stringify({ query: document.slice(0, cut), variables: { id: 'k1' } }),
              {
                'x-ledger-min-position': encodeURIComponent(minPosition),
                'idempotency-key': encodeURIComponent(idempotencyKey) || 'k',
              },
            );
            expect(internal(answer), JSON.stringify(answer.body)).toBe(false);
            const unauthenticated = await send('/graphql', {
              body: query,
              token: null,
              headers: {
                'content-type': 'application/json',
                authorization: encodeURIComponent(authorization),
              },
            });
            expect(internal(unauthenticated), JSON.stringify(unauthenticated.body)).toBe(false);
          },
        ),
        { numRuns: 100, seed: 7 },
      );
    }, 120_000);

    it('every mutation with variables of the wrong types', async () => {
      const schema = await buildLedgerSchema();
      const mutations = Object.values(schema.getMutationType()!.getFields());
      const wrong = fc.oneof(
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.string({ maxLength: 40 }),
        fc.constant(null),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), {
          maxKeys: 4,
        }),
      );
      const head = await api.services.eventStore.headPosition();
      for (const field of mutations) {
        const args = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const document = `mutation${args ? `(${args})` : ''} { ${field.name}${call ? `(${call})` : ''} { __typename } }`;
        await fc.assert(
          fc.asyncProperty(fc.tuple(...field.args.map(() => wrong)), async (values) => {
            const variables = Object.fromEntries(field.args.map((a, i) => [a.name, values[i]]));
            for (const token of [seller, auditor]) {
              const answer = await send('/graphql', {
                body: JSON.stringify({ query: document, variables }),
                token,
                headers: { 'content-type': 'application/json' },
              });
              expect(
                internal(answer),
                `${field.name} ${JSON.stringify(variables)}: ${JSON.stringify(answer.body)}`,
              ).toBe(false);
            }
          }),
          { numRuns: 12, seed: field.name.length },
        );
      }
      // Nothing of the wrong type was written.
      expect(await api.services.eventStore.headPosition()).toBe(head);
    }, 180_000);
  });
});
