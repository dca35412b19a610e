import { describe, expect, it } from 'vitest';
import {
  computeReputation,
  diffFigures,
  type CollaborationFacts,
  type RatingFacts,
  type SnapshotFacts,
} from './reputation.js';

const snapshot = (
  views: number,
  likes: number,
  comments: number,
  shares: number,
  clicks: number,
  orders: number,
  final = true,
): SnapshotFacts => ({
  views,
  likes,
  comments,
  shares,
  clicks,
  orders,
  final,
  capturedAt: '2026-03-20T00:00:00.000Z',
});
const rating = (
  ratingId: string,
  scores: number[],
  revealed = true,
  review: RatingFacts['review'] = 'NONE',
): RatingFacts => ({
  ratingId,
  scores: {
    CONTENT_QUALITY: scores[0]!,
    TIMELINESS: scores[1]!,
    COMMUNICATION: scores[2]!,
    COMPLIANCE: scores[3]!,
    BRAND_FIT: scores[4]!,
  },
  ratedAt: '2026-03-21T00:00:00.000Z',
  revealed,
  review,
});
const collaboration = (id: string, facts: Partial<CollaborationFacts>): CollaborationFacts => ({
  collaborationId: id,
  sellerId: 's1',
  accepted: true,
  status: 'COMPLETED',
  published: true,
  late: false,
  measured: null,
  metricsFlagged: false,
  ratings: [],
  disputeOutcomes: [],
  ...facts,
});

describe('reputation (DOMAIN.md § Reputation), against figures computed by hand', () => {
  const facts = [
    collaboration('k1', {
      measured: snapshot(10_000, 400, 50, 50, 200, 10),
      ratings: [rating('r1', [5, 4, 4, 5, 4])],
    }),
    collaboration('k2', {
      late: true,
      measured: snapshot(20_000, 1500, 300, 200, 1000, 30, false),
      ratings: [rating('r2', [3, 2, 3, 4, 3])],
      disputeOutcomes: ['SHARED'],
    }),
    collaboration('k3', { status: 'CANCELLED', published: false, disputeOutcomes: ['CREATOR_AT_FAULT'] }),
    // Engagement 0.6 > 0.5: a flagged collaboration; its rating is under review, so not counted.
    collaboration('k4', {
      measured: snapshot(1000, 300, 200, 100, 50, 5),
      metricsFlagged: true,
      ratings: [rating('r4', [1, 1, 1, 1, 1], true, 'PENDING')],
    }),
    collaboration('k5', { accepted: false, status: 'DECLINED', published: false }),
    // Completed, no metrics, its rating still hidden (double-blind): not counted.
    collaboration('k6', { ratings: [rating('r6', [5, 5, 5, 5, 5], false)] }),
  ];
  const figures = computeReputation(facts);

  it('computes Bayesian dimension means over counted ratings only: (5·3.5 + Σr) / (5 + n)', () => {
    expect(figures.ratingsCounted).toBe(2);
    expect(figures.ratingsUnderReview).toBe(1);
    expect(figures.dimensions.CONTENT_QUALITY).toEqual({ n: 2, sum: 8, mean: 25.5 / 7 });
    expect(figures.dimensions.TIMELINESS!.mean).toBe(23.5 / 7);
    expect(figures.dimensions.COMMUNICATION!.mean).toBe(24.5 / 7);
    expect(figures.dimensions.COMPLIANCE!.mean).toBe(26.5 / 7);
    expect(figures.dimensions.BRAND_FIT!.mean).toBe(3.5);
  });
  it('weighs the overall rating 0.30 / 0.20 / 0.15 / 0.20 / 0.15, exactly (presentation rounds)', () =>
    expect(figures.overall).toBeCloseTo(25 / 7, 14));
  it('computes on-time, completion and dispute loss rates with their smoothing', () => {
    expect(figures).toMatchObject({ published: 4, onTime: 3, onTimeRate: 4 / 6 });
    expect(figures).toMatchObject({
      accepted: 5,
      completed: 4,
      cancelled: 1,
      ended: 5,
      completionRate: 5 / 7,
    });
    expect(figures).toMatchObject({ creatorAtFault: 1, sharedFault: 1, disputeLossRate: 1.5 / 6 });
  });
  it('takes medians of engagement and conversion over collaborations with metrics', () => {
    expect(figures.engagementRate).toBe(0.1); // median of 0.05, 0.1, 0.6
    expect(figures.conversionRate).toBe(0.05); // median of 0.05, 0.03, 0.1
    expect(figures.collaborationsWithMetrics).toBe(3);
  });
  it('scores credit, penalising flagged metrics, and grades it', () => {
    // round(1000 · (0.45·(25/7−1)/4 + 0.20·2/3 + 0.15·5/7 + 0.20·0.75)) − 50 = round(679.76) − 50
    expect(figures.creditScore).toBe(630);
    expect(figures.creditParts.rating).toBeCloseTo((0.45 * (25 / 7 - 1)) / 4, 14);
    expect(figures.creditParts.onTime).toBeCloseTo(0.2 * (4 / 6), 14);
    expect(figures.creditParts.completion).toBeCloseTo(0.15 * (5 / 7), 14);
    expect(figures.creditParts.disputes).toBeCloseTo(0.2 * (1 - 1.5 / 6), 14);
    expect(figures.creditParts.flagPenalty).toBe(50);
    expect(figures.flaggedCollaborations).toEqual(['k4']);
    expect(figures.grade).toBe('C');
    expect(figures.recommendationWeight).toBe(630 * (1 - Math.exp(-4 / 5)));
  });
  it('starts a creator without history from the priors, graded NEW', () => {
    const empty = computeReputation([]);
    expect(empty).toMatchObject({
      overall: 3.5,
      onTimeRate: 0.5,
      completionRate: 0.5,
      disputeLossRate: 0,
      creditScore: 656,
      grade: 'NEW',
      recommendationWeight: 0,
    });
    expect(empty.engagementRate).toBeNull();
  });
  it('clamps credit at 0', () => {
    const flagged = Array.from({ length: 30 }, (_, i) => collaboration(`f${i}`, { metricsFlagged: true }));
    expect(computeReputation(flagged).creditScore).toBe(0);
  });
  it('says which figures moved and by how much', () => {
    const before = computeReputation(facts.slice(0, 1));
    const changes = diffFigures(before, figures);
    expect(changes).toContainEqual({
      figure: 'creditScore',
      from: before.creditScore,
      to: 630,
      delta: 630 - before.creditScore,
    });
    expect(changes).toContainEqual({ figure: 'grade', from: 'NEW', to: 'C', delta: null });
    expect(diffFigures(figures, figures)).toEqual([]);
  });
});
