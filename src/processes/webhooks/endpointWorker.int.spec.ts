import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookEndpointDoc } from '../../../projections/webhookEndpoints/webhookEndpoints.projection.js';
import { aBrief, T0, day } from '../../../test/support/collaborationFixtures.js';
import { creatorActor, registerParties, sellerActor } from '../../../test/support/drive.js';
import { startReceiver, type Receiver } from '../../../test/support/webhookReceiver.js';
import { createEventCatalog } from '../../contexts/catalog.js';
import { createWriteSide, type WriteSide } from '../../contexts/writeSide.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { getInMemoryEventStore } from '../../eventStore/memory/inMemoryEventStore.js';
import { systemResolve } from './addresses.js';
import { createWebhookClient } from './client.js';
import { EndpointWorker, type WorkerDeps } from './endpointWorker.js';
import { createCollaborationLookup } from './payload.js';

/** Longer than any test: a worker that waits for its tick has missed the wake-up it was given. */
const TICK_MS = 60_000;

/**
 * One endpoint's worker (DOMAIN.md § Webhooks) woken by the log: an event appended while it is busy
 * is delivered without waiting for the next tick, and a wait for a retry stays a wait.
 */
describe('endpoint worker: waking up', () => {
  let store: EventStore;
  let write: WriteSide;
  let receiver: Receiver;
  let worker: EndpointWorker | undefined;
  let errors: unknown[];
  const client = createWebhookClient({
    policy: { allowHttp: true, allowPrivate: true },
    resolve: systemResolve,
  });

  afterAll(() => client.close());

  beforeEach(async () => {
    const catalog = createEventCatalog();
    store = getInMemoryEventStore({ catalog });
    write = createWriteSide({ store, catalog });
    receiver = await startReceiver();
    errors = [];
    await registerParties(write, T0, { sellers: ['s1'], creators: ['c1'] });
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await receiver.close();
    await store.close();
  });

  const propose = (collaborationId: string) =>
    write.collaboration({
      type: 'ProposeCollaboration',
      collaborationId,
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief({ scriptDueAt: day(10), publishDueAt: day(20) }),
      actor: sellerActor('s1'),
      now: T0,
    });
  const message = (collaborationId: string, messageId: string) =>
    write.collaboration({
      type: 'PostMessage',
      collaborationId,
      messageId,
      body: 'Draft attached, let me know',
      actor: creatorActor('c1'),
      now: T0,
    });
  const endpoint = (createdPosition: number): WebhookEndpointDoc => ({
    endpointId: 'e1',
    owner: { role: 'SELLER', id: 's1' },
    ownerKey: 'SELLER:s1',
    url: receiver.url,
    eventTypes: [],
    description: null,
    status: 'ACTIVE',
    disabledReason: null,
    failingSince: null,
    lastError: null,
    createdAt: T0,
    createdPosition,
    updatedAt: T0,
    generation: 1,
    previousValidUntil: null,
    replay: null,
  });
  const deps = (eventStore: EventStore, now: () => string = () => T0): WorkerDeps => ({
    eventStore,
    client,
    lookup: createCollaborationLookup(store),
    serviceSecret: () => Buffer.alloc(32, 7),
    now,
    retryForMs: 3 * 24 * 3_600_000,
    throttle: async () => {},
    write: async () => true,
    disable: async () => {},
    leaseLost: new AbortController().signal,
    onError: (error) => errors.push(error),
  });
  const until = async (check: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    return check();
  };

  it('delivers an event appended while it read the head at once, not at the next tick', async () => {
    const created = await propose('k1');
    let appendDuringRead = false;
    // The log as the worker sees it, with an append (and its wake-up) landing while the head is read.
    const racing = Object.create(store) as EventStore;
    racing.headPosition = async () => {
      const head = await store.headPosition();
      if (appendDuringRead) {
        appendDuringRead = false;
        await message('k1', 'm1');
        worker!.wake();
      }
      return head;
    };
    worker = new EndpointWorker(endpoint(Number(created.position) - 1), deps(racing), TICK_MS);
    worker.start(undefined);
    expect(await until(() => receiver.received.length === 1, 5_000)).toBe(true);
    appendDuringRead = true;
    worker.wake();
    expect(await until(() => receiver.received.length === 2, 5_000)).toBe(true);
    expect(receiver.received.map((d) => d.payload.type)).toEqual(['CollaborationProposed', 'MessagePosted']);
    expect(errors).toEqual([]);
  });

  it('waits for its next try when woken while an event is failing, rather than looping', async () => {
    const created = await propose('k1');
    receiver.answer(500);
    let clockReads = 0;
    // A loop that never yields would never let a timer fire: cut it off by the clock it keeps reading.
    const now = () => {
      if (++clockReads > 1_000) throw new Error('the worker loops without waiting');
      return T0;
    };
    worker = new EndpointWorker(endpoint(Number(created.position) - 1), deps(store, now), TICK_MS);
    worker.start(undefined);
    await until(() => clockReads > 0 && errors.length > 0, 300);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 5; i++) {
      await message('k1', `m${i}`);
      worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(errors).toEqual([]);
    expect(clockReads).toBeLessThan(100);
    expect(receiver.received).toEqual([]);
  });
});
