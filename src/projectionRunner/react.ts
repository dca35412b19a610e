import pMap from 'p-map';
import type { RecordedEvent } from '../core/event.js';

/** Carries out what a reactor decided on an event (the composition root's, src/app/reactions.ts). */
export type React = (reaction: unknown, event: RecordedEvent) => Promise<void>;

/** A reaction decided on an event of the batch at hand. */
export interface DecidedReaction {
  readonly reaction: unknown;
  readonly event: RecordedEvent;
}

/** Reactions carried out at once: enough for their appends to share commits, few enough to bound the memory they hold. */
const AT_ONCE = 64;

/**
 * Carries out the reactions a batch decided, many at once, so that their appends arrive together
 * and share commits (one at a time, each waited for a commit of its own: thousands of them held a
 * reactor at its first batch for minutes). The caller commits the batch only after: a batch
 * committed is a batch reacted to, at least once. Keeping the order of those that write to one
 * stream is `react`'s business, which knows where each writes.
 */
export const reactTo = async (
  decided: readonly DecidedReaction[],
  react: React | undefined,
): Promise<void> => {
  if (!react || decided.length === 0) return;
  await pMap(decided, ({ reaction, event }) => react(reaction, event), { concurrency: AT_ONCE });
};
