import { cap, m, t, type Messages } from './message.js';

/**
 * The figures of a creator's reputation its change log names (projections/creators/reputation.ts,
 * TRACKED_FIGURES, and `dimensions.<DIMENSION>`), as `figure.<name>`.
 */
export const FIGURE_MESSAGES: Messages = {
  'figure.overall': m('Overall rating', '综合评分'),
  'figure.onTimeRate': m(cap(t.onTimeRate.en), t.onTimeRate.zh),
  'figure.completionRate': m(cap(t.completionRate.en), t.completionRate.zh),
  'figure.disputeLossRate': m(cap(t.disputeLossRate.en), t.disputeLossRate.zh),
  'figure.engagementRate': m(cap(t.engagementRate.en), t.engagementRate.zh),
  'figure.conversionRate': m(cap(t.conversionRate.en), t.conversionRate.zh),
  'figure.creditScore': m(cap(t.creditScore.en), t.creditScore.zh),
  'figure.grade': m(cap(t.grade.en), t.grade.zh),
  'figure.recommendationWeight': m(cap(t.recommendationWeight.en), t.recommendationWeight.zh),
  'figure.ratingsCounted': m('Ratings counted', '计入的评价数'),
  'figure.dimension': m('{dimension} (mean)', '{dimension}（平均分）'),
};
