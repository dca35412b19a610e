import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../contexts/catalog.js';
import { GENESIS_HASH } from '../../core/event.js';
import { CorruptedEventError } from '../../core/errors.js';
import { canonicalJson, eventHash, verifyChain } from '../../core/hash.js';
import {
  chainHash,
  filterFor,
  fromPosition,
  isSystemStream,
  kindOf,
  splitMetadata,
  storedMetadata,
  storedProperties,
  toPosition,
  toRecorded,
  type StoredKurrentEvent,
} from './mapping.js';

/** The KurrentDB adapter's mapping, checked without a server. */
const catalog = createEventCatalog();
const metadata = { actor: 'u-s1', role: 'SELLER' as const, occurredAt: '2026-03-01T00:00:00.000Z' };
const data = { messageId: 'm-1', side: 'SELLER', body: 'Draft by Friday?', attachments: [] };

const stored = (
  overrides: Partial<StoredKurrentEvent> = {},
  ledger = { version: 1, prevHash: GENESIS_HASH, hash: 'h' },
) =>
  ({
    streamId: 'collaboration-k1',
    id: '0194f1b6-9c7a-7b6e-8f3a-2f8c1e4d5a6b',
    revision: 0n,
    type: 'MessagePosted',
    data,
    metadata: storedMetadata(metadata, ledger),
    created: new Date('2026-03-01T00:00:01.000Z'),
    position: { commit: 1_048_576n, prepare: 1_048_576n },
    ...overrides,
  }) satisfies StoredKurrentEvent;

