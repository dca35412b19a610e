import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../contexts/catalog.js';
import { SimulatedKurrentDB } from '../../../test/support/kurrentdb/simulatedKurrentDB.js';
import { messages } from '../../../test/support/events.js';
import { getKurrentDBEventStore, type KurrentDBEventStoreOptions } from './kurrentdbEventStore.js';

/**
 * The adapter's decisions over the answers the client gives, without a server: a simulated node
 * (test/support/kurrentdb) answers as KurrentDB's source says it does. The contract suite runs the
 * same against a real server when KURRENTDB_TEST_URL is set.
 */
const catalog = createEventCatalog();
const open = (server = new SimulatedKurrentDB(), options: Partial<KurrentDBEventStoreOptions> = {}) => ({
  server,
  store: getKurrentDBEventStore({
    connectionString: 'kurrentdb://simulated:2113?tls=false',
    catalog,
    client: server.client(),
    ...options,
  }),
});

describe('KurrentDB event store, over a simulated server', () => {
  describe('reading $all backwards from a position', () => {
    it('includes the event at that position, as the port says (the server leaves it out)', async () => {
      const { store } = open();
      const written = await store.append('collaboration-k1', messages(3));
      const [first, second] = written.events;
      const positions = async (options: Parameters<typeof store.readAll>[0]) =>
        (await store.readAll(options)).map((e) => e.position);
      expect(
        await positions({
          direction: 'backwards',
          fromPosition: second!.position,
          filter: { streamPrefixes: ['collaboration-'] },
        }),
      ).toEqual([second!.position, first!.position]);
      expect(
        await positions({ direction: 'backwards', fromPosition: second!.position, maxCount: 1 }),
      ).toEqual([second!.position]);
      // An event at the position that the filter refuses is not read.
      expect(
        await positions({
          direction: 'backwards',
          fromPosition: second!.position,
          filter: { streamPrefixes: ['creator-'] },
        }),
      ).toEqual([]);
      await store.close();
    });
  });
});
