import type { RecordedEvent } from '../core/event.js';
import type { CollectionName, Doc, StoredDoc, UntypedDoc } from '../readStore/readStore.js';
import { DocumentCache, applyEvent } from './documentCache.js';
import type { DocReader, Projection } from './projection.js';

/** Every document of a collection, by id. */
type AllDocs = <D extends Doc = UntypedDoc>(collection: CollectionName<D>) => Map<string, D>;

/**
 * A projection run entirely in memory, from empty documents: for specs (events in, documents out),
 * for live views kept per subscriber, and for answers "as of" a past moment replayed from the log
 * without touching the live read models.
 */
export const createMemoryProjection = (projection: Projection) => {
  const store = new Map<string, Map<string, StoredDoc>>();
  // Nothing is ever let go of here: no document needs weighing.
  const cache = new DocumentCache(
    (collection, ids) => {
      const docs = store.get(collection) ?? new Map<string, StoredDoc>();
      return Promise.resolve(
        new Map(ids.flatMap((id) => (docs.has(id) ? [[id, docs.get(id)!] as const] : []))),
      );
    },
    { weigh: false },
  );
  const types = new Set(projection.eventTypes);
  const all: AllDocs = <D extends Doc>(collection: CollectionName<D>) => {
    const result = new Map<string, D>();
    for (const change of cache.changes()) {
      // Of the collection's type: the projection wrote them so (projection.ts § put).
      if (change.collection === collection && change.doc) result.set(change.id, change.doc as D);
    }
    return result;
  };
  return {
    reader: cache.reader,
    /** Applies an event (skipping types the projection does not handle); returns its reactions. */
    apply: async (event: RecordedEvent): Promise<readonly unknown[]> =>
      types.has(event.type) ? applyEvent(projection, event, cache) : [],
    all,
  };
};

export const replayProjection = async (
  projection: Projection,
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
): Promise<DocReader & { all: AllDocs }> => {
  const memory = createMemoryProjection(projection);
  for await (const event of events) await memory.apply(event);
  return { get: memory.reader.get, all: memory.all };
};
