import type { CommandResult as WriteResult } from '../../eventStore/handleCommand.js';
import { keyedUuid, newId } from '../../core/ids.js';
import { actorOf } from '../../access/viewer.js';
import { requireViewer, type GraphQLContext } from '../context.js';

/** What every command sends along: who, when, and the request's idempotency key and correlation. */
export const commandContext = (context: GraphQLContext, field: string) => {
  const viewer = requireViewer(context);
  return {
    command: { actor: actorOf(viewer), now: context.services.now() },
    options: {
      correlationId: context.requestId,
      // One key per mutation field, so an operation with several mutations retries each on its own.
      ...(context.idempotencyKey ? { idempotencyKey: `${context.idempotencyKey}:${field}` } : {}),
    },
  };
};

export const resultOf = (result: WriteResult<unknown>) => ({
  position: result.position.toString(),
  revision: Number(result.nextExpectedRevision),
  events: result.events.map((e) => e.type),
  deduplicated: result.deduplicated,
});

/**
 * An id the caller may choose or leave to the server. Left to the server under an `Idempotency-Key`,
 * it is derived from the caller, the operation and the key (under the service's secret), so a retry
 * lands in the stream of its first attempt, where the key finds the first result; without a key, a
 * fresh random one.
 */
export const idOr = (
  context: GraphQLContext,
  field: string,
  given: string | null | undefined,
  part = 'id',
): string => {
  if (given) return given;
  const viewer = requireViewer(context);
  return context.idempotencyKey
    ? keyedUuid(context.services.idSecret(), viewer.role, viewer.userId, field, part, context.idempotencyKey)
    : newId();
};

/** Removes nulls and undefined (GraphQL's absent optional inputs) all the way down. */
export const withoutNulls = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value instanceof Date) return value.toISOString() as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    ) as T;
  }
  return value;
};

/** Read-your-writes for a payload's entity field (src/graphql/freshness.ts). */
export { waitForFreshness as waitForPosition } from '../freshness.js';
