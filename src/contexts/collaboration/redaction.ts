import type { Role } from '../../core/event.js';
import type { RatingDirection, Side } from './collaboration.events.js';
import type { CollaborationState, RatingState } from './collaboration.state.js';

/**
 * Double-blind ratings (DOMAIN.md § The collaboration 9), as one policy for every view of a
 * collaboration — the typed views, the audit history and as-of replays, subscriptions, exports handed
 * to a party: a party sees its own rating, and the other side's only once revealed; arbitrators,
 * auditors and the platform see everything. What a party may not read of a hidden rating is its
 * content (scores, comment, tags) and everything said about it since (flags, reviews, their details),
 * which would tell the content.
 */

/** Who reads a collaboration: everything, or one of its two sides. */
export type Reader = { readonly everything: true } | { readonly everything: false; readonly side: Side };

export const EVERYTHING: Reader = { everything: true };

/** The reader a role and party id make of a collaboration, or null when they are not one of its readers. */
export const readerOf = (
  role: Role,
  partyId: string | undefined,
  parties: { readonly sellerId: string; readonly creatorId: string },
): Reader | null => {
  if (role === 'ARBITRATOR' || role === 'AUDITOR' || role === 'PLATFORM') return EVERYTHING;
  if (role === 'SELLER' && partyId === parties.sellerId) return { everything: false, side: 'SELLER' };
  if (role === 'CREATOR' && partyId === parties.creatorId) return { everything: false, side: 'CREATOR' };
  return null;
};

export const authorSide = (direction: RatingDirection): Side =>
  direction === 'SELLER_TO_CREATOR' ? 'SELLER' : 'CREATOR';

export const mayRead = (reader: Reader, rating: Pick<RatingState, 'direction' | 'revealed'>): boolean =>
  reader.everything || rating.revealed || authorSide(rating.direction) === reader.side;

/**
 * The ids of the ratings the reader may not read, as the collaboration stands now (`state`): once
 * revealed, a rating is readable in every past view too.
 */
export const hiddenRatingIds = (reader: Reader, state: CollaborationState): ReadonlySet<string> =>
  reader.everything ? NONE : new Set(state.ratings.filter((r) => !mayRead(reader, r)).map((r) => r.ratingId));

const NONE: ReadonlySet<string> = new Set();

/** A state without the ratings hidden from its reader. */
export const redactState = (state: CollaborationState, hidden: ReadonlySet<string>): CollaborationState =>
  hidden.size === 0 ? state : { ...state, ratings: state.ratings.filter((r) => !hidden.has(r.ratingId)) };

/** An event as its reader may see it: `redacted` when something was withheld. */
export interface RedactedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly redacted: boolean;
}

/** What stands for an event said about a hidden rating (a flag, a review): even its kind tells. */
export const REDACTED_TYPE = 'Redacted';

export const redactEvent = (
  event: { readonly type: string; readonly data: unknown },
  hidden: ReadonlySet<string>,
): RedactedEvent => {
  const ratingId = (event.data as { ratingId?: unknown } | null)?.ratingId;
  if (hidden.size === 0 || typeof ratingId !== 'string' || !hidden.has(ratingId)) {
    return { type: event.type, data: event.data, redacted: false };
  }
  if (event.type === 'CollaborationRated') {
    // That the other side rated is known (both are revealed together); what it said is not.
    const { direction, raterId, rateeId } = event.data as Record<string, unknown>;
    return { type: event.type, data: { ratingId, direction, raterId, rateeId }, redacted: true };
  }
  return { type: REDACTED_TYPE, data: null, redacted: true };
};
