import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { EventCatalog, defineEvent } from './eventCatalog.js';
import { ValidationError } from './errors.js';
import { Enum, Instant } from './schema.js';

const v1 = defineEvent(
  'Thing',
  'test',
  Type.Object({ name: Type.String() }, { additionalProperties: false }),
);
const v2 = defineEvent(
  'Thing',
  'test',
  Type.Object({ name: Type.String(), size: Enum(['S', 'M']), at: Instant() }),
  {
    version: 2,
    history: [
      {
        version: 1,
        schema: v1.schema,
        upcast: (d) => ({ ...(d as object), size: 'M', at: '2026-01-01T00:00:00.000Z' }),
      },
    ],
  },
);
const catalog = new EventCatalog([v2]);

describe('event catalog', () => {
  it('validates data against the current version', () => {
    expect(() =>
      catalog.validate('Thing', 2, { name: 'a', size: 'S', at: '2026-01-01T00:00:00.000Z' }),
    ).not.toThrow();
  });
  it('names the offending path', () => {
    const error = (() => {
      try {
        catalog.validate('Thing', 2, { name: 'a', size: 'XL', at: '2026-01-01T00:00:00.000Z' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toMatchObject({ path: '/size' });
  });
  it('refuses timestamps that are not UTC instants', () => {
    expect(() => catalog.validate('Thing', 2, { name: 'a', size: 'S', at: '2026-01-01 10:00' })).toThrow(
      ValidationError,
    );
    expect(() =>
      catalog.validate('Thing', 2, { name: 'a', size: 'S', at: '2026-02-31T00:00:00.000Z' }),
    ).toThrow(ValidationError);
  });
  it('refuses unknown types and old versions at write', () => {
    expect(() => catalog.validate('Other', 1, {})).toThrow(ValidationError);
    expect(() => catalog.validate('Thing', 1, { name: 'a' })).toThrow(ValidationError);
  });
  it('upcasts older data step by step', () => {
    expect(catalog.upcast('Thing', 1, { name: 'a' })).toEqual({
      version: 2,
      data: { name: 'a', size: 'M', at: '2026-01-01T00:00:00.000Z' },
    });
    expect(catalog.upcast('Thing', 2, { name: 'b' })).toEqual({ version: 2, data: { name: 'b' } });
  });
  it('refuses a type defined twice', () => expect(() => new EventCatalog([v1, v2])).toThrow(/twice/));
});
