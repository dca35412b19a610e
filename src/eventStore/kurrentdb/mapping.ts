import { GENESIS_HASH, type EventMetadata, type RecordedEvent } from '../../core/event.js';
import { CorruptedEventError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { canonicalJson, eventHash } from '../../core/hash.js';
import { metadataFitsStored } from '../../core/metadata.js';
import type { EventFilter } from '../eventStore.js';
import { shapeDamage, type StoredEvent } from '../storedEvent.js';

/**
 * The pure half of the KurrentDB adapter: how the port's notions map onto KurrentDB's and back.
 * No client import here (unit-tested without a server).
 */

/** KurrentDB's place of a record in the log. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/**
 * The port's position is KurrentDB's commit position. Since KurrentDB 20, an event appended over gRPC
 * is a record of its own whose commit and prepare positions are equal; positions are byte offsets:
 * sparse, not counted from 1, ordered as $all is. Nothing ever computes a position by adding to one.
 */
export const toPosition = (position: LogPosition): bigint => position.commit;

/** Where to start reading $all for a port position. */
export const fromPosition = (position: bigint): LogPosition => ({ commit: position, prepare: position });

/** System streams ($-prefixed) hold KurrentDB's own events: never the service's. */
export const isSystemStream = (streamId: string): boolean => streamId.startsWith('$');

/**
 * What a record of $all is to the service: the server's own (a system stream), the service's (JSON
 * carrying the ledger's fields), or another application's: KurrentDB is a shared log, and anyone
 * may write JSON or binary events to any other stream.
 */
export type RecordKind = 'system' | 'ours' | 'foreign';

export const kindOf = (record: { streamId: string; isJson: boolean; metadata: unknown }): RecordKind =>
  isSystemStream(record.streamId)
    ? 'system'
    : record.isJson && splitMetadata(record.metadata).ledger
      ? 'ours'
      : 'foreign';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A server-side filter for a port filter (KurrentDB takes one: event types by regex, or stream
 * prefixes; and not combined with excluding system events), and the predicate that applies the
 * rest in the client. Every event read goes through the predicate.
 */
export const filterFor = (
  filter: EventFilter | undefined,
): {
  readonly server:
    | { readonly on: 'eventType'; readonly regex: string }
    | { readonly on: 'streamName'; readonly prefixes: readonly string[] }
    | { readonly on: 'excludeSystem' };
  readonly accepts: (streamId: string, type: string) => boolean;
} => {
  const types = filter?.eventTypes && filter.eventTypes.length > 0 ? new Set(filter.eventTypes) : undefined;
  const prefixes =
    filter?.streamPrefixes && filter.streamPrefixes.length > 0 ? filter.streamPrefixes : undefined;
  const accepts = (streamId: string, type: string) =>
    !isSystemStream(streamId) &&
    (!types || types.has(type)) &&
    (!prefixes || prefixes.some((p) => streamId.startsWith(p)));
  if (types) {
    return { server: { on: 'eventType', regex: `^(${[...types].map(escapeRegex).join('|')})$` }, accepts };
  }
  if (prefixes) return { server: { on: 'streamName', prefixes }, accepts };
  return { server: { on: 'excludeSystem' }, accepts };
};

/**
 * What the service adds to an event's metadata in KurrentDB (no `$` keys: those are KurrentDB's):
 * the schema version of its data and its place in its stream's hash chain.
 */
export interface LedgerFields {
  readonly version: number;
  readonly prevHash: string;
  readonly hash: string;
}

export const storedMetadata = (metadata: EventMetadata, ledger: LedgerFields) => ({ ...metadata, ledger });

/**
 * The same as the properties of a record appended over KurrentDB's v2 protocol (its append to
 * several streams): strings only (the client refuses anything else: multiStreamAppend.js), so the
 * ledger's fields go as one JSON string. The server stores them as a protobuf Struct, and a v1 read
 * answers that as the event's metadata JSON with its own "$schema.name" and "$schema.format" added
 * (EventRecord.SynthesizeMetadataFromProperties): {@link splitMetadata} reads both forms.
 */
export const storedProperties = (metadata: EventMetadata, ledger: LedgerFields): Record<string, string> => {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string') properties[key] = value;
  }
  properties.ledger = JSON.stringify(ledger);
  return properties;
};

