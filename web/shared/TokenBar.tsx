import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { formatters } from '../i18n/format.js';
import { Failure } from './Failure.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { claimsOf, devTokens, graphql, LedgerError, mintDevToken, type DevTokens } from './session.js';

export interface Me {
  readonly userId: string;
  readonly role: string;
  readonly sellerId: string | null;
  readonly creatorId: string | null;
}

const asError = (error: unknown): LedgerError =>
  error instanceof LedgerError ? error : new LedgerError((error as Error).message, 'NETWORK');

/**
 * The caller's token: pasted from the identity provider, or in development minted for a chosen role
 * and id. Shows who the service takes the caller for, and the language and time zone (`children`:
 * what an app adds to the bar).
 */
export const TokenBar = ({
  token,
  onToken,
  onMe,
  children,
}: {
  token: string;
  onToken: (token: string) => void;
  onMe?: (me: Me | null) => void;
  children?: ReactNode;
}) => {
  const intl = useIntl();
  const f = formatters(intl);
  const say = (id: string) => intl.formatMessage({ id });
  const [draft, setDraft] = useState(token);
  const [dev, setDev] = useState<DevTokens>({ available: false, roles: [] });
  const [role, setRole] = useState('AUDITOR');
  const [id, setId] = useState('');
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<LedgerError | null>(null);
  const roleId = useId();

  /** The development form follows the token in use: its role and party, not the last one chosen. */
  const follow = (claims: { role?: unknown; sellerId?: unknown; creatorId?: unknown } | null) => {
    if (typeof claims?.role !== 'string') return;
    setRole(claims.role);
    const party = claims.sellerId ?? claims.creatorId;
    setId(typeof party === 'string' ? party : '');
  };

  useEffect(() => {
    void devTokens().then(setDev);
  }, []);
  useEffect(() => setDraft(token), [token]);
  useEffect(() => {
    setError(null);
    if (!token) {
      setMe(null);
      onMe?.(null);
      return;
    }
    follow(claimsOf(token));
    graphql<{ me: Me }>('{ me { userId role sellerId creatorId } }')
      .then(({ me }) => {
        setMe(me);
        follow(me);
        onMe?.(me);
      })
      .catch((e: unknown) => {
        setMe(null);
        onMe?.(null);
        setError(asError(e));
      });
  }, [token, onMe]);

  const submitToken = (event: FormEvent) => {
    event.preventDefault();
    onToken(draft.trim());
  };
  const mint = async () => {
    try {
      setError(null);
      onToken(await mintDevToken(role, id.trim()));
    } catch (e) {
      setError(asError(e));
    }
  };
  const needsId = role === 'SELLER' || role === 'CREATOR';

  return (
    <div className="token-bar">
      <form onSubmit={submitToken}>
        <label>
          {say('token.label')}{' '}
          <input
            name="token"
            type="password"
            autoComplete="off"
            placeholder={say('token.placeholder')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit" name="use">
          {say('token.use')}
        </button>
        {token && (
          <button type="button" name="signOut" onClick={() => onToken('')}>
            {say('token.signOut')}
          </button>
        )}
      </form>
      {dev.available && (
        <div className="dev-token" title={say('token.dev.hint')}>
          <span>{say('token.dev')}</span>
          <label htmlFor={roleId}>{say('token.role')}</label>
          <select id={roleId} name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            {dev.roles.map((r) => (
              <option key={r} value={r}>
                {f.enumValue('Role', r)}
              </option>
            ))}
          </select>
          {needsId && (
            <label>
              {say(role === 'SELLER' ? 'token.sellerId' : 'token.creatorId')}{' '}
              <input name="party" value={id} onChange={(e) => setId(e.target.value)} />
            </label>
          )}
          <button type="button" name="mint" onClick={() => void mint()}>
            {say('token.mint')}
          </button>
        </div>
      )}
      {children}
      <LanguageSwitch />
      <span className="who" data-testid="who" data-role={me?.role ?? ''}>
        {me
          ? `${f.enumValue('Role', me.role)} ${me.sellerId ?? me.creatorId ?? me.userId}`
          : say('token.anonymous')}
      </span>
      {error && <Failure error={error} />}
    </div>
  );
};
