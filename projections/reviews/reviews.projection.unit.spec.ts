import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import {
  ARBITRATOR,
  CREATOR,
  PLATFORM,
  SELLER,
  day,
  scenario,
  type CollaborationScenario,
} from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { REVIEW_REPORTS, REVIEW_SUMMARIES, REVIEWS, type ReviewDoc } from './reviews.documents.js';
import { reviewsProjection } from './reviews.projection.js';

const sellerRating = {
  type: 'RateCollaboration' as const,
  ratingId: 'r-s',
  scores: { CONTENT_QUALITY: 5, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 5, BRAND_FIT: 4 },
  comment: 'Creative hook and the texture demo was exactly on brief',
  tags: ['CREATIVE_SCRIPT'],
};
const creatorRating = {
  type: 'RateCollaboration' as const,
  ratingId: 'r-c',
  scores: { BRIEF_CLARITY: 5, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 5, COMMUNICATION: 4 },
  comment: 'Clear brief; the deposit was paid the day we accepted',
};

const build = async (history: CollaborationScenario, options: { sellerVerified?: boolean } = {}) => {
  const log = new LogBuilder();
  if (options.sellerVerified) {
    log.add(
      'seller-s1',
      { type: 'SellerVerificationApproved', data: { sellerId: 's1', submission: 1, note: 'ok' } },
      day(-1),
    );
  }
  log.addAll('collaboration-k1', history.events);
  return { docs: await replayProjection(reviewsProjection, log.events), log };
};

const reviewsOf = (docs: Awaited<ReturnType<typeof build>>['docs']): ReviewDoc[] => [
  ...docs.all(REVIEWS.name).values(),
];

describe('reviews: which ratings are public reviews', () => {
  it('shows no review while a rating is hidden (double-blind)', async () => {
    const { docs } = await build(scenario().upToCompleted().run(SELLER, day(18), sellerRating));
    expect(reviewsOf(docs)).toEqual([]);
    expect(docs.all(REVIEW_SUMMARIES.name).size).toBe(0);
  });

  it('makes both revealed ratings reviews, with the collaboration’s verified results', async () => {
    const { docs, log } = await build(
      scenario().upToCompleted().run(SELLER, day(18), sellerRating).run(CREATOR, day(18), creatorRating),
      { sellerVerified: true },
    );
    const reviews = reviewsOf(docs);
    expect(reviews.map((r) => [r.direction, r.rateeKey, r.reviewerKey])).toEqual([
      ['SELLER_TO_CREATOR', 'CREATOR:c1', 'SELLER:s1'],
      ['CREATOR_TO_SELLER', 'SELLER:s1', 'CREATOR:c1'],
    ]);
    const snapshot = log.events.find((e) => e.type === 'MetricsSnapshotRecorded')!;
    expect(reviews[0]).toMatchObject({
      reviewerVerified: true,
      mean: 4.4,
      stars: 4,
      comment: sellerRating.comment,
      tags: ['CREATIVE_SCRIPT'],
      category: 'BEAUTY',
      markets: ['US', 'GB'],
      platform: 'TIKTOK',
      month: '2026-03',
      publish: { onTime: true, daysLate: 0 },
      outcome: {
        views: 20_000,
        clicks: 400,
        orders: 40,
        engagementRate: 0.0525,
        position: Number(snapshot.position),
      },
    });
    expect(reviews[1]!.reviewerVerified).toBe(false);
    expect(docs.get(REVIEW_SUMMARIES, 'CREATOR:c1')).toMatchObject({
      count: 1,
      stars: [0, 0, 0, 1, 0],
      sums: sellerRating.scores,
      tags: { CREATIVE_SCRIPT: 1 },
    });
  });

  it('takes a rating held by rating review out, and back once upheld', async () => {
    const flagged = scenario()
      .upToCompleted()
      .run(SELLER, day(18), sellerRating)
      .run(CREATOR, day(18), creatorRating)
      .run(PLATFORM, day(19), { type: 'FlagRating', ratingId: 'r-s', rule: 'RATING_BURST', detail: 'burst' });
    const held = await build(flagged);
    expect(reviewsOf(held.docs).map((r) => r.ratingId)).toEqual(['r-c']);
    expect(held.docs.get(REVIEW_SUMMARIES, 'CREATOR:c1')).toMatchObject({
      count: 0,
      stars: [0, 0, 0, 0, 0],
      tags: {},
    });
    const upheld = await build(
      flagged.run(ARBITRATOR, day(20), {
        type: 'ReviewRating',
        ratingId: 'r-s',
        decision: 'UPHOLD',
        note: 'Checked',
      }),
    );
    expect(reviewsOf(upheld.docs).map((r) => r.ratingId)).toEqual(['r-s', 'r-c']);
  });

  it('never shows a rating removed by rating review', async () => {
    const { docs } = await build(
      scenario()
        .upToCompleted()
        .run(SELLER, day(18), sellerRating)
        .run(CREATOR, day(18), creatorRating)
        .run(PLATFORM, day(19), {
          type: 'FlagRating',
          ratingId: 'r-s',
          rule: 'RATING_BURST',
          detail: 'burst',
        })
        .run(ARBITRATOR, day(20), {
          type: 'ReviewRating',
          ratingId: 'r-s',
          decision: 'REMOVE',
          note: 'Burst',
        }),
    );
    expect(reviewsOf(docs).map((r) => r.ratingId)).toEqual(['r-c']);
  });

  it('follows the last stable snapshot: a later final one replaces it, an inconsistent one does not', async () => {
    const s = scenario()
      .upToCompleted()
      .run(SELLER, day(18), sellerRating)
      .run(CREATOR, day(18), creatorRating);
    s.metrics(day(20), { views: 30_000 }, 50_000, 'm-later').metrics(
      day(21),
      { views: 10_000 },
      50_000,
      'm-down',
    );
    const { docs } = await build(s);
    expect(reviewsOf(docs)[0]!.outcome).toMatchObject({ views: 30_000, snapshotId: 'm-later' });
  });
});

