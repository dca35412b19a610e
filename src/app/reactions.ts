import type { ServiceReaction } from '../../projections/index.js';
import { createLinker } from '../contexts/links/linker.js';
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
 * The stream a reaction decides on, when its order there matters: flags of one collaboration go one
 * after the other (each is decided on the stream as the one before left it). Links go in any order:
 * a creator's history is read by log position, whatever the order of its links.
 */
const orderedOn = (reaction: ServiceReaction): string | undefined => {
  switch (reaction.type) {
    case 'LinkCollaboration':
      return undefined;
    case 'FlagRating':
      return reaction.collaborationId;
    default:
      return reaction satisfies never;
  }
};

/**
 * What reactors decide, carried out, by the reaction's type: the rating review policy's findings
 * become FlagRating commands, once each (idempotency key); the linker links a collaboration to its
 * creator (once, by its event id; a link already there writes nothing). Live projectors and
 * rebuilds (in any thread) call it alike, with many reactions at once so that their appends share
 * commits.
 */
export const createReactions = (deps: {
  eventStore: EventStore;
  catalog: EventCatalog;
  write: WriteSide;
  now: () => string;
}) => {
  const link = createLinker({ store: deps.eventStore, catalog: deps.catalog });
  const queues = new Map<string, Promise<unknown>>();

  const carryOut = async (reaction: ServiceReaction, event: { id: string }): Promise<void> => {
    switch (reaction.type) {
      case 'LinkCollaboration':
        await link(reaction, {
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

  return (reaction: unknown, event: { id: string }): Promise<void> => {
    if (!isServiceReaction(reaction))
      return Promise.reject(new Error(`Not a reaction of this service: ${JSON.stringify(reaction)}`));
    const target = orderedOn(reaction);
    if (target === undefined) return carryOut(reaction, event);
    const previous = queues.get(target) ?? Promise.resolve();
    const done = previous.then(() => carryOut(reaction, event));
    // The next one on this stream waits for this one, whatever its outcome (its caller has it).
    const settled = done.catch(() => undefined);
    queues.set(target, settled);
    void settled.then(() => {
      if (queues.get(target) === settled) queues.delete(target);
    });
    return done;
  };
};
