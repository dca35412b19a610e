import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DomainEvent, Recorded } from '../core/event.js';
import { collection } from '../readStore/collection.js';
import type { Page, ReadStore, UntypedDoc } from '../readStore/readStore.js';
import { put, remove, type DocReader } from './projection.js';

interface Creator {
  readonly creatorId: string;
  readonly followers: number;
}
interface Seller {
  readonly sellerId: string;
}

const CREATORS = collection<Creator>('creators', { indexes: [{ field: 'followers', type: 'number' }] });
const SELLERS = collection<Seller>('sellers');

describe('a typed collection', () => {
  it('is, when run, its name and its indexes', () => {
    expect(CREATORS).toEqual({ name: 'creators', indexes: [{ field: 'followers', type: 'number' }] });
    expect(SELLERS).toEqual({ name: 'sellers', indexes: [] });
  });

  it('is written only with documents of its type', () => {
    const creator = { creatorId: 'c1', followers: 3 };
    expect(put(CREATORS, 'c1', creator)).toEqual({ collection: CREATORS, id: 'c1', doc: creator });
    expect(remove(SELLERS, 's1')).toEqual({ collection: SELLERS, id: 's1', doc: null });
    // @ts-expect-error a seller is not a creator
    put(CREATORS, 's1', { sellerId: 's1' });
    // @ts-expect-error a creator has its followers
    put(CREATORS, 'c1', { creatorId: 'c1' });
  });

  it('is read as its type, by a projection and from the read store', () => {
    const docs: DocReader = { get: () => undefined };
    expectTypeOf(docs.get(CREATORS, 'c1')).toEqualTypeOf<Creator | undefined>();
    const byHandle = (store: ReadStore) => store.query(CREATORS.name, { first: 10 });
    expectTypeOf(byHandle).returns.resolves.toEqualTypeOf<Page<Creator>>();
    // A bare name says nothing of the documents: their fields are to be checked.
    const byName = (store: ReadStore) => store.getMany('creators', ['c1']);
    expectTypeOf(byName).returns.resolves.toEqualTypeOf<(UntypedDoc | undefined)[]>();
  });
});

describe('a recorded event of a union', () => {
  type Event =
    DomainEvent<'Tagged', { readonly tag: string }> | DomainEvent<'Rated', { readonly score: number }>;

  it('keeps its type and data together, as the union does', () => {
    const size = (event: Recorded<Event>): number =>
      event.type === 'Tagged' ? event.data.tag.length : event.data.score;
    const tagged = { type: 'Tagged', data: { tag: 'skincare' } } as const;
    expect(size({ ...tagged, ...envelope })).toBe(8);
    expectTypeOf<Extract<Recorded<Event>, { type: 'Rated' }>['data']>().toEqualTypeOf<{
      readonly score: number;
    }>();
    expectTypeOf<Recorded<Event>['streamId']>().toEqualTypeOf<string>();
  });
});

const envelope = {
  id: '00000000-0000-4000-8000-000000000001',
  version: 1,
  metadata: { actor: 'u1', role: 'SELLER', occurredAt: '2026-01-01T00:00:00.000Z' },
  streamId: 's-1',
  revision: 0n,
  position: 1n,
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '0'.repeat(64),
  hash: '0'.repeat(64),
} as const;
