import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresTestUrl } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';

const server = postgresTestUrl('Rate limits shared by API processes on PostgreSQL');

/**
 * Two API processes on one log and one PostgreSQL read store, as deployed behind a load balancer:
 * a user's requests, spread over both, are allowed the configured rate once, not once per process.
 */
describe.runIf(server)('Rate limits shared by API processes on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-shared-limits-'));
  let apis: TestServer[];

  beforeAll(async () => {
    database = await freshDatabase(server!);
    const env = { LEDGER_READ_STORE_URL: database.url, LEDGER_RATE_LIMIT_USER_PER_MINUTE: '6' };
    apis = [];
    for (let i = 0; i < 2; i++) apis.push(await startTestServer({ env, dir }));
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows a user the configured rate over both processes together', async () => {
    const token = await apis[0]!.token('AUDITOR');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(apis[i % 2]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { userId } }' }),
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true);
  });
});
