import {
  SELLER_TO_CREATOR_DIMENSIONS,
  type DisputeOutcome,
} from '../../src/contexts/collaboration/collaboration.events.js';

/**
 * DOMAIN.md § Reputation, exactly: every figure of a creator's reputation from the facts of its
 * collaborations, with the breakdown that shows a seller why.
 *
 * The figures come from an aggregate (sums, counts, sorted rates) that each collaboration adds its
 * contribution to; when one collaboration's facts change, its old contribution is taken out and the
 * new one put in. A creator with hundreds of collaborations costs no more per event than one with
 * two, and `computeReputation` over a list of facts is the same arithmetic.
 */

/** Bayesian prior of a dimension mean: m = 3.5, weighed as C = 5 ratings. */
export const PRIOR_MEAN = 3.5;
export const PRIOR_WEIGHT = 5;
export const DIMENSION_WEIGHTS: Record<(typeof SELLER_TO_CREATOR_DIMENSIONS)[number], number> = {
  CONTENT_QUALITY: 0.3,
  TIMELINESS: 0.2,
  COMMUNICATION: 0.15,
  COMPLIANCE: 0.2,
  BRAND_FIT: 0.15,
};
export const FLAG_PENALTY = 50;
export const MAX_ENGAGEMENT_RATE = 0.5;

export interface SnapshotFacts {
  readonly views: number;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
  readonly clicks: number;
  readonly orders: number;
  readonly final: boolean;
  readonly capturedAt: string;
}

export interface RatingFacts {
  readonly ratingId: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly ratedAt: string;
  readonly revealed: boolean;
  readonly review: 'NONE' | 'PENDING' | 'UPHELD' | 'REMOVED';
}

/** What reputation needs to know of one collaboration of the creator. */
export interface CollaborationFacts {
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly accepted: boolean;
  readonly status: string;
  readonly published: boolean;
  /** Published after its due date, or a fix the seller asked for recorded after its deadline or never. */
  readonly late: boolean;
  /** The snapshot the collaboration's rates come from: the final one, else the latest. */
  readonly measured: SnapshotFacts | null;
  /** Any snapshot INCONSISTENT_METRICS, clicks > views, orders > clicks or engagement > 0.5. */
  readonly metricsFlagged: boolean;
  readonly ratings: readonly RatingFacts[];
  readonly disputeOutcomes: readonly DisputeOutcome[];
}

export interface DimensionFigure {
  readonly n: number;
  readonly sum: number;
  readonly mean: number;
}

export interface ReputationFigures {
  readonly dimensions: Readonly<Record<string, DimensionFigure>>;
  readonly overall: number;
  readonly ratingsCounted: number;
  readonly ratingsUnderReview: number;
  readonly published: number;
  readonly onTime: number;
  readonly onTimeRate: number;
  readonly accepted: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly ended: number;
  readonly completionRate: number;
  readonly disputesResolved: number;
  readonly creatorAtFault: number;
  readonly sharedFault: number;
  readonly disputeLossRate: number;
  readonly engagementRate: number | null;
  readonly conversionRate: number | null;
  readonly collaborationsWithMetrics: number;
  readonly flaggedCollaborations: readonly string[];
  readonly creditScore: number;
  readonly creditParts: {
    readonly rating: number;
    readonly onTime: number;
    readonly completion: number;
    readonly disputes: number;
    readonly flagPenalty: number;
  };
  readonly grade: 'A' | 'B' | 'C' | 'D' | 'NEW';
  readonly recommendationWeight: number;
}

/** A seller→creator rating counts once revealed and not under review (or upheld after review). */
export const isCounted = (rating: RatingFacts): boolean =>
  rating.revealed && (rating.review === 'NONE' || rating.review === 'UPHELD');

export const engagementOf = (s: SnapshotFacts): number | null =>
  s.views > 0 ? (s.likes + s.comments + s.shares) / s.views : null;
export const conversionOf = (s: SnapshotFacts): number | null => (s.clicks > 0 ? s.orders / s.clicks : null);

/** Metric authenticity of one snapshot (DOMAIN.md § Reputation). */
export const implausible = (s: SnapshotFacts): boolean =>
  s.clicks > s.views || s.orders > s.clicks || (engagementOf(s) ?? 0) > MAX_ENGAGEMENT_RATE;

