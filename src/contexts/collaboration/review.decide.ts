import { DomainError } from '../../core/errors.js';
import { ms, requireRole } from '../shared.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent } from './collaboration.events.js';
import type { CollaborationState, RatingState } from './collaboration.state.js';
import { compact, nonBlank, requireSide } from './guards.js';
import { mayRead } from './redaction.js';
import { isReview, replyWindowClosesAt, reportToEscalate, reviewedSide } from './reviews.js';

/** DOMAIN.md § Public reviews: the reviewed party's reply and report, arbitration's decision. */

type ReviewCommand = CollaborationCommandOf<'ReplyToReview' | 'ReportReview' | 'DecideReviewReport'>;

/** At most this many evidence files back one report. */
export const MAX_REPORT_EVIDENCE = 10;

/**
 * The review a party answers: one of its collaboration's ratings that it may read (a rating still
 * hidden from it is answered as none, as the double-blind rule asks), about the party itself, and a
 * review now (revealed, not held or removed by rating review), whose text arbitration has not removed.
 */
const reviewOfMine = (
  command: CollaborationCommandOf<'ReplyToReview' | 'ReportReview'>,
  state: CollaborationState,
): { rating: RatingState; side: 'SELLER' | 'CREATOR' } => {
  const side = requireSide(state, command.actor);
  const rating = state.ratings.find((r) => r.ratingId === command.ratingId);
  if (!rating || !mayRead({ everything: false, side }, rating)) {
    throw new DomainError('RATING_NOT_FOUND', `No rating ${command.ratingId} on this collaboration`);
  }
  if (reviewedSide(rating.direction) !== side) {
    throw new DomainError('FORBIDDEN', 'Only the reviewed party may answer or report a review');
  }
  if (!isReview(rating)) {
    throw new DomainError(
      'NOT_A_REVIEW',
      'This rating is not a public review: it is held or was removed by rating review',
      { review: rating.review },
    );
  }
  if (rating.removal) {
    throw new DomainError('REVIEW_TEXT_REMOVED', 'Arbitration removed this review’s text');
  }
  return { rating, side };
};

const reply = (
  command: CollaborationCommandOf<'ReplyToReview'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const { rating, side } = reviewOfMine(command, state);
  // One reply, never edited: what a reader sees under a review is what was answered then.
  if (rating.reply) throw new DomainError('REPLY_ALREADY_GIVEN', 'A review has one reply');
  const closesAt = replyWindowClosesAt(rating)!;
  if (ms(command.now) >= ms(closesAt)) {
    throw new DomainError('REPLY_WINDOW_CLOSED', `Replies to this review closed at ${closesAt}`, {
      closedAt: closesAt,
    });
  }
  nonBlank(command.text, 'REPLY_EMPTY', 'A reply needs a text');
  return [{ type: 'ReviewReplied', data: { ratingId: rating.ratingId, side, text: command.text } }];
};

const report = (
  command: CollaborationCommandOf<'ReportReview'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const { rating, side } = reviewOfMine(command, state);
  if (state.reports.some((r) => r.ratingId === rating.ratingId)) {
    throw new DomainError('REVIEW_ALREADY_REPORTED', 'A review is reported once, with all its evidence');
  }
  if (state.reports.some((r) => r.reportId === command.reportId)) {
    throw new DomainError('DUPLICATE_REPORT_ID', `Report ${command.reportId} exists`);
  }
  nonBlank(command.statement, 'STATEMENT_REQUIRED', 'A report says what is wrong with the review');
  if (command.evidence.length > MAX_REPORT_EVIDENCE) {
    throw new DomainError('TOO_MANY_FILES', `A report cites at most ${MAX_REPORT_EVIDENCE} files`);
  }
  const hashes = command.evidence.map((e) => e.sha256);
  if (new Set(hashes).size !== hashes.length) {
    throw new DomainError('DUPLICATE_EVIDENCE', 'A file is cited twice');
  }
  const missing = command.evidence.find((e) => !e.file);
  if (missing) {
    throw new DomainError(
      'EVIDENCE_NOT_UPLOADED',
      'You uploaded no file with this SHA-256: POST it to /evidence first',
      { sha256: missing.sha256 },
    );
  }
  return [
    {
      type: 'ReviewReported',
      data: {
        reportId: command.reportId,
        ratingId: rating.ratingId,
        side,
        reason: command.reason,
        statement: command.statement,
        evidence: command.evidence.map((e) =>
          compact({
            sha256: e.sha256,
            fileName: e.fileName,
            contentType: e.file!.contentType,
            sizeBytes: e.file!.sizeBytes,
          }),
        ),
      },
    },
  ];
};

const decide = (
  command: CollaborationCommandOf<'DecideReviewReport'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireRole(command.actor, 'ARBITRATOR');
  const found = state.reports.find((r) => r.reportId === command.reportId);
  if (!found)
    throw new DomainError('REPORT_NOT_FOUND', `No report ${command.reportId} on this collaboration`);
  if (found.status !== 'OPEN') {
    throw new DomainError('REPORT_ALREADY_DECIDED', `Report ${command.reportId} was decided`, {
      status: found.status,
    });
  }
  nonBlank(command.note, 'REASON_REQUIRED', 'A decision on a report needs a note');
  const { reportId, ratingId } = found;
  return command.decision === 'DISMISS'
    ? [{ type: 'ReviewReportDismissed', data: { reportId, ratingId, note: command.note } }]
    : [
        {
          type: 'ReviewTextRemoved',
          // The public reason: the one the report gave, unless the arbitrator found another.
          data: { reportId, ratingId, reason: command.reason ?? found.reason, note: command.note },
        },
      ];
};

/** REPORT_ESCALATED (DOMAIN.md § Deadlines): the report the deadline was for, escalated. */
export const escalateReport = (
  state: CollaborationState,
  fired: { rule: 'REPORT_ESCALATED'; dueAt: string; firedAt: string },
): CollaborationEvent[] => {
  const report = reportToEscalate(state)!;
  return [
    {
      type: 'ReviewReportEscalated',
      data: { reportId: report.reportId, ratingId: report.ratingId, ...fired },
    },
  ];
};

export const decideReview = (command: ReviewCommand, state: CollaborationState): CollaborationEvent[] => {
  switch (command.type) {
    case 'ReplyToReview':
      return reply(command, state);
    case 'ReportReview':
      return report(command, state);
    case 'DecideReviewReport':
      return decide(command, state);
  }
};
