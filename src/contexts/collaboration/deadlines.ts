import type { DeadlineRule } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { escalationDueAt, reportToEscalate } from './reviews.js';
import { addDays, ms } from '../shared.js';
import { finalFrom } from './metrics.js';

/** DOMAIN.md § Deadlines: time passing is an event too. */

export const SCRIPT_RESPONSE_DAYS = 7;
export const CONTENT_REVIEW_DAYS = 7;
/** DOMAIN.md § Deadlines: the platform completes a collaboration 3 days after its measurement window. */
export const AUTO_COMPLETION_DAYS = 3;
/** DOMAIN.md § Dispute: the other side states its case within 5 days; an arbitrator decides within 30. */
export const DISPUTE_RESPONSE_DAYS = 5;
export const DISPUTE_DECISION_DAYS = 30;

export interface Deadline {
  readonly rule: DeadlineRule;
  readonly dueAt: string;
}

const latest = (...instants: string[]): string => instants.reduce((a, b) => (ms(b) > ms(a) ? b : a));

/**
 * The deadlines now running for a collaboration. The scheduler fires each once due; the decider
 * checks again, against the stream, that the deadline still applies and is due. Every deadline of the
 * lifecycle is here, so everything that reads this index (the scheduler, reminders) sees it.
 */
export const pendingDeadlines = (state: CollaborationState): Deadline[] => {
  const deadlines: Deadline[] = [];
  const offers = state.negotiation.offers;
  if (state.status === 'PROPOSED' && state.brief) {
    // A PROPOSED brief with no answer by its script due date expires: the latest offer's date.
    deadlines.push({
      rule: 'PROPOSAL_EXPIRED',
      dueAt: offers.at(-1)?.scriptDueAt ?? state.brief.scriptDueAt,
    });
  }
  const pending = state.scripts.find((s) => s.outcome === 'PENDING');
  if (state.status === 'ACTIVE' && pending) {
    // A submitted script with no seller response for 7 days is approved.
    deadlines.push({
      rule: 'SCRIPT_AUTO_APPROVED',
      dueAt: addDays(pending.submittedAt, SCRIPT_RESPONSE_DAYS),
    });
  }
  const published = (state.status === 'PUBLISHED' || state.status === 'COMPLETED') && state.publish;
  if (published && state.contentReview === 'NONE') {
    // Published content with no review for 7 days is accepted.
    deadlines.push({
      rule: 'CONTENT_AUTO_ACCEPTED',
      dueAt: addDays(state.publish!.recordedAt, CONTENT_REVIEW_DAYS),
    });
  }
  if (published && state.contentReview === 'FIXED' && state.contentFix.fixedAt) {
    // Fixed content with no answer for 7 days is accepted, like the first review.
    deadlines.push({
      rule: 'CONTENT_AUTO_ACCEPTED',
      dueAt: addDays(state.contentFix.fixedAt, CONTENT_REVIEW_DAYS),
    });
  }
  const fix = state.contentFix;
  if (published && state.contentReview === 'ISSUES' && fix.required && fix.dueAt && !fix.overdue) {
    // Content reviewed with issues is fixed within the brief's days.
    deadlines.push({ rule: 'CONTENT_FIX_OVERDUE', dueAt: fix.dueAt });
  }
  if (
    state.status === 'PUBLISHED' &&
    state.publish &&
    state.brief &&
    state.contentReview !== 'NONE' &&
    !state.openDisputeId
  ) {
    // Published, reviewed and past its window: completed 3 days after the window ends, or after the
    // last dispute was resolved, whichever is later.
    const windowEnd = new Date(
      finalFrom(state.publish.publishedAt, state.brief.measurementWindowDays),
    ).toISOString();
    const resolved = state.disputes.flatMap((d) => (d.resolvedAt ? [d.resolvedAt] : []));
    deadlines.push({
      rule: 'COLLABORATION_AUTO_COMPLETED',
      dueAt: addDays(latest(windowEnd, ...resolved), AUTO_COMPLETION_DAYS),
    });
  }
  if (state.status === 'COMPLETED' && state.ratingWindowClosesAt && !state.ratingWindowClosed) {
    // The rating window closing reveals whatever ratings exist.
    deadlines.push({ rule: 'RATING_WINDOW_CLOSED', dueAt: state.ratingWindowClosesAt });
  }
  // Public reviews: a report not decided in 10 days is escalated (reviews.ts).
  const report = reportToEscalate(state);
  if (report) deadlines.push({ rule: 'REPORT_ESCALATED', dueAt: escalationDueAt(report) });
  const dispute = state.disputes.find((d) => d.disputeId === state.openDisputeId);
  if (dispute) {
    if (!dispute.respondedAt && !dispute.responseMissed) {
      deadlines.push({
        rule: 'DISPUTE_RESPONSE_MISSED',
        dueAt: addDays(dispute.openedAt, DISPUTE_RESPONSE_DAYS),
      });
    }
    if (!dispute.escalated) {
      deadlines.push({ rule: 'DISPUTE_ESCALATED', dueAt: addDays(dispute.openedAt, DISPUTE_DECISION_DAYS) });
    }
  }
  const rights = state.usageRights;
  if (published && rights.scope.length > 0 && rights.endsAt && !rights.ended) {
    deadlines.push({ rule: 'USAGE_RIGHTS_ENDED', dueAt: rights.endsAt });
  }
  return deadlines;
};

/** The earliest pending deadline, if any. */
export const nextDeadline = (state: CollaborationState): Deadline | undefined =>
  pendingDeadlines(state).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
