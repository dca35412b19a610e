import { describe, expect, it } from 'vitest';
import { collection } from '../readStore/collection.js';
import type { StoredDoc } from '../readStore/readStore.js';
import { DocumentCache, ENTRY_CHARS, evictTogether } from './documentCache.js';

const nothingStored = () => Promise.resolve(new Map<string, StoredDoc>());

/** Ids of one length, so every document of these tests weighs the same. */
const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(3, '0')}`;
/** What one `{ id }` document with such an id weighs in the cache. */
const WEIGHT = JSON.stringify({ id: id('x', 0) }).length + ENTRY_CHARS;

/** One event at `position` touching the documents given: loads them (all absent here), then writes each. */
const touch = (cache: DocumentCache, position: bigint, ...keys: [string, string][]) => {
  cache.next(position);
  const ensured = cache.ensure(keys.map(([name, id]) => ({ collection: collection(name), id })));
  expect(typeof ensured).toBe('number');
  for (const [name, id] of keys) cache.set(name, id, { id }, position);
};

const held = (cache: DocumentCache, name: string, ids: string[]) =>
  ids.filter((id) => cache.reader.get(collection(name), id) !== undefined);

describe('DocumentCache eviction (segmented LRU within a budget of characters)', () => {
  it('lets documents touched once go before documents touched again, whatever their age', () => {
    const cache = new DocumentCache(nothingStored, { fresh: true, budgetChars: 10 * WEIGHT });
    // Two creators touched by ten events, each writing a change document; then ten more changes.
    let position = 0n;
    for (let i = 0; i < 20; i++) {
      position++;
      if (i < 10) touch(cache, position, ['creators', id('c', i % 2)], ['changes', id('x', i)]);
      else touch(cache, position, ['changes', id('x', i)]);
    }
    expect(cache.weight).toBe(22 * WEIGHT);
    const leaving = cache.evict();
    expect(cache.size).toBe(10);
    // The creators stay although ten change documents are more recent than either of them (a plain
    // LRU would keep those ten and let the creators go).
    expect(held(cache, 'creators', [id('c', 0), id('c', 1)])).toEqual([id('c', 0), id('c', 1)]);
    // The eight most recent change documents stay; the twelve others left, written out once.
    const kept = Array.from({ length: 8 }, (_, i) => id('x', 19 - i));
    expect(held(cache, 'changes', kept)).toEqual(kept);
    expect(leaving.map((c) => c.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => id('x', i)).sort());
  });

  it('keeps a fifth of the budget for documents touched once, however many are touched again', () => {
    const cache = new DocumentCache(nothingStored, { fresh: true, budgetChars: 10 * WEIGHT });
    let position = 0n;
    // 100 documents each touched twice, then one new document.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 100; i++) touch(cache, ++position, ['docs', id('d', i)]);
    }
    touch(cache, ++position, ['docs', id('n', 0)]);
    cache.evict();
    expect(cache.size).toBe(10);
    expect(held(cache, 'docs', [id('n', 0)])).toEqual([id('n', 0)]);
    // Of those touched again, the most recently used stay.
    expect(held(cache, 'docs', [id('d', 99), id('d', 98), id('d', 0)])).toEqual([id('d', 99), id('d', 98)]);
  });

  it('weighs documents by their size: a budget holds fewer large documents than small ones', () => {
    const cache = new DocumentCache(nothingStored, { fresh: true, budgetChars: 40_000 });
    let position = 0n;
    for (let i = 0; i < 100; i++) {
      cache.next(++position);
      cache.ensure([{ collection: collection('large'), id: id('l', i) }]);
      cache.set('large', id('l', i), { body: 'x'.repeat(2_000) }, position);
      cache.ensure([{ collection: collection('small'), id: id('s', i) }]);
      cache.set('small', id('s', i), { n: i }, position);
    }
    const large = JSON.stringify({ body: 'x'.repeat(2_000) }).length + ENTRY_CHARS;
    expect(cache.weight).toBeGreaterThan(100 * large);
    cache.evict();
    expect(cache.weight).toBeLessThanOrEqual(40_000 + large);
    // The most recent ones of both stay, whatever their size: by the budget, 19 events' worth.
    const ids = (prefix: string) => Array.from({ length: 100 }, (_, i) => id(prefix, i));
    const keptLarge = held(cache, 'large', ids('l'));
    expect(keptLarge.length).toBeGreaterThanOrEqual(15);
    expect(keptLarge.length).toBeLessThan(25);
    expect(held(cache, 'small', ids('s'))).toEqual(
      ids('s').filter((s) => keptLarge.includes(s.replace('s-', 'l-'))),
    );
  });

  it('shares one budget between caches: what was used longest ago goes, whichever cache holds it', () => {
    const a = new DocumentCache(nothingStored, { fresh: true });
    const b = new DocumentCache(nothingStored, { fresh: true });
    // Events 1–10 touch documents of a, events 11–20 documents of b (positions are the clock).
    for (let i = 1; i <= 10; i++) touch(a, BigInt(i), ['docs', id('a', i)]);
    for (let i = 11; i <= 20; i++) touch(b, BigInt(i), ['docs', id('b', i)]);
    const [fromA, fromB] = evictTogether([a, b], 10 * WEIGHT);
    expect(fromA!.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => id('a', i + 1)));
    expect(fromB).toEqual([]);
    expect(a.size + b.size).toBe(10);
  });

  it('answers each changed document once as it leaves, and knows in fresh mode what it stored', async () => {
    const loads: string[][] = [];
    const cache = new DocumentCache(
      (_, ids) => {
        loads.push([...ids]);
        return Promise.resolve(new Map(ids.map((id) => [id, { doc: { id, stored: true }, position: 1n }])));
      },
      { fresh: true, budgetChars: WEIGHT },
    );
    touch(cache, 1n, ['docs', id('a', 0)], ['docs', id('b', 0)]);
    touch(cache, 2n, ['docs', id('b', 0)]);
    const leaving = cache.evict();
    expect(leaving).toEqual([{ collection: 'docs', id: id('a', 0), doc: { id: id('a', 0) }, position: 1n }]);
    // Never stored: known absent without asking. Stored on eviction: loaded again.
    cache.next(3n);
    expect(cache.ensure([{ collection: collection('docs'), id: id('c', 0) }])).toBe(1);
    cache.next(4n);
    const again = cache.ensure([{ collection: collection('docs'), id: id('a', 0) }]);
    expect(await again).toBe(1);
    expect(loads).toEqual([[id('a', 0)]]);
  });
});

describe('DocumentCache weighing', () => {
  it('weighs the documents it may have to let go of, and not those of a cache that never lets go', () => {
    const weighed = new DocumentCache(nothingStored, { fresh: true });
    const unweighed = new DocumentCache(nothingStored, { fresh: true, weigh: false });
    for (const cache of [weighed, unweighed]) {
      for (let i = 0; i < 3; i++) touch(cache, BigInt(i + 1), ['changes', id('x', i)]);
    }
    expect(weighed.weight).toBe(3 * WEIGHT);
    // Its entries only: the documents were never turned into JSON to be measured.
    expect(unweighed.weight).toBe(3 * ENTRY_CHARS);
    expect(held(unweighed, 'changes', [id('x', 0), id('x', 2)])).toEqual([id('x', 0), id('x', 2)]);
  });
});
