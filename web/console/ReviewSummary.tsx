import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { EnumText } from './words.js';

/** A party's reviews in figures, as the console asks for them (reviewQueries.ts). */
export interface ReviewSummaryData {
  count: number;
  distribution: number[];
  dimensions: { dimension: string; reviews: number; mean: number }[];
  topTags: { tag: string; count: number }[];
}

/** Count, stars, per-dimension means and the most used tags of a party's reviews. */
export const ReviewSummaryView = ({ summary }: { summary: ReviewSummaryData }) => {
  const intl = useIntl();
  const f = useFormat();
  const most = Math.max(1, ...summary.distribution);
  return (
    <section data-testid="review-summary" data-count={summary.count}>
      <h2>
        <FormattedMessage id="reviews.summary.title" values={{ count: summary.count }} />
      </h2>
      {summary.count === 0 ? (
        <p className="hint">{intl.formatMessage({ id: 'reviews.none' })}</p>
      ) : (
        <div className="review-summary">
          <table className="breakdown" aria-label={intl.formatMessage({ id: 'reviews.summary.stars' })}>
            <tbody>
              {[5, 4, 3, 2, 1].map((stars) => (
                <tr key={stars} data-stars={stars}>
                  <th>{intl.formatMessage({ id: 'reviews.summary.star' }, { stars })}</th>
                  <td>
                    <span
                      className="bar"
                      style={{ width: `${(100 * (summary.distribution[stars - 1] ?? 0)) / most}px` }}
                    />{' '}
                    {f.number(summary.distribution[stars - 1] ?? 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="breakdown" aria-label={intl.formatMessage({ id: 'reviews.summary.dimensions' })}>
            <tbody>
              {summary.dimensions.map((d) => (
                <tr key={d.dimension}>
                  <th>
                    <EnumText type="RatingDimension" value={d.dimension} />
                  </th>
                  <td>
                    {intl.formatMessage(
                      { id: 'reviews.summary.mean' },
                      { mean: f.score(d.mean, 1), count: d.reviews },
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.topTags.length > 0 ? (
            <p>
              {intl.formatMessage({ id: 'reviews.summary.tags' })}{' '}
              {f.list(
                summary.topTags.map((t) =>
                  intl.formatMessage(
                    { id: 'reviews.summary.tag' },
                    { tag: f.enumValue('RatingTag', t.tag), count: t.count },
                  ),
                ),
              )}
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
};
