import type { EventMetadata, RecordedEvent } from '../core/event.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import { metadataShapeError } from '../core/metadata.js';

/**
 * A stored event exactly as the log holds it, damage included: what an audit reads
 * ({@link EventStore.readStoredStream}), where every other read refuses a damaged event as
 * `EVENT_UNREADABLE`. An auditor must see what the log holds, even when it no longer reads as an event.
 */

/**
 * Why a stored event cannot be read as an event, as a stable code: its data or metadata bytes no
 * longer decode as JSON; its type (or that version of it) is not one the catalog knows; its data or
 * metadata decodes but lacks the shape of its type (a key renamed, removed or of another type).
 */
export const DAMAGES = [
  'DATA_NOT_JSON',
  'METADATA_NOT_JSON',
  'UNKNOWN_TYPE',
  'DATA_SHAPE',
  'METADATA_SHAPE',
] as const;
export type DamageCode = (typeof DAMAGES)[number];

export interface Damage {
  readonly code: DamageCode;
  /** Where and what, in English: the first offending path of the shape, or the decoder's complaint. */
  readonly detail: string;
}

/** One event of a stream as stored. */
export interface StoredEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  /** The schema version stored with it (-1 when the store kept none readable). */
  readonly version: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  /**
   * Data and metadata as stored: the exact text in the embedded stores; on KurrentDB, the canonical
   * JSON of what its client decoded (or the text itself when it did not decode).
   */
  readonly dataText: string;
  readonly metadataText: string;
  /** Data and metadata decoded (undefined when they do not decode). */
  readonly data: unknown;
  readonly metadata: unknown;
  /** Why it cannot be read as an event; undefined when it can. */
  readonly damage: Damage | undefined;
}

/**
 * What is wrong with decoded content, if anything: the type and version unknown, the data or the
 * metadata without its shape. The same judgement the reads make before they hand out an event.
 */
export const shapeDamage = (
  catalog: EventCatalog,
  content: {
    readonly type: string;
    readonly version: number;
    readonly data: unknown;
    readonly metadata: unknown;
  },
): Damage | undefined => {
  if (!catalog.hasVersion(content.type, content.version)) {
    return { code: 'UNKNOWN_TYPE', detail: `unknown event type ${content.type} v${content.version}` };
  }
  const data = catalog.storedShapeError(content.type, content.version, content.data);
  if (data !== undefined) return { code: 'DATA_SHAPE', detail: data };
  const metadata = metadataShapeError(content.metadata);
  return metadata === undefined ? undefined : { code: 'METADATA_SHAPE', detail: metadata };
};

const decode = (text: string): { value: unknown } | { error: string } => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

/** The columns of a stored event in the embedded stores: its data and metadata as text. */
export interface StoredRow {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly dataText: string;
  readonly metadataText: string;
}

/** A row of text as a stored event: decoded and judged, never refused. */
export const storedEventOf = (catalog: EventCatalog, row: StoredRow): StoredEvent => {
  const data = decode(row.dataText);
  const metadata = decode(row.metadataText);
  const decoded = {
    ...row,
    data: 'value' in data ? data.value : undefined,
    metadata: 'value' in metadata ? metadata.value : undefined,
  };
  if ('error' in data) return { ...decoded, damage: { code: 'DATA_NOT_JSON', detail: data.error } };
  if ('error' in metadata)
    return { ...decoded, damage: { code: 'METADATA_NOT_JSON', detail: metadata.error } };
  return { ...decoded, damage: shapeDamage(catalog, decoded) };
};

/** A readable stored event as the event it is (as stored: not upcast); undefined when damaged. */
export const eventOf = (stored: StoredEvent): RecordedEvent | undefined =>
  stored.damage
    ? undefined
    : {
        id: stored.id,
        type: stored.type,
        version: stored.version,
        data: stored.data,
        metadata: stored.metadata as EventMetadata,
        streamId: stored.streamId,
        revision: stored.revision,
        position: stored.position,
        recordedAt: stored.recordedAt,
        prevHash: stored.prevHash,
        hash: stored.hash,
      };
