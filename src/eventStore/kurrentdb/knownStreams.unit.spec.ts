import { describe, expect, it } from 'vitest';
import { KnownStreams, repeatOf } from './knownStreams.js';

const ids = (entries: [string, bigint][]) => new Map(entries);

describe('a repeated append, by event id', () => {
  const stored = ids([
    ['a', 0n],
    ['b', 1n],
    ['c', 2n],
  ]);
  it('is a repeat when its ids are stored in order from its first', () => {
    expect(repeatOf(stored, ['b', 'c'])).toEqual({ kind: 'repeat', from: 1n });
    expect(repeatOf(stored, ['a'])).toEqual({ kind: 'repeat', from: 0n });
  });
  it('is refused when only some are stored, or not in that order', () => {
    expect(repeatOf(stored, ['c', 'd'])).toEqual({ kind: 'partial' });
    expect(repeatOf(stored, ['d', 'a'])).toEqual({ kind: 'partial' });
    expect(repeatOf(stored, ['a', 'c'])).toEqual({ kind: 'partial' });
  });
  it('is new when none is stored', () => {
    expect(repeatOf(stored, ['d', 'e'])).toEqual({ kind: 'new' });
  });
});

describe('known streams', () => {
  it('keep what was read in revision order, and forget a stream read with a gap', () => {
    const known = new KnownStreams();
    known.add('s', [
      { id: 'a', revision: 0n, hash: 'h0' },
      { id: 'b', revision: 1n, hash: 'h1' },
    ]);
    expect(known.get('s')).toMatchObject({ revision: 1n, hash: 'h1' });
    known.add('s', [{ id: 'b', revision: 1n, hash: 'h1' }]);
    expect(known.get('s').ids.size).toBe(2);
    known.add('s', [{ id: 'd', revision: 3n, hash: 'h3' }]);
    expect(known.get('s').revision).toBeUndefined();
  });

  it('forget the streams used longest ago past their budget of ids', () => {
    const known = new KnownStreams(3);
    known.add('old', [{ id: 'a', revision: 0n, hash: 'h' }]);
    known.add('used', [{ id: 'b', revision: 0n, hash: 'h' }]);
    known.get('old');
    known.add('new', [
      { id: 'c', revision: 0n, hash: 'h' },
      { id: 'd', revision: 1n, hash: 'h' },
    ]);
    expect(known.get('used').revision).toBeUndefined();
    expect(known.get('old').revision).toBe(0n);
    expect(known.get('new').revision).toBe(1n);
  });
});
