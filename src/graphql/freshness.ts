import type { GraphQLContext } from './context.js';
import { StaleReadError } from './errors.js';

/**
 * Read-your-writes (ARCHITECTURE.md § Read-your-writes): waits, bounded, until the named read models
 * (all by default) have applied `position`; STALE_READ past the bound.
 */
export const waitForFreshness = async (
  context: Pick<GraphQLContext, 'services'>,
  position: bigint,
  projections?: readonly string[],
): Promise<void> => {
  const { freshness } = context.services;
  if (!(await freshness.waitFor(position, projections))) {
    throw new StaleReadError(
      `The read models have not reached position ${position} within ${freshness.timeoutMs} ms`,
      { position: position.toString() },
    );
  }
};
