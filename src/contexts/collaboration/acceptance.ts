import { DomainError } from '../../core/errors.js';
import { HOUR_MS, ms } from '../shared.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { after, compact, requireSide, requireStatus } from './guards.js';
import { settleOnContentAccepted } from './milestones.js';

/**
 * DOMAIN.md § Acceptance: the seller reviews published content (验收发布内容); issues other than a
 * missing disclosure must be fixed by the creator within the brief's days, and the final payment
 * waits until the content is accepted — by the seller, or by the platform after 7 days of silence
 * following a fix — or until the dispute that follows decides.
 */

/** A seller names issues after at most this many fixes; then it accepts, or a dispute decides. */
export const MAX_FIXES = 2;

type AcceptanceCommand = CollaborationCommandOf<'ReviewContent' | 'RecordContentFix'>;

/** The events of an acceptance (or of a review that asks no fix), then the completion milestones it no longer holds. */
export const accepting = (
  state: CollaborationState,
  accepted: CollaborationEvent,
  now: string,
): CollaborationEvent[] => [accepted, ...settleOnContentAccepted(state, after(state, [accepted], now))];

const review = (
  command: CollaborationCommandOf<'ReviewContent'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireSide(state, command.actor, 'SELLER');
  requireStatus(state, 'review content', 'PUBLISHED', 'COMPLETED');
  if (state.contentReview === 'ACCEPTED')
    throw new DomainError('CONTENT_ALREADY_ACCEPTED', 'The content was accepted');
  if (command.accepted !== (command.issues.length === 0)) {
    throw new DomainError('INVALID_REVIEW', 'Accept without issues, or name the issues found');
  }
  const reviewed: CollaborationEvent = {
    type: 'ContentReviewed',
    data: compact({ accepted: command.accepted, issues: command.issues, comment: command.comment }),
  };
  if (command.accepted) return accepting(state, reviewed, command.now);
  const fix = state.contentFix;
  if (state.contentReview === 'ISSUES' && fix.required) {
    throw new DomainError(
      'CONTENT_FIX_PENDING',
      `The creator has until ${fix.dueAt} to fix the issues found: accept the content, or wait for the fix`,
      { fixDueAt: fix.dueAt },
    );
  }
  const needsFix = command.issues.some((issue) => issue !== 'MISSING_DISCLOSURE');
  if (needsFix && fix.fixes >= MAX_FIXES) {
    throw new DomainError(
      'FIX_LIMIT_REACHED',
      `The content was fixed ${fix.fixes} times: accept it, or open a dispute`,
      { fixes: fix.fixes },
    );
  }
  // A missing disclosure alone holds nothing: it stays a compliance flag, for the rating to weigh.
  return needsFix ? [reviewed] : accepting(state, reviewed, command.now);
};

const recordFix = (
  command: CollaborationCommandOf<'RecordContentFix'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireSide(state, command.actor, 'CREATOR');
  requireStatus(state, 'fix content', 'PUBLISHED', 'COMPLETED');
  const fix = state.contentFix;
  if (state.contentReview !== 'ISSUES' || !fix.required || !fix.dueAt) {
    throw new DomainError('NO_FIX_REQUESTED', 'No content review asks for a fix');
  }
  if (!command.url && !command.note?.trim()) {
    throw new DomainError('FIX_EMPTY', 'A fix is a new link to the content or a note of the edit');
  }
  const lateMs = Math.max(0, ms(command.now) - ms(fix.dueAt));
  return [
    {
      type: 'ContentFixed',
      data: compact({
        fixNumber: fix.fixes + 1,
        url: command.url,
        note: command.note?.trim() ? command.note : undefined,
        fixDueAt: fix.dueAt,
        late: lateMs > 0,
        lateByHours: Math.round((lateMs / HOUR_MS) * 100) / 100,
      }),
    },
  ];
};

export const decideAcceptance = (
  command: AcceptanceCommand,
  state: CollaborationState,
): CollaborationEvent[] => {
  switch (command.type) {
    case 'ReviewContent':
      return review(command, state);
    case 'RecordContentFix':
      return recordFix(command, state);
  }
};
