import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { aBriefInput } from '../support/briefInput.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * Over WebSocket a client's mistake concerns its own subscription only (README § Security): every
 * input a graphql-ws subscribe message carries — id, payload, query, variables, operationName,
 * extensions — is fuzzed on a socket that also carries a healthy subscription, which must keep
 * delivering. A message that names no subscription breaks the connection's protocol itself: that
 * socket is closed with 4400, as graphql-ws's PROTOCOL.md says, and nobody else's.
 */

interface Received {
  readonly id?: string;
  readonly type: string;
  readonly payload?: unknown;
}

/** A graphql-transport-ws socket spoken by hand: what a careless client can send, it sends. */
const rawSocket = async (url: string, token: string) => {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  let closed: { code: number; reason: string } | undefined;
  socket.on('message', (data: Buffer) => {
    received.push(JSON.parse(String(data)) as Received);
    for (const wake of [...waiters]) wake();
  });
  socket.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
    for (const wake of [...waiters]) wake();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const until = async <T>(find: () => T | undefined, ms = 5_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`Nothing came within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
  };
  const send = (message: unknown) =>
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await until(() => received.find((m) => m.type === 'connection_ack'));
  return {
    send,
    received,
    until,
    closed: () => closed,
    /** The first answer to subscription `id` (next, error or complete). */
    answerTo: (id: string, ms?: number) => until(() => received.find((m) => m.id === id), ms),
    close: () => socket.close(),
  };
};

const codesOf = (message: Received): string[] =>
  ((message.payload ?? []) as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code ?? '');

describe('WebSocket client mistakes', () => {
  let api: TestServer;
  let auditor: string;
  let seller: string;
  let proposals = 0;

  /** Something the healthy subscription must hear of: a new collaboration. */
  const propose = async () => {
    proposals++;
    const answer = await api.raw(seller, {
      query: `mutation ($input: ProposeCollaborationInput!) { proposeCollaboration(input: $input) { position } }`,
      variables: {
        input: {
          collaborationId: `k-fuzz-${proposals}`,
          creatorId: 'c1',
          brief: aBriefInput(api.clock.now()),
        },
      },
    });
    expect(answer.errors).toBeUndefined();
  };

  /**
   * Proposes until `socket`'s healthy subscription hears of it: a subscription is live a moment after
   * its subscribe message, and nothing tells a client when.
   */
  const heardOf = async (socket: Awaited<ReturnType<typeof rawSocket>>) => {
    const count = () => socket.received.filter((m) => m.id === 'healthy' && m.type === 'next').length;
    const before = count();
    for (let attempt = 0; ; attempt++) {
      await propose();
      try {
        return await socket.until(() => (count() > before ? true : undefined), 1_000);
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
  };

  beforeAll(async () => {
    api = await startTestServer({ clock: testClock(new Date('2026-03-01T00:00:00.000Z')) });
    auditor = await api.token('AUDITOR');
    seller = await api.token('SELLER', 's1');
    await api.raw(seller, {
      query: 'mutation { registerSeller(input: { name: "S1", country: "CN" }) { position } }',
    });
    await api.raw(await api.token('CREATOR', 'c1'), {
      query:
        'mutation { registerCreator(input: { displayName: "C1", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@c1", followers: 10 }] }) { position } }',
    });
  });
  afterAll(() => api.close());

  it('answers every malformed subscribe on its own id, with a stable code; the healthy subscription keeps delivering', async () => {
    const socket = await rawSocket(api.url, auditor);
    socket.send({
      id: 'healthy',
      type: 'subscribe',
      payload: { query: 'subscription { myCollaborations { eventType status } }' },
    });
    await heardOf(socket);

    const queries = fc.oneof(
      fc.constantFrom(
        '',
        '   ',
        '{',
        'subscription',
        'subscription { myCollaborations { eventType ',
        'subscription { nope }',
        '{ me { userId } }',
        'mutation { registerSeller(input: { name: "X", country: "CN" }) { position } }',
        'subscription A { myCollaborations { status } } subscription B { myCollaborations { status } }',
        'subscription ($id: ID!) { collaborationUpdated(id: $id) { collaborationId } }',
        `subscription { ${Array.from({ length: 40 }, (_, i) => `a${i}: myCollaborations { status }`).join(' ')} }`,
        `{ ${'a '.repeat(5_000)}}`,
      ),
      fc.string({ maxLength: 200 }),
    );
    const payloads = fc.oneof(
      // The protocol's shape, with fuzzed values.
      fc.record(
        {
          query: fc.oneof(queries, fc.anything()),
          variables: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue()), fc.anything()),
          operationName: fc.oneof(fc.constantFrom(null, 'A', 'B', 'Nope'), fc.anything()),
          extensions: fc.oneof(fc.constant(null), fc.object(), fc.anything()),
        },
        { requiredKeys: ['query'] },
      ),
      // Not the protocol's shape at all.
      fc.anything(),
    );

    let n = 0;
    const answers: Received[] = [];
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const id = `m-${n++}`;
        socket.send({ id, type: 'subscribe', payload });
        // A subscription that is valid after all is live: it answers at the next event.
        const answer = await socket.answerTo(id, 2_000).catch(() => undefined);
        expect(socket.closed()).toBeUndefined();
        if (!answer) return socket.send({ id, type: 'complete' });
        answers.push(answer);
        // A mistake is answered on this subscription: an error with a client's code, never an
        // internal one.
        if (answer.type === 'error') {
          expect(codesOf(answer).every((code) => code !== '' && code !== 'INTERNAL_SERVER_ERROR')).toBe(true);
        } else {
          socket.send({ id, type: 'complete' });
        }
      }),
      { numRuns: 150, seed: 24 },
    );
    expect(answers.filter((a) => a.type === 'error').length).toBeGreaterThan(100);

    // The healthy subscription was never ended: it hears of the next collaboration too.
    await heardOf(socket);
    expect(socket.received.some((m) => m.id === 'healthy' && m.type !== 'next')).toBe(false);
    socket.close();
  });

  it('closes with 4400 a socket whose message names no subscription, and no other socket', async () => {
    const healthy = await rawSocket(api.url, auditor);
    healthy.send({
      id: 'healthy',
      type: 'subscribe',
      payload: { query: 'subscription { myCollaborations { eventType status } }' },
    });
    const garbage = fc.oneof(
      fc.string({ maxLength: 100 }).filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
      fc.constantFrom(
        '{}',
        '[]',
        'null',
        '{"type":"subscribe"}',
        '{"type":"subscribe","id":"","payload":{"query":"{ me { userId } }"}}',
        '{"type":"subscribe","id":7,"payload":{"query":"{ me { userId } }"}}',
        '{"type":"nope","id":"x"}',
        '{"type":"complete"}',
        '{"type":"connection_init"}',
      ),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (message) => {
        const socket = await rawSocket(api.url, auditor);
        socket.send(message);
        const closed = await socket.until(() => socket.closed());
        // The protocol's answer to a broken connection (4429: a second connection_init); never 4500.
        expect([4400, 4429]).toContain(closed.code);
      }),
      { numRuns: 25, seed: 24 },
    );
    // A subscription id used twice is the protocol's 4409, on that socket only.
    const twice = await rawSocket(api.url, auditor);
    const live = {
      id: 'same',
      type: 'subscribe',
      payload: { query: 'subscription { myCollaborations { status } }' },
    };
    twice.send(live);
    twice.send(live);
    expect((await twice.until(() => twice.closed())).code).toBe(4409);

    await heardOf(healthy);
    await heardOf(healthy);
    expect(healthy.closed()).toBeUndefined();
    healthy.close();
  });
});
