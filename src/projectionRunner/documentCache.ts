import type { RecordedEvent } from '../core/event.js';
import type { Doc, DocChange, StoredDoc } from '../readStore/readStore.js';
import type { Collection } from '../readStore/collection.js';
import { isReactor, type DocKey, type DocReader, type Projection } from './projection.js';

/** Loads documents by key; absent ones are simply not in the result. */
export type DocumentLoader = (collection: string, ids: readonly string[]) => Promise<Map<string, StoredDoc>>;

interface Entry {
  doc: Doc | undefined;
  position: bigint;
  dirty: boolean;
  /** The position of the event that last touched it: the least recently used are let go first. */
  used: number;
  /** Touched by more than one event since it came into the cache. */
  again: boolean;
}

/** One collection's documents in the cache, and what one of them weighs on average. */
interface Held {
  readonly entries: Map<string, Entry>;
  /** Characters of JSON per document, averaged over a sample of the documents set. */
  chars: number;
  sampled: number;
  sets: number;
}

export interface DocumentCacheOptions {
  /**
   * The store holds nothing of these documents but what this cache flushed (a rebuild into a fresh
   * version): a document this cache never let go of is known absent, without asking the store.
   */
  readonly fresh?: boolean;
  /**
   * What the cache keeps after a flush, in characters of the documents' JSON (see
   * {@link DocumentCache.weight}). Default 4 M.
   */
  readonly budgetChars?: number;
  /**
   * Whether documents are weighed as they are set (default true): a cache that is never let go of
   * (a projection run in memory) need not spend a `JSON.stringify` on it.
   */
  readonly weigh?: boolean;
}

/** What a document held costs beside its JSON (its entry, its id, the maps), in characters. */
export const ENTRY_CHARS = 64;
/** Documents of a collection measured before measuring one in {@link SAMPLE_EVERY}. */
const FIRST_SAMPLES = 16;
const SAMPLE_EVERY = 32;

/**
 * The documents a projection is working on: each loaded once, evolved in memory by every event
 * that touches it, and written once per flush. Between flushes the cache keeps what it holds (the
 * projection is the only writer of its documents), up to a budget in characters of JSON; what
 * leaves first is said at {@link evictTogether} (a segmented LRU).
 *
 * The budget is in characters, not documents, because documents differ by a hundred times in size
 * (a collaboration with its messages, a link of three fields): counted in documents, a bound small
 * enough for the large ones starves the small ones, and a creator profile touched by every
 * collaboration of that creator is written and loaded again and again.
 */
export class DocumentCache {
  /** collection → id → entry: two levels, so no key strings are built on the hot path. */
  private readonly collections = new Map<string, Held>();
  private count = 0;
  /** The position of the event being applied: the cache's clock. */
  private tick = 0;
  readonly budget: number;
  private readonly weighs: boolean;
  /** Fresh mode: ids of stored documents let go of, per collection (everything else is absent). */
  private readonly stored: Map<string, Set<string>> | undefined;
  /**
   * Documents come back as their collection's type: every document a projection writes is of it
   * (projection.ts § put), and every one loaded was written so.
   */
  readonly reader: DocReader = {
    get: <D extends Doc>(collection: Collection<D>, id: string) =>
      this.collections.get(collection.name)?.entries.get(id)?.doc as D | undefined,
  };

  constructor(
    private readonly loader: DocumentLoader,
    options: DocumentCacheOptions = {},
  ) {
    if (options.fresh) this.stored = new Map();
    this.budget = options.budgetChars ?? 4 * 1024 * 1024;
    this.weighs = options.weigh ?? true;
  }

  private held(collection: string): Held {
    let held = this.collections.get(collection);
    if (!held) {
      held = { entries: new Map(), chars: 0, sampled: 0, sets: 0 };
      this.collections.set(collection, held);
    }
    return held;
  }

