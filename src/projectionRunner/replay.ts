import type { RecordedEvent } from '../core/event.js';
import type { Doc, StoredDoc } from '../readStore/readStore.js';
import { DocumentCache, applyEvent } from './documentCache.js';
import type { DocReader, Projection } from './projection.js';

/**
 * Runs a projection over events entirely in memory, from empty documents: for specs (events in,
 * documents out) and for answers "as of" a past moment, replayed from the log without touching the
 * live read models.
 */
export const replayProjection = async (
  projection: Projection,
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
): Promise<DocReader & { all(collection: string): Map<string, Doc> }> => {
  const store = new Map<string, Map<string, StoredDoc>>();
  const cache = new DocumentCache((collection, ids) => {
    const docs = store.get(collection) ?? new Map<string, StoredDoc>();
    return Promise.resolve(
      new Map(ids.flatMap((id) => (docs.has(id) ? [[id, docs.get(id)!] as const] : []))),
    );
  });
  const types = new Set(projection.eventTypes);
  for await (const event of events) {
    if (types.has(event.type)) await applyEvent(projection, event, cache);
  }
  const result = new Map<string, Map<string, Doc>>();
  for (const change of cache.changes()) {
    const docs = result.get(change.collection) ?? new Map<string, Doc>();
    if (change.doc) docs.set(change.id, change.doc);
    result.set(change.collection, docs);
  }
  return {
    get: <D extends Doc = Doc>(collection: string, id: string) =>
      result.get(collection)?.get(id) as D | undefined,
    all: (collection: string) => result.get(collection) ?? new Map(),
  };
};
