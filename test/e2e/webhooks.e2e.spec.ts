import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { startReceiver, type Receiver } from '../support/webhookReceiver.js';
import { eventually } from '../support/serviceProcess.js';
import { completeCollaboration, creatorActor, registerParties, sellerActor } from '../support/drive.js';
import { aBrief } from '../support/collaborationFixtures.js';
import { addDays } from '../../src/contexts/shared.js';
import type { CollaborationCommandBody } from '../../src/contexts/writeSide.js';
import type { Actor } from '../../src/contexts/shared.js';
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  EnableWebhookEndpointDocument,
  NotificationsDocument,
  ReplayWebhooksDocument,
  RotateWebhookSecretDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
} from '../support/generated/graphql.js';

const LOCAL = {
  LEDGER_WEBHOOK_ALLOW_HTTP: '1',
  LEDGER_WEBHOOK_ALLOW_PRIVATE: '1',
  LEDGER_NOTIFIER_TICK_MS: '50',
};

/**
 * DOMAIN.md § Webhooks, through the running service: endpoints registered over GraphQL, real HTTP
 * receivers started here verifying every delivery with the Standard Webhooks library, the
 * collaborations driven through the write side, the clock moved as the scheduler tests move it.
 */
describe('webhooks', () => {
  let server: TestServer;
  let receivers: Receiver[];
  const clock = testClock(new Date('2026-03-01T00:00:00.000Z'));

  beforeEach(async () => {
    server = await startTestServer({ env: LOCAL, clock });
    receivers = [];
    await registerParties(server.services.write, clock.now(), { sellers: ['s1', 's2'], creators: ['c1'] });
  });
  afterEach(async () => {
    await server.close();
    for (const receiver of receivers) await receiver.close();
  });

  const receiver = async (port?: number) => {
    const r = await startReceiver(port ? { port } : {});
    receivers.push(r);
    return r;
  };
  const register = async (token: string, r: Receiver, eventTypes?: string[]) => {
    const created = await server.ok(token, CreateWebhookEndpointDocument, {
      url: r.url,
      ...(eventTypes ? { eventTypes } : {}),
    });
    r.trust(created.createWebhookEndpoint.secret);
    return created.createWebhookEndpoint;
  };
  const send = (id: string, actor: Actor, body: CollaborationCommandBody, now = clock.now()) =>
    server.services.write.collaboration({ ...body, collaborationId: id, actor, now } as Parameters<
      TestServer['services']['write']['collaboration']
    >[0]);
  const propose = (id: string, sellerId = 's1') =>
    send(id, sellerActor(sellerId), {
      type: 'ProposeCollaboration',
      sellerId,
      creatorId: 'c1',
      brief: aBrief({ scriptDueAt: addDays(clock.now(), 10), publishDueAt: addDays(clock.now(), 20) }),
    } as CollaborationCommandBody);
  /** The log's events of these collaborations after a position: what an owner should receive. */
  const logOf = async (ids: string[], after: string) =>
    (await server.services.eventStore.readAll({ fromPosition: BigInt(after) + 1n }))
      .filter((e) => ids.some((id) => e.streamId === `collaboration-${id}`))
      .map((e) => e.position.toString());
  const positions = (r: Receiver) => r.received.map((d) => d.payload.data.position);
  /** Each collaboration's deliveries in log order. */
  const inOrderPerCollaboration = (r: Receiver) => {
    const last = new Map<string, bigint>();
    for (const { payload } of r.received) {
      const position = BigInt(payload.data.position);
      const before = last.get(payload.data.collaborationId) ?? 0n;
      if (position <= before) return false;
      last.set(payload.data.collaborationId, position);
    }
    return true;
  };

  it('delivers every event its owner may see, signed, in log order per collaboration, and nothing else', async () => {
    const sellerHooks = await receiver();
    const seller = await server.token('SELLER', 's1');
    const endpoint = await register(seller, sellerHooks);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.endpoint).toMatchObject({ status: 'ACTIVE', eventTypes: [] });
    await propose('k1');
    await propose('k2');
    await propose('k3', 's2'); // another seller's: never delivered to s1
    for (const id of ['k1', 'k2', 'k3']) await send(id, creatorActor('c1'), { type: 'AcceptProposal' });
    await send('k2', creatorActor('c1'), { type: 'SubmitScript', text: 'Hook, demo, call to action' });
    await send('k1', creatorActor('c1'), { type: 'SubmitScript', text: 'Morning routine with the serum' });
    await send('k2', sellerActor('s1'), { type: 'ApproveScript' });
    const expected = await logOf(['k1', 'k2'], endpoint.endpoint!.createdPosition);
    await eventually(async () => sellerHooks.received.length >= expected.length, 10_000, 'every delivery');
    expect(positions(sellerHooks)).toEqual(expected);
    expect(sellerHooks.received.every((d) => d.verified)).toBe(true);
    expect(inOrderPerCollaboration(sellerHooks)).toBe(true);
    expect(sellerHooks.received[0]!.payload).toMatchObject({
      type: 'CollaborationProposed',
      data: { collaborationId: 'k1', redacted: false, event: { sellerId: 's1', creatorId: 'c1' } },
    });
    // One message id per event, the same on every attempt of it (Standard Webhooks § webhook-id).
    expect(new Set(sellerHooks.received.map((d) => d.headers['webhook-id'])).size).toBe(expected.length);
    const log = await server.ok(seller, WebhookDeliveriesDocument, {
      endpointId: endpoint.endpointId,
      first: 100,
    });
    expect(log.webhookDeliveries.totalCount).toBe(expected.length);
    expect(log.webhookDeliveries.edges[0]!.node).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 1,
      error: null,
    });
  });

  it('keeps the other side’s rating out of a payload until it is revealed, then delivers it', async () => {
    const creatorHooks = await receiver();
    const creator = await server.token('CREATOR', 'c1');
    await register(creator, creatorHooks, ['CollaborationRated', 'RatingsRevealed']);
    const { completedAt } = await completeCollaboration(server.services.write, {
      collaborationId: 'k9',
      sellerId: 's1',
      creatorId: 'c1',
      start: clock.now(),
    });
    await send(
      'k9',
      sellerActor('s1'),
      {
        type: 'RateCollaboration',
        ratingId: 'r-s',
        scores: { CONTENT_QUALITY: 2, TIMELINESS: 2, COMMUNICATION: 2, COMPLIANCE: 2, BRAND_FIT: 2 },
        comment: 'The hook came late and the disclosure was missing',
      },
      completedAt,
    );
    await eventually(async () => creatorHooks.received.length >= 1, 10_000, 'the rating');
    const rated = creatorHooks.received[0]!.payload;
    expect(rated).toMatchObject({ type: 'CollaborationRated', data: { redacted: true } });
    expect(rated.data.event).toEqual({
      ratingId: 'r-s',
      direction: 'SELLER_TO_CREATOR',
      raterId: 's1',
      rateeId: 'c1',
    });
    expect(creatorHooks.received[0]!.body).not.toContain('disclosure was missing');
    await send(
      'k9',
      creatorActor('c1'),
      {
        type: 'RateCollaboration',
        ratingId: 'r-c',
        scores: { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 4, COMMUNICATION: 4 },
        comment: 'Clear brief, the deposit was paid on acceptance',
      },
      completedAt,
    );
    await eventually(async () => creatorHooks.received.length >= 3, 10_000, 'the reveal');
    const revealed = creatorHooks.received.find((d) => d.payload.type === 'RatingsRevealed')!.payload;
    expect(revealed.data.revealedRatings?.map((r) => r.ratingId).sort()).toEqual(['r-c', 'r-s']);
    expect(JSON.stringify(revealed.data.revealedRatings)).toContain('disclosure was missing');
  });

  it('gives a receiver that was down everything once it is up again, retrying with back-off', async () => {
    const hooks = await receiver();
    const seller = await server.token('SELLER', 's1');
    const endpoint = await register(seller, hooks);
    await propose('k1');
    await eventually(async () => hooks.received.length === 1, 10_000, 'the first delivery');
    await hooks.down();
    await send('k1', creatorActor('c1'), { type: 'AcceptProposal' });
    await propose('k2');
    const failing = await eventually(
      async () => {
        const { webhookEndpoints } = await server.ok(seller, WebhookEndpointsDocument);
        const delivery = webhookEndpoints[0]!.delivery;
        return delivery.failedAttempts >= 1 ? delivery : undefined;
      },
      10_000,
      'a failed attempt',
    );
    expect(failing.nextAttemptAt).not.toBeNull();
    const log = await server.ok(seller, WebhookDeliveriesDocument, { endpointId: endpoint.endpointId });
    expect(log.webhookDeliveries.edges[0]!.node).toMatchObject({
      status: 'FAILED',
      error: 'CONNECTION_FAILED',
      attempt: 1,
    });
    // Not tried again before its time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      (await server.ok(seller, WebhookDeliveriesDocument, { endpointId: endpoint.endpointId }))
        .webhookDeliveries.totalCount,
    ).toBe(log.webhookDeliveries.totalCount);
    await hooks.up();
    clock.advance(60_000);
    const expected = await logOf(['k1', 'k2'], endpoint.endpoint!.createdPosition);
    await eventually(async () => hooks.received.length >= expected.length, 10_000, 'everything');
    expect(positions(hooks)).toEqual(expected);
    expect(hooks.received.every((d) => d.verified)).toBe(true);
  });

  it('disables an endpoint that fails for 3 days and tells its owner', async () => {
    const hooks = await receiver();
    hooks.answer(503);
    const seller = await server.token('SELLER', 's1');
    const endpoint = await register(seller, hooks);
    await propose('k1');
    await eventually(
      async () =>
        (await server.ok(seller, WebhookEndpointsDocument)).webhookEndpoints[0]!.delivery.failedAttempts >= 1,
      10_000,
      'a first failure',
    );
    for (let hours = 0; hours <= 73; hours += 12) {
      clock.advance(12 * 3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const disabled = await eventually(
      async () => {
        const found = (await server.ok(seller, WebhookEndpointsDocument)).webhookEndpoints[0]!;
        return found.status === 'DISABLED' ? found : undefined;
      },
      10_000,
      'the endpoint disabled',
    );
    expect(disabled.disabledReason).toBe('DELIVERIES_FAILING');
    const notified = await eventually(
      async () =>
        (await server.ok(seller, NotificationsDocument, {})).notifications.edges.find(
          (e) => e.node.kind === 'WEBHOOK_ENDPOINT_DISABLED',
        ),
      10_000,
      'the owner notified',
    );
    expect(notified.node.params).toMatchObject({
      endpointId: endpoint.endpointId,
      reason: 'DELIVERIES_FAILING',
    });
    const attempts = (
      await server.ok(seller, WebhookDeliveriesDocument, { endpointId: endpoint.endpointId, first: 100 })
    ).webhookDeliveries;
    expect(attempts.edges.every((e) => e.node.status === 'FAILED' && e.node.httpStatus === 503)).toBe(true);
    expect(attempts.totalCount).toBeGreaterThan(3);
    // Enabled again once the receiver is fixed: the events it missed come, in order.
    hooks.answer(204);
    await server.ok(seller, EnableWebhookEndpointDocument, { endpointId: endpoint.endpointId });
    await eventually(async () => hooks.received.length >= 1, 10_000, 'delivery after enabling');
    expect(hooks.received[0]!.payload.type).toBe('CollaborationProposed');
  });

  it('signs with the previous secret too for 24 h after a rotation', async () => {
    const hooks = await receiver();
    const seller = await server.token('SELLER', 's1');
    const endpoint = await register(seller, hooks);
    const rotated = (
      await server.ok(seller, RotateWebhookSecretDocument, { endpointId: endpoint.endpointId })
    ).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.endpoint).toMatchObject({ secretGeneration: 2 });
    await propose('k1');
    await eventually(async () => hooks.received.length === 1, 10_000, 'a delivery');
    const [first] = hooks.received;
    // Verified with the old secret (the receiver trusts only it), and with the new one as well.
    expect(first!.verified).toBe(true);
    expect(() =>
      new Webhook(rotated.secret).verify(first!.body, first!.headers as Record<string, string>),
    ).not.toThrow();
    clock.advance(25 * 3_600_000);
    await send('k1', creatorActor('c1'), { type: 'AcceptProposal' });
    await eventually(async () => hooks.received.length >= 2, 10_000, 'a later delivery');
    const second = hooks.received[1]!;
    expect(second.verified).toBe(false);
    expect(() =>
      new Webhook(rotated.secret).verify(second.body, second.headers as Record<string, string>),
    ).not.toThrow();
  });

  it('replays from a position the owner chooses, in order, and stops for a deleted endpoint', async () => {
    const hooks = await receiver();
    const seller = await server.token('SELLER', 's1');
    const endpoint = await register(seller, hooks);
    await propose('k1');
    await send('k1', creatorActor('c1'), { type: 'AcceptProposal' });
    await eventually(async () => hooks.received.length === 3, 10_000, 'first deliveries');
    const from = hooks.received[1]!.payload.data.position;
    await server.ok(seller, ReplayWebhooksDocument, { endpointId: endpoint.endpointId, fromPosition: from });
    await eventually(async () => hooks.received.length === 5, 10_000, 'the replay');
    expect(positions(hooks).slice(3)).toEqual(positions(hooks).slice(1, 3));
    expect(hooks.received[3]!.headers['webhook-id']).toBe(hooks.received[1]!.headers['webhook-id']);
    const attempts = await server.ok(seller, WebhookDeliveriesDocument, { endpointId: endpoint.endpointId });
    expect(attempts.webhookDeliveries.edges[0]!.node.replayed).toBe(true);
    const other = await server.token('SELLER', 's2');
    const refused = await server.request(other, ReplayWebhooksDocument, {
      endpointId: endpoint.endpointId,
      fromPosition: '1',
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    await server.ok(seller, DeleteWebhookEndpointDocument, { endpointId: endpoint.endpointId });
    await propose('k2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hooks.received).toHaveLength(5);
  });
});

/** DOMAIN.md § Webhooks, safety: where a webhook may not go. */
describe('webhooks: addresses refused', () => {
  let server: TestServer;
  let hooks: Receiver;
  // A name that resolves to a public address when registered and to 127.0.0.1 afterwards.
  let rebound = false;

  beforeEach(async () => {
    hooks = await startReceiver();
    rebound = false;
    server = await startTestServer({
      env: { LEDGER_WEBHOOK_ALLOW_HTTP: '1', LEDGER_NOTIFIER_TICK_MS: '50' },
      resolve: async (hostname) => {
        if (hostname === 'loopback.test') return [{ address: '127.0.0.1', family: 4 }];
        if (hostname === 'metadata.test') return [{ address: '169.254.169.254', family: 4 }];
        if (hostname === 'rebind.test') {
          return [{ address: rebound ? '127.0.0.1' : '93.184.216.34', family: 4 }];
        }
        throw Object.assign(new Error(`no ${hostname}`), { code: 'ENOTFOUND' });
      },
    });
    await registerParties(server.services.write, server.clock.now(), { sellers: ['s1'], creators: ['c1'] });
  });
  afterEach(async () => {
    await server.close();
    await hooks.close();
  });

  it.each([
    ['http://127.0.0.1:9/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://[::1]/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://[::ffff:127.0.0.1]/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://10.0.0.8/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://192.168.1.20/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://169.254.169.254/latest/meta-data', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://100.100.100.200/', 'WEBHOOK_URL_FORBIDDEN'],
    ['http://0.0.0.0/', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://localhost/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://loopback.test/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['https://metadata.test/hooks', 'WEBHOOK_URL_FORBIDDEN'],
    ['ftp://orders.example.com/hooks', 'WEBHOOK_URL_INVALID'],
    ['https://user:pass@orders.example.com/hooks', 'WEBHOOK_URL_INVALID'],
    ['not a url', 'WEBHOOK_URL_INVALID'],
  ])('refuses %s (%s) and records nothing', async (url, code) => {
    const seller = await server.token('SELLER', 's1');
    const head = await server.services.eventStore.headPosition();
    const response = await server.request(seller, CreateWebhookEndpointDocument, { url });
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await server.services.eventStore.headPosition()).toBe(head);
  });

  it('refuses http unless LEDGER_WEBHOOK_ALLOW_HTTP=1', async () => {
    const strict = await startTestServer({ env: {} });
    try {
      const response = await strict.request(
        await strict.token('SELLER', 's1'),
        CreateWebhookEndpointDocument,
        {
          url: 'http://orders.example.com/hooks',
        },
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('WEBHOOK_URL_INVALID');
    } finally {
      await strict.close();
    }
  });

  it('checks the address at every delivery: a name rebound to 127.0.0.1 reaches nothing', async () => {
    const seller = await server.token('SELLER', 's1');
    const created = await server.ok(seller, CreateWebhookEndpointDocument, {
      url: `http://rebind.test:${hooks.port}/hooks`,
    });
    rebound = true;
    await server.services.write.collaboration({
      type: 'ProposeCollaboration',
      collaborationId: 'k1',
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief({
        scriptDueAt: addDays(server.clock.now(), 10),
        publishDueAt: addDays(server.clock.now(), 20),
      }),
      actor: sellerActor('s1'),
      now: server.clock.now(),
    });
    const attempt = await eventually(
      async () =>
        (
          await server.ok(seller, WebhookDeliveriesDocument, {
            endpointId: created.createWebhookEndpoint.endpointId,
          })
        ).webhookDeliveries.edges[0]?.node,
      10_000,
      'an attempt',
    );
    expect(attempt).toMatchObject({ status: 'FAILED', error: 'ADDRESS_FORBIDDEN', httpStatus: null });
    expect(hooks.received).toHaveLength(0);
  });
});
