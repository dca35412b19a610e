import { createHash, createHmac, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// Random bytes drawn 4 KiB at a time: one CSPRNG call per 256 ids instead of one per id.
const pool = Buffer.alloc(16 * 256);
let offset = pool.length;
const randomBytes16 = (): Uint8Array => {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 16;
  return pool.subarray(offset - 16, offset);
};

/**
 * A new event id: UUID version 7 (RFC 9562), ordered by time, so the store's unique index on event
 * ids grows at its end instead of at random places.
 */
export const newId = (): string => v7({ random: randomBytes16() });

/** The first 16 bytes as an RFC 9562 version 8 UUID. */
const asUuid = (bytes: Buffer): string => {
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * A UUID (RFC 9562 version 8, name-based) derived from its parts, so that re-deciding the same
 * command with the same idempotency key yields the same event ids and the store can deduplicate.
 */
export const deterministicUuid = (...parts: string[]): string =>
  asUuid(createHash('sha256').update(parts.join('\u0000')).digest());

/**
 * A UUID derived from its parts under a secret (HMAC-SHA256): the same parts give the same id, so a
 * retried command finds the stream its first attempt wrote, yet nobody without the secret can
 * compute (and take first) the id another caller's retry will use.
 */
export const keyedUuid = (secret: Uint8Array, ...parts: string[]): string =>
  asUuid(createHmac('sha256', secret).update(parts.join('\u0000')).digest());
