import { addDays } from '../shared.js';
import type { RatingDirection, Side } from './collaboration.events.js';
import type { CollaborationState, RatingState, ReportState } from './collaboration.state.js';

/**
 * DOMAIN.md § Public reviews: which ratings are reviews, who answers them, and their clocks. One
 * definition for the decider, the deadlines, the redaction policy and the read models.
 */

/** The reviewed party may reply within this many days of the review's reveal. */
export const REPLY_WINDOW_DAYS = 14;
/** A report not decided within this many days is escalated. */
export const REPORT_DECISION_DAYS = 10;

/**
 * A rating is a review once revealed, and as long as rating review does not hold it (flagged, not yet
 * upheld) or has not removed it: exactly the ratings reputation counts.
 */
export const isReview = (rating: Pick<RatingState, 'revealed' | 'review'>): boolean =>
  rating.revealed && (rating.review === 'NONE' || rating.review === 'UPHELD');

/** The side a rating of this direction is about: who may reply to it and report it. */
export const reviewedSide = (direction: RatingDirection): Side =>
  direction === 'SELLER_TO_CREATOR' ? 'CREATOR' : 'SELLER';

/** When the reply window of a revealed rating closes. */
export const replyWindowClosesAt = (rating: Pick<RatingState, 'revealedAt'>): string | null =>
  rating.revealedAt === null ? null : addDays(rating.revealedAt, REPLY_WINDOW_DAYS);

/**
 * The report to escalate next: the earliest one neither decided nor escalated. One at a time, so
 * that the scheduler's `FireDeadline` (which names a rule, not a report) always means this one.
 */
export const reportToEscalate = (state: CollaborationState): ReportState | undefined =>
  state.reports
    .filter((r) => r.status === 'OPEN' && r.escalatedAt === null)
    .sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt))[0];

export const escalationDueAt = (report: Pick<ReportState, 'reportedAt'>): string =>
  addDays(report.reportedAt, REPORT_DECISION_DAYS);
