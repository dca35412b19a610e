import { useCallback, useState, type FormEvent } from 'react';
import { loadToken, saveToken } from '../shared/session.js';
import { TokenBar, type Me } from '../shared/TokenBar.js';
import { CollaborationView } from './CollaborationView.js';
import { CreatorView } from './CreatorView.js';
import { COLLABORATIONS, DISPUTES } from './queries.js';
import { href, useRoute, type Route } from './route.js';
import { Failure, useQuery } from './useQuery.js';
import { when } from './format.js';

export const App = () => {
  const [token, setToken] = useState(loadToken);
  const [me, setMe] = useState<Me | null>(null);
  const route = useRoute();
  const onMe = useCallback((next: Me | null) => setMe(next), []);
  return (
    <div className="console">
      <header>
        <a className="brand" href={href({ page: 'home' })}>
          Creator Ledger · audit console
        </a>
        <TokenBar
          token={token}
          onMe={onMe}
          onToken={(next) => {
            saveToken(next);
            setToken(next);
          }}
        />
      </header>
      <main>
        {!token ? (
          <p className="hint">
            Set a bearer token above. The console shows exactly what that token may see through the GraphQL
            API.
          </p>
        ) : route.page === 'collaboration' ? (
          <CollaborationView key={`${route.id}:${token}`} id={route.id} token={token} />
        ) : route.page === 'creator' ? (
          <CreatorView key={`${route.id}:${token}`} id={route.id} token={token} />
        ) : (
          <Home me={me} token={token} route={route} />
        )}
      </main>
    </div>
  );
};

const Find = ({ me }: { me: Me | null }) => {
  const [collaborationId, setCollaborationId] = useState('');
  const [creatorId, setCreatorId] = useState(me?.creatorId ?? '');
  const go = (page: 'collaboration' | 'creator', id: string) => (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) location.hash = href({ page, id: id.trim() });
  };
  return (
    <section className="find">
      <form onSubmit={go('collaboration', collaborationId)}>
        <label>
          Collaboration id{' '}
          <input
            name="collaborationId"
            value={collaborationId}
            onChange={(e) => setCollaborationId(e.target.value)}
          />
        </label>
        <button type="submit">Open</button>
      </form>
      <form onSubmit={go('creator', creatorId)}>
        <label>
          Creator id{' '}
          <input name="creatorId" value={creatorId} onChange={(e) => setCreatorId(e.target.value)} />
        </label>
        <button type="submit">Reputation</button>
      </form>
    </section>
  );
};

type HomeRoute = Extract<Route, { page: 'home' }>;

const Home = ({ me, token, route }: { me: Me | null; token: string; route: HomeRoute }) => {
  const seesAll = me?.role === 'AUDITOR' || me?.role === 'ARBITRATOR';
  return (
    <>
      <Find key={me?.userId ?? ''} me={me} />
      {seesAll ? (
        <DisputeList token={token} route={route} />
      ) : me ? (
        <CollaborationList token={token} route={route} />
      ) : null}
    </>
  );
};

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/** A list's way on: the next page, and back to the first (the browser's back returns a page). */
const Pager = ({ route, page }: { route: HomeRoute; page: Page<unknown> }) =>
  route.after || page.pageInfo.hasNextPage ? (
    <nav className="pager" aria-label="pages">
      {route.after ? <a href={href({ ...route, after: undefined })}>First page</a> : null}
      {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <a href={href({ ...route, after: page.pageInfo.endCursor })}>Next page</a>
      ) : null}
    </nav>
  ) : null;

interface DisputeRow {
  id: string;
  collaborationId: string;
  status: string;
  reason: string;
  openedAt: string;
  updatedAt: string;
}

const DISPUTE_STATUSES = ['OPEN', 'RESOLVED'] as const;

const DisputeList = ({ token, route }: { token: string; route: HomeRoute }) => {
  const status = DISPUTE_STATUSES.find((s) => s === route.status);
  const loaded = useQuery<{ disputes: Page<DisputeRow> }>(
    DISPUTES,
    { ...(status ? { status } : {}), ...(route.after ? { after: route.after } : {}) },
    token,
  );
  const filter = (
    <label className="filter">
      Status{' '}
      <select
        name="status"
        value={status ?? ''}
        onChange={(e) => (location.hash = href({ page: 'home', status: e.target.value || undefined }))}
      >
        <option value="">any</option>
        {DISPUTE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
  // The filter stays while a page loads, or fails: another status is a way out of either.
  if (loaded.state !== 'done') {
    return (
      <section>
        <h2>Disputes</h2>
        {filter}
        {loaded.state === 'loading' ? <p>Loading disputes…</p> : <Failure error={loaded.error} />}
      </section>
    );
  }
  const { disputes } = loaded.data;
  return (
    <section>
      <h2>Disputes ({disputes.totalCount})</h2>
      {filter}
      <table className="list">
        <thead>
          <tr>
            <th>Dispute</th>
            <th>Collaboration</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Opened</th>
            <th>Last activity</th>
          </tr>
        </thead>
        <tbody>
          {disputes.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>{node.id}</td>
              <td>
                <a href={href({ page: 'collaboration', id: node.collaborationId })}>{node.collaborationId}</a>
              </td>
              <td>{node.status}</td>
              <td>{node.reason}</td>
              <td>{when(node.openedAt)}</td>
              <td>{when(node.updatedAt)}</td>
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

const CollaborationList = ({ token, route }: { token: string; route: HomeRoute }) => {
  const loaded = useQuery<{ collaborations: Page<CollaborationRow> }>(
    COLLABORATIONS,
    route.after ? { after: route.after } : {},
    token,
  );
  if (loaded.state === 'loading') return <p>Loading your collaborations…</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { collaborations } = loaded.data;
  return (
    <section>
      <h2>Your collaborations ({collaborations.totalCount})</h2>
      <table className="list">
        <thead>
          <tr>
            <th>Collaboration</th>
            <th>Status</th>
            <th>Seller</th>
            <th>Creator</th>
            <th>Last change</th>
          </tr>
        </thead>
        <tbody>
          {collaborations.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                <a href={href({ page: 'collaboration', id: node.id })}>{node.id}</a>
              </td>
              <td>{node.status}</td>
              <td>{node.sellerId}</td>
              <td>
                <a href={href({ page: 'creator', id: node.creatorId })}>{node.creatorId}</a>
              </td>
              <td>{when(node.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager route={route} page={collaborations} />
    </section>
  );
};
