import { DomainError, ConcurrencyError } from '../../core/errors.js';
import type { EventMetadata } from '../../core/event.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { deterministicUuid } from '../../core/ids.js';
import { NO_STREAM, type EventStore } from '../../eventStore/eventStore.js';
import type { UniqueIdKind } from './uniqueIds.events.js';

/**
 * Caller-chosen ids that read models and queries know by themselves alone (a dispute is fetched by
 * its id) must be unique across the whole log, while the rules of the stream that uses one can only
 * see that stream. So each such id is claimed first, in a stream of its own appended with NO_STREAM:
 * the log itself lets one owner have it. The claim's event id is derived from the claim, so the same
 * owner claiming again (a retried command) is a repeat the store recognises, never a refusal.
 */
export const uniqueIdStreamId = (kind: UniqueIdKind, id: string): string => `uniqueId-${kind}-${id}`;

/** The stable code a taken id is refused with: `DISPUTE_ID_TAKEN`. */
export const takenCode = (kind: UniqueIdKind): string => `${kind}_ID_TAKEN`;

export const claimUniqueId = async (
  deps: { store: EventStore; catalog: EventCatalog },
  claim: { kind: UniqueIdKind; id: string; owner: string },
  metadata: EventMetadata,
): Promise<void> => {
  const streamId = uniqueIdStreamId(claim.kind, claim.id);
  const ownerOf = async () =>
    ((await deps.store.readStream(streamId, { maxCount: 1 }))[0]?.data as { owner?: string } | undefined)
      ?.owner;
  const refuse = () =>
    new DomainError(
      takenCode(claim.kind),
      `The ${claim.kind.toLowerCase()} id ${claim.id} is taken: choose another`,
      {
        id: claim.id,
      },
    );
  const owner = await ownerOf();
  if (owner !== undefined) {
    if (owner === claim.owner) return;
    throw refuse();
  }
  try {
    await deps.store.append(
      streamId,
      [
        {
          id: deterministicUuid('IdClaimed', claim.kind, claim.id, claim.owner),
          type: 'IdClaimed',
          version: deps.catalog.version('IdClaimed'),
          data: claim,
          metadata,
        },
      ],
      { expectedRevision: NO_STREAM },
    );
  } catch (error) {
    // Someone claimed it between our read and our append.
    if (!(error instanceof ConcurrencyError)) throw error;
    if ((await ownerOf()) !== claim.owner) throw refuse();
  }
};
