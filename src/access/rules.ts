import { NotFoundError } from '../core/errors.js';
import type { Viewer } from './viewer.js';

/**
 * Who may see what (DOMAIN.md § Who uses it): a seller never sees another seller's collaborations
 * or library, a creator never sees another creator's collaborations; arbitrators and auditors see
 * every collaboration; creator profiles and reputations are public to any signed-in user.
 */

export interface Parties {
  readonly sellerId: string;
  readonly creatorId: string;
}

export const isParty = (viewer: Viewer, parties: Parties): boolean =>
  (viewer.role === 'SELLER' && viewer.sellerId === parties.sellerId) ||
  (viewer.role === 'CREATOR' && viewer.creatorId === parties.creatorId);

export const seesEverything = (viewer: Viewer): boolean =>
  viewer.role === 'ARBITRATOR' || viewer.role === 'AUDITOR';

export const canSee = (viewer: Viewer, parties: Parties): boolean =>
  seesEverything(viewer) || isParty(viewer, parties);

/**
 * What a viewer may see of something owned by two parties: the thing itself, or nothing. One the
 * viewer may not see is answered exactly as one that does not exist, so nobody learns which ids
 * others use (a refusal would tell).
 */
export const visibleTo = <T extends Parties>(viewer: Viewer, found: T | undefined | null): T | undefined =>
  found && canSee(viewer, found) ? found : undefined;

/** For paths that must fail rather than answer nothing: NOT_FOUND, whether missing or not the viewer's. */
export const requireVisible = <T extends Parties>(
  viewer: Viewer,
  found: T | undefined | null,
  what: string,
  id: string,
): T => {
  const visible = visibleTo(viewer, found);
  if (!visible) throw new NotFoundError(`No ${what} ${id}`, { id });
  return visible;
};

/** The party id a viewer acts for, in the role a collaboration knows them by. */
export const partyIdOf = (viewer: Viewer): string | undefined =>
  viewer.role === 'SELLER' ? viewer.sellerId : viewer.role === 'CREATOR' ? viewer.creatorId : undefined;
