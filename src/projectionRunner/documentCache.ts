import type { RecordedEvent } from '../core/event.js';
import type { Doc, DocChange, StoredDoc } from '../readStore/readStore.js';
import { isReactor, type DocKey, type DocReader, type Projection } from './projection.js';

/** Loads documents by key; absent ones are simply not in the result. */
export type DocumentLoader = (collection: string, ids: readonly string[]) => Promise<Map<string, StoredDoc>>;

interface Entry {
  doc: Doc | undefined;
  position: bigint;
  dirty: boolean;
}

/**
 * The documents a projection is working on: each loaded once, evolved in memory by every event
 * that touches it, and written once per flush. Between flushes the cache may keep what it holds
 * (the projection is the only writer of its documents), up to a bound: the documents loaded
 * longest ago are let go first.
 */
export class DocumentCache {
  /** collection → id → entry: two levels, so no key strings are built on the hot path. */
  private readonly collections = new Map<string, Map<string, Entry>>();
  private count = 0;
  private dirtyCount = 0;
  readonly reader: DocReader = {
    get: <D extends Doc = Doc>(collection: string, id: string) =>
      this.collections.get(collection)?.get(id)?.doc as D | undefined,
  };

  constructor(private readonly loader: DocumentLoader) {}

  private entries(collection: string): Map<string, Entry> {
    let entries = this.collections.get(collection);
    if (!entries) {
      entries = new Map();
      this.collections.set(collection, entries);
    }
    return entries;
  }

  /** Loads the keys not in the cache yet; returns how many were new. */
  async ensure(keys: readonly DocKey[]): Promise<number> {
    let missing: Map<string, Set<string>> | undefined;
    for (const key of keys) {
      if (this.collections.get(key.collection)?.has(key.id)) continue;
      missing ??= new Map();
      const ids = missing.get(key.collection) ?? new Set<string>();
      ids.add(key.id);
      missing.set(key.collection, ids);
    }
    if (!missing) return 0;
    let loaded = 0;
    for (const [collection, ids] of missing) {
      const found = await this.loader(collection, [...ids]);
      const entries = this.entries(collection);
      for (const id of ids) {
        const stored = found.get(id);
        entries.set(id, { doc: stored?.doc, position: stored?.position ?? 0n, dirty: false });
        this.count++;
        loaded++;
      }
    }
    return loaded;
  }

  /** The position of the event that last changed a loaded document (0 when it does not exist). */
  position(collection: string, id: string): bigint {
    return this.collections.get(collection)?.get(id)?.position ?? 0n;
  }

  set(collection: string, id: string, doc: Doc | null, position: bigint): void {
    const entries = this.entries(collection);
    const entry = entries.get(id);
    if (!entry) {
      entries.set(id, { doc: doc ?? undefined, position, dirty: true });
      this.count++;
      this.dirtyCount++;
      return;
    }
    if (!entry.dirty) this.dirtyCount++;
    entry.doc = doc ?? undefined;
    entry.position = position;
    entry.dirty = true;
  }

  get size(): number {
    return this.count;
  }

  /** Documents changed since the last flush. */
  get dirty(): number {
    return this.dirtyCount;
  }

  /** After a flush: everything held is as stored. Keeps at most `keep` documents. */
  flushed(keep: number): void {
    this.dirtyCount = 0;
    for (const entries of this.collections.values()) {
      for (const entry of entries.values()) entry.dirty = false;
    }
    for (const entries of this.collections.values()) {
      for (const id of entries.keys()) {
        if (this.count <= keep) return;
        entries.delete(id);
        this.count--;
      }
    }
  }

  /** The changes to write: every document changed since the last flush, once. */
  changes(): DocChange[] {
    const changes: DocChange[] = [];
    for (const [collection, entries] of this.collections) {
      for (const [id, entry] of entries) {
        if (entry.dirty) changes.push({ collection, id, doc: entry.doc ?? null, position: entry.position });
      }
    }
    return changes;
  }
}

/**
 * Applies one event to a projection over the cache: resolves the documents it touches (until the
 * projection asks for nothing new), evolves, and records the updates. An update to a document that
 * already reflects this event (its position is at or past the event's) is skipped, so replaying
 * events is harmless. Returns the projection's reactions (decided on the documents after the
 * event), if it is a reactor.
 */
export const applyEvent = async (
  projection: Projection,
  event: RecordedEvent,
  cache: DocumentCache,
): Promise<unknown[]> => {
  for (let round = 0; round < 8; round++) {
    if ((await cache.ensure(projection.touches(event, cache.reader))) === 0) break;
  }
  const updates = projection.evolve(event, cache.reader);
  for (const update of updates) {
    if (cache.position(update.collection, update.id) >= event.position) continue;
    cache.set(update.collection, update.id, update.doc, event.position);
  }
  // Reactions are decided on the documents after the event.
  return isReactor(projection) ? [...projection.reactions(event, cache.reader)] : [];
};
