import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { loadToken, saveToken } from '../shared/session.js';
import { TokenBar, type Me } from '../shared/TokenBar.js';
import { CollaborationView } from './CollaborationView.js';
import { CreatorView } from './CreatorView.js';
import { CollaborationList, DisputeList, type HomeRoute } from './Lists.js';
import { SellerView } from './PartyReviews.js';
import { ReportQueue } from './ReportQueue.js';
import { NotificationList, UnreadBadge } from './Notifications.js';
import { RawToggle } from './raw.js';
import { RightsEnding } from './RightsEnding.js';
import { href, useRoute } from './route.js';
import { VerificationQueue } from './VerificationQueue.js';
import { WebhookDeliveries } from './WebhookDeliveries.js';
import { WebhookEndpoints } from './Webhooks.js';

/** Who may register webhook endpoints (DOMAIN.md § Webhooks): the parties and auditors. */
const HAS_WEBHOOKS = new Set(['SELLER', 'CREATOR', 'AUDITOR']);

export const App = () => {
  const intl = useIntl();
  const [token, setToken] = useState(loadToken);
  const [me, setMe] = useState<Me | null>(null);
  const route = useRoute();
  const onMe = useCallback((next: Me | null) => setMe(next), []);
  const title = intl.formatMessage({ id: 'console.title' });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <div className="console">
      <header>
        <a className="brand" href={href({ page: 'home' })}>
          {title}
        </a>
        {token && me ? (
          <nav className="nav">
            <UnreadBadge key={`${me.userId}:${token}`} token={token} />
            {HAS_WEBHOOKS.has(me.role) ? (
              <a className="nav-link" href={href({ page: 'webhooks' })}>
                {intl.formatMessage({ id: 'webhooks.title' })}
              </a>
            ) : null}
          </nav>
        ) : null}
        <TokenBar
          token={token}
          onMe={onMe}
          onToken={(next) => {
            saveToken(next);
            setToken(next);
          }}
        >
          <RawToggle />
        </TokenBar>
      </header>
      <main>
        {!token ? (
          <p className="hint">{intl.formatMessage({ id: 'console.noToken' })}</p>
        ) : route.page === 'collaboration' ? (
          <CollaborationView key={`${route.id}:${token}`} id={route.id} token={token} />
        ) : route.page === 'creator' ? (
          <CreatorView key={`${route.id}:${token}`} id={route.id} token={token} />
        ) : route.page === 'seller' ? (
          <SellerView key={`${route.id}:${token}`} id={route.id} token={token} />
        ) : route.page === 'notifications' ? (
          <NotificationList key={token} token={token} route={route} />
        ) : route.page === 'webhooks' ? (
          <WebhookEndpoints key={token} token={token} />
        ) : route.page === 'webhook' ? (
          <WebhookDeliveries key={`${route.id}:${token}`} token={token} route={route} />
        ) : (
          <Home me={me} token={token} route={route} />
        )}
      </main>
    </div>
  );
};

const Find = ({ me }: { me: Me | null }) => {
  const intl = useIntl();
  const [collaborationId, setCollaborationId] = useState('');
  const [creatorId, setCreatorId] = useState(me?.creatorId ?? '');
  const [sellerId, setSellerId] = useState(me?.sellerId ?? '');
  const go = (page: 'collaboration' | 'creator' | 'seller', id: string) => (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) location.hash = href({ page, id: id.trim() });
  };
  return (
    <section className="find">
      <form onSubmit={go('collaboration', collaborationId)}>
        <label>
          {intl.formatMessage({ id: 'find.collaboration' })}{' '}
          <input
            name="collaborationId"
            value={collaborationId}
            onChange={(e) => setCollaborationId(e.target.value)}
          />
        </label>
        <button type="submit" name="openCollaboration">
          {intl.formatMessage({ id: 'find.open' })}
        </button>
      </form>
      <form onSubmit={go('creator', creatorId)}>
        <label>
          {intl.formatMessage({ id: 'find.creator' })}{' '}
          <input name="creatorId" value={creatorId} onChange={(e) => setCreatorId(e.target.value)} />
        </label>
        <button type="submit" name="openCreator">
          {intl.formatMessage({ id: 'find.reputation' })}
        </button>
      </form>
      <form onSubmit={go('seller', sellerId)}>
        <label>
          {intl.formatMessage({ id: 'find.seller' })}{' '}
          <input name="sellerId" value={sellerId} onChange={(e) => setSellerId(e.target.value)} />
        </label>
        <button type="submit" name="openSeller">
          {intl.formatMessage({ id: 'find.reviews' })}
        </button>
      </form>
    </section>
  );
};

const Home = ({ me, token, route }: { me: Me | null; token: string; route: HomeRoute }) => {
  const seesAll = me?.role === 'AUDITOR' || me?.role === 'ARBITRATOR';
  return (
    <>
      <Find key={me?.userId ?? ''} me={me} />
      {seesAll ? (
        <>
          <DisputeList token={token} route={route} />
          <ReportQueue token={token} />
          <VerificationQueue token={token} />
        </>
      ) : me ? (
        <CollaborationList token={token} route={route} />
      ) : null}
      {me?.role === 'SELLER' && <RightsEnding token={token} />}
    </>
  );
};
