import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { signToken } from '../../src/access/tokens.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Tokens (README § Security): in production exactly the key source configured is used — with only a
 * JWKS URL no development secret exists and no HS256 token passes — a token must carry `exp`, may not
 * live longer than the configured bound, and must name the configured issuer and audience.
 */

const ME = '{ me { userId role } }';
const now = () => Math.floor(Date.now() / 1000);

describe('tokens in production, keys from a JWKS endpoint', () => {
  let jwks: Server;
  let api: TestServer;
  let dir: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  const rs256 = (claims: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(privateKey);
  const good = (overrides: JWTPayload = {}) =>
    rs256({
      sub: 'user-a1',
      role: 'AUDITOR',
      iss: 'https://id.example.com',
      aud: 'creator-ledger',
      iat: now(),
      exp: now() + 600,
      ...overrides,
    });
  const me = (token: string) => api.raw(token, { query: ME });

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'ledger-tokens-'));
    api = await startTestServer({
      dir,
      env: {
        NODE_ENV: 'production',
        LEDGER_JWT_SECRET: '',
        LEDGER_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        LEDGER_JWT_ISSUER: 'https://id.example.com',
        LEDGER_JWT_AUDIENCE: 'creator-ledger',
        LEDGER_JWT_MAX_LIFETIME_SECONDS: '3600',
      },
    });
  });
  afterAll(async () => {
    await api.close();
    jwks.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a token from the configured issuer for the configured audience', async () => {
    expect((await me(await good())).data).toEqual({ me: { userId: 'user-a1', role: 'AUDITOR' } });
  });

  it('never makes a development secret, and accepts no HS256 token at all', async () => {
    expect(api.config.jwtSecret).toBeUndefined();
    expect(existsSync(join(dir, 'dev-jwt-secret'))).toBe(false);
    const hs256 = await signToken('any-secret-long-enough-to-sign-hs256-tokens', {
      sub: 'user-x',
      role: 'AUDITOR',
    });
    const response = await me(hs256);
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it.each([
    ['without exp', { exp: undefined }],
    ['expired', { exp: now() - 3600, iat: now() - 7200 }],
    ['living longer than the bound', { exp: now() + 7200 }],
    ['from another issuer', { iss: 'https://evil.example.com' }],
    ['without an issuer', { iss: undefined }],
    ['for another audience', { aud: 'another-service' }],
    ['without an audience', { aud: undefined }],
    ['without a role', { role: undefined }],
  ])('refuses a token %s', async (_, overrides) => {
    const response = await me(await good(overrides as JWTPayload));
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('refuses a token signed by another key, and one that names no algorithm it accepts', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ sub: 'x', role: 'AUDITOR', exp: now() + 60 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(other.privateKey);
    expect((await me(forged)).status).toBe(401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'x', role: 'AUDITOR', exp: now() + 60 }),
    ).toString('base64url')}.`;
    expect((await me(unsigned)).status).toBe(401);
  });
});

describe('token configuration', () => {
  it('keeps a development secret only outside production, when nothing else is configured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
    try {
      const dev = loadConfig({ LEDGER_DATA_DIR: dir });
      expect(dev.devSecretFile).toBe(join(dir, 'dev-jwt-secret'));
      expect(dev.jwtRequireExp).toBe(false);
      const withJwks = loadConfig({
        LEDGER_DATA_DIR: join(dir, 'b'),
        LEDGER_JWKS_URL: 'https://id.example.com/jwks',
      });
      expect([withJwks.jwtSecret, withJwks.devSecretFile]).toEqual([undefined, undefined]);
      expect(existsSync(join(dir, 'b', 'dev-jwt-secret'))).toBe(false);
      expect(() => loadConfig({ NODE_ENV: 'production', LEDGER_DATA_DIR: dir })).toThrow(/LEDGER_JWT_SECRET/);
      expect(() =>
        loadConfig({ NODE_ENV: 'production', LEDGER_DATA_DIR: dir, LEDGER_JWT_SECRET: 'short' }),
      ).toThrow(/32 bytes/);
      expect(
        loadConfig({ NODE_ENV: 'production', LEDGER_DATA_DIR: dir, LEDGER_JWT_SECRET: 'x'.repeat(32) })
          .jwtRequireExp,
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
