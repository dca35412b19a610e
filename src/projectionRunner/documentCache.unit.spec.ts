import { describe, expect, it } from 'vitest';
import type { StoredDoc } from '../readStore/readStore.js';
import { DocumentCache } from './documentCache.js';

const nothingStored = () => Promise.resolve(new Map<string, StoredDoc>());

/** One event touching the documents given: loads them (all absent here), then writes each. */
const touch = (cache: DocumentCache, position: bigint, ...keys: [string, string][]) => {
  cache.next();
  const ensured = cache.ensure(keys.map(([collection, id]) => ({ collection, id })));
  expect(typeof ensured).toBe('number');
  for (const [collection, id] of keys)
    cache.set(collection, id, { id, position: Number(position) }, position);
};

const held = (cache: DocumentCache, collection: string, ids: string[]) =>
  ids.filter((id) => cache.reader.get(collection, id) !== undefined);

describe('DocumentCache eviction (segmented LRU)', () => {
  it('lets documents touched once go before documents touched again, whatever their age', () => {
    const cache = new DocumentCache(nothingStored, { fresh: true });
    // Two creators touched by ten events, each writing a change document; then ten more changes.
    let position = 0n;
    for (let i = 0; i < 20; i++) {
      position++;
      if (i < 10) touch(cache, position, ['creators', `c-${i % 2}`], ['changes', `x-${i}`]);
      else touch(cache, position, ['changes', `x-${i}`]);
    }
    const leaving = cache.evict(10);
    expect(cache.size).toBe(10);
    // The creators stay although ten change documents are more recent than either of them (a plain
    // LRU would keep those ten and let the creators go).
    expect(held(cache, 'creators', ['c-0', 'c-1'])).toEqual(['c-0', 'c-1']);
    // The eight most recent change documents stay; the twelve others left, written out once.
    const kept = Array.from({ length: 8 }, (_, i) => `x-${19 - i}`);
    expect(held(cache, 'changes', kept)).toEqual(kept);
    expect(leaving.map((c) => c.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `x-${i}`).sort());
  });

  it('keeps a fifth of the bound for documents touched once, however many are touched again', () => {
    const cache = new DocumentCache(nothingStored, { fresh: true });
    let position = 0n;
    // 100 documents each touched twice, then one new document.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 100; i++) touch(cache, ++position, ['docs', `d-${i}`]);
    }
    touch(cache, ++position, ['docs', 'new']);
    cache.evict(10);
    expect(cache.size).toBe(10);
    expect(held(cache, 'docs', ['new'])).toEqual(['new']);
    // Of those touched again, the most recently used stay.
    expect(held(cache, 'docs', ['d-99', 'd-98', 'd-0'])).toEqual(['d-99', 'd-98']);
  });

  it('answers each changed document once as it leaves, and knows in fresh mode what it stored', async () => {
    const loads: string[][] = [];
    const cache = new DocumentCache(
      (_, ids) => {
        loads.push([...ids]);
        return Promise.resolve(new Map(ids.map((id) => [id, { doc: { id, stored: true }, position: 1n }])));
      },
      { fresh: true },
    );
    touch(cache, 1n, ['docs', 'a'], ['docs', 'b']);
    touch(cache, 2n, ['docs', 'b']);
    const leaving = cache.evict(1);
    expect(leaving).toEqual([{ collection: 'docs', id: 'a', doc: { id: 'a', position: 1 }, position: 1n }]);
    // Never stored: known absent without asking. Stored on eviction: loaded again.
    cache.next();
    expect(cache.ensure([{ collection: 'docs', id: 'c' }])).toBe(1);
    cache.next();
    const again = cache.ensure([{ collection: 'docs', id: 'a' }]);
    expect(await again).toBe(1);
    expect(loads).toEqual([['a']]);
  });
});
