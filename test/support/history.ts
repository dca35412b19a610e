import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide, type WriteSide } from '../../src/contexts/writeSide.js';
import type { RecordedEvent } from '../../src/core/event.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import type { CollectionName, Doc, ReadStore, UntypedDoc } from '../../src/readStore/readStore.js';
import { seedHistory, type SeedSize } from '../../scripts/seed/history.js';

/** A small but complete history (every kind of event), written through the real command path. */
export const TEST_SIZE: SeedSize = { creators: 30, sellers: 8, collaborations: 160 };

export const seededStore = async (
  size: SeedSize = TEST_SIZE,
  seed = 7,
): Promise<{ store: EventStore; write: WriteSide; events: RecordedEvent[] }> => {
  const catalog = createEventCatalog();
  const store = getInMemoryEventStore({ catalog });
  const write = createWriteSide({ store, catalog });
  await seedHistory(write, size, { seed });
  return { store, write, events: await store.readAll() };
};

/** Every document of a collection in a read store's active version, by id. */
export const allDocs = async <D extends Doc = UntypedDoc>(
  readStore: ReadStore,
  collection: CollectionName<D>,
): Promise<Map<string, D>> => {
  const docs = new Map<string, D>();
  let after: string | undefined;
  for (;;) {
    const page = await readStore.query(collection, { first: 1000, ...(after ? { after } : {}) });
    for (const item of page.items) docs.set(item.id, item.doc);
    if (!page.hasNextPage) return docs;
    after = page.endCursor!;
  }
};
