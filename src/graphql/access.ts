import { ForbiddenError } from '../core/errors.js';
import type { Viewer } from './auth/viewer.js';

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

export const requireSight = (viewer: Viewer, parties: Parties, what: string): void => {
  if (!canSee(viewer, parties)) throw new ForbiddenError(`You are not a party to this ${what}`);
};

/** The party id a viewer acts for, in the role a collaboration knows them by. */
export const partyIdOf = (viewer: Viewer): string | undefined =>
  viewer.role === 'SELLER' ? viewer.sellerId : viewer.role === 'CREATOR' ? viewer.creatorId : undefined;
