import { FormatRegistry, Type, type TSchema } from '@sinclair/typebox';

/**
 * Schema building blocks shared by every event catalog entry. Each becomes plain JSON Schema in
 * `schema/events/`, so the formats used here are registered with the validator below.
 */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** A real instant: the shape, and a calendar date that exists (no 31 February). */
export const isInstant = (value: string): boolean => {
  if (!INSTANT.test(value)) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
};
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isInstant);
if (!FormatRegistry.Has('uri')) {
  FormatRegistry.Set('uri', (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  });
}

/** An identifier chosen by the caller: letters, digits, `-`, `_`, `.`, `:`; 1–80 characters. */
export const Id = (description = 'Identifier') =>
  Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$', description });

/** An instant in UTC, ISO-8601 with `Z` (what `Date.prototype.toISOString` prints). */
export const Instant = (description = 'UTC instant') => Type.String({ format: 'date-time', description });

export const Text = (maxLength: number, description?: string, minLength = 1) =>
  Type.String({ minLength, maxLength, ...(description ? { description } : {}) });

/** ISO 3166-1 alpha-2. */
export const CountryCode = () => Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });

/** ISO 639-1 language, optionally with a region (`en`, `pt-BR`). */
export const LanguageCode = () =>
  Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'ISO 639-1 language, optional region' });

export const CurrencyCode = () => Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });

export const Sha256 = (description = 'SHA-256, lowercase hex') =>
  Type.String({ pattern: '^[0-9a-f]{64}$', description });

export const Url = () => Type.String({ format: 'uri', maxLength: 2048 });

/** A count that never goes below zero. */
export const Count = (description?: string) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...(description ? { description } : {}) });

/** Money in integer minor units (cents) of an ISO currency: never floats. */
export const Money = () =>
  Type.Object(
    { amountMinor: Count('Integer amount in minor units'), currency: CurrencyCode() },
    { additionalProperties: false },
  );

export const Enum = <const T extends readonly [string, ...string[]]>(values: T, description?: string) =>
  // A union of literals (validated as such), typed as the union of the values.
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((value) => Type.Literal(value)),
      description ? { description } : {},
    ),
  );

/** A closed object: unknown properties are refused, so typos never reach the log. */
export const Closed = <P extends Parameters<typeof Type.Object>[0]>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

export type { TSchema };