describe('reviews: reply, report, removal', () => {
  const answered = () =>
    scenario()
      .upToCompleted()
      .run(SELLER, day(18), sellerRating)
      .run(CREATOR, day(18), creatorRating)
      .run(CREATOR, day(19), {
        type: 'ReplyToReview',
        ratingId: 'r-s',
        text: 'Thank you, glad the hook worked',
      })
      .run(CREATOR, day(19), {
        type: 'ReportReview',
        reportId: 'rep-1',
        ratingId: 'r-s',
        reason: 'IRRELEVANT',
        statement: 'The tag is not about us',
        evidence: [],
      });

  it('shows the reply under the review, and queues the report', async () => {
    const { docs } = await build(answered());
    expect(reviewsOf(docs)[0]!.reply).toEqual({
      text: 'Thank you, glad the hook worked',
      repliedAt: day(19),
    });
    expect([...docs.all(REVIEW_REPORTS.name).values()]).toMatchObject([
      { reportId: 'rep-1', status: 'OPEN', reporterId: 'c1', dueAt: day(29), escalated: false },
    ]);
  });

  it('drops the text, tags and reply of a review arbitration removed, keeping its scores counted', async () => {
    const { docs } = await build(
      answered().run(ARBITRATOR, day(20), {
        type: 'DecideReviewReport',
        reportId: 'rep-1',
        decision: 'REMOVE_TEXT',
        note: 'Off topic',
      }),
    );
    const [review] = reviewsOf(docs);
    expect(review).toMatchObject({
      comment: null,
      tags: [],
      reply: null,
      hasComment: false,
      removal: { reason: 'IRRELEVANT', removedAt: day(20) },
      scores: sellerRating.scores,
    });
    expect(JSON.stringify(review)).not.toContain('hook');
    expect(docs.get(REVIEW_SUMMARIES, 'CREATOR:c1')).toMatchObject({ count: 1, tags: {} });
    expect([...docs.all(REVIEW_REPORTS.name).values()][0]).toMatchObject({ status: 'TEXT_REMOVED' });
  });

  it('marks an escalated report', async () => {
    const { docs } = await build(
      answered().run(PLATFORM, day(29), { type: 'FireDeadline', rule: 'REPORT_ESCALATED' }),
    );
    expect([...docs.all(REVIEW_REPORTS.name).values()][0]).toMatchObject({
      escalated: true,
      escalatedAt: day(29),
    });
  });
});
