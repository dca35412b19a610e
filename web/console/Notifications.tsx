import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { notificationText } from '../i18n/notifications.js';
import { Failure } from '../shared/Failure.js';
import { graphql, LedgerError } from '../shared/session.js';
import { Pager, type Page } from './Lists.js';
import { MARK_NOTIFICATIONS_READ, NOTIFICATIONS, UNREAD_NOTIFICATIONS } from './queries.js';
import { href, type Route } from './route.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

type NotificationsRoute = Extract<Route, { page: 'notifications' }>;

interface NotificationRow {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  collaborationId: string | null;
  collaborationTitle: string | null;
  occurredAt: string;
  read: boolean;
}

/** Told to the header's count when the viewer read something here. */
const READ_EVENT = 'ledger:notifications-read';
/** How often the header looks for new notifications. */
const POLL_MS = 30_000;

/** The viewer's unread notifications in the header, a link to them; looked at again every 30 s. */
export const UnreadBadge = ({ token }: { token: string }) => {
  const intl = useIntl();
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    const again = () => setRefresh((n) => n + 1);
    const timer = setInterval(again, POLL_MS);
    window.addEventListener(READ_EVENT, again);
    return () => {
      clearInterval(timer);
      window.removeEventListener(READ_EVENT, again);
    };
  }, []);
  const loaded = useQuery<{ me: { unreadNotifications: number } }>(UNREAD_NOTIFICATIONS, {}, token, refresh);
  const count = loaded.state === 'done' ? loaded.data.me.unreadNotifications : null;
  return (
    <a
      className="nav-link"
      href={href({ page: 'notifications' })}
      data-testid="unread"
      data-count={count ?? ''}
    >
      {intl.formatMessage({ id: 'notifications.title' })}
      {count ? <span className="badge">{intl.formatNumber(count)}</span> : null}
    </a>
  );
};

/**
 * What the other side, the platform or an arbitrator did that concerns the viewer, latest first, each
 * in the viewer's words from its kind and parameters (DOMAIN.md § Notifications); read up to the
 * latest in one click.
 */
export const NotificationList = ({ token, route }: { token: string; route: NotificationsRoute }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const [refresh, setRefresh] = useState(0);
  const [failure, setFailure] = useState<LedgerError | null>(null);
  const loaded = useQuery<{ notifications: Page<NotificationRow>; me: { unreadNotifications: number } }>(
    NOTIFICATIONS,
    { unreadOnly: Boolean(route.unread), ...(route.after ? { after: route.after } : {}) },
    token,
    refresh,
  );
  const filter = (
    <label className="filter">
      <input
        type="checkbox"
        name="unreadOnly"
        checked={Boolean(route.unread)}
        onChange={(e) => (location.hash = href({ page: 'notifications', unread: e.target.checked }))}
      />{' '}
      {say('notifications.unreadOnly')}
    </label>
  );
  if (loaded.state !== 'done') {
    return (
      <section>
        <h2>{say('notifications.title')}</h2>
        {filter}
        {loaded.state === 'loading' ? (
          <p>{say('notifications.loading')}</p>
        ) : (
          <Failure error={loaded.error} />
        )}
      </section>
    );
  }
  const { notifications, me } = loaded.data;
  const latest = notifications.edges[0]?.node;
  const markRead = async () => {
    if (!latest) return;
    setFailure(null);
    try {
      await graphql(MARK_NOTIFICATIONS_READ, { upTo: latest.id });
      window.dispatchEvent(new Event(READ_EVENT));
      setRefresh((n) => n + 1);
    } catch (error) {
      setFailure(error instanceof LedgerError ? error : new LedgerError((error as Error).message, 'NETWORK'));
    }
  };
  return (
    <section>
      <h2 data-testid="list-title" data-count={notifications.totalCount}>
        <FormattedMessage
          id="notifications.count"
          values={{ count: notifications.totalCount, unread: me.unreadNotifications }}
        />
      </h2>
      {filter}{' '}
      {me.unreadNotifications > 0 && !route.after && latest ? (
        <button type="button" name="markRead" onClick={() => void markRead()}>
          {say('notifications.markRead')}
        </button>
      ) : null}
      {failure ? <Failure error={failure} /> : null}
      {notifications.edges.length === 0 ? (
        <p className="hint">{say('notifications.none')}</p>
      ) : (
        <table className="list notifications">
          <thead>
            <tr>
              <th>{say('notifications.when')}</th>
              <th>{say('notifications.what')}</th>
              <th>{say('list.collaboration')}</th>
            </tr>
          </thead>
          <tbody>
            {notifications.edges.map(({ node }) => (
              <tr key={node.id} className={node.read ? 'read' : 'unread'} data-kind={node.kind}>
                <td>{f.when(node.occurredAt)}</td>
                <td>
                  <strong>
                    <EnumText type="NotificationKind" value={node.kind} />
                  </strong>
                  {node.read ? null : <span className="badge">{say('notifications.new')}</span>}
                  <br />
                  {notificationText(intl, node.kind, node.params)}
                </td>
                <td>
                  {node.collaborationId ? (
                    <a href={href({ page: 'collaboration', id: node.collaborationId })}>
                      {node.collaborationTitle ? (
                        <span data-verbatim>{node.collaborationTitle}</span>
                      ) : (
                        node.collaborationId
                      )}
                    </a>
                  ) : (
                    f.none
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager route={route} page={notifications} />
    </section>
  );
};
