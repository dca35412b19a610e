import { afterEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../contexts/catalog.js';
import { createWriteSide } from '../../contexts/writeSide.js';
import { getInMemoryEventStore } from '../../eventStore/memory/inMemoryEventStore.js';
import { getInMemoryReadStore } from '../../readStore/memory/inMemoryReadStore.js';
import { prepareDeliveryState } from './deliveryState.js';
import { createWebhookNotifier, type WebhookNotifier } from './notifier.js';

describe('the webhook notifier', () => {
  let notifier: WebhookNotifier | undefined;
  afterEach(async () => notifier?.stop());

  it('waits quietly for the endpoints read model on a fresh start, instead of failing each tick', async () => {
    const catalog = createEventCatalog();
    const eventStore = getInMemoryEventStore({ catalog });
    const readStore = getInMemoryReadStore();
    await prepareDeliveryState(readStore);
    const errors: unknown[] = [];
    notifier = createWebhookNotifier({
      eventStore,
      readStore,
      write: createWriteSide({ store: eventStore, catalog }),
      runner: { waitFor: () => Promise.resolve(true) },
      serviceSecret: () => Buffer.alloc(32, 1),
      policy: { allowHttp: false, allowPrivate: false },
      deliveriesPerSecondPerOwner: 0,
      tickMs: 20,
      holder: 'notifier-test',
      onError: (error) => errors.push(error),
    });
    notifier.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notifier.holding()).toBe(true);
    expect(errors).toEqual([]);
  });
});
