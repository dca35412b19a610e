import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { COLLABORATIONS, DISPUTES } from './queries.js';
import { href, type Route } from './route.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

export type HomeRoute = Extract<Route, { page: 'home' }>;
/** A list that pages through the address (each page an entry of the browser's history). */
export type PagedRoute = Extract<Route, { page: 'home' | 'notifications' | 'webhook' }>;

export interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/** A list's way on: the next page, and back to the first (the browser's back returns a page). */
export const Pager = ({ route, page }: { route: PagedRoute; page: Page<unknown> }) => {
  const intl = useIntl();
  return route.after || page.pageInfo.hasNextPage ? (
    <nav className="pager" aria-label={intl.formatMessage({ id: 'list.pages' })}>
      {route.after ? (
        <a href={href({ ...route, after: undefined })} data-testid="first-page">
          {intl.formatMessage({ id: 'list.firstPage' })}
        </a>
      ) : null}
      {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <a href={href({ ...route, after: page.pageInfo.endCursor })} data-testid="next-page">
          {intl.formatMessage({ id: 'list.nextPage' })}
        </a>
      ) : null}
    </nav>
  ) : null;
};

interface DisputeRow {
  id: string;
  collaborationId: string;
  status: string;
  escalated: boolean;
  reason: string;
  openedAt: string;
  updatedAt: string;
}

const DISPUTE_STATUSES = ['OPEN', 'RESOLVED'] as const;
/**
 * The filter's third choice: open disputes no arbitrator decided within 30 days, which auditors
 * watch (DOMAIN.md § Deadlines, DISPUTE_ESCALATED).
 */
const ESCALATED = 'ESCALATED';

export const DisputeList = ({ token, route }: { token: string; route: HomeRoute }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const escalated = route.status === ESCALATED;
  const status = escalated ? 'OPEN' : DISPUTE_STATUSES.find((s) => s === route.status);
  const loaded = useQuery<{ disputes: Page<DisputeRow> }>(
    DISPUTES,
    {
      ...(status ? { status } : {}),
      ...(escalated ? { escalated } : {}),
      ...(route.after ? { after: route.after } : {}),
    },
    token,
  );
  const filter = (
    <label className="filter">
      {say('disputes.status')}{' '}
      <select
        name="status"
        value={escalated ? ESCALATED : (status ?? '')}
        onChange={(e) => (location.hash = href({ page: 'home', status: e.target.value || undefined }))}
      >
        <option value="">{say('disputes.anyStatus')}</option>
        {DISPUTE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {f.enumValue('DisputeStatus', s)}
          </option>
        ))}
        <option value={ESCALATED}>{say('disputes.escalatedOnly')}</option>
      </select>
    </label>
  );
  // The filter stays while a page loads, or fails: another status is a way out of either.
  if (loaded.state !== 'done') {
    return (
      <section>
        <h2>{say('disputes.title')}</h2>
        {filter}
        {loaded.state === 'loading' ? <p>{say('disputes.loading')}</p> : <Failure error={loaded.error} />}
      </section>
    );
  }
  const { disputes } = loaded.data;
  return (
    <section>
      <h2 data-testid="list-title" data-count={disputes.totalCount}>
        <FormattedMessage id="disputes.count" values={{ count: disputes.totalCount }} />
      </h2>
      {filter}
      <table className="list">
        <thead>
          <tr>
            <th>{say('disputes.dispute')}</th>
            <th>{say('list.collaboration')}</th>
            <th>{say('disputes.status')}</th>
            <th>{say('disputes.reason')}</th>
            <th>{say('disputes.opened')}</th>
            <th>{say('disputes.lastActivity')}</th>
          </tr>
        </thead>
        <tbody>
          {disputes.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>{node.id}</td>
              <td>
                <a href={href({ page: 'collaboration', id: node.collaborationId })}>{node.collaborationId}</a>
              </td>
              <td data-value={node.status}>
                <EnumText type="DisputeStatus" value={node.status} />
                {node.escalated && (
                  <>
                    {' '}
                    <span className="badge bad" data-testid="escalated">
                      {say('disputes.escalated')}
                    </span>
                  </>
                )}
              </td>
              <td data-value={node.reason}>
                <EnumText type="DisputeReason" value={node.reason} />
              </td>
              <td>{f.when(node.openedAt)}</td>
              <td>{f.when(node.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager route={route} page={disputes} />
    </section>
  );
};

interface CollaborationRow {
  id: string;
  status: string;
  sellerId: string;
  creatorId: string;
  updatedAt: string;
}

export const CollaborationList = ({ token, route }: { token: string; route: HomeRoute }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const loaded = useQuery<{ collaborations: Page<CollaborationRow> }>(
    COLLABORATIONS,
    route.after ? { after: route.after } : {},
    token,
  );
  if (loaded.state === 'loading') return <p>{say('collaborations.loading')}</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { collaborations } = loaded.data;
  return (
    <section>
      <h2 data-testid="list-title" data-count={collaborations.totalCount}>
        <FormattedMessage id="collaborations.count" values={{ count: collaborations.totalCount }} />
      </h2>
      <table className="list">
        <thead>
          <tr>
            <th>{say('list.collaboration')}</th>
            <th>{say('collaborations.status')}</th>
            <th>{say('collaborations.seller')}</th>
            <th>{say('collaborations.creator')}</th>
            <th>{say('collaborations.lastChange')}</th>
          </tr>
        </thead>
        <tbody>
          {collaborations.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                <a href={href({ page: 'collaboration', id: node.id })}>{node.id}</a>
              </td>
              <td data-value={node.status}>
                <EnumText type="CollaborationStatus" value={node.status} />
              </td>
              <td>
                <a href={href({ page: 'seller', id: node.sellerId })}>{node.sellerId}</a>
              </td>
              <td>
                <a href={href({ page: 'creator', id: node.creatorId })}>{node.creatorId}</a>
              </td>
              <td>{f.when(node.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager route={route} page={collaborations} />
    </section>
  );
};
