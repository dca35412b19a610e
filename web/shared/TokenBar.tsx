import { useEffect, useState, type FormEvent } from 'react';
import { devTokens, graphql, mintDevToken, type DevTokens } from './session.js';

export interface Me {
  readonly userId: string;
  readonly role: string;
  readonly sellerId: string | null;
  readonly creatorId: string | null;
}

/**
 * The caller's token: pasted from the identity provider, or in development minted for a chosen role
 * and id. Shows who the service takes the caller for.
 */
export const TokenBar = ({
  token,
  onToken,
  onMe,
}: {
  token: string;
  onToken: (token: string) => void;
  onMe?: (me: Me | null) => void;
}) => {
  const [draft, setDraft] = useState(token);
  const [dev, setDev] = useState<DevTokens>({ available: false, roles: [] });
  const [role, setRole] = useState('AUDITOR');
  const [id, setId] = useState('');
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    void devTokens().then(setDev);
  }, []);
  useEffect(() => setDraft(token), [token]);
  useEffect(() => {
    setError('');
    if (!token) {
      setMe(null);
      onMe?.(null);
      return;
    }
    graphql<{ me: Me }>('{ me { userId role sellerId creatorId } }')
      .then(({ me }) => {
        setMe(me);
        onMe?.(me);
      })
      .catch((e: Error) => {
        setMe(null);
        onMe?.(null);
        setError(e.message);
      });
  }, [token, onMe]);

  const submitToken = (event: FormEvent) => {
    event.preventDefault();
    onToken(draft.trim());
  };
  const mint = async () => {
    try {
      setError('');
      onToken(await mintDevToken(role, id.trim()));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const needsId = role === 'SELLER' || role === 'CREATOR';

  return (
    <div className="token-bar">
      <form onSubmit={submitToken}>
        <label>
          Bearer token{' '}
          <input
            name="token"
            type="password"
            autoComplete="off"
            placeholder="paste a token"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit">Use</button>
        {token && (
          <button type="button" onClick={() => onToken('')}>
            Sign out
          </button>
        )}
      </form>
      {dev.available && (
        <div className="dev-token" title="Development only: tokens signed with the data folder's secret">
          <span>dev token</span>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            {dev.roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          {needsId && (
            <input
              name="party"
              placeholder={role === 'SELLER' ? 'seller id' : 'creator id'}
              value={id}
              onChange={(e) => setId(e.target.value)}
            />
          )}
          <button type="button" onClick={() => void mint()}>
            Mint
          </button>
        </div>
      )}
      <span className="who" data-testid="who">
        {me ? `${me.role} ${me.sellerId ?? me.creatorId ?? me.userId}` : 'anonymous'}
      </span>
      {error && <span className="error">{error}</span>}
    </div>
  );
};
