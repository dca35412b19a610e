import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';

/** ISO-8601 instants; read as Date, written as `toISOString()` strings. */
export const DateTime = DateTimeResolver;
/** Integers up to 2^53 − 1: money in minor units and large counts do not fit GraphQL's 32-bit Int. */
export const SafeInt = SafeIntResolver;

export const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();
