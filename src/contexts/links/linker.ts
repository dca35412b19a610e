import { LRUCache } from 'lru-cache';
import type { EventMetadata, RecordedEvent } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { creatorLinksStreamId, linkCollaboration } from './collaborationLinks.js';

/** A creator's link stream as last read: up to which revision, and the collaborations it links. */
interface Known {
  readonly revision: bigint;
  readonly linked: Set<string>;
}

/**
 * The linker reactor's hand (collaborationLinks.ts): links a collaboration to its creator unless
 * the creator's link stream has it already — as it does for every proposal the write side made
 * since links exist, which links them itself. A link already there costs a read of what the stream
 * gained since last read (the streams are remembered, up to `creators` of them), never a write: on
 * a log replayed from its start, every proposal's link is a repeat.
 */
export const createLinker = (deps: { store: EventStore; catalog: EventCatalog }, creators = 10_000) => {
  const known = new LRUCache<string, Known>({ max: creators });

  const linkedOf = async (creatorId: string): Promise<Known> => {
    const streamId = creatorLinksStreamId(creatorId);
    const before = known.get(creatorId);
    const events: RecordedEvent[] = await deps.store.readStream(
      streamId,
      before ? { fromRevision: before.revision + 1n } : {},
    );
    if (before && events.length === 0) return before;
    const linked = before?.linked ?? new Set<string>();
    for (const event of events) linked.add((event.data as { collaborationId: string }).collaborationId);
    const now = { revision: events.at(-1)?.revision ?? before?.revision ?? -1n, linked };
    known.set(creatorId, now);
    return now;
  };

  return async (
    link: { creatorId: string; collaborationId: string; sellerId: string },
    metadata: EventMetadata,
  ): Promise<void> => {
    if ((await linkedOf(link.creatorId)).linked.has(link.collaborationId)) return;
    await linkCollaboration(deps, link, metadata);
  };
};
