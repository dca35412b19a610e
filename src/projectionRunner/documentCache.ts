import type { RecordedEvent } from '../core/event.js';
import type { Doc, DocChange, StoredDoc } from '../readStore/readStore.js';
import { isReactor, type DocKey, type DocReader, type Projection } from './projection.js';

/** Loads documents by key; absent ones are simply not in the result. */
export type DocumentLoader = (collection: string, ids: readonly string[]) => Promise<Map<string, StoredDoc>>;

interface Entry {
  doc: Doc | undefined;
  position: bigint;
  dirty: boolean;
  /** When an event last touched it: the least recently used are let go first. */
  used: number;
  /** Touched by more than one event since it came into the cache. */
  again: boolean;
}

export interface DocumentCacheOptions {
  /**
   * The store holds nothing of these documents but what this cache flushed (a rebuild into a fresh
   * version): a document this cache never let go of is known absent, without asking the store.
   */
  readonly fresh?: boolean;
}

/**
 * The documents a projection is working on: each loaded once, evolved in memory by every event
 * that touches it, and written once per flush. Between flushes the cache keeps what it holds (the
 * projection is the only writer of its documents), up to a bound, as a segmented LRU: documents
 * touched by one event only (a reputation change, written once and never read again) are let go
 * before those touched again (a creator's profile, which every collaboration of that creator
 * touches), and within each segment those used longest ago go first. A fifth of the bound at
 * least stays for documents touched once, so a new collaboration's documents live to its next event.
 */
export class DocumentCache {
  /** collection → id → entry: two levels, so no key strings are built on the hot path. */
  private readonly collections = new Map<string, Map<string, Entry>>();
  private count = 0;
  private tick = 0;
  /** Fresh mode: ids of stored documents let go of, per collection (everything else is absent). */
  private readonly stored: Map<string, Set<string>> | undefined;
  readonly reader: DocReader = {
    get: <D extends Doc = Doc>(collection: string, id: string) =>
      this.collections.get(collection)?.get(id)?.doc as D | undefined,
  };

  constructor(
    private readonly loader: DocumentLoader,
    options: DocumentCacheOptions = {},
  ) {
    if (options.fresh) this.stored = new Map();
  }

  private entries(collection: string): Map<string, Entry> {
    let entries = this.collections.get(collection);
    if (!entries) {
      entries = new Map();
      this.collections.set(collection, entries);
    }
    return entries;
  }

  private add(entries: Map<string, Entry>, id: string, stored: StoredDoc | undefined): void {
    entries.set(id, {
      doc: stored?.doc,
      position: stored?.position ?? 0n,
      dirty: false,
      used: this.tick,
      again: false,
    });
    this.count++;
  }

  private touch(entry: Entry): void {
    if (entry.used !== this.tick) {
      entry.again = true;
      entry.used = this.tick;
    }
  }

  /** The next event: documents it touches count as used now. */
  next(): void {
    this.tick++;
  }

  /**
   * Makes the keys present: synchronous (answering how many were new) when the cache or, in fresh
   * mode, the knowledge of what is stored suffices; a promise when the store must be asked.
   */
  ensure(keys: readonly DocKey[]): number | Promise<number> {
    let missing: Map<string, Set<string>> | undefined;
    let added = 0;
    for (const key of keys) {
      const entries = this.entries(key.collection);
      const entry = entries.get(key.id);
      if (entry) {
        this.touch(entry);
        continue;
      }
      if (this.stored && !this.stored.get(key.collection)?.has(key.id)) {
        this.add(entries, key.id, undefined);
        added++;
        continue;
      }
      missing ??= new Map();
      const ids = missing.get(key.collection) ?? new Set<string>();
      ids.add(key.id);
      missing.set(key.collection, ids);
    }
    return missing ? this.load(missing, added) : added;
  }

