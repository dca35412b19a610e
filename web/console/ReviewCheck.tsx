import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Failure } from '../shared/Failure.js';
import { graphql, LedgerError } from '../shared/session.js';
import { VERIFY_REVIEW } from './reviewQueries.js';

interface Proof {
  position: string;
  matches: boolean;
}

interface Verification {
  valid: boolean;
  chainValid: boolean;
  rating: Proof;
  reveal: Proof;
  results: Proof | null;
}

/**
 * A review checked against the log on demand (`verifyReview`): whether the rating, its reveal and
 * its verified results are the events at the positions the review shows, and the hash chain holds.
 * Anyone may ask (DOMAIN.md § Public reviews): what no review site can prove, this one can.
 */
export const ReviewCheck = ({ id }: { id: string }) => {
  const intl = useIntl();
  const [checked, setChecked] = useState<Verification | LedgerError | 'checking' | null>(null);
  const check = async () => {
    setChecked('checking');
    try {
      const { verifyReview } = await graphql<{ verifyReview: Verification | null }>(VERIFY_REVIEW, { id });
      setChecked(verifyReview ?? new LedgerError('', 'NOT_FOUND'));
    } catch (error) {
      setChecked(error instanceof LedgerError ? error : new LedgerError(String(error), 'UNKNOWN'));
    }
  };
  if (checked instanceof LedgerError) return <Failure error={checked} />;
  if (checked === null || checked === 'checking') {
    return (
      <button
        type="button"
        className="link"
        name="checkReview"
        disabled={checked === 'checking'}
        onClick={() => void check()}
      >
        {intl.formatMessage({ id: 'review.check' })}
      </button>
    );
  }
  const wrong = [
    ...(checked.rating.matches ? [] : [checked.rating.position]),
    ...(checked.reveal.matches ? [] : [checked.reveal.position]),
    ...(checked.results && !checked.results.matches ? [checked.results.position] : []),
  ];
  return (
    <span
      className={checked.valid ? 'check valid' : 'check broken'}
      data-testid="review-check"
      data-valid={checked.valid}
    >
      {checked.valid
        ? intl.formatMessage({ id: 'review.check.valid' })
        : !checked.chainValid
          ? intl.formatMessage({ id: 'review.check.chain' })
          : intl.formatMessage({ id: 'review.check.mismatch' }, { positions: wrong.join(', ') })}
    </span>
  );
};
