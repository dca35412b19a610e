import type { LinkReaction } from '../../projections/collaborationLinks/collaborationLinks.reactor.js';
import type { FlagReaction } from '../../projections/ratingReview/ratingReview.reactor.js';
import { linkCollaboration } from '../contexts/links/collaborationLinks.js';
import { PLATFORM_ACTOR } from '../contexts/shared.js';
import type { WriteSide } from '../contexts/writeSide.js';
import { DomainError } from '../core/errors.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import type { EventStore } from '../eventStore/eventStore.js';

/**
 * What reactors decide, carried out: the rating review policy's findings become FlagRating commands,
 * once each (idempotency key); the linker links a collaboration to its creator (once, by its event
 * id). Live projectors and rebuilds (in any thread) call it alike.
 */
export const createReactions =
  (deps: { eventStore: EventStore; catalog: EventCatalog; write: WriteSide; now: () => string }) =>
  async (projection: string, reaction: unknown, event: { id: string }): Promise<void> => {
    if (projection === 'collaborationLinks') {
      await linkCollaboration({ store: deps.eventStore, catalog: deps.catalog }, reaction as LinkReaction, {
        actor: PLATFORM_ACTOR.userId,
        role: 'PLATFORM',
        occurredAt: deps.now(),
        causationId: event.id,
      });
      return;
    }
    if (projection !== 'ratingReview') return;
    const flag = reaction as FlagReaction;
    try {
      await deps.write.collaboration(
        {
          type: 'FlagRating',
          collaborationId: flag.collaborationId,
          ratingId: flag.ratingId,
          rule: flag.rule,
          detail: flag.detail,
          actor: PLATFORM_ACTOR,
          now: deps.now(),
        },
        { idempotencyKey: `rating-review:${flag.ratingId}:${flag.rule}`, causationId: event.id },
      );
    } catch (error) {
      // Already flagged for this rule, or removed since: nothing more to do.
      if (!(error instanceof DomainError)) throw error;
    }
  };
