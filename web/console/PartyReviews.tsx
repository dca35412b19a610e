import { FormattedMessage, useIntl } from 'react-intl';
import { Failure } from '../shared/Failure.js';
import { CREATOR_REVIEWS, REVIEWS_PER_PAGE, SELLER_REVIEWS } from './reviewQueries.js';
import { ReviewList, useReviewPaging, type ReviewPage } from './Reviews.js';
import { ReviewSummaryView, type ReviewSummaryData } from './ReviewSummary.js';
import { useQuery } from './useQuery.js';
import {
  CreatorVerificationView,
  SellerVerificationView,
  type CreatorVerificationData,
  type SellerVerificationData,
} from './Verification.js';

interface CreatorReviewsData {
  creator: {
    verification: CreatorVerificationData;
    reviewSummary: ReviewSummaryData;
    reviews: ReviewPage;
  } | null;
}

/** A creator's verification and what sellers wrote of it (DOMAIN.md § Public reviews). */
export const CreatorReviews = ({ id, token }: { id: string; token: string }) => {
  const intl = useIntl();
  const paging = useReviewPaging();
  const loaded = useQuery<CreatorReviewsData>(
    CREATOR_REVIEWS,
    { id, first: REVIEWS_PER_PAGE, ...paging.variables },
    token,
  );
  if (loaded.state === 'loading') return <p>{intl.formatMessage({ id: 'reviews.loading' })}</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { creator } = loaded.data;
  if (!creator) return null;
  return (
    <div data-testid="party-reviews">
      <CreatorVerificationView verification={creator.verification} />
      <ReviewSummaryView summary={creator.reviewSummary} />
      <ReviewList page={creator.reviews} paging={paging} />
    </div>
  );
};

interface SellerData {
  seller: {
    id: string;
    name: string | null;
    country: string | null;
    verification: SellerVerificationData;
    reviewSummary: ReviewSummaryData;
    reviews: ReviewPage;
  } | null;
}

/** A seller's page: its business verification and what creators wrote of it. */
export const SellerView = ({ id, token }: { id: string; token: string }) => {
  const paging = useReviewPaging();
  const loaded = useQuery<SellerData>(
    SELLER_REVIEWS,
    { id, first: REVIEWS_PER_PAGE, ...paging.variables },
    token,
  );
  if (loaded.state === 'loading') {
    return (
      <p>
        <FormattedMessage id="seller.loading" values={{ id }} />
      </p>
    );
  }
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { seller } = loaded.data;
  if (!seller) {
    return (
      <p className="error" role="alert">
        <FormattedMessage id="seller.notFound" values={{ id }} />
      </p>
    );
  }
  return (
    <div className="seller">
      <h1>
        {seller.name !== null ? <span data-verbatim>{seller.name}</span> : null}{' '}
        <span className="status">{seller.id}</span>
      </h1>
      <SellerVerificationView verification={seller.verification} />
      <ReviewSummaryView summary={seller.reviewSummary} />
      <ReviewList page={seller.reviews} paging={paging} />
    </div>
  );
};
