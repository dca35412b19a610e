import { DomainError } from '../../core/errors.js';
import { ms, requireRole } from '../shared.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent, RatingDirection } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { nonBlank, requireSide, requireStatus } from './guards.js';
import { checkComment, checkScores, factContradictions } from './rating.js';

/** DOMAIN.md § The collaboration 9 (two-sided, double-blind rating) and § Rating review. */

type RatingCommand = CollaborationCommandOf<'RateCollaboration' | 'FlagRating' | 'ReviewRating'>;

const findRating = (state: CollaborationState, ratingId: string) => {
  const rating = state.ratings.find((r) => r.ratingId === ratingId);
  if (!rating) throw new DomainError('RATING_NOT_FOUND', `No rating ${ratingId} on this collaboration`);
  return rating;
};

const rate = (
  command: CollaborationCommandOf<'RateCollaboration'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const side = requireSide(state, command.actor);
  // Only from a real, completed collaboration.
  requireStatus(state, 'rate', 'COMPLETED');
  if (state.ratingWindowClosed || ms(command.now) >= ms(state.ratingWindowClosesAt!)) {
    throw new DomainError(
      'RATING_WINDOW_CLOSED',
      `The rating window closed at ${state.ratingWindowClosesAt}`,
    );
  }
  const direction: RatingDirection = side === 'SELLER' ? 'SELLER_TO_CREATOR' : 'CREATOR_TO_SELLER';
  if (state.ratings.some((r) => r.direction === direction)) {
    throw new DomainError('RATING_ALREADY_GIVEN', 'One rating per side per collaboration');
  }
  if (state.ratings.some((r) => r.ratingId === command.ratingId)) {
    throw new DomainError('RATING_ALREADY_GIVEN', `Rating ${command.ratingId} exists`);
  }
  checkScores(direction, command.scores);
  checkComment(command.comment);
  const rated: CollaborationEvent = {
    type: 'CollaborationRated',
    data: {
      ratingId: command.ratingId,
      direction,
      raterId: side === 'SELLER' ? state.sellerId : state.creatorId,
      rateeId: side === 'SELLER' ? state.creatorId : state.sellerId,
      scores: command.scores,
      comment: command.comment,
      tags: command.tags ?? [],
    },
  };
  const other = state.ratings.find((r) => r.direction !== direction);
  // Double-blind: both are revealed at once when the second side rates, so nobody rates in retaliation.
  const reveal: CollaborationEvent[] = other
    ? [
        {
          type: 'RatingsRevealed',
          data: { ratingIds: [other.ratingId, command.ratingId], reason: 'BOTH_RATED' },
        },
      ]
    : [];
  return [rated, ...factContradictions(state, command.ratingId, direction, command.scores), ...reveal];
};

const flag = (
  command: CollaborationCommandOf<'FlagRating'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireRole(command.actor, 'PLATFORM', 'ARBITRATOR');
  const rating = findRating(state, command.ratingId);
  if (rating.direction !== 'SELLER_TO_CREATOR') {
    throw new DomainError('RATING_NOT_REVIEWABLE', 'Only ratings of creators are reviewed for reputation');
  }
  if (rating.flags.includes(command.rule)) {
    throw new DomainError(
      'RATING_ALREADY_FLAGGED',
      `Rating ${command.ratingId} is already flagged by ${command.rule}`,
    );
  }
  if (rating.review === 'REMOVED')
    throw new DomainError('RATING_REMOVED', `Rating ${command.ratingId} was removed`);
  nonBlank(command.detail, 'BAD_USER_INPUT', 'A flag says why');
  return [
    {
      type: 'RatingFlagged',
      data: { ratingId: command.ratingId, rule: command.rule, detail: command.detail },
    },
  ];
};

const review = (
  command: CollaborationCommandOf<'ReviewRating'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireRole(command.actor, 'ARBITRATOR');
  const rating = findRating(state, command.ratingId);
  if (rating.review !== 'PENDING') {
    throw new DomainError('RATING_NOT_UNDER_REVIEW', `Rating ${command.ratingId} is not under review`);
  }
  nonBlank(command.note, 'REASON_REQUIRED', 'A review decision needs a note');
  return [
    {
      type: 'RatingReviewed',
      data: {
        ratingId: command.ratingId,
        decision: command.decision === 'UPHOLD' ? 'UPHELD' : 'REMOVED',
        note: command.note,
      },
    },
  ];
};

export const decideRating = (command: RatingCommand, state: CollaborationState): CollaborationEvent[] => {
  switch (command.type) {
    case 'RateCollaboration':
      return rate(command, state);
    case 'FlagRating':
      return flag(command, state);
    case 'ReviewRating':
      return review(command, state);
  }
};
