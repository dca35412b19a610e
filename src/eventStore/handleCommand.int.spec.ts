import { beforeEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../contexts/catalog.js';
import { collaborationStreamId } from '../contexts/collaboration/collaboration.decide.js';
import { createWriteSide, type WriteSide } from '../contexts/writeSide.js';
import { DomainError } from '../core/errors.js';
import { CREATOR, SELLER, T0, aBrief, day } from '../../test/support/collaborationFixtures.js';
import type { EventStore } from './eventStore.js';
import { getInMemoryEventStore } from './memory/inMemoryEventStore.js';

describe('command handling: load → decide → append', () => {
  let store: EventStore;
  let write: WriteSide;

  beforeEach(async () => {
    const catalog = createEventCatalog();
    store = getInMemoryEventStore({ catalog });
    write = createWriteSide({ store, catalog });
    await write.seller({
      type: 'RegisterSeller',
      sellerId: 's1',
      profile: { name: 'Glow Labs', country: 'CN' },
      actor: SELLER,
      now: T0,
    });
    await write.creator({
      type: 'RegisterCreator',
      creatorId: 'c1',
      profile: {
        displayName: 'Mia',
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 5000 }],
      },
      actor: CREATOR,
      now: T0,
    });
  });

  const propose = (id = 'k1', options = {}) =>
    write.collaboration(
      {
        type: 'ProposeCollaboration',
        collaborationId: id,
        sellerId: 's1',
        creatorId: 'c1',
        brief: aBrief(),
        actor: SELLER,
        now: T0,
      },
      options,
    );
  const post = (n: number, options = {}) =>
    write.collaboration(
      {
        type: 'PostMessage',
        collaborationId: 'k1',
        messageId: `msg-${n}`,
        body: `Message ${n}`,
        actor: SELLER,
        now: day(1),
      },
      options,
    );

  it('records who, in which role, when, and the correlation', async () => {
    const result = await propose('k1', { correlationId: 'req-1' });
    expect(result.events[0]!.metadata).toEqual({
      actor: 'u-s1',
      role: 'SELLER',
      occurredAt: T0,
      correlationId: 'req-1',
    });
    expect(result.state.status).toBe('PROPOSED');
    expect(result.position).toBe(await store.headPosition());
  });

  it('returns the first result for a retried command with the same idempotency key, appending nothing', async () => {
    await propose();
    const first = await post(1, { idempotencyKey: 'key-1' });
    const head = await store.headPosition();
    const retried = await post(1, { idempotencyKey: 'key-1' });
    expect(retried.deduplicated).toBe(true);
    expect(retried.position).toBe(first.position);
    expect(retried.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(await store.headPosition()).toBe(head);
  });

  it('deduplicates two identical retries racing each other', async () => {
    await propose();
    const [a, b] = await Promise.all([
      post(1, { idempotencyKey: 'race' }),
      post(1, { idempotencyKey: 'race' }),
    ]);
    expect(a.events.map((e) => e.id)).toEqual(b.events.map((e) => e.id));
    expect(
      (await store.readStream(collaborationStreamId('k1'))).filter((e) => e.type === 'MessagePosted'),
    ).toHaveLength(1);
  });

  it('decides again on a conflict, so concurrent commands all land in order', async () => {
    await propose();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i)));
    expect(results.every((r) => !r.deduplicated)).toBe(true);
    const stream = await store.readStream(collaborationStreamId('k1'));
    expect(stream.filter((e) => e.type === 'MessagePosted')).toHaveLength(20);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
  });

  it('appends nothing when a rule refuses', async () => {
    await propose();
    const head = await store.headPosition();
    await expect(
      write.collaboration({ type: 'ApproveScript', collaborationId: 'k1', actor: SELLER, now: day(1) }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await store.headPosition()).toBe(head);
  });

  it('looks up the seller library before a proposal: a blocked creator is refused', async () => {
    await write.sellerLibrary({
      type: 'BlockCreator',
      sellerId: 's1',
      creatorId: 'c1',
      reason: 'Missed deadlines',
      actor: SELLER,
      now: T0,
    });
    await expect(propose('k2')).rejects.toMatchObject({ code: 'CREATOR_BLOCKED' });
    await expect(
      write.sellerLibrary({
        type: 'TagCreator',
        sellerId: 's1',
        creatorId: 'nobody',
        tag: 'x',
        actor: SELLER,
        now: T0,
      }),
    ).rejects.toMatchObject({ code: 'CREATOR_NOT_FOUND' });
  });

  it('refuses a proposal to an unregistered creator', async () => {
    await expect(
      write.collaboration({
        type: 'ProposeCollaboration',
        collaborationId: 'k3',
        sellerId: 's1',
        creatorId: 'ghost',
        brief: aBrief(),
        actor: SELLER,
        now: T0,
      }),
    ).rejects.toMatchObject({ code: 'CREATOR_NOT_FOUND' });
  });
});
