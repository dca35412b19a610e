import { DomainError } from '../../core/errors.js';
import { HOUR_MS, ms } from '../shared.js';
import {
  CREATOR_TO_SELLER_DIMENSIONS,
  SELLER_TO_CREATOR_DIMENSIONS,
  type CollaborationEvent,
  type RatingDirection,
} from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { finalSnapshot, missedTargets } from './metrics.js';

/** DOMAIN.md § The collaboration 9 (rating) and § Rating review. */

export const RATING_WINDOW_DAYS = 14;
export const MIN_COMMENT_LENGTH = 20;

export const dimensionsOf = (direction: RatingDirection): readonly string[] =>
  direction === 'SELLER_TO_CREATOR' ? SELLER_TO_CREATOR_DIMENSIONS : CREATOR_TO_SELLER_DIMENSIONS;

/** Every dimension of the direction, each an integer 1–5, and nothing else. */
export const checkScores = (direction: RatingDirection, scores: Readonly<Record<string, number>>): void => {
  const expected = dimensionsOf(direction);
  const given = Object.keys(scores);
  const missing = expected.filter((d) => !(d in scores));
  const unknown = given.filter((d) => !expected.includes(d));
  const outOfRange = given.filter((d) => !Number.isInteger(scores[d]) || scores[d]! < 1 || scores[d]! > 5);
  if (missing.length > 0 || unknown.length > 0 || outOfRange.length > 0) {
    throw new DomainError(
      'INVALID_SCORES',
      `A ${direction} rating scores ${expected.join(', ')} from 1 to 5`,
      {
        missing,
        unknown,
        outOfRange,
      },
    );
  }
};

/**
 * Phrases that say nothing about the collaboration (the guide's "避免写'很好''一般'"). A comment
 * made only of these, however often repeated, is vague.
 */
const VAGUE_WORDS = new Set(
  (
    'good ok okay fine nice great bad average so meh normal alright cool awesome amazing excellent perfect ' +
    'super very really quite pretty all everything overall it was is the a job work well done thanks thank you ' +
    'satisfied recommend recommended stars star five 5 and too much nothing say to'
  ).split(' '),
);
const VAGUE_CJK = [
  '一般般',
  '还可以',
  '合作愉快',
  '非常好',
  '挺好的',
  '挺好',
  '很好',
  '不错',
  '一般',
  '还行',
  '还好',
  '可以',
  '满意',
  '好评',
  '差评',
  '推荐',
  '优秀',
  '完美',
  '谢谢',
  '感谢',
  '总体',
  '整体',
  '非常',
  '特别',
  '都',
  '很',
  '好',
  '棒',
  '差',
  '的',
  '了',
  '啊',
  '吧',
  '呢',
].sort((a, b) => b.length - a.length);

export const isVagueComment = (comment: string): boolean => {
  const text = comment.normalize('NFKC').trim().toLowerCase();
  if ([...text].length < MIN_COMMENT_LENGTH) return true;
  const latin = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0 && !/\p{Script=Han}/u.test(token))
    .filter((token) => !VAGUE_WORDS.has(token));
  let han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch)).join('');
  for (const phrase of VAGUE_CJK) han = han.split(phrase).join('');
  const meaningful = latin.filter((token) => /\p{L}/u.test(token));
  return meaningful.length === 0 && han.length === 0;
};

export const checkComment = (comment: string): void => {
  if (isVagueComment(comment)) {
    throw new DomainError(
      'VAGUE_COMMENT',
      `A rating comment must be specific: at least ${MIN_COMMENT_LENGTH} characters saying what went well or not ` +
        '(e.g. "creative script, but published 2 days late"), not only "good", "ok", "一般"…',
    );
  }
};

const mean = (scores: Readonly<Record<string, number>>): number => {
  const values = Object.values(scores);
  return values.reduce((a, b) => a + b, 0) / values.length;
};

/** DOMAIN.md § Rating review: TIMELINESS ≥ 4 on a publish more than 48 h late is flagged. */
const LATE_FOR_TIMELINESS_MS = 48 * HOUR_MS;

/**
 * The review rules a collaboration's own facts decide (DOMAIN.md § Rating review): a TIMELINESS
 * score contradicting the publish lateness, and a low rating although the final metrics met every
 * target. The rules needing other streams are applied by the rating review policy.
 */
export const factContradictions = (
  state: CollaborationState,
  ratingId: string,
  direction: RatingDirection,
  scores: Readonly<Record<string, number>>,
): CollaborationEvent[] => {
  if (direction !== 'SELLER_TO_CREATOR') return [];
  const flags: CollaborationEvent[] = [];
  const timeliness = scores['TIMELINESS'];
  const publish = state.publish;
  if (publish && timeliness !== undefined) {
    // Compared on the exact instants: the recorded lateness is rounded for display (a publish
    // 48 h 0 min 18 s late is more than 48 h late, though it shows as 48.01 h or 48 h).
    const lateMs = ms(publish.publishedAt) - ms(publish.publishDueAt);
    if (timeliness >= 4 && lateMs > LATE_FOR_TIMELINESS_MS) {
      flags.push({
        type: 'RatingFlagged',
        data: {
          ratingId,
          rule: 'TIMELINESS_CONTRADICTS_PUBLISH',
          detail: `TIMELINESS ${timeliness} on a publish ${publish.lateByHours} h late`,
        },
      });
    } else if (timeliness <= 2 && !publish.late) {
      flags.push({
        type: 'RatingFlagged',
        data: {
          ratingId,
          rule: 'TIMELINESS_CONTRADICTS_PUBLISH',
          detail: `TIMELINESS ${timeliness} on an on-time publish`,
        },
      });
    }
  }
  const targets = state.brief?.metricTargets ?? {};
  const final = finalSnapshot(state);
  const average = mean(scores);
  if (
    Object.keys(targets).length > 0 &&
    final &&
    missedTargets(targets, final).length === 0 &&
    average <= 2
  ) {
    flags.push({
      type: 'RatingFlagged',
      data: {
        ratingId,
        rule: 'CONTRADICTS_METRICS',
        detail: `Mean score ${average.toFixed(2)} although the final metrics met every target`,
      },
    });
  }
  return flags;
};
