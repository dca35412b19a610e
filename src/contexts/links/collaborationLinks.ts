import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import type { EventMetadata } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { deterministicUuid } from '../../core/ids.js';
import { Closed, Id } from '../../core/schema.js';
import { ANY, type EventStore, type StreamAppend } from '../../eventStore/eventStore.js';

/**
 * A creator's collaborations, found from the log itself (as KurrentDB keeps link streams): one
 * stream per creator naming each collaboration proposed to it. A creator's past reputation is then
 * replayed from its own history (its stream, the link stream, its collaborations' streams), not from
 * a scan of the whole log.
 *
 * The write side links a collaboration in the same atomic append as its proposal (a refused
 * proposal links nothing); a reactor links those of logs written before links existed. A link's
 * event id is derived from the pair, so linking twice writes once.
 */
export const creatorLinksStreamId = (creatorId: string): string => `creatorCollaborations-${creatorId}`;

export const CollaborationLinked = defineEvent(
  'CollaborationLinked',
  "A collaboration was proposed to the creator whose link stream this is: an index of the creator's history.",
  Closed({ collaborationId: Id('Collaboration id'), sellerId: Id('Seller id') }),
);

export const linkEvents = [CollaborationLinked];
export type LinkEvent = EventOf<(typeof linkEvents)[number]>;

/** The append that links a collaboration to its creator (a repeat when it is linked already). */
export const linkOf = (
  catalog: EventCatalog,
  link: { creatorId: string; collaborationId: string; sellerId: string },
  metadata: EventMetadata,
): StreamAppend => ({
  streamId: creatorLinksStreamId(link.creatorId),
  events: [
    {
      id: deterministicUuid('CollaborationLinked', link.creatorId, link.collaborationId),
      type: 'CollaborationLinked',
      version: catalog.version('CollaborationLinked'),
      data: { collaborationId: link.collaborationId, sellerId: link.sellerId },
      metadata,
    },
  ],
  expectedRevision: ANY,
});

/** Links a collaboration proposed before links existed (the linker reactor). */
export const linkCollaboration = async (
  deps: { store: EventStore; catalog: EventCatalog },
  link: { creatorId: string; collaborationId: string; sellerId: string },
  metadata: EventMetadata,
): Promise<void> => {
  const { streamId, events, expectedRevision } = linkOf(deps.catalog, link, metadata);
  await deps.store.append(streamId, events, { expectedRevision });
};

/** The ids of the collaborations linked to a creator, in the order they were linked. */
export const linkedCollaborations = async (store: EventStore, creatorId: string): Promise<string[]> =>
  (await store.readStream(creatorLinksStreamId(creatorId))).map(
    (e) => (e.data as { collaborationId: string }).collaborationId,
  );
