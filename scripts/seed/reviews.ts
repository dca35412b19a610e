import type { CreatorProfile } from '../../src/contexts/creator/creator.events.js';
import { PLATFORM_ACTOR, addDays, type Actor } from '../../src/contexts/shared.js';
import type { CollaborationCommandBody, WriteSide } from '../../src/contexts/writeSide.js';
import { REPORT_REASONS } from '../../src/contexts/collaboration/collaboration.events.js';
import type { Random } from './random.js';

/**
 * The seeded history's public reviews and verified parties (DOMAIN.md § Public reviews): some
 * sellers pass business verification and some creators have their accounts and languages checked;
 * after a collaboration's ratings are revealed, the reviewed side sometimes replies and now and then
 * reports a review, which an arbitrator decides — in time, or after the platform escalated it.
 */

type Send = (actor: Actor, now: string, body: CollaborationCommandBody) => Promise<unknown>;
type Run = <T>(fn: () => Promise<T>) => Promise<T | undefined>;
type Evidence = (
  text: string,
  by: Actor,
) => Promise<{ sha256: string; contentType: string; sizeBytes: number }>;

const ARBITRATOR: Actor = { userId: 'user-arbitrator-1', role: 'ARBITRATOR' };
const REPLIES = [
  'Thank you! The samples arrived late, which is why the first draft slipped',
  'Glad the hook worked; we would love to film the next launch too',
  'We followed the approved script word for word, the chat log shows it',
  'Payment was released the day the metrics were final, as the brief said',
];
const STATEMENTS = [
  'The review calls me names instead of describing the work',
  'It says we never paid; the deposit release is in the log',
  'It quotes my private phone number',
  'It is about another collaboration, not this one',
];

export const verifyParties = async (
  write: WriteSide,
  run: Run,
  random: Random,
  options: {
    start: string;
    sellerIds: readonly string[];
    creators: ReadonlyMap<string, CreatorProfile>;
    evidence: Evidence;
  },
): Promise<void> => {
  for (const sellerId of options.sellerIds) {
    if (!random.chance(0.45)) continue;
    const seller: Actor = { userId: `user-${sellerId}`, role: 'SELLER', partyId: sellerId };
    const at = addDays(options.start, random.int(0, 20));
    const licence = await options.evidence(`Business licence of ${sellerId}\n`, seller);
    const submitted = await run(() =>
      write.seller({
        type: 'SubmitSellerVerification',
        sellerId,
        registrationNumber: `9144${random.hex(14).toUpperCase()}`,
        country: 'CN',
        storeUrl: `https://shop.example.com/${sellerId}`,
        licence: { sha256: licence.sha256, fileName: 'licence.txt', file: licence },
        actor: seller,
        now: at,
      }),
    );
    if (!submitted || random.chance(0.1)) continue; // still waiting
    const approve = random.chance(0.85);
    await run(() =>
      write.seller({
        type: 'DecideSellerVerification',
        sellerId,
        decision: approve ? 'APPROVE' : 'REJECT',
        text: approve ? 'Licence and registry entry match' : 'The licence scan is unreadable',
        actor: ARBITRATOR,
        now: addDays(at, random.int(1, 5)),
      }),
    );
  }
  for (const [creatorId, profile] of options.creators) {
    if (!random.chance(0.3)) continue;
    const creator: Actor = { userId: `user-${creatorId}`, role: 'CREATOR', partyId: creatorId };
    const at = addDays(options.start, random.int(0, 30));
    await run(() =>
      write.creator({ type: 'RequestCreatorVerification', creatorId, actor: creator, now: at }),
    );
    if (random.chance(0.1)) {
      await run(() =>
        write.creator({
          type: 'DeclineCreatorVerification',
          creatorId,
          reason: 'No answer to the video call',
          actor: ARBITRATOR,
          now: addDays(at, 3),
        }),
      );
      continue;
    }
    for (const account of profile.platformAccounts) {
      await run(() =>
        write.creator({
          type: 'VerifyCreatorAccount',
          creatorId,
          platform: account.platform,
          handle: account.handle,
          check: 'A code posted in the account bio',
          actor: ARBITRATOR,
          now: addDays(at, 2),
        }),
      );
    }
    // Some languages are left unchecked: the badge waits for them.
    for (const language of profile.languages.filter(() => random.chance(0.9))) {
      await run(() =>
        write.creator({
          type: 'VerifyCreatorLanguage',
          creatorId,
          language,
          check: 'A ten-minute video call in the language',
          actor: ARBITRATOR,
          now: addDays(at, 3),
        }),
      );
    }
  }
};

/** After the reveal: replies, and a report now and then, decided or escalated. */
export const answerReviews = async (
  send: Send,
  random: Random,
  options: {
    collaborationId: string;
    seller: Actor;
    creator: Actor;
    /** When the ratings given were revealed (null: none was given). */
    revealedAt: string | null;
    rated: { readonly seller: boolean; readonly creator: boolean };
    evidence: Evidence;
  },
): Promise<void> => {
  if (!options.revealedAt) return;
  const reviews = [
    ...(options.rated.seller
      ? [{ ratingId: `r-${options.collaborationId}-s`, reviewed: options.creator }]
      : []),
    ...(options.rated.creator
      ? [{ ratingId: `r-${options.collaborationId}-c`, reviewed: options.seller }]
      : []),
  ];
  for (const { ratingId, reviewed } of reviews) {
    if (random.chance(0.3)) {
      await send(reviewed, addDays(options.revealedAt, random.int(0, 12)), {
        type: 'ReplyToReview',
        ratingId,
        text: random.pick(REPLIES),
      });
    }
    if (!random.chance(0.06)) continue;
    const reportedAt = addDays(options.revealedAt, random.int(0, 5));
    const reportId = `rep-${ratingId}`;
    const files = await Promise.all(
      Array.from({ length: random.int(0, 2) }, (_, k) =>
        options.evidence(`Evidence ${k} for report ${reportId}\n`, reviewed),
      ),
    );
    const reported = await send(reviewed, reportedAt, {
      type: 'ReportReview',
      reportId,
      ratingId,
      reason: random.pick(REPORT_REASONS),
      statement: random.pick(STATEMENTS),
      evidence: files.map((file, k) => ({ sha256: file.sha256, fileName: `evidence-${k}.txt`, file })),
    });
    if (!reported) continue;
    let decidedAt = addDays(reportedAt, random.int(1, 8));
    if (random.chance(0.3)) {
      // Nobody decided within 10 days: the platform escalates it, then an arbitrator decides.
      await send(PLATFORM_ACTOR, addDays(reportedAt, 10), { type: 'FireDeadline', rule: 'REPORT_ESCALATED' });
      decidedAt = addDays(reportedAt, 12);
    }
    const remove = random.chance(0.4);
    await send(ARBITRATOR, decidedAt, {
      type: 'DecideReviewReport',
      reportId,
      decision: remove ? 'REMOVE_TEXT' : 'DISMISS',
      note: remove ? 'The text breaks the review rules' : 'Harsh, but about the collaboration',
    });
  }
};
