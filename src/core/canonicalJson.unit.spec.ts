import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { canonicalJson } from './hash.js';

describe('canonicalJson is RFC 8785 (JCS)', () => {
  it('writes what the reference implementation writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });
  it('sorts keys by UTF-16 code units, as JCS requires', () => {
    const value = { '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\u0080': 4, '\u00f6': 5, '1': 6, a: 7, A: 8 };
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });
  it('writes numbers as ECMAScript does', () => {
    const value = [1e21, 1e-7, 0.1 + 0.2, -0, Number('333333333.33333329'), 5e-324, 2 ** 53 + 2];
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });
  it('leaves out undefined properties, like JSON', () =>
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}'));
  it('refuses a lone surrogate but keeps pairs and escaped backslashes', () => {
    expect(() => canonicalJson({ s: 'x\ud800y' })).toThrow(ValidationError);
    expect(() => canonicalJson(['\udfff'])).toThrow(ValidationError);
    expect(canonicalJson({ s: '\ud83d\ude00' })).toBe('{"s":"\ud83d\ude00"}');
    expect(canonicalJson({ s: '\\ud800' })).toBe('{"s":"\\\\ud800"}');
  });
  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(ValidationError);
    expect(() => canonicalJson({ n: Infinity })).toThrow(ValidationError);
    expect(() => canonicalJson({ n: 1n })).toThrow(ValidationError);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => canonicalJson(circular)).toThrow(ValidationError);
  });
});
