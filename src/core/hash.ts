import { hash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import { ValidationError } from './errors.js';

const stableStringify = configure({ deterministic: true, circularValue: Error, bigint: false, strict: true });

/** A `\uD800`–`\uDFFF` escape not itself escaped: JSON.stringify's spelling of a lone surrogate. */
const LONE_SURROGATE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/i;

/**
 * The canonical encoding hashed into the chain: RFC 8785 JSON Canonicalization Scheme (JCS), so that
 * anyone can re-derive an event's hash from its JSON with any JCS implementation.
 *
 * For JSON data (what the catalog lets through) JCS is: no whitespace, object keys sorted by UTF-16
 * code units, strings and numbers as ECMAScript's JSON.stringify writes them, and no lone surrogates.
 * safe-stable-stringify in deterministic, strict mode writes exactly that, several times faster than
 * the reference implementation (hash.unit.spec.ts checks them against each other on random JSON).
 */
export const canonicalJson = (value: unknown): string => {
  let text: string | undefined;
  try {
    text = stableStringify(value);
  } catch (error) {
    throw new ValidationError(`Value cannot be encoded canonically: ${(error as Error).message}`);
  }
  if (text === undefined) throw new ValidationError('Value cannot be encoded canonically');
  // RFC 8785 § 3.2.2.2: strings must be valid Unicode.
  if (text.includes('\\u') && LONE_SURROGATE.test(text)) {
    throw new ValidationError('Value cannot be encoded canonically: lone surrogate in a string');
  }
  return text;
};

/** Node's one-shot hash: half the time of a `createHash` object for an event's few hundred bytes. */
export const sha256Hex = (input: string | Uint8Array): string => hash('sha256', input, 'hex');

/** The fields of an event covered by its hash. Position and recordedAt are not: they are the store's. */
export interface HashedFields {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly version: number;
  /** `data` already in canonical JSON. */
  readonly dataJson: string;
  /** `metadata` already in canonical JSON. */
  readonly metadataJson: string;
  readonly prevHash: string;
}

/**
 * JCS of `{ data, id, metadata, prevHash, revision, streamId, type, version }` (revision as a decimal
 * string), assembled from parts that are canonical already. JCS orders keys by UTF-16 code units; the
 * keys here are ASCII, so the order below is that order. `canonicalEventText` must stay byte-equal to
 * `canonicalJson` of the same object (hash.unit.spec.ts checks it).
 */
export const canonicalEventText = (e: HashedFields): string =>
  `{"data":${e.dataJson},"id":${JSON.stringify(e.id)},"metadata":${e.metadataJson},` +
  `"prevHash":${JSON.stringify(e.prevHash)},"revision":"${e.revision.toString()}",` +
  `"streamId":${JSON.stringify(e.streamId)},"type":${JSON.stringify(e.type)},"version":${e.version}}`;

export const eventHash = (e: HashedFields): string => sha256Hex(canonicalEventText(e));

/** An event as it was stored (before any upcasting), enough to check its place in the chain. */
export interface ChainLink {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: unknown;
  /** The data exactly as stored, when the store keeps it as canonical text: checked byte for byte. */
  readonly dataJson?: string;
  readonly metadataJson?: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Why a chain breaks where it does, as a stable code (an interface puts it in words; `reason` says it
 * in English): a revision missing from the log, one out of order, a `prevHash` that is not the
 * previous event's hash, content that cannot be encoded canonically, content that no longer gives its
 * hash.
 */
export const CHAIN_BREAKS = [
  'MISSING_REVISION',
  'OUT_OF_ORDER',
  'LINK_BROKEN',
  'NOT_ENCODABLE',
  'CONTENT_CHANGED',
] as const;
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

export interface ChainVerification {
  readonly valid: boolean;
  readonly eventsChecked: number;
  /** The first revision whose content, hash or link does not hold; absent when valid. */
  readonly firstBrokenRevision?: bigint;
  /** Why it breaks there; absent when valid. */
  readonly code?: ChainBreak;
  readonly reason?: string;
}

/** A chain broken because `revision` is not in the log (nothing at or after it was checked). */
export const missingRevision = (revision: bigint, eventsChecked: number): ChainVerification => ({
  valid: false,
  eventsChecked,
  firstBrokenRevision: revision,
  code: 'MISSING_REVISION',
  reason: `revision ${revision} is missing from the log`,
});

/**
 * Re-derives every hash of one stream's events, in revision order, from their content, and checks
 * that each links to the previous one and that revisions are gapless from 0.
 */
export const verifyChain = (links: Iterable<ChainLink>, genesisHash: string): ChainVerification => {
  let expectedPrev = genesisHash;
  let expectedRevision = 0n;
  let checked = 0;
  for (const link of links) {
    checked++;
    const broken = (code: ChainBreak, reason: string): ChainVerification => ({
      valid: false,
      eventsChecked: checked,
      firstBrokenRevision: link.revision,
      code,
      reason,
    });
    // A gap: the first revision that should be here is the broken one.
    if (link.revision > expectedRevision) return missingRevision(expectedRevision, checked - 1);
    if (link.revision !== expectedRevision)
      return broken('OUT_OF_ORDER', `expected revision ${expectedRevision}`);
    if (link.prevHash !== expectedPrev)
      return broken('LINK_BROKEN', 'prevHash does not match the previous event hash');
    let recomputed: string;
    try {
      recomputed = eventHash({
        streamId: link.streamId,
        revision: link.revision,
        id: link.id,
        type: link.type,
        version: link.version,
        dataJson: link.dataJson ?? canonicalJson(link.data),
        metadataJson: link.metadataJson ?? canonicalJson(link.metadata),
        prevHash: link.prevHash,
      });
    } catch {
      return broken('NOT_ENCODABLE', 'content cannot be encoded');
    }
    if (recomputed !== link.hash) return broken('CONTENT_CHANGED', 'content does not match its hash');
    expectedPrev = link.hash;
    expectedRevision++;
  }
  return { valid: true, eventsChecked: checked };
};
