import { DomainError } from '../../core/errors.js';
import type { EventMetadata } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { deterministicUuid } from '../../core/ids.js';
import { NO_STREAM, type EventStore, type StreamAppend } from '../../eventStore/eventStore.js';
import type { UniqueIdKind } from './uniqueIds.events.js';

/**
 * Caller-chosen ids that read models and queries know by themselves alone (a dispute is fetched by
 * its id) must be unique across the whole log, while the rules of the stream that uses one can only
 * see that stream. So each such id is claimed, in a stream of its own appended with NO_STREAM, in
 * the same atomic append as the command that introduces it (EventStore.appendToStreams): the log
 * itself lets one owner have it, and a refused command claims nothing. The claim's event id is
 * derived from the claim, so the same owner claiming again (a retried command) is a repeat.
 */
export const uniqueIdStreamId = (kind: UniqueIdKind, id: string): string => `uniqueId-${kind}-${id}`;

/** The stable code a taken id is refused with: `DISPUTE_ID_TAKEN`. */
export const takenCode = (kind: UniqueIdKind): string => `${kind}_ID_TAKEN`;

/**
 * What claiming the id adds to its command's append: nothing when its owner holds it already, the
 * claim when nobody does. Taken by someone else: refused (`DISPUTE_ID_TAKEN`), nothing written. A
 * claim made by another command meanwhile makes the whole append a conflict, decided again.
 */
export const claimOf = async (
  deps: { store: EventStore; catalog: EventCatalog },
  claim: { kind: UniqueIdKind; id: string; owner: string },
  metadata: EventMetadata,
): Promise<StreamAppend[]> => {
  const streamId = uniqueIdStreamId(claim.kind, claim.id);
  const [first] = await deps.store.readStream(streamId, { maxCount: 1 });
  const owner = (first?.data as { owner?: string } | undefined)?.owner;
  if (owner === claim.owner) return [];
  if (first !== undefined) {
    throw new DomainError(
      takenCode(claim.kind),
      `The ${claim.kind.toLowerCase()} id ${claim.id} is taken: choose another`,
      { id: claim.id },
    );
  }
  return [
    {
      streamId,
      events: [
        {
          id: deterministicUuid('IdClaimed', claim.kind, claim.id, claim.owner),
          type: 'IdClaimed',
          version: deps.catalog.version('IdClaimed'),
          data: claim,
          metadata,
        },
      ],
      expectedRevision: NO_STREAM,
    },
  ];
};
