import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { collect, startTestServer, type TestServer } from '../support/server.js';

/**
 * Abuse limits (README § Security), each configured low here: request rates per address and per
 * user and a mutation rate (429 with Retry-After), caps on WebSockets and subscriptions per user,
 * an upload quota per party, and an upload's body never read before its sender is known.
 */
describe('abuse limits', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({
      env: {
        LEDGER_RATE_LIMIT_IP_PER_MINUTE: '40',
        LEDGER_RATE_LIMIT_USER_PER_MINUTE: '20',
        LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE: '3',
        LEDGER_WS_MAX_SOCKETS_PER_USER: '2',
        LEDGER_WS_MAX_SUBSCRIPTIONS_PER_USER: '2',
        LEDGER_EVIDENCE_QUOTA_BYTES_PER_DAY: '1000',
      },
    });
  });
  afterAll(() => api.close());

  const me = { query: '{ me { userId } }' };
  const retryAfter = async (token: string | null, body: object) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      code: ((await response.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]
        ?.extensions.code,
    };
  };

  it('limits mutations per user: 429 with Retry-After, appending nothing', async () => {
    const seller = await api.token('SELLER', 'm1');
    const tag = { query: 'mutation { tagCreator(creatorId: "c-none", tag: "x") { position } }' };
    for (let i = 0; i < 3; i++) expect((await retryAfter(seller, tag)).code).not.toBe('RATE_LIMITED');
    const head = await api.services.eventStore.headPosition();
    const limited = await retryAfter(seller, tag);
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(await api.services.eventStore.headPosition()).toBe(head);
    // Queries are another rate; another user is another count.
    expect((await retryAfter(seller, me)).status).toBe(200);
    expect((await retryAfter(await api.token('SELLER', 'm2'), tag)).code).not.toBe('RATE_LIMITED');
  });

  it('limits requests per user', async () => {
    const user = await api.token('AUDITOR');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await retryAfter(user, me)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('caps WebSockets and live subscriptions per user', async () => {
    const creator = await api.token('CREATOR', 'w1');
    const open = () =>
      new Promise<{ socket: WebSocket; closed: Promise<number> }>((resolve) => {
        const socket = new WebSocket(api.url.replace('http', 'ws'), 'graphql-transport-ws');
        const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
        socket.on('open', () => {
          socket.send(
            JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${creator}` } }),
          );
          resolve({ socket, closed });
        });
      });
    const first = await open();
    const second = await open();
    const third = await open();
    expect(await third.closed).toBe(4429);
    first.socket.close();
    second.socket.close();

    const client = api.ws(creator);
    const subscription = 'subscription { myCollaborations { eventType } }';
    const a = client.iterate({ query: subscription });
    const b = client.iterate({ query: subscription });
    void a.next();
    void b.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(collect(client.iterate({ query: subscription }), 1, 5000)).rejects.toMatchObject([
      { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
    ]);
    // One ends: there is room for another.
    await a.return?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const c = client.iterate({ query: subscription });
    const outcome = await Promise.race([
      c.next().then(() => 'delivered or ended'),
      new Promise((resolve) => setTimeout(() => resolve('live'), 500)),
    ]);
    expect(outcome).toBe('live');
    await b.return?.();
    await c.return?.();
  });

  it('keeps a quota of evidence bytes per party: 429 UPLOAD_QUOTA_EXCEEDED', async () => {
    const creator = await api.token('CREATOR', 'q1');
    expect((await api.upload(creator, 'x'.repeat(600))).status).toBe(201);
    const over = await api.upload(creator, 'y'.repeat(600));
    expect([over.status, over.body.errors?.[0]?.extensions?.code]).toEqual([429, 'UPLOAD_QUOTA_EXCEEDED']);
    // Another party has its own quota.
    expect((await api.upload(await api.token('CREATOR', 'q2'), 'y'.repeat(600))).status).toBe(201);
  });

  it('answers an anonymous upload before reading its body', async () => {
    // Announce 10 MB, send 10 bytes, and wait: the refusal comes without the rest.
    const url = new URL('/evidence', api.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'content-length': String(10 * 1024 * 1024) },
        },
        (response) => {
          resolve(response.statusCode!);
          response.resume();
          request.destroy();
        },
      );
      request.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error),
      );
      request.write('0123456789');
    });
    expect(status).toBe(401);
  });

  it('limits requests per address, signed in or not (the operator’s routes excepted)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await retryAfter(null, me)).status);
    expect(statuses).toContain(429);
    expect((await fetch(new URL('/healthz', api.url))).status).toBe(200);
  });
});
