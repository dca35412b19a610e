import { LRUCache } from 'lru-cache';
import { collaborationStreamId } from '../../contexts/collaboration/collaboration.decide.js';
import type { CollaborationEvent } from '../../contexts/collaboration/collaboration.events.js';
import {
  evolveCollaboration,
  initialCollaborationState,
  type CollaborationState,
} from '../../contexts/collaboration/collaboration.state.js';
import {
  readableRatings,
  readerOf,
  REDACTED_TYPE,
  redactEvent,
  withheldFrom,
} from '../../contexts/collaboration/redaction.js';
import type { WebhookOwner } from '../../contexts/webhooks/webhooks.events.js';
import type { RecordedEvent } from '../../core/event.js';
import type { EventStore } from '../../eventStore/eventStore.js';

/**
 * What a delivery carries (DOMAIN.md § Webhooks): Standard Webhooks' `{ type, timestamp, data }`,
 * where `data` is the event as its owner may see it — the same policy as every other path
 * (src/contexts/collaboration/redaction.ts): a party sees that the other side rated, not what it
 * said, until the ratings are revealed (then `RatingsRevealed` carries them), and nothing at all of
 * what is said about a rating still hidden from it (a flag, a review: not delivered, as
 * subscriptions do); an auditor sees everything; an event of a collaboration that is not the
 * owner's is never its.
 */
export interface WebhookPayload {
  readonly type: string;
  readonly timestamp: string;
  readonly data: {
    readonly eventId: string;
    readonly position: string;
    readonly collaborationId: string;
    readonly revision: number;
    readonly occurredAt: string;
    readonly actor: { readonly id: string; readonly role: string };
    /** True when something of the event was withheld from this owner. */
    readonly redacted: boolean;
    readonly event: unknown;
    /** With `RatingsRevealed`: the ratings it revealed, as the owner may now read them. */
    readonly revealedRatings?: readonly unknown[];
  };
}

/** What the payloads need of collaborations, read from the log (never a read model that may lag). */
export const createCollaborationLookup = (eventStore: EventStore) => {
  const parties = new LRUCache<string, { sellerId: string; creatorId: string }>({ max: 20_000 });
  return {
    /** The parties, from the stream's first event; null when it is not a proposal (damaged). */
    async parties(streamId: string): Promise<{ sellerId: string; creatorId: string } | null> {
      const known = parties.get(streamId);
      if (known) return known;
      const [first] = await eventStore.readStream(streamId, { maxCount: 1 });
      if (first?.type !== 'CollaborationProposed') return null;
      const { sellerId, creatorId } = first.data as { sellerId: string; creatorId: string };
      parties.set(streamId, { sellerId, creatorId });
      return { sellerId, creatorId };
    },
    /** The collaboration as it stands now: what redaction decides on (redaction.ts § withheldFrom). */
    async stateNow(streamId: string): Promise<CollaborationState> {
      return (await eventStore.readStream(streamId)).reduce(
        (state, e) => evolveCollaboration(state, e as unknown as CollaborationEvent, e.metadata),
        initialCollaborationState(),
      );
    },
  };
};
export type CollaborationLookup = ReturnType<typeof createCollaborationLookup>;

/** Whether an event's view depends on the ratings' visibility (or a review's text, or a report). */
const aboutRatings = (event: RecordedEvent): boolean =>
  event.type === 'RatingsRevealed' ||
  typeof (event.data as { ratingId?: unknown } | null)?.ratingId === 'string';

/**
 * The payload of an event for an owner, or null when the owner may not see it (not its
 * collaboration, or something said about a rating hidden from it).
 */
export const webhookPayload = async (
  owner: WebhookOwner,
  event: RecordedEvent,
  lookup: CollaborationLookup,
): Promise<WebhookPayload | null> => {
  const parties = await lookup.parties(event.streamId);
  if (!parties) return null;
  const reader = readerOf(owner.role, owner.id, parties);
  if (!reader) return null;
  let data: unknown = event.data;
  let redacted = false;
  let revealedRatings: unknown[] | undefined;
  if (aboutRatings(event)) {
    const state = await lookup.stateNow(event.streamId);
    const withheld = withheldFrom(reader, state);
    const view = redactEvent(event, withheld);
    if (view.type === REDACTED_TYPE) return null;
    data = view.data;
    redacted = view.redacted;
    if (event.type === 'RatingsRevealed') {
      const ids = (event.data as { ratingIds: string[] }).ratingIds;
      // As the owner may read them now: a text arbitration removed is not delivered either.
      revealedRatings = readableRatings(state, withheld)
        .filter((r) => ids.includes(r.ratingId))
        .map(({ ratingId, direction, raterId, rateeId, scores, comment, tags, ratedAt }) => ({
          ratingId,
          direction,
          raterId,
          rateeId,
          scores,
          comment,
          tags,
          ratedAt,
        }));
    }
  }
  return {
    type: event.type,
    timestamp: event.metadata.occurredAt,
    data: {
      eventId: event.id,
      position: event.position.toString(),
      collaborationId: event.streamId.slice(collaborationStreamId('').length),
      revision: Number(event.revision),
      occurredAt: event.metadata.occurredAt,
      actor: { id: event.metadata.actor, role: event.metadata.role },
      redacted,
      event: data,
      ...(revealedRatings ? { revealedRatings } : {}),
    },
  };
};
