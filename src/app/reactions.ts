import type { ServiceReaction } from '../../projections/index.js';
import { linkCollaboration } from '../contexts/links/collaborationLinks.js';
import { PLATFORM_ACTOR } from '../contexts/shared.js';
import type { WriteSide } from '../contexts/writeSide.js';
import { DomainError } from '../core/errors.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import type { EventStore } from '../eventStore/eventStore.js';

const REACTION_TYPES: ReadonlySet<string> = new Set<ServiceReaction['type']>([
  'FlagRating',
  'LinkCollaboration',
]);

/** A reaction of the service's reactors (each carries its `type`); anything else is a bug of the runner's. */
const isServiceReaction = (reaction: unknown): reaction is ServiceReaction =>
  typeof reaction === 'object' &&
  reaction !== null &&
  REACTION_TYPES.has((reaction as { type?: unknown }).type as string);

/**
 * What reactors decide, carried out, by the reaction's type: the rating review policy's findings
 * become FlagRating commands, once each (idempotency key); the linker links a collaboration to its
 * creator (once, by its event id). Live projectors and rebuilds (in any thread) call it alike.
 */
export const createReactions =
  (deps: { eventStore: EventStore; catalog: EventCatalog; write: WriteSide; now: () => string }) =>
  async (reaction: unknown, event: { id: string }): Promise<void> => {
    if (!isServiceReaction(reaction))
      throw new Error(`Not a reaction of this service: ${JSON.stringify(reaction)}`);
    switch (reaction.type) {
      case 'LinkCollaboration':
        await linkCollaboration({ store: deps.eventStore, catalog: deps.catalog }, reaction, {
          actor: PLATFORM_ACTOR.userId,
          role: 'PLATFORM',
          occurredAt: deps.now(),
          causationId: event.id,
        });
        return;
      case 'FlagRating':
        try {
          await deps.write.collaboration(
            {
              type: 'FlagRating',
              collaborationId: reaction.collaborationId,
              ratingId: reaction.ratingId,
              rule: reaction.rule,
              detail: reaction.detail,
              actor: PLATFORM_ACTOR,
              now: deps.now(),
            },
            { idempotencyKey: `rating-review:${reaction.ratingId}:${reaction.rule}`, causationId: event.id },
          );
        } catch (error) {
          // Already flagged for this rule, or removed since: nothing more to do.
          if (!(error instanceof DomainError)) throw error;
        }
        return;
      default:
        reaction satisfies never;
    }
  };