export const gradeOf = (creditScore: number, completed: number): ReputationFigures['grade'] => {
  if (completed < 3) return 'NEW';
  if (creditScore >= 850) return 'A';
  if (creditScore >= 700) return 'B';
  if (creditScore >= 550) return 'C';
  return 'D';
};

/** Sums and counts over a creator's collaborations, from which every figure follows. */
export interface ReputationAggregate {
  readonly scoreSums: Readonly<Record<string, number>>;
  readonly scoreCounts: Readonly<Record<string, number>>;
  readonly counted: number;
  readonly underReview: number;
  readonly published: number;
  readonly onTime: number;
  readonly accepted: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly creatorAtFault: number;
  readonly sharedFault: number;
  readonly disputesResolved: number;
  /** Per collaboration with metrics, sorted ascending (for the medians). */
  readonly engagementRates: readonly number[];
  readonly conversionRates: readonly number[];
  readonly flagged: readonly string[];
}

export const emptyAggregate = (): ReputationAggregate => ({
  scoreSums: {},
  scoreCounts: {},
  counted: 0,
  underReview: 0,
  published: 0,
  onTime: 0,
  accepted: 0,
  completed: 0,
  cancelled: 0,
  creatorAtFault: 0,
  sharedFault: 0,
  disputesResolved: 0,
  engagementRates: [],
  conversionRates: [],
  flagged: [],
});

const insertSorted = (values: readonly number[], value: number): number[] => {
  const next = [...values];
  let low = 0;
  let high = next.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (next[mid]! < value) low = mid + 1;
    else high = mid;
  }
  next.splice(low, 0, value);
  return next;
};

const removeSorted = (values: readonly number[], value: number): number[] => {
  const index = values.indexOf(value);
  return index === -1 ? [...values] : [...values.slice(0, index), ...values.slice(index + 1)];
};

/** Adds (sign 1) or takes out (sign −1) one collaboration's contribution. */
export const contribute = (
  aggregate: ReputationAggregate,
  facts: CollaborationFacts,
  sign: 1 | -1,
): ReputationAggregate => {
  const scoreSums = { ...aggregate.scoreSums };
  const scoreCounts = { ...aggregate.scoreCounts };
  let counted = 0;
  let underReview = 0;
  for (const rating of facts.ratings) {
    // Under review and still hidden is hidden: the public count moves only once the rating is revealed.
    if (rating.review === 'PENDING' && rating.revealed) underReview++;
    if (!isCounted(rating)) continue;
    counted++;
    for (const [dimension, score] of Object.entries(rating.scores)) {
      scoreSums[dimension] = (scoreSums[dimension] ?? 0) + sign * score;
      scoreCounts[dimension] = (scoreCounts[dimension] ?? 0) + sign;
    }
  }
  const outcome = (o: DisputeOutcome) => facts.disputeOutcomes.filter((x) => x === o).length;
  const engagement = facts.measured ? engagementOf(facts.measured) : null;
  const conversion = facts.measured ? conversionOf(facts.measured) : null;
  const apply = (values: readonly number[], value: number | null) =>
    value === null ? values : sign === 1 ? insertSorted(values, value) : removeSorted(values, value);
  const flag = (v: boolean) => (v ? sign : 0);
  return {
    scoreSums,
    scoreCounts,
    counted: aggregate.counted + sign * counted,
    underReview: aggregate.underReview + sign * underReview,
    published: aggregate.published + flag(facts.published),
    onTime: aggregate.onTime + flag(facts.published && !facts.late),
    accepted: aggregate.accepted + flag(facts.accepted),
    completed: aggregate.completed + flag(facts.accepted && facts.status === 'COMPLETED'),
    cancelled: aggregate.cancelled + flag(facts.accepted && facts.status === 'CANCELLED'),
    creatorAtFault: aggregate.creatorAtFault + sign * outcome('CREATOR_AT_FAULT'),
    sharedFault: aggregate.sharedFault + sign * outcome('SHARED'),
    disputesResolved: aggregate.disputesResolved + sign * facts.disputeOutcomes.length,
    engagementRates: apply(aggregate.engagementRates, engagement),
    conversionRates: apply(aggregate.conversionRates, conversion),
    flagged: !facts.metricsFlagged
      ? aggregate.flagged
      : sign === 1
        ? [...aggregate.flagged, facts.collaborationId]
        : aggregate.flagged.filter((id) => id !== facts.collaborationId),
  };
};

