import type { DeadlineRule } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { addDays } from '../shared.js';
import { escalationDueAt, reportToEscalate } from './reviews.js';

/** DOMAIN.md § Deadlines: time passing is an event too. */

export const SCRIPT_RESPONSE_DAYS = 7;
export const CONTENT_REVIEW_DAYS = 7;

export interface Deadline {
  readonly rule: DeadlineRule;
  readonly dueAt: string;
}

/**
 * The deadlines now running for a collaboration. The scheduler fires each once due; the decider
 * checks again, against the stream, that the deadline still applies and is due.
 */
export const pendingDeadlines = (state: CollaborationState): Deadline[] => {
  const deadlines: Deadline[] = [];
  if (state.status === 'PROPOSED' && state.brief) {
    // A PROPOSED brief with no answer by its script due date expires.
    deadlines.push({ rule: 'PROPOSAL_EXPIRED', dueAt: state.brief.scriptDueAt });
  }
  const pending = state.scripts.find((s) => s.outcome === 'PENDING');
  if (state.status === 'ACTIVE' && pending) {
    // A submitted script with no seller response for 7 days is approved.
    deadlines.push({
      rule: 'SCRIPT_AUTO_APPROVED',
      dueAt: addDays(pending.submittedAt, SCRIPT_RESPONSE_DAYS),
    });
  }
  if (
    (state.status === 'PUBLISHED' || state.status === 'COMPLETED') &&
    state.publish &&
    state.contentReview === 'NONE'
  ) {
    // Published content with no review for 7 days is accepted.
    deadlines.push({
      rule: 'CONTENT_AUTO_ACCEPTED',
      dueAt: addDays(state.publish.recordedAt, CONTENT_REVIEW_DAYS),
    });
  }
  if (state.status === 'COMPLETED' && state.ratingWindowClosesAt && !state.ratingWindowClosed) {
    // The rating window closing reveals whatever ratings exist.
    deadlines.push({ rule: 'RATING_WINDOW_CLOSED', dueAt: state.ratingWindowClosesAt });
  }
  // Public reviews: a report not decided in 10 days is escalated (reviews.ts).
  const report = reportToEscalate(state);
  if (report) deadlines.push({ rule: 'REPORT_ESCALATED', dueAt: escalationDueAt(report) });
  return deadlines;
};

/** The earliest pending deadline, if any. */
export const nextDeadline = (state: CollaborationState): Deadline | undefined =>
  pendingDeadlines(state).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
