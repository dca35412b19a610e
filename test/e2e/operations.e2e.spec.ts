import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterSellerDocument } from '../support/generated/graphql.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** What an operator sees: health, readiness (projection lag), Prometheus metrics, request ids. */
describe('operations endpoints', () => {
  let api: TestServer;
  const base = () => api.url.replace('/graphql', '');
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  it('answers /healthz and /readyz with the projections and their lag', async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      status: string;
      projections: { name: string; lag: number; state: string }[];
    };
    expect(body.status).toBe('ready');
    expect(body.projections.map((p) => p.name)).toEqual([
      'collaborations',
      'creators',
      'disputes',
      'sellerLibrary',
      'sellers',
      'reviews',
      'verifications',
      'ratingReview',
      'collaborationLinks',
      'notifications',
      'webhookEndpoints',
    ]);
  });

  it('is not ready while a projection has stopped', async () => {
    await api.services.runner.stop();
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(503);
    await api.services.runner.start();
  });

  it('tells nobody why a projection failed: states and lags only (the reason is in the logs)', async () => {
    const { runner } = api.services;
    const status = runner.status.bind(runner);
    runner.status = async () =>
      (await status()).map((p, i) =>
        i === 0
          ? {
              ...p,
              state: 'failed' as const,
              error: { message: 'secret detail at /srv/ledger', eventType: 'X', position: '7' },
            }
          : p,
      );
    try {
      const response = await fetch(`${base()}/readyz`);
      expect(response.status).toBe(503);
      const body = JSON.stringify(await response.json());
      expect(body).toContain('"state":"failed"');
      expect(body).not.toMatch(/secret detail|error/i);
    } finally {
      runner.status = status;
    }
  });

  it('exposes requests, latency, append latency and projection lag to Prometheus', async () => {
    await api.ok(await api.token('SELLER', 's1'), RegisterSellerDocument, {
      input: { name: 'S', country: 'CN' },
    });
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/ledger_http_requests_total\{method="POST",route="\/graphql",status="200"\} \d+/);
    expect(text).toMatch(
      /ledger_graphql_request_duration_seconds_count\{type="mutation",field="registerSeller",outcome="ok"\} 1/,
    );
    expect(text).toMatch(/ledger_event_store_append_duration_seconds_count \d+/);
    expect(text).toMatch(/ledger_projection_lag_events\{projection="creators",state="running"\} \d+/);
  });

  it('tags every response with a request id', async () => {
    const response = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
  });
});

describe('/metrics in production', () => {
  it('is absent without LEDGER_METRICS_TOKEN, and asks for it when set', async () => {
    const closed = await startTestServer({ env: { NODE_ENV: 'production' } });
    const url = (server: TestServer) => server.url.replace('/graphql', '/metrics');
    try {
      expect((await fetch(url(closed))).status).toBe(404);
    } finally {
      await closed.close();
    }
    const guarded = await startTestServer({
      env: { NODE_ENV: 'production', LEDGER_METRICS_TOKEN: 'scrape-token-of-the-operator' },
    });
    try {
      expect((await fetch(url(guarded))).status).toBe(401);
      expect((await fetch(url(guarded), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const scraped = await fetch(url(guarded), {
        headers: { authorization: 'Bearer scrape-token-of-the-operator' },
      });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/ledger_http_requests_total/);
    } finally {
      await guarded.close();
    }
  });
});
