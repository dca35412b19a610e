import type { Actor } from '../contexts/shared.js';

/** The four roles a token can carry (DOMAIN.md § Who uses it). PLATFORM is the service itself. */
export const TOKEN_ROLES = ['SELLER', 'CREATOR', 'ARBITRATOR', 'AUDITOR'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Who is asking: from a verified bearer token. */
export interface Viewer {
  readonly userId: string;
  readonly role: TokenRole;
  /** For SELLER: the seller the user acts for. */
  readonly sellerId?: string;
  /** For CREATOR: the creator the user acts for. */
  readonly creatorId?: string;
  /** Seconds since the epoch: when the token stops being valid. */
  readonly expiresAt?: number;
}

export const actorOf = (viewer: Viewer): Actor => ({
  userId: viewer.userId,
  role: viewer.role,
  ...(viewer.role === 'SELLER' && viewer.sellerId ? { partyId: viewer.sellerId } : {}),
  ...(viewer.role === 'CREATOR' && viewer.creatorId ? { partyId: viewer.creatorId } : {}),
});
