import { beforeAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../contexts/catalog.js';
import { createWriteSide } from '../contexts/writeSide.js';
import { eventHash } from '../core/hash.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getInMemoryEventStore } from '../eventStore/memory/inMemoryEventStore.js';
import { storedEventOf, type StoredEvent } from '../eventStore/storedEvent.js';
import { writeEveryEventType } from '../../test/support/everyEventType.js';
import { establishParties, readerAmong, readerOfHistory } from './parties.js';

/** Who the log says a collaboration's parties are, when parts of it were edited (src/audit/parties.ts). */

const catalog = createEventCatalog();

/** A stored event with its data's text edited, judged as a store would read it. */
const edited = (e: StoredEvent, edit: (text: string) => string): StoredEvent =>
  storedEventOf(catalog, { ...e, dataText: edit(e.dataText) });

/** A stored event's data replaced and its hash computed again: an edit that holds on its own. */
const forged = (e: StoredEvent, data: object): StoredEvent => {
  const dataText = JSON.stringify(data);
  const hash = eventHash({ ...e, dataJson: dataText, metadataJson: e.metadataText });
  return { ...storedEventOf(catalog, { ...e, dataText }), hash };
};

describe('the parties of a collaboration, from its log', () => {
  let store: EventStore;
  const stream = async (id: string) => store.readStoredStream(`collaboration-${id}`);
  beforeAll(async () => {
    store = getInMemoryEventStore({ catalog });
    await writeEveryEventType(createWriteSide({ store, catalog }));
  });

  it('are the proposal’s, the ratings’ and the link’s, when they agree', async () => {
    expect(await establishParties(store, 'k-every', await stream('k-every'))).toEqual({
      sellerId: 's1',
      creatorId: 'c1',
    });
  });

  it('are found through the creator’s link stream when the proposal no longer reads', async () => {
    const [proposal, ...rest] = await stream('k-declined');
    const unreadable = edited(proposal!, (t) => t.replace('"brief"', '"bRief"'));
    expect(unreadable.damage?.code).toBe('DATA_SHAPE');
    // Its creator id, read from the damaged proposal, only says where to look.
    expect(await establishParties(store, 'k-declined', [unreadable, ...rest])).toEqual({
      sellerId: 's1',
      creatorId: 'c1',
    });
  });

  it('name nobody from content that no longer gives its hash', async () => {
    const [proposal, ...rest] = await stream('k-declined');
    const changed = edited(proposal!, (t) => t.replace('"creatorId":"c1"', '"creatorId":"c2"'));
    expect(changed.damage).toBeUndefined();
    expect(await establishParties(store, 'k-declined', [changed, ...rest])).toEqual({
      sellerId: undefined,
      creatorId: undefined,
    });
    // A creator's own link stream still names it (and the seller).
    expect(await establishParties(store, 'k-declined', [changed, ...rest], 'c1')).toEqual({
      sellerId: 's1',
      creatorId: 'c1',
    });
    expect(await establishParties(store, 'k-declined', [changed, ...rest], 'c2')).toEqual({
      sellerId: undefined,
      creatorId: undefined,
    });
  });

  it('establish no side that two sources name differently', async () => {
    const [proposal, ...rest] = await stream('k-withdrawn');
    const data = JSON.parse(proposal!.dataText) as Record<string, unknown>;
    const rechained = forged(proposal!, { ...data, sellerId: 's2' });
    expect(await establishParties(store, 'k-withdrawn', [rechained, ...rest])).toEqual({
      sellerId: undefined,
      creatorId: 'c1',
    });
  });

  it('make readers of arbitrators and auditors always, of a party only when established', async () => {
    const parties = { sellerId: 's1', creatorId: undefined };
    const viewer = (role: 'SELLER' | 'CREATOR' | 'AUDITOR' | 'ARBITRATOR', id?: string) => ({
      userId: 'u',
      role,
      ...(role === 'SELLER' ? { sellerId: id } : role === 'CREATOR' ? { creatorId: id } : {}),
    });
    expect(readerAmong(viewer('AUDITOR'), parties)).toEqual({ everything: true });
    expect(readerAmong(viewer('ARBITRATOR'), parties)).toEqual({ everything: true });
    expect(readerAmong(viewer('SELLER', 's1'), parties)).toEqual({ everything: false, side: 'SELLER' });
    expect(readerAmong(viewer('SELLER', 's2'), parties)).toBeNull();
    expect(readerAmong(viewer('CREATOR', 'c1'), parties)).toBeNull();
    expect(readerAmong(viewer('SELLER'), { sellerId: undefined, creatorId: undefined })).toBeNull();
    // An auditor is a reader without a look at the parties, even of a log that names none.
    expect(await readerOfHistory(store, viewer('AUDITOR'), 'k-none', [])).toEqual({ everything: true });
  });
});
