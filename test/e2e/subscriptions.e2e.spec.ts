import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  AcceptProposalDocument,
  AddEvidenceDocument,
  CollaborationUpdatedDocument,
  DisputeUpdatedDocument,
  MyCollaborationsDocument,
  OpenDisputeDocument,
  PostMessageDocument,
  ProposeCollaborationDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
  type CollaborationUpdatedSubscription,
  type DisputeUpdatedSubscription,
  type MyCollaborationsSubscription,
} from '../support/generated/graphql.js';
import { runProcess } from '../support/childProcess.js';
import { collect, startTestServer, testClock, type TestServer } from '../support/server.js';
import { aBriefInput } from '../support/briefInput.js';

const briefFor = (collaborationId: string, creatorId: string) => ({
  collaborationId,
  creatorId,
  brief: aBriefInput('2026-03-04T00:00:00.000Z'),
});

/** Subscriptions over graphql-ws: authorized at subscribe time and per event, fed from the log. */
describe('subscriptions', () => {
  let api: TestServer;
  const t: Record<string, string> = {};
  const waitForListeners = async (n: number) => {
    for (let i = 0; api.server.hub!.listeners < n && i < 300; i++)
      await new Promise((r) => setTimeout(r, 10));
  };

  beforeAll(async () => {
    api = await startTestServer({ clock: testClock(new Date('2026-03-02T09:00:00.000Z')) });
    for (const id of ['s1', 's2']) {
      t[id] = await api.token('SELLER', id);
      await api.ok(t[id]!, RegisterSellerDocument, { input: { name: id, country: 'CN' } });
    }
    for (const id of ['c1', 'c2']) {
      t[id] = await api.token('CREATOR', id);
      await api.ok(t[id]!, RegisterCreatorDocument, {
        input: {
          displayName: id,
          country: 'US',
          languages: ['en'],
          categories: ['BEAUTY'],
          platformAccounts: [{ platform: 'TIKTOK', handle: `@${id}`, followers: 5000 }],
        },
      });
    }
    t.arbitrator = await api.token('ARBITRATOR');
    await api.ok(t.s1!, ProposeCollaborationDocument, { input: briefFor('k1', 'c1') });
  });
  afterAll(() => api.close());

  const subscribeTo = (token: string | null, id: string) =>
    api.ws(token).iterate<CollaborationUpdatedSubscription>({
      query: print(CollaborationUpdatedDocument),
      variables: { id },
    });

  it('answers someone else’s collaboration as an unknown one (NOT_FOUND: nothing tells they exist), and no token (UNAUTHENTICATED)', async () => {
    // A refusal arrives either as the first result's errors, or as the socket's error message.
    const codes = async (token: string | null, id: string) => {
      try {
        const [first] = await collect(subscribeTo(token, id), 1, 5000);
        return first?.errors?.[0]?.extensions?.code ?? 'none';
      } catch (error) {
        return ((error as { extensions?: { code?: string } }[])[0]?.extensions?.code ??
          String(error)) as string;
      }
    };
    expect(await codes(t.c2!, 'k1')).toBe('NOT_FOUND');
    expect(await codes(t.s2!, 'k1')).toBe('NOT_FOUND');
    expect(await codes(t.c1!, 'nope')).toBe('NOT_FOUND');
    expect(await codes(null, 'k1')).toBe('UNAUTHENTICATED');
    expect(await codes('garbage-token', 'k1')).toBe('UNAUTHENTICATED');
  });

  it('delivers what another process appends to the log', async () => {
    const received = collect(subscribeTo(t.c1!, 'k1'), 1, 10_000);
    await waitForListeners(1);
    await runProcess('postMessage.ts', [api.dir, 'k1', 's1', '2026-03-02T10:00:00.000Z']);
    const [update] = await received;
    expect(update!.data!.collaborationUpdated).toMatchObject({
      eventType: 'MessagePosted',
      status: 'PROPOSED',
    });
  }, 30_000);

  it('keeps one view of a collaboration for all its subscribers, and lets it go with the last', async () => {
    const views = api.server.hub!.views;
    const waitFor = async (done: () => boolean) => {
      for (let i = 0; !done() && i < 300; i++) await new Promise((r) => setTimeout(r, 10));
    };
    const received = [t.s1!, t.c1!, t.c1!].map((token) => collect(subscribeTo(token, 'k1'), 1, 10_000));
    await waitFor(() => views.followers === 3);
    expect(views.size).toBe(1);
    // One listener at the hub; three subscriptions all the same (what /metrics reports).
    expect(api.server.hub!.listeners).toBe(1);
    expect(api.server.hub!.subscriptions).toBe(3);
    await api.ok(t.s1!, PostMessageDocument, { input: { collaborationId: 'k1', body: 'to all three' } });
    for (const [update] of await Promise.all(received)) {
      expect(update!.data!.collaborationUpdated).toMatchObject({ eventType: 'MessagePosted' });
    }
    // Each subscription ended after its one update: nobody follows the view, and it is gone.
    await waitFor(() => views.size === 0);
    expect(views.followers).toBe(0);
    expect(views.size).toBe(0);
  });

  it('sends a seller the status changes of its own collaborations only', async () => {
    await api.ok(t.s2!, ProposeCollaborationDocument, { input: briefFor('k2', 'c2') });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 5000);
    const iterator = api
      .ws(t.s1!)
      .iterate<MyCollaborationsSubscription>({ query: print(MyCollaborationsDocument) });
    const received = collect(iterator, 2, 10_000);
    await waitForListeners(1);
    await api.ok(t.c2!, AcceptProposalDocument, { id: 'k2' }); // someone else's
    await api.ok(t.s1!, PostMessageDocument, { input: { collaborationId: 'k1', body: 'no status change' } });
    await api.ok(t.c1!, AcceptProposalDocument, { id: 'k1' });
    await api.ok(t.s1!, ProposeCollaborationDocument, { input: briefFor('k3', 'c2') });
    const updates = (await received).map((u) => u.data!.myCollaborations);
    expect(updates.map((u) => [u.collaboration.id, u.previousStatus, u.status])).toEqual([
      ['k1', 'PROPOSED', 'ACTIVE'],
      ['k3', null, 'PROPOSED'],
    ]);
  });

  it('follows a dispute’s trail', async () => {
    await api.ok(t.s1!, OpenDisputeDocument, {
      input: { collaborationId: 'k1', disputeId: 'd1', reason: 'OTHER', statement: 'Testing' },
    });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 5000);
    const iterator = api
      .ws(t.arbitrator!)
      .iterate<DisputeUpdatedSubscription>({ query: print(DisputeUpdatedDocument), variables: { id: 'd1' } });
    const received = collect(iterator, 2, 10_000);
    await waitForListeners(1);
    for (const shot of ['a', 'b']) {
      await api.ok(t.c1!, AddEvidenceDocument, {
        input: {
          collaborationId: 'k1',
          disputeId: 'd1',
          kind: 'SCREENSHOT',
          description: `shot ${shot}`,
          sha256: await api.evidence(t.c1!, `screenshot ${shot}`),
        },
      });
    }
    expect(
      (await received).map((u) => [
        u.data!.disputeUpdated.eventType,
        u.data!.disputeUpdated.dispute.evidenceCount,
      ]),
    ).toEqual([
      ['DisputeEvidenceAdded', 1],
      ['DisputeEvidenceAdded', 2],
    ]);
  });

  it('lets go of subscriptions ended while they were set up: completed at once, or their socket closed', async () => {
    const hub = api.server.hub!;
    const documents = [
      { query: print(CollaborationUpdatedDocument), variables: { id: 'k1' } },
      { query: print(MyCollaborationsDocument) },
      { query: print(DisputeUpdatedDocument), variables: { id: 'd1' } },
    ];
    const connected = async (token: string) => {
      const socket = new WebSocket(api.url.replace('http', 'ws'), 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await new Promise((resolve) => socket.once('message', resolve));
      return socket;
    };
    const subscribe = (socket: WebSocket, id: string, payload: object) =>
      socket.send(JSON.stringify({ id, type: 'subscribe', payload }));

    // graphql-ws ends a subscription whose set-up is still under way without ever reading it.
    const completing = await connected(t.s1!);
    const closing = await connected(t.s1!);
    for (let round = 0; round < 5; round++) {
      documents.forEach((payload, i) => {
        subscribe(completing, `c${round}-${i}`, payload);
        completing.send(JSON.stringify({ id: `c${round}-${i}`, type: 'complete' }));
        subscribe(closing, `x${round}-${i}`, payload);
      });
    }
    closing.close();

    // One subscription stays, and gets an event after all of those were set up and ended.
    subscribe(completing, 'last', documents[0]!);
    const delivered = new Promise<{ id: string; type: string }>((resolve) =>
      completing.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id: string; type: string };
        if (message.id === 'last') resolve(message);
      }),
    );
    for (let i = 0; hub.views.followers < 1 && i < 300; i++) await new Promise((r) => setTimeout(r, 10));
    await api.ok(t.s1!, PostMessageDocument, { input: { collaborationId: 'k1', body: 'to the last one' } });
    expect((await delivered).type).toBe('next');
    for (let i = 0; hub.subscriptions > 1 && i < 300; i++) await new Promise((r) => setTimeout(r, 10));
    // Only the one left is followed: the thirty ended early hold nothing.
    expect(hub.views.followers).toBe(1);
    expect(hub.subscriptions).toBe(1);
    expect(hub.views.size).toBe(1);
    completing.close();
    for (let i = 0; hub.subscriptions > 0 && i < 300; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hub.subscriptions).toBe(0);
    expect(hub.views.size).toBe(0);
  });

  it('ends a subscription whose token expired, with UNAUTHENTICATED, at the next event', async () => {
    const shortLived = await api.token('CREATOR', 'c1', { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const iterator = subscribeTo(shortLived, 'k1');
    const received = collect(iterator, 2, 15_000);
    await waitForListeners(1);
    await new Promise((r) => setTimeout(r, 2500));
    await api.ok(t.s1!, PostMessageDocument, { input: { collaborationId: 'k1', body: 'after expiry' } });
    await api.ok(t.s1!, PostMessageDocument, { input: { collaborationId: 'k1', body: 'not delivered' } });
    // The refusal with its code, then the end: the second message never arrives.
    const results = await received;
    expect(results).toHaveLength(1);
    expect(results[0]!.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 30_000);
});
