import { useState } from 'react';
import { useIntl } from 'react-intl';

/**
 * A SHA-256 in full, as text that selects whole with one click, and a button that copies it: an
 * auditor checks it against a file or another system, so all 64 digits must leave the page intact.
 */
export const Hash = ({ value }: { value: string }) => {
  const intl = useIntl();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  // Without a secure context (http on another host than this one) there is no clipboard: the text stays selectable.
  const copy = () =>
    (window.isSecureContext
      ? navigator.clipboard.writeText(value)
      : Promise.reject(new Error('insecure'))
    ).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <span className="hash">
      <code className="hash-value" data-testid="hash">
        {value}
      </code>{' '}
      <button type="button" className="link copy" name="copy" onClick={() => void copy()}>
        {intl.formatMessage({ id: copied === 'yes' ? 'hash.copied' : 'hash.copy' })}
      </button>
      {copied === 'no' && <span className="error"> {intl.formatMessage({ id: 'hash.copyFailed' })}</span>}
    </span>
  );
};
