import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Failure } from '../shared/Failure.js';
import { authHeaders, errorOf, getJson, type LedgerError, request, saveAs } from '../shared/session.js';
import { Hash } from './Hash.js';

/** The signed export (GET /audit/export/<id>) and the fingerprint of the key it is signed with. */
export const Export = ({ id }: { id: string }) => {
  const intl = useIntl();
  const [keyId, setKeyId] = useState('');
  const [error, setError] = useState<LedgerError | null>(null);
  useEffect(() => {
    getJson<{ keyId: string }>('/audit/signing-key').then(
      (key) => setKeyId(key.keyId),
      (e: LedgerError) => setError(e),
    );
  }, []);
  const download = async () => {
    setError(null);
    try {
      const response = await request(`/audit/export/${encodeURIComponent(id)}`, { headers: authHeaders() });
      if (!response.ok) return setError(await errorOf(response));
      saveAs(await response.blob(), `${id}.audit.json`);
    } catch (e) {
      setError(e as LedgerError);
    }
  };
  return (
    <section className="export">
      <h2>{intl.formatMessage({ id: 'export.title' })}</h2>
      <p>
        <FormattedMessage
          id="export.about"
          values={{
            command: (
              <code>
                npm run audit:verify -- {id}.audit.json --key-id {keyId || '<fingerprint>'}
              </code>
            ),
          }}
        />
      </p>
      <p>
        {intl.formatMessage({ id: 'export.fingerprint' })}{' '}
        <span data-testid="key-id" data-value={keyId}>
          {keyId && <Hash value={keyId} />}
        </span>
      </p>
      <button type="button" name="export" onClick={() => void download()}>
        {intl.formatMessage({ id: 'export.download' })}
      </button>
      {error && <Failure error={error} />}
    </section>
  );
};
