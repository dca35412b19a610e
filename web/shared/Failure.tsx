import { FormattedMessage, useIntl } from 'react-intl';
import { errorText } from '../i18n/errors.js';
import type { LedgerError } from './session.js';

/**
 * A refusal in the viewer's words; its stable code and the service's own message one click away
 * (what support asks for).
 */
export const Failure = ({ error }: { error: LedgerError }) => {
  const intl = useIntl();
  return (
    <div className="error failure" role="alert" data-code={error.code}>
      {errorText(intl, error)}{' '}
      <details className="failure-details">
        <summary>
          <FormattedMessage id="failure.details" />
        </summary>
        <code>{error.code}</code> <span data-verbatim>{error.message}</span>
      </details>
    </div>
  );
};