describe('KurrentDB mapping', () => {
  it('takes the commit position as the global position, and reads $all from it back', () => {
    expect(toPosition({ commit: 1_048_576n, prepare: 1_048_576n })).toBe(1_048_576n);
    expect(fromPosition(1_048_576n)).toEqual({ commit: 1_048_576n, prepare: 1_048_576n });
    // Byte offsets far past any count of events: positions are compared, never counted.
    expect(toPosition({ commit: 2n ** 40n, prepare: 2n ** 40n }) > 1_048_576n).toBe(true);
  });

  it('filters on the server by one thing, and the rest — system streams included — in the client', () => {
    const byType = filterFor({
      eventTypes: ['MessagePosted', 'Rating.Given'],
      streamPrefixes: ['collaboration-'],
    });
    expect(byType.server).toEqual({ on: 'eventType', regex: '^(MessagePosted|Rating\\.Given)$' });
    expect(byType.accepts('collaboration-k1', 'MessagePosted')).toBe(true);
    expect(byType.accepts('creator-c1', 'MessagePosted')).toBe(false);
    expect(byType.accepts('collaboration-k1', 'CreatorRegistered')).toBe(false);
    expect(filterFor({ streamPrefixes: ['a-', 'b-'] }).server).toEqual({
      on: 'streamName',
      prefixes: ['a-', 'b-'],
    });
    const none = filterFor(undefined);
    expect(none.server).toEqual({ on: 'excludeSystem' });
    expect(none.accepts('$statistics-127.0.0.1:2113', '$statistics-collected')).toBe(false);
    expect(none.accepts('$$collaboration-k1', '$metadata')).toBe(false);
    expect(isSystemStream('$et-MessagePosted')).toBe(true);
    expect(none.accepts('collaboration-k1', 'MessagePosted')).toBe(true);
  });

  it('keeps the version and the hash chain in metadata, under a key of its own (no $ keys)', () => {
    const ledger = { version: 1, prevHash: GENESIS_HASH, hash: 'a'.repeat(64) };
    const kept = storedMetadata(metadata, ledger);
    expect(Object.keys(kept).some((k) => k.startsWith('$'))).toBe(false);
    expect(splitMetadata(kept)).toEqual({ metadata, ledger });
    expect(splitMetadata({ ...metadata }).ledger).toBeUndefined();
    expect(splitMetadata({ ...metadata, ledger: { version: '1' } }).ledger).toBeUndefined();
  });

  it('keeps them as string properties on an append to several streams, read back as the server answers them', () => {
    const ledger = { version: 1, prevHash: GENESIS_HASH, hash: 'a'.repeat(64) };
    const withKey = { ...metadata, idempotencyKey: 'k-1' };
    const properties = storedProperties(withKey, ledger);
    expect(Object.values(properties).every((value) => typeof value === 'string')).toBe(true);
    // A v1 read answers properties as JSON with the server's own keys added
    // (EventRecord.SynthesizeMetadataFromProperties).
    const answered = { ...properties, '$schema.name': 'MessagePosted', '$schema.format': 'Json' };
    expect(splitMetadata(answered)).toEqual({ metadata: withKey, ledger });
    expect(kindOf({ streamId: 'collaboration-k1', isJson: true, metadata: answered })).toBe('ours');
    // Another application's properties, whatever they hold, are not the ledger's.
    const theirs = { ledger: 'not json', '$schema.name': 'OrderShipped' };
    expect(kindOf({ streamId: 'shop-1', isJson: true, metadata: theirs })).toBe('foreign');
    // Metadata written as JSON keeps every key: nothing of it is the server's.
    expect(splitMetadata({ ...storedMetadata(metadata, ledger), $x: 1 }).metadata).toEqual({
      ...metadata,
      $x: 1,
    });
  });

  it('has event types the v2 protocol takes as schema names', () => {
    // SchemaNameValidator: ^[a-zA-Z0-9_.$:-]+$ (an append to several streams names the type so).
    for (const { type } of catalog.definitions) expect(type).toMatch(/^[a-zA-Z0-9_.$:-]+$/);
  });

  it('chains hashes exactly as the other adapters do, so one verifier checks them all', () => {
    const event = {
      id: '0194f1b6-9c7a-7b6e-8f3a-2f8c1e4d5a6b',
      type: 'MessagePosted',
      version: 1,
      data,
      metadata,
    };
    const first = chainHash(event, 'collaboration-k1', 0n);
    expect(first).toBe(
      eventHash({
        streamId: 'collaboration-k1',
        revision: 0n,
        id: event.id,
        type: 'MessagePosted',
        version: 1,
        dataJson: canonicalJson(data),
        metadataJson: canonicalJson(metadata),
        prevHash: GENESIS_HASH,
      }),
    );
    const second = chainHash(
      { ...event, id: '0194f1b6-9c7a-7b6e-8f3a-2f8c1e4d5a6c' },
      'collaboration-k1',
      1n,
      first,
    );
    const links = [
      { ...event, streamId: 'collaboration-k1', revision: 0n, prevHash: GENESIS_HASH, hash: first },
      {
        ...event,
        id: '0194f1b6-9c7a-7b6e-8f3a-2f8c1e4d5a6c',
        streamId: 'collaboration-k1',
        revision: 1n,
        prevHash: first,
        hash: second,
      },
    ];
    expect(verifyChain(links, GENESIS_HASH)).toEqual({ valid: true, eventsChecked: 2 });
  });

  it('maps a stored event to the port, and refuses one without its chain or its shape', () => {
    const recorded = toRecorded(stored(), catalog, true);
    expect(recorded).toMatchObject({
      streamId: 'collaboration-k1',
      revision: 0n,
      position: 1_048_576n,
      version: 1,
      data,
      metadata,
      prevHash: GENESIS_HASH,
      hash: 'h',
      recordedAt: '2026-03-01T00:00:01.000Z',
    });
    expect(() => toRecorded(stored({ metadata }), catalog, true)).toThrow(CorruptedEventError);
    expect(() => toRecorded(stored({ data: { ...data, body: 42 } }), catalog, true)).toThrow(
      CorruptedEventError,
    );
    expect(() => toRecorded(stored({ type: 'NoSuchEvent' }), catalog, true)).toThrow(CorruptedEventError);
  });
});
