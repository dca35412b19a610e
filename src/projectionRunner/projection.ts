import type { DomainEvent, Recorded } from '../core/event.js';
import type { Collection } from '../readStore/collection.js';
import type { Doc } from '../readStore/readStore.js';

/**
 * A projection is data (ARCHITECTURE.md § Projections): the events it handles, the documents an event
 * touches, and a pure `evolve`. The runner does everything else: loading, caching, flushing,
 * checkpointing, rebuilding.
 */

export interface DocKey {
  readonly collection: Collection;
  readonly id: string;
}

/** Read access to the documents the runner has loaded for the event at hand. */
export interface DocReader {
  /** The document as it stands, of its collection's type; undefined when there is none. */
  get<D extends Doc>(collection: Collection<D>, id: string): D | undefined;
}

/** What `evolve` writes: made by {@link put} and {@link remove}, so a document is of its collection's type. */
export interface DocUpdate {
  readonly collection: Collection;
  readonly id: string;
  /** The new document, or null to delete it. */
  readonly doc: Doc | null;
}

/** Writes a document of the collection. */
export const put = <D extends Doc>(collection: Collection<D>, id: string, doc: NoInfer<D>): DocUpdate => ({
  collection,
  id,
  doc,
});

/** Deletes a document of the collection. */
export const remove = (collection: Collection, id: string): DocUpdate => ({ collection, id, doc: null });

/**
 * A projection of the events `E` (a domain union, or part of one) into documents of its collections.
 * The runner hands `touches`, `evolve` (and a reactor's `reactions`) only events of `eventTypes`: the
 * event store filters by them (EventFilter) and a rebuild skips the rest before they are decoded.
 */
export interface Projection<E extends DomainEvent = DomainEvent> {
  readonly name: string;
  /** Bump when the documents change shape or meaning: the runner rebuilds the projection. */
  readonly version: number;
  readonly collections: readonly Collection[];
  /** The types of `E`; others are skipped without being read. */
  readonly eventTypes: readonly E['type'][];
  /**
   * How costly a rebuild of it is, relative to the others (default: the number of event types it
   * handles): rebuilds shared between threads give each thread about the same cost. The service's
   * projections give the seconds each took to rebuild alone from the large seeded log (one machine,
   * one run): only their ratios matter.
   */
  readonly rebuildCost?: number;
  /**
   * The documents `evolve` will read or write for this event. Called again with the documents loaded
   * so far until it asks for nothing new, so a key found in one document (the creator of a
   * collaboration) can lead to another (that creator's reputation).
   */
  touches(event: Recorded<E>, docs: DocReader): readonly DocKey[];
  /** Pure: the documents after the event. */
  evolve(event: Recorded<E>, docs: DocReader): readonly DocUpdate[];
}

/** A projection that also reacts: what it decides to do is handed to the runner's `react` callback. */
export interface Reactor<Reaction = unknown, E extends DomainEvent = DomainEvent> extends Projection<E> {
  reactions(event: Recorded<E>, docs: DocReader): readonly Reaction[];
}

export const isReactor = (projection: Projection): projection is Reactor =>
  typeof (projection as Partial<Reactor>).reactions === 'function';

/** Physical versions: a projection's code version times 1,000, plus one per rebuild. */
export const GENERATIONS_PER_VERSION = 1000;
export const codeVersionOf = (physicalVersion: number): number =>
  Math.floor(physicalVersion / GENERATIONS_PER_VERSION);
