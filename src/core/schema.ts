import { Type, type TSchema } from '@sinclair/typebox';

/**
 * Schema building blocks shared by every event catalog entry. Each becomes plain JSON Schema in
 * `schema/events/`, validated with exactly what is published there (src/core/jsonSchema.ts): where
 * the service is stricter than a format (UTC only, web links only), the schema says so itself.
 */

/** An identifier chosen by the caller: letters, digits, `-`, `_`, `.`, `:`; 1–80 characters. */
export const Id = (description = 'Identifier') =>
  Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$', description });

/** An instant in UTC, ISO-8601 with `Z` (what `Date.prototype.toISOString` prints): a real date-time, in UTC. */
export const Instant = (description = 'UTC instant') =>
  Type.String({
    format: 'date-time',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z$',
    description,
  });

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

/** A web link: an RFC 3986 URI (no spaces, no stray characters) with the http or https scheme. */
export const Url = () => Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 });

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
