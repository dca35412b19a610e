import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { checkSignature } from '../../src/audit/signing.js';
import { loadConfig } from '../../src/app/config.js';
import { seedDisputedCollaboration } from '../support/disputedCollaboration.js';
import { RateCollaborationDocument } from '../support/generated/graphql.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';

type ErrorBody = { errors: { message: string; extensions: { code: string; field?: string } }[] };
const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]!.extensions;

/** What a browser gets at GET /graphql: the service's own explorer (or word that it is not built), never a CDN page. */
const expectExplorerPage = async (response: Response) => {
  const body = await response.text();
  expect(body).not.toMatch(/apollographql|cdn\.|fonts\.googleapis/i);
  if (response.status === 503) {
    expect((JSON.parse(body) as ErrorBody).errors[0]!.extensions.code).toBe('WEB_NOT_BUILT');
  } else {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(body).toContain('/ui/assets/');
  }
};

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('the GraphQL explorer page', () => {
  it('is served to browsers in development, while API clients keep the API', async () => {
    const api = await startTestServer();
    try {
      await expectExplorerPage(await fetch(api.url, { headers: html }));
      const apiClient = await fetch(api.url, { headers: { accept: 'application/json' } });
      expect(apiClient.headers.get('content-type')).toMatch(/json/);
    } finally {
      await api.close();
    }
  });

  it('is off in production unless LEDGER_EXPLORER=1, and introspection with it', async () => {
    const introspect = (api: TestServer) => api.raw(null, { query: '{ __schema { queryType { name } } }' });
    const closed = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const page = await fetch(closed.url, { headers: html });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect((await introspect(closed)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await closed.close();
    }
    const open = await startTestServer({ env: { NODE_ENV: 'production', LEDGER_EXPLORER: '1' } });
    try {
      await expectExplorerPage(await fetch(open.url, { headers: html }));
      expect((await introspect(open)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await open.close();
    }
  });
});

describe('development tokens for the browser apps', () => {
  let dev: TestServer;
  const mint = (body: unknown, raw = false) =>
    fetch(new URL('/dev/token', dev.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ? (body as string) : JSON.stringify(body),
    });
  beforeAll(async () => {
    // No configured secret: the development secret of the data folder signs tokens.
    dev = await startTestServer({ env: { LEDGER_JWT_SECRET: '' } });
  });
  afterAll(() => dev.close());

  it('mints a token for a chosen role and party that the service then accepts', async () => {
    const offer = await fetch(new URL('/dev/token', dev.url));
    expect(await offer.json()).toEqual({
      available: true,
      roles: ['SELLER', 'CREATOR', 'ARBITRATOR', 'AUDITOR'],
    });
    for (const [body, me] of [
      [{ role: 'AUDITOR' }, { role: 'AUDITOR', sellerId: null, creatorId: null }],
      [
        { role: 'SELLER', id: 's-7' },
        { role: 'SELLER', sellerId: 's-7', creatorId: null },
      ],
      [
        { role: 'CREATOR', id: 'c-7' },
        { role: 'CREATOR', sellerId: null, creatorId: 'c-7' },
      ],
    ] as const) {
      const response = await mint(body);
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      const answer = await dev.raw(token, { query: '{ me { role sellerId creatorId } }' });
      expect(answer.data).toEqual({ me });
    }
  });

  it('refuses what is not a role and party, with a stable code', async () => {
    for (const [body, field] of [
      [{ role: 'ROOT' }, 'role'],
      [{}, 'role'],
      [{ role: 'SELLER' }, 'id'],
      [{ role: 'CREATOR', id: '../etc' }, 'id'],
      [{ role: 'SELLER', id: 'x'.repeat(81) }, 'id'],
    ] as const) {
      const response = await mint(body);
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const broken = await mint('{"role":', true);
    expect(broken.status).toBe(400);
    expect((await codeOf(broken)).code).toBe('BAD_REQUEST');
  });

  it('does not exist beside a configured secret, in production, or off a loopback address', async () => {
    const configured = await startTestServer();
    try {
      expect((await fetch(new URL('/dev/token', configured.url))).status).toBe(404);
      expect((await fetch(new URL('/dev/token', configured.url), { method: 'POST' })).status).toBe(404);
    } finally {
      await configured.close();
    }
    const dir = dev.dir;
    expect(loadConfig({ LEDGER_DATA_DIR: dir }).devTokens).toBe(true);
    expect(loadConfig({ LEDGER_DATA_DIR: dir, HOST: '0.0.0.0' }).devTokens).toBe(false);
    expect(loadConfig({ LEDGER_DATA_DIR: dir, HOST: '0.0.0.0', LEDGER_DEV_TOKENS: '1' }).devTokens).toBe(
      true,
    );
    expect(
      loadConfig({
        LEDGER_DATA_DIR: dir,
        NODE_ENV: 'production',
        LEDGER_JWT_SECRET: 'x'.repeat(32),
        LEDGER_DEV_TOKENS: '1',
      }).devTokens,
    ).toBe(false);
  });
});

describe('GET /audit/export/:collaborationId', () => {
  const T0 = '2026-03-02T09:00:00.000Z';
  const clock = testClock(new Date(T0));
  const at = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
  const tokens = {} as Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor', string>;
  let api: TestServer;
  const exportOf = (id: string, token?: string) =>
    fetch(
      new URL(`/audit/export/${id}`, api.url),
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );

  beforeAll(async () => {
    api = await startTestServer({ clock });
    for (const [name, role, id] of [
      ['s1', 'SELLER', 's1'],
      ['s2', 'SELLER', 's2'],
      ['c1', 'CREATOR', 'c1'],
      ['c2', 'CREATOR', 'c2'],
      ['arbitrator', 'ARBITRATOR', undefined],
      ['auditor', 'AUDITOR', undefined],
    ] as const)
      tokens[name] = await api.token(role, id);
    // The seller has rated; the creator has not: the seller's rating is hidden from the creator.
    await seedDisputedCollaboration(api, tokens, { clock, at, creatorRates: false });
  }, 60_000);
  afterAll(() => api.close());

  it('gives arbitrators, auditors and a party with nothing hidden the signed file', async () => {
    const { keyId } = (await (await fetch(new URL('/audit/signing-key', api.url))).json()) as {
      keyId: string;
    };
    for (const token of [tokens.auditor, tokens.arbitrator, tokens.s1]) {
      const response = await exportOf('k1', token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="k1.audit.json"');
      const file = (await response.json()) as AuditExport;
      expect(file).toMatchObject({ format: 'creator-ledger/audit-export@1', collaborationId: 'k1' });
      expect(file.verification.atExport.valid).toBe(true);
      expect(file.evidence).toEqual([expect.objectContaining({ file: 'verified' })]);
      expect(checkSignature(file)).toEqual({ status: 'valid', keyId });
    }
  });

  it("withholds it from a party while the other side's rating is hidden from that party", async () => {
    const withheld = await exportOf('k1', tokens.c1);
    expect(withheld.status).toBe(403);
    expect((await codeOf(withheld)).code).toBe('EXPORT_WITHHELD');
    // Once the creator rates, both ratings are revealed: the creator may have the file.
    const scores = ['BRIEF_CLARITY', 'FEEDBACK_QUALITY', 'PAYMENT_RELIABILITY', 'COMMUNICATION'].map(
      (dimension) => ({ dimension, score: 5 }),
    );
    await api.ok(tokens.c1, RateCollaborationDocument, {
      input: { collaborationId: 'k1', scores, comment: 'Clear brief, paid the deposit on the day' },
    });
    expect((await exportOf('k1', tokens.c1)).status).toBe(200);
  });

  it('answers anyone else as if there were no such collaboration, and refuses what is not an id', async () => {
    for (const [id, token, status, code] of [
      ['k1', tokens.s2, 404, 'NOT_FOUND'],
      ['k1', tokens.c2, 404, 'NOT_FOUND'],
      ['k-none', tokens.auditor, 404, 'NOT_FOUND'],
      ['k1', undefined, 401, 'UNAUTHENTICATED'],
      ['k1', 'not-a-token', 401, 'UNAUTHENTICATED'],
      ['%E2%9C%93', tokens.auditor, 400, 'BAD_USER_INPUT'],
    ] as const) {
      const response = await exportOf(id, token);
      expect(response.status).toBe(status);
      expect((await codeOf(response)).code).toBe(code);
    }
  });
});