const medianOfSorted = (sorted: readonly number[]): number | null => {
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Every figure, from the aggregate. */
export const figuresOf = (a: ReputationAggregate): ReputationFigures => {
  const dimensions: Record<string, DimensionFigure> = {};
  let overall = 0;
  for (const dimension of SELLER_TO_CREATOR_DIMENSIONS) {
    const n = a.scoreCounts[dimension] ?? 0;
    const sum = a.scoreSums[dimension] ?? 0;
    const value = (PRIOR_WEIGHT * PRIOR_MEAN + sum) / (PRIOR_WEIGHT + n);
    dimensions[dimension] = { n, sum, mean: value };
    overall += DIMENSION_WEIGHTS[dimension] * value;
  }
  const onTimeRate = (a.onTime + 1) / (a.published + 2);
  const ended = a.completed + a.cancelled;
  const completionRate = (a.completed + 1) / (ended + 2);
  const disputeLossRate = (a.creatorAtFault + 0.5 * a.sharedFault) / (ended + 1);
  const engagementRate = medianOfSorted(a.engagementRates);
  const conversionRate = medianOfSorted(a.conversionRates);
  const flaggedCollaborations = [...a.flagged].sort();
  const creditParts = {
    rating: 0.45 * ((overall - 1) / 4),
    onTime: 0.2 * onTimeRate,
    completion: 0.15 * completionRate,
    disputes: 0.2 * (1 - disputeLossRate),
    flagPenalty: FLAG_PENALTY * flaggedCollaborations.length,
  };
  const raw =
    Math.round(
      1000 * (creditParts.rating + creditParts.onTime + creditParts.completion + creditParts.disputes),
    ) - creditParts.flagPenalty;
  const creditScore = Math.min(1000, Math.max(0, raw));
  return {
    dimensions,
    overall,
    ratingsCounted: a.counted,
    ratingsUnderReview: a.underReview,
    published: a.published,
    onTime: a.onTime,
    onTimeRate,
    accepted: a.accepted,
    completed: a.completed,
    cancelled: a.cancelled,
    ended,
    completionRate,
    disputesResolved: a.disputesResolved,
    creatorAtFault: a.creatorAtFault,
    sharedFault: a.sharedFault,
    disputeLossRate,
    engagementRate,
    conversionRate,
    collaborationsWithMetrics: a.engagementRates.length,
    flaggedCollaborations,
    creditScore,
    creditParts: {
      rating: creditParts.rating,
      onTime: creditParts.onTime,
      completion: creditParts.completion,
      disputes: creditParts.disputes,
      flagPenalty: creditParts.flagPenalty,
    },
    grade: gradeOf(creditScore, a.completed),
    recommendationWeight: creditScore * (1 - Math.exp(-a.completed / 5)),
  };
};

export const computeReputation = (collaborations: readonly CollaborationFacts[]): ReputationFigures =>
  figuresOf(collaborations.reduce((a, facts) => contribute(a, facts, 1), emptyAggregate()));

/** The figures a change log entry follows. */
export const TRACKED_FIGURES = [
  'overall',
  'onTimeRate',
  'completionRate',
  'disputeLossRate',
  'engagementRate',
  'conversionRate',
  'creditScore',
  'grade',
  'recommendationWeight',
  'ratingsCounted',
] as const;

export interface FigureChange {
  readonly figure: string;
  readonly from: number | string | null;
  readonly to: number | string | null;
  readonly delta: number | null;
}

/** Which figures moved, and by how much (dimension means included). */
export const diffFigures = (before: ReputationFigures, after: ReputationFigures): FigureChange[] => {
  const changes: FigureChange[] = [];
  const push = (figure: string, from: number | string | null, to: number | string | null) => {
    if (from === to) return;
    const delta = typeof from === 'number' && typeof to === 'number' ? to - from : null;
    changes.push({ figure, from, to, delta });
  };
  for (const figure of TRACKED_FIGURES) push(figure, before[figure], after[figure]);
  for (const dimension of Object.keys(after.dimensions)) {
    push(
      `dimensions.${dimension}`,
      before.dimensions[dimension]?.mean ?? null,
      after.dimensions[dimension]!.mean,
    );
  }
  return changes;
};