  private async load(missing: Map<string, Set<string>>, added: number): Promise<number> {
    let loaded = added;
    for (const [collection, ids] of missing) {
      const found = await this.loader(collection, [...ids]);
      const entries = this.entries(collection);
      for (const id of ids) {
        if (entries.has(id)) continue;
        this.add(entries, id, found.get(id));
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
      entries.set(id, { doc: doc ?? undefined, position, dirty: true, used: this.tick, again: false });
      this.count++;
      return;
    }
    entry.doc = doc ?? undefined;
    entry.position = position;
    entry.dirty = true;
    this.touch(entry);
  }

  get size(): number {
    return this.count;
  }

  /** After a flush: everything held is as stored. Keeps the `keep` documents used most recently. */
  flushed(keep: number): void {
    for (const entries of this.collections.values()) {
      for (const entry of entries.values()) entry.dirty = false;
    }
    this.evict(keep);
  }

  /**
   * Lets go of all but `keep` documents — those touched once first, then those touched again, used
   * longest ago first in each — answering the changed ones among them: the caller writes those (a
   * rebuild writes documents as they leave the cache, so a document in use stays in memory and is
   * written once, not at every flush).
   */
  evict(keep: number): DocChange[] {
    const changes: DocChange[] = [];
    if (this.count <= keep) return changes;
    // Documents touched again keep up to four fifths of the bound, the most recently used of them.
    const again: number[] = [];
    for (const entries of this.collections.values())
      for (const entry of entries.values()) if (entry.again) again.push(entry.used);
    const protectedSlots = Math.min(again.length, Math.floor(keep * 0.8));
    const againFrom = protectedSlots === 0 ? Infinity : kthLargest(again, protectedSlots);
    // The rest of the bound: the most recently used of everything else.
    const others: number[] = [];
    for (const entries of this.collections.values())
      for (const entry of entries.values())
        if (!(entry.again && entry.used >= againFrom)) others.push(entry.used);
    const otherSlots = keep - protectedSlots;
    const othersFrom = otherSlots <= 0 ? Infinity : kthLargest(others, otherSlots);
    for (const [collection, entries] of this.collections) {
      let stored = this.stored?.get(collection);
      for (const [id, entry] of entries) {
        if ((entry.again && entry.used >= againFrom) || entry.used >= othersFrom) continue;
        entries.delete(id);
        this.count--;
        if (entry.dirty) changes.push({ collection, id, doc: entry.doc ?? null, position: entry.position });
        if (this.stored && entry.doc !== undefined) {
          if (!stored) this.stored.set(collection, (stored = new Set()));
          stored.add(id);
        }
      }
    }
    return changes;
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
 * The k-th largest of the values (k ≥ 1): the least a value may be to be among the k largest (ties
 * at it are kept too, so slightly more than k may stay).
 */
const kthLargest = (values: number[], k: number): number => {
  if (k >= values.length) return -Infinity;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length - k]!;
};

/**
 * Applies one event to a projection over the cache: resolves the documents it touches (until the
 * projection asks for nothing new), evolves, and records the updates. An update to a document that
 * already reflects this event (its position is at or past the event's) is skipped, so replaying
 * events is harmless. Returns the projection's reactions (decided on the documents after the
 * event), if it is a reactor.
 */
export const applyEvent = (
  projection: Projection,
  event: RecordedEvent,
  cache: DocumentCache,
): readonly unknown[] | Promise<readonly unknown[]> => {
  cache.next();
  // Synchronous while the cache has what the event touches: most events, no promise made.
  for (let round = 0; round < 8; round++) {
    const ensured = cache.ensure(projection.touches(event, cache.reader));
    if (typeof ensured !== 'number')
      return ensured.then(() => applyLoaded(projection, event, cache, round + 1));
    if (ensured === 0) break;
  }
  return evolveCached(projection, event, cache);
};

const applyLoaded = async (
  projection: Projection,
  event: RecordedEvent,
  cache: DocumentCache,
  from: number,
): Promise<readonly unknown[]> => {
  for (let round = from; round < 8; round++) {
    if ((await cache.ensure(projection.touches(event, cache.reader))) === 0) break;
  }
  return evolveCached(projection, event, cache);
};

const evolveCached = (
  projection: Projection,
  event: RecordedEvent,
  cache: DocumentCache,
): readonly unknown[] => {
  const updates = projection.evolve(event, cache.reader);
  for (const update of updates) {
    if (cache.position(update.collection, update.id) >= event.position) continue;
    cache.set(update.collection, update.id, update.doc, event.position);
  }
  // Reactions are decided on the documents after the event.
  return isReactor(projection) ? [...projection.reactions(event, cache.reader)] : NO_REACTIONS;
};

const NO_REACTIONS: readonly unknown[] = Object.freeze([]);