const ledgerOf = (value: unknown): LedgerFields | undefined =>
  value !== null &&
  typeof value === 'object' &&
  Number.isInteger((value as LedgerFields).version) &&
  typeof (value as LedgerFields).prevHash === 'string' &&
  typeof (value as LedgerFields).hash === 'string'
    ? (value as LedgerFields)
    : undefined;

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * Splits stored metadata into the event's metadata and the ledger's fields (undefined if absent).
 * Metadata written as properties ({@link storedProperties}: the ledger's fields a string) comes
 * back with the server's `$` keys added, which are not the event's and are left out.
 */
export const splitMetadata = (stored: unknown): { metadata: unknown; ledger: LedgerFields | undefined } => {
  if (stored === null || typeof stored !== 'object') return { metadata: stored, ledger: undefined };
  const { ledger, ...metadata } = stored as { ledger?: unknown } & Record<string, unknown>;
  if (typeof ledger !== 'string') return { metadata, ledger: ledgerOf(ledger) };
  const own = Object.fromEntries(Object.entries(metadata).filter(([key]) => !key.startsWith('$')));
  return { metadata: own, ledger: ledgerOf(parsed(ledger)) };
};

/** A KurrentDB event as the adapter reads it (the client's shape, reduced to what is used). */
export interface StoredKurrentEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
  readonly position: LogPosition;
}

/**
 * A stored event as the port's RecordedEvent: its version and chain from the ledger fields, its
 * data checked for its type's shape (else CorruptedEventError, as the other adapters answer), and
 * upcast unless raw.
 */
export const toRecorded = (
  event: StoredKurrentEvent,
  catalog: EventCatalog,
  upcast: boolean,
): RecordedEvent => {
  const position = toPosition(event.position);
  const { metadata, ledger } = splitMetadata(event.metadata);
  if (
    !ledger ||
    !catalog.fitsStored(event.type, ledger.version, event.data) ||
    !metadataFitsStored(metadata)
  ) {
    throw new CorruptedEventError(event.streamId, event.revision, position);
  }
  const { version, data } = upcast
    ? catalog.upcast(event.type, ledger.version, event.data)
    : { version: ledger.version, data: event.data };
  return {
    id: event.id,
    type: event.type,
    version,
    data,
    metadata: metadata as EventMetadata,
    streamId: event.streamId,
    revision: event.revision,
    position,
    recordedAt: event.created.toISOString(),
    prevHash: ledger.prevHash,
    hash: ledger.hash,
  };
};

/** Decoded content as text: its canonical JSON (what its hash covers), or as near as it encodes. */
const textOf = (value: unknown): string => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  try {
    return canonicalJson(value);
  } catch {
    return String(JSON.stringify(value));
  }
};

/**
 * A stored event as it is, damage included (the port's `readStoredStream`). KurrentDB's client
 * hands out data that does not decode as the text itself, and metadata that does not decode as its
 * bytes (convertRustEvent.js): the service writes neither, so either is data or metadata that no
 * longer decodes. Without the ledger's fields its version and chain are unknown (-1, empty).
 */
export const toStored = (event: StoredKurrentEvent, catalog: EventCatalog): StoredEvent => {
  const undecodedMetadata = event.metadata instanceof Uint8Array;
  const { metadata, ledger } = undecodedMetadata
    ? { metadata: undefined, ledger: undefined }
    : splitMetadata(event.metadata);
  const undecodedData = typeof event.data === 'string';
  const stored = {
    streamId: event.streamId,
    revision: event.revision,
    position: toPosition(event.position),
    id: event.id,
    type: event.type,
    version: ledger?.version ?? -1,
    recordedAt: event.created.toISOString(),
    prevHash: ledger?.prevHash ?? '',
    hash: ledger?.hash ?? '',
    dataText: undecodedData ? (event.data as string) : textOf(event.data),
    metadataText: undecodedMetadata ? textOf(event.metadata) : textOf(metadata),
    data: undecodedData ? undefined : event.data,
    metadata,
  };
  const damage: StoredEvent['damage'] = undecodedData
    ? { code: 'DATA_NOT_JSON', detail: 'its data does not decode as JSON' }
    : undecodedMetadata
      ? { code: 'METADATA_NOT_JSON', detail: 'its metadata does not decode as JSON' }
      : !ledger
        ? { code: 'METADATA_SHAPE', detail: '/ledger: the version and hash chain are missing' }
        : shapeDamage(catalog, stored);
  return { ...stored, damage };
};

/** The hash of an event about to be appended at `revision` after `prevHash`. */
export const chainHash = (
  event: { id: string; type: string; version: number; data: unknown; metadata: EventMetadata },
  streamId: string,
  revision: bigint,
  prevHash: string = GENESIS_HASH,
): string =>
  eventHash({
    streamId,
    revision,
    id: event.id,
    type: event.type,
    version: event.version,
    dataJson: canonicalJson(event.data),
    metadataJson: canonicalJson(event.metadata),
    prevHash,
  });
