import type { Role } from '../../core/event.js';
import type { RatingDirection, Side } from './collaboration.events.js';
import type { CollaborationState, RatingState } from './collaboration.state.js';

/**
 * What a reader may see of a collaboration, as one policy for every view of it — the typed views,
 * the audit history and as-of replays, subscriptions, exports handed to a party — so that no path
 * shows what another withholds. Arbitrators, auditors and the platform see everything. A party:
 *
 * - double-blind ratings (DOMAIN.md § The collaboration 9): its own rating, and the other side's only
 *   once revealed; of a hidden rating it reads neither the content (scores, comment, tags) nor
 *   anything said about it since (flags, reviews, their details), which would tell the content;
 * - public reviews (DOMAIN.md § Public reviews): not the text (comment, tags, reply) of a review
 *   whose text arbitration removed, its own included; not a report made against its own review
 *   (the report, its dismissal, its escalation), which is the reporter's and arbitration's business.
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

/** What of a collaboration its reader may not read, by id. */
export interface Withheld {
  /** Ratings hidden by the double-blind rule: all of them, and everything said about them. */
  readonly ratings: ReadonlySet<string>;
  /** Ratings whose text (comment, tags, reply) arbitration removed. */
  readonly texts: ReadonlySet<string>;
  /** Reports the reader did not make, on its own reviews. */
  readonly reports: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();
export const NOTHING_WITHHELD: Withheld = { ratings: NONE, texts: NONE, reports: NONE };

/**
 * What the reader may not read, as the collaboration stands now (`state`): once revealed, a rating is
 * readable in every past view too; once removed, a text is unreadable in every past view too.
 */
export const withheldFrom = (reader: Reader, state: CollaborationState): Withheld => {
  if (reader.everything) return NOTHING_WITHHELD;
  return {
    ratings: new Set(state.ratings.filter((r) => !mayRead(reader, r)).map((r) => r.ratingId)),
    texts: new Set(state.ratings.filter((r) => r.removal).map((r) => r.ratingId)),
    reports: new Set(state.reports.filter((r) => r.side !== reader.side).map((r) => r.reportId)),
  };
};

export const withholdsAnything = (withheld: Withheld): boolean =>
  withheld.ratings.size + withheld.texts.size + withheld.reports.size > 0;

/** A rating as its reader may read it: without its text when arbitration removed it. */
const readable = (rating: RatingState, withheld: Withheld): RatingState =>
  withheld.texts.has(rating.ratingId)
    ? { ...rating, comment: '', tags: [], reply: rating.reply && { ...rating.reply, text: '' } }
    : rating;

/** The ratings the reader may read, each as it may read it. */
export const readableRatings = (state: CollaborationState, withheld: Withheld): RatingState[] =>
  state.ratings.filter((r) => !withheld.ratings.has(r.ratingId)).map((r) => readable(r, withheld));

/** A state as its reader may read it. */
export const redactState = (state: CollaborationState, withheld: Withheld): CollaborationState =>
  withholdsAnything(withheld)
    ? {
        ...state,
        ratings: readableRatings(state, withheld),
        reports: state.reports.filter((r) => !withheld.reports.has(r.reportId)),
      }
    : state;

/** An event as its reader may see it: `redacted` when something was withheld. */
export interface RedactedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly redacted: boolean;
}

/** What stands for an event the reader may not read at all: even its kind tells. */
export const REDACTED_TYPE = 'Redacted';

const REPORT_EVENTS = new Set(['ReviewReported', 'ReviewReportDismissed', 'ReviewReportEscalated']);

export const redactEvent = (
  event: { readonly type: string; readonly data: unknown },
  withheld: Withheld,
): RedactedEvent => {
  const shown = { type: event.type, data: event.data, redacted: false };
  if (!withholdsAnything(withheld)) return shown;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const { ratingId, reportId } = data;
  if (typeof ratingId !== 'string') return shown;
  if (withheld.ratings.has(ratingId)) {
    if (event.type === 'CollaborationRated') {
      // That the other side rated is known (both are revealed together); what it said is not.
      const { direction, raterId, rateeId } = data;
      return { type: event.type, data: { ratingId, direction, raterId, rateeId }, redacted: true };
    }
    return { type: REDACTED_TYPE, data: null, redacted: true };
  }
  if (REPORT_EVENTS.has(event.type) && typeof reportId === 'string' && withheld.reports.has(reportId)) {
    return { type: REDACTED_TYPE, data: null, redacted: true };
  }
  if (withheld.texts.has(ratingId)) {
    if (event.type === 'CollaborationRated') {
      const { comment: _comment, tags: _tags, ...rest } = data;
      return { type: event.type, data: rest, redacted: true };
    }
    if (event.type === 'ReviewReplied') {
      const { text: _text, ...rest } = data;
      return { type: event.type, data: rest, redacted: true };
    }
  }
  return shown;
};