  private add(held: Held, id: string, stored: StoredDoc | undefined): void {
    held.entries.set(id, {
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

  /** Measures one document set in {@link SAMPLE_EVERY} (every one at first): a running average. */
  private sample(held: Held, doc: Doc | null): void {
    held.sets++;
    if (!this.weighs || doc === null || (held.sampled >= FIRST_SAMPLES && held.sets % SAMPLE_EVERY !== 0))
      return;
    const chars = JSON.stringify(doc).length;
    held.sampled++;
    held.chars += (chars - held.chars) / Math.min(held.sampled, FIRST_SAMPLES);
  }

  /** The next event (its position): documents it touches count as used now. */
  next(position: bigint): void {
    this.tick = Number(position);
  }

  /**
   * Makes the keys present: synchronous (answering how many were new) when the cache or, in fresh
   * mode, the knowledge of what is stored suffices; a promise when the store must be asked.
   */
  ensure(keys: readonly DocKey[]): number | Promise<number> {
    let missing: Map<string, Set<string>> | undefined;
    let added = 0;
    for (const key of keys) {
      const collection = key.collection.name;
      const held = this.held(collection);
      const entry = held.entries.get(key.id);
      if (entry) {
        this.touch(entry);
        continue;
      }
      if (this.stored && !this.stored.get(collection)?.has(key.id)) {
        this.add(held, key.id, undefined);
        added++;
        continue;
      }
      missing ??= new Map();
      const ids = missing.get(collection) ?? new Set<string>();
      ids.add(key.id);
      missing.set(collection, ids);
    }
    return missing ? this.load(missing, added) : added;
  }

  private async load(missing: Map<string, Set<string>>, added: number): Promise<number> {
    let loaded = added;
    for (const [collection, ids] of missing) {
      const found = await this.loader(collection, [...ids]);
      const held = this.held(collection);
      for (const id of ids) {
        if (held.entries.has(id)) continue;
        this.add(held, id, found.get(id));
        loaded++;
      }
    }
    return loaded;
  }

  /** The position of the event that last changed a loaded document (0 when it does not exist). */
  position(collection: string, id: string): bigint {
    return this.collections.get(collection)?.entries.get(id)?.position ?? 0n;
  }

  set(collection: string, id: string, doc: Doc | null, position: bigint): void {
    const held = this.held(collection);
    this.sample(held, doc);
    const entry = held.entries.get(id);
    if (!entry) {
      held.entries.set(id, { doc: doc ?? undefined, position, dirty: true, used: this.tick, again: false });
      this.count++;
      return;
    }
    entry.doc = doc ?? undefined;
    entry.position = position;
    entry.dirty = true;
    this.touch(entry);
  }

  /** Documents held. */
  get size(): number {
    return this.count;
  }

  /**
   * What the documents held weigh, in characters of JSON: each collection's documents at the running
   * average of a sample of them (measured as they are set), plus {@link ENTRY_CHARS} each for the
   * bookkeeping. A bound on memory whatever the documents' sizes.
   */
  get weight(): number {
    let chars = 0;
    for (const held of this.collections.values()) chars += held.entries.size * (held.chars + ENTRY_CHARS);
    return chars;
  }

  /** After a flush: everything held is as stored. Keeps what the budget allows, used most recently. */
  flushed(): void {
    for (const held of this.collections.values()) {
      for (const entry of held.entries.values()) entry.dirty = false;
    }
    this.evict();
  }

  /** Lets go of documents until the rest fits this cache's budget (see {@link evictTogether}). */
  evict(): DocChange[] {
    return evictTogether([this], this.budget)[0]!;
  }

  /** Each held document with its weight: what {@link evictTogether} chooses from. */
  weighed(): Weighed[] {
    const all: Weighed[] = [];
    for (const held of this.collections.values()) {
      const chars = held.chars + ENTRY_CHARS;
      for (const entry of held.entries.values()) all.push({ used: entry.used, again: entry.again, chars });
    }
    return all;
  }

  /** Lets go of the documents not among those kept; answers the changed ones. */
  release(kept: Kept): DocChange[] {
    const changes: DocChange[] = [];
    for (const [collection, held] of this.collections) {
      let stored = this.stored?.get(collection);
      for (const [id, entry] of held.entries) {
        if (isKept(kept, entry)) continue;
        held.entries.delete(id);
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
    for (const [collection, held] of this.collections) {
      for (const [id, entry] of held.entries) {
        if (entry.dirty) changes.push({ collection, id, doc: entry.doc ?? null, position: entry.position });
      }
    }
    return changes;
  }
}

export interface Weighed {
  readonly used: number;
  readonly again: boolean;
  readonly chars: number;
}

/** Which documents stay: those touched again used at or after `again`, and any used at or after `other`. */
interface Kept {
  readonly again: number;
  readonly other: number;
}

const isKept = (kept: Kept, entry: { readonly used: number; readonly again: boolean }) =>
  (entry.again && entry.used >= kept.again) || entry.used >= kept.other;

/**
 * Lets go of documents of the caches (the projections of one rebuild, say, sharing one memory
 * budget) until the rest weigh no more than `budget` characters, and answers each cache's changed
 * documents among them: the caller writes those (a rebuild writes documents as they leave the cache,
 * so a document in use stays in memory and is written once, not at every flush).
 *
 * A segmented LRU over all of them, the clock being the log's positions: documents touched by one
 * event only (a reputation change, written once and never read again) go before those touched again
 * (a creator's profile, which every collaboration of that creator touches), and within each segment
 * those used longest ago go first. Documents touched again keep up to four fifths of the budget; a
 * fifth at least stays for documents touched once, so a new collaboration's documents live to its
 * next event.
 */
export const evictTogether = (caches: readonly DocumentCache[], budget: number): DocChange[][] => {
  if (caches.reduce((sum, cache) => sum + cache.weight, 0) <= budget) return caches.map(() => []);
  const all = caches.flatMap((cache) => cache.weighed());
  const again = mostRecentWithin(
    all.filter((e) => e.again),
    budget * 0.8,
  );
  const kept: Kept = {
    again: again.from,
    other: mostRecentWithin(
      all.filter((e) => !isKept({ again: again.from, other: Infinity }, e)),
      budget - again.chars,
    ).from,
  };
  return caches.map((cache) => cache.release(kept));
};

/**
 * The most recently used of the entries that fit in `chars`: keeping every entry used at or after
 * `from` keeps `chars` of them (the documents one event touched stay or go together, so slightly
 * more may stay).
 */
const mostRecentWithin = (entries: Weighed[], chars: number): { from: number; chars: number } => {
  if (chars <= 0 || entries.length === 0) return { from: Infinity, chars: 0 };
  entries.sort((a, b) => b.used - a.used);
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    if (total + entries[i]!.chars > chars) {
      if (i === 0) return { from: Infinity, chars: 0 };
      const from = entries[i - 1]!.used;
      while (i < entries.length && entries[i]!.used === from) total += entries[i++]!.chars;
      return { from, chars: total };
    }
    total += entries[i]!.chars;
  }
  return { from: -Infinity, chars: total };
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
  cache.next(event.position);
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
    const collection = update.collection.name;
    if (cache.position(collection, update.id) >= event.position) continue;
    cache.set(collection, update.id, update.doc, event.position);
  }
  // Reactions are decided on the documents after the event.
  return isReactor(projection) ? [...projection.reactions(event, cache.reader)] : NO_REACTIONS;
};

const NO_REACTIONS: readonly unknown[] = Object.freeze([]);
