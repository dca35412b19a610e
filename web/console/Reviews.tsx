import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { ReviewCheck } from './ReviewCheck.js';
import { href } from './route.js';
import { EnumText } from './words.js';

/** A public review as the console asks for it (reviewQueries.ts), DOMAIN.md § Public reviews. */
export interface ReviewNode {
  id: string;
  direction: string;
  reviewer: { side: string; id: string; displayName: string | null; verified: boolean };
  scores: { dimension: string; score: number }[];
  mean: number;
  comment: string | null;
  tags: string[];
  reply: { text: string; repliedAt: string } | null;
  removal: { reason: string; removedAt: string } | null;
  category: string;
  markets: string[];
  platform: string;
  month: string;
  results: {
    views: number;
    engagementRate: number | null;
    clicks: number;
    orders: number;
    conversionRate: number | null;
    source: string;
    position: string;
  } | null;
  publish: { onTime: boolean; daysLate: number } | null;
  position: string;
  revealedPosition: string;
  collaborationId: string | null;
}

export interface ReviewPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: ReviewNode }[];
}

const SORTS = ['RECENT', 'LOWEST', 'HIGHEST', 'MOST_RELEVANT'] as const;
type Sort = (typeof SORTS)[number];

/**
 * Which page of a party's reviews, in which order: the cursors of the pages before, so that
 * "previous" goes back one page; another order starts again from the first.
 */
export const useReviewPaging = () => {
  const [sort, setSort] = useState<Sort>('RECENT');
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  return {
    sort,
    page: cursors.length + 1,
    variables: { sort, ...(after ? { after } : {}) },
    sortBy: (next: Sort) => {
      setSort(next);
      setCursors([]);
    },
    next: (cursor: string) => setCursors((before) => [...before, cursor]),
    back: () => setCursors((before) => before.slice(0, -1)),
  };
};

export type ReviewPaging = ReturnType<typeof useReviewPaging>;

/** The month a collaboration completed, as the language writes a month (never its day). */
const useMonth = () => {
  const intl = useIntl();
  return (month: string) =>
    intl.formatDate(`${month}-01T00:00:00.000Z`, { year: 'numeric', month: 'long', timeZone: 'UTC' });
};

/** Where a party's page is: a creator's reputation, or a seller's reviews. */
const partyHref = (side: string, id: string) => href({ page: side === 'SELLER' ? 'seller' : 'creator', id });

