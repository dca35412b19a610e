import type { Browser, Page } from 'playwright-core';
import { seedHistory } from '../../scripts/seed/history.js';
import { seedDisputedCollaboration } from '../support/disputedCollaboration.js';
import {
  CollaborationReviewsDocument,
  DecideReviewReportDocument,
  ReplyToReviewDocument,
  ReportReviewDocument,
  RequestCreatorVerificationDocument,
} from '../support/generated/graphql.js';
import { seedLifecycleCollaboration } from '../support/lifecycleCollaboration.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { launch } from './browser.js';

export type ConsoleTokens = Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor', string>;

/**
 * k1's reviews answered (DOMAIN.md § Public reviews): the creator replies to the seller's review and
 * reports it (left open); the seller reports the creator's, whose text an arbitrator removes; and the
 * creator asks to be verified (waiting).
 */
const answerReviews = async (api: TestServer, tokens: ConsoleTokens) => {
  const { ratings } = (await api.ok(tokens.auditor, CollaborationReviewsDocument, { id: 'k1' }))
    .collaboration!;
  const ofSeller = ratings.find((r) => r.direction === 'SELLER_TO_CREATOR')!.id;
  const ofCreator = ratings.find((r) => r.direction === 'CREATOR_TO_SELLER')!.id;
  await api.ok(tokens.c1, ReplyToReviewDocument, {
    input: {
      collaborationId: 'k1',
      ratingId: ofSeller,
      text: 'The late day was agreed in the chat, thank you',
    },
  });
  await api.ok(tokens.c1, ReportReviewDocument, {
    input: {
      collaborationId: 'k1',
      ratingId: ofSeller,
      reason: 'FALSE_ACCUSATION',
      statement: 'The brief allowed the extra day',
      evidence: [],
    },
  });
  const { reportReview } = await api.ok(tokens.s1, ReportReviewDocument, {
    input: {
      collaborationId: 'k1',
      ratingId: ofCreator,
      reason: 'PRIVATE_INFORMATION',
      statement: 'It names our bank',
      evidence: [],
    },
  });
  await api.ok(tokens.arbitrator, DecideReviewReportDocument, {
    input: {
      collaborationId: 'k1',
      reportId: reportReview.reportId!,
      decision: 'REMOVE_TEXT',
      note: 'The comment names the seller’s bank',
    },
  });
  await api.ok(tokens.c1, RequestCreatorVerificationDocument, { note: 'Please check my accounts' });
};

/**
 * A service with the disputed collaboration k1 (test/support/disputedCollaboration.ts, both sides
 * rated) and, when asked, its reviews answered, a small seeded history beside it and the lifecycle's
 * collaboration k2 (test/support/lifecycleCollaboration.ts), its read models caught up; and Chromium.
 */
export const startConsoleServer = async (
  options: {
    readonly history?: boolean;
    readonly reviews?: boolean;
    readonly lifecycle?: boolean;
  } = {},
) => {
  const T0 = '2026-03-02T09:00:00.000Z';
  const clock = testClock(new Date(T0));
  const at = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
  const api: TestServer = await startTestServer({ clock });
  const tokens = {
    s1: await api.token('SELLER', 's1'),
    s2: await api.token('SELLER', 's2'),
    c1: await api.token('CREATOR', 'c1'),
    c2: await api.token('CREATOR', 'c2'),
    arbitrator: await api.token('ARBITRATOR'),
    auditor: await api.token('AUDITOR'),
  } satisfies ConsoleTokens;
  const { chatExport } = await seedDisputedCollaboration(api, tokens, { clock, at });
  if (options.reviews) await answerReviews(api, tokens);
  if (options.lifecycle) await seedLifecycleCollaboration(api, tokens, clock);
  if (options.history) {
    await seedHistory(api.services.write, { creators: 4, sellers: 2, collaborations: 30 }, { seed: 7 });
  }
  await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 30_000);
  const browser: Browser = await launch();
  const origin = new URL(api.url).origin;
  return {
    api,
    clock,
    browser,
    origin,
    tokens,
    chatExport,
    close: async () => {
      await browser.close();
      await api.close();
    },
  };
};

/** Opens the console and uses `token`, waiting until the service has said who it belongs to. */
export const signIn = async (page: Page, origin: string, token: string, role: string): Promise<void> => {
  await page.goto(`${origin}/console`);
  await page.fill('input[name=token]', token);
  await page.click('.token-bar form button[type=submit]');
  // By the role's code (data-role), or its English words.
  await page
    .locator(`[data-testid=who][data-role=${role}], [data-testid=who]:text-matches("${role}", "i")`)
    .waitFor();
};