const ReviewItem = ({ review }: { review: ReviewNode }) => {
  const intl = useIntl();
  const f = useFormat();
  const month = useMonth();
  const { results, publish, removal, reply } = review;
  const rate = (value: number | null) => (value === null ? f.none : f.percent(value, 1));
  return (
    <li data-testid="review" data-review={review.id} data-removed={removal !== null}>
      <p className="review-head">
        <strong>{f.score(review.mean, 1)}</strong> ·{' '}
        <a href={partyHref(review.reviewer.side, review.reviewer.id)} data-verbatim>
          {review.reviewer.displayName ?? review.reviewer.id}
        </a>{' '}
        (<EnumText type="Side" value={review.reviewer.side} />)
        {review.reviewer.verified ? (
          <>
            {' '}
            <span className="status" data-testid="reviewer-verified">
              {intl.formatMessage({ id: 'review.reviewerVerified' })}
            </span>
          </>
        ) : null}
      </p>
      <p className="hint">
        {intl.formatMessage(
          { id: 'review.context' },
          {
            category: f.enumValue('Category', review.category),
            markets: f.list(review.markets.map(f.country)),
            platform: f.enumValue('Platform', review.platform),
            month: month(review.month),
          },
        )}
      </p>
      <p className="scores">
        {f.list(
          review.scores.map((s) =>
            intl.formatMessage(
              { id: 'review.score' },
              { dimension: f.enumValue('RatingDimension', s.dimension), score: f.score(s.score) },
            ),
          ),
        )}
      </p>
      {removal ? (
        <p className="removed" data-testid="review-removed">
          {intl.formatMessage(
            { id: 'review.removed' },
            { reason: f.enumValue('ReportReason', removal.reason), at: f.when(removal.removedAt) },
          )}
        </p>
      ) : (
        <>
          {review.comment !== null ? (
            <blockquote data-verbatim data-testid="review-comment">
              {review.comment}
            </blockquote>
          ) : null}
          {review.tags.length > 0 ? (
            <p className="hint">{f.list(review.tags.map((t) => f.enumValue('RatingTag', t)))}</p>
          ) : null}
        </>
      )}
      <p className="results" data-testid="review-results" data-position={results?.position ?? ''}>
        {results
          ? intl.formatMessage(
              { id: 'review.results' },
              {
                views: f.number(results.views),
                engagement: rate(results.engagementRate),
                clicks: f.number(results.clicks),
                orders: f.number(results.orders),
                conversion: rate(results.conversionRate),
                source: f.enumValue('MetricsSource', results.source),
                position: results.position,
              },
            )
          : intl.formatMessage({ id: 'review.noResults' })}{' '}
        {publish
          ? publish.onTime
            ? intl.formatMessage({ id: 'review.onTime' })
            : intl.formatMessage({ id: 'review.late' }, { days: publish.daysLate })
          : null}
      </p>
      <p className="hint">
        {intl.formatMessage(
          { id: 'review.log' },
          { rating: review.position, reveal: review.revealedPosition },
        )}
        <ReviewCheck id={review.id} />
        {review.collaborationId ? (
          <>
            {' '}
            <a href={href({ page: 'collaboration', id: review.collaborationId })}>
              {intl.formatMessage({ id: 'review.history' })}
            </a>
          </>
        ) : null}
      </p>
      {reply ? (
        <div className="reply" data-testid="review-reply">
          <p className="hint">
            {intl.formatMessage(
              { id: 'review.reply' },
              {
                side: f.enumValue('Side', review.reviewer.side === 'SELLER' ? 'CREATOR' : 'SELLER'),
                at: f.when(reply.repliedAt),
              },
            )}
          </p>
          <blockquote data-verbatim>{reply.text}</blockquote>
        </div>
      ) : null}
    </li>
  );
};

/** One page of a party's public reviews, in the order asked for, with the way to the next. */
export const ReviewList = ({ page, paging }: { page: ReviewPage; paging: ReviewPaging }) => {
  const intl = useIntl();
  const f = useFormat();
  return (
    <section data-testid="reviews" data-count={page.totalCount} data-page={paging.page}>
      <h2>
        <FormattedMessage id="reviews.title" values={{ count: page.totalCount }} />
      </h2>
      <label className="filter">
        {intl.formatMessage({ id: 'reviews.sort' })}{' '}
        <select name="reviewSort" value={paging.sort} onChange={(e) => paging.sortBy(e.target.value as Sort)}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {f.enumValue('ReviewSort', s)}
            </option>
          ))}
        </select>
      </label>
      {page.edges.length === 0 ? (
        <p className="hint">{intl.formatMessage({ id: 'reviews.none' })}</p>
      ) : (
        <ol className="reviews">
          {page.edges.map(({ node }) => (
            <ReviewItem key={node.id} review={node} />
          ))}
        </ol>
      )}
      {paging.page > 1 || page.pageInfo.hasNextPage ? (
        <nav className="pager" aria-label={intl.formatMessage({ id: 'list.pages' })}>
          {paging.page > 1 ? (
            <button type="button" className="link" name="previousReviews" onClick={paging.back}>
              {intl.formatMessage({ id: 'list.previousPage' })}
            </button>
          ) : null}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
            <button
              type="button"
              className="link"
              name="nextReviews"
              onClick={() => paging.next(page.pageInfo.endCursor!)}
            >
              {intl.formatMessage({ id: 'list.nextPage' })}
            </button>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
};
