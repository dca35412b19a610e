import diff from 'microdiff';
import { useEffect, useMemo, useState } from 'react';
import { errorOf, getJson, graphql, authHeaders, saveAs, LedgerError } from '../shared/session.js';
import { DisputeView } from './DisputeView.js';
import { json, short, when } from './format.js';
import { AS_OF, HISTORY } from './queries.js';
import { href } from './route.js';
import { Failure, useQuery } from './useQuery.js';

interface HistoryEvent {
  position: string;
  revision: number;
  id: string;
  type: string;
  redacted: boolean;
  recordedAt: string;
  hash: string;
  prevHash: string;
  metadata: { actor: string; role: string | null; actorRole: string; occurredAt: string };
  data: unknown;
  state: Record<string, unknown>;
}

interface HistoryData {
  collaboration: {
    id: string;
    status: string;
    sellerId: string;
    creatorId: string;
    revision: number;
    disputes: {
      disputeId: string;
      reason: string;
      openedBy: string;
      openedAt: string;
      outcome: string | null;
    }[];
  } | null;
  collaborationHistory: {
    verification: {
      valid: boolean;
      eventsChecked: number;
      firstBrokenRevision: number | null;
      reason: string | null;
    };
    events: HistoryEvent[];
  } | null;
}

export const CollaborationView = ({ id, token }: { id: string; token: string }) => {
  const loaded = useQuery<HistoryData>(HISTORY, { id }, token);
  if (loaded.state === 'loading') return <p>Loading {id}…</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { collaboration, collaborationHistory: history } = loaded.data;
  if (!collaboration || !history) {
    return (
      <p className="error" role="alert">
        No collaboration {id} that this token may see.
      </p>
    );
  }
  return (
    <div className="collaboration">
      <h1>
        Collaboration <span data-testid="collaboration-id">{collaboration.id}</span>{' '}
        <span className="status">{collaboration.status}</span>
      </h1>
      <p className="parties">
        Seller {collaboration.sellerId} · Creator{' '}
        <a href={href({ page: 'creator', id: collaboration.creatorId })}>{collaboration.creatorId}</a> ·
        revision {collaboration.revision}
      </p>
      <Verification verification={history.verification} />
      <Timeline events={history.events} firstBroken={history.verification.firstBrokenRevision} />
      <AsOf id={id} events={history.events} />
      {collaboration.disputes.map((d) => (
        <DisputeView key={d.disputeId} id={d.disputeId} token={token} />
      ))}
      <Export id={id} />
    </div>
  );
};

const Verification = ({
  verification,
}: {
  verification: NonNullable<HistoryData['collaborationHistory']>['verification'];
}) =>
  verification.valid ? (
    <p className="verification valid" data-testid="verification">
      ✓ Hash chain valid: {verification.eventsChecked} events recomputed from what is stored.
    </p>
  ) : (
    <p className="verification broken" data-testid="verification" role="alert">
      ✗ Hash chain broken at revision {verification.firstBrokenRevision}: {verification.reason}. Events from
      that revision on cannot be trusted as recorded.
    </p>
  );

const Timeline = ({ events, firstBroken }: { events: HistoryEvent[]; firstBroken: number | null }) => {
  const [selected, setSelected] = useState<number>(events.length - 1);
  const event = events[selected];
  const before = selected > 0 ? events[selected - 1]!.state : {};
  const changes = useMemo(() => (event ? diff(before, event.state) : []), [before, event]);
  return (
    <section className="timeline-section">
      <h2>Timeline ({events.length} events)</h2>
      <div className="timeline-grid">
        <ol className="timeline" data-testid="timeline">
          {events.map((e, i) => {
            const broken = firstBroken !== null && e.revision >= firstBroken;
            return (
              <li
                key={e.id}
                className={[
                  i === selected ? 'selected' : '',
                  broken ? 'broken' : '',
                  e.revision === firstBroken ? 'first-broken' : '',
                  e.redacted ? 'redacted' : '',
                ].join(' ')}
                data-revision={e.revision}
              >
                <button type="button" onClick={() => setSelected(i)}>
                  <span className="rev">#{e.revision}</span>
                  <span className="type">{e.type}</span>
                  <span className="actor">
                    {e.metadata.actorRole} · {e.metadata.actor}
                  </span>
                  <span className="at">{when(e.metadata.occurredAt)}</span>
                  <span className="pos">pos {e.position}</span>
                  {e.revision === firstBroken && <span className="badge bad">chain breaks here</span>}
                </button>
              </li>
            );
          })}
        </ol>
        {event && (
          <div className="event-detail" data-testid="event-detail">
            <h3>
              #{event.revision} {event.type}
            </h3>
            <dl>
              <dt>Actor</dt>
              <dd>
                {event.metadata.actor} ({event.metadata.actorRole})
              </dd>
              <dt>Occurred</dt>
              <dd>{when(event.metadata.occurredAt)}</dd>
              <dt>Recorded</dt>
              <dd>{when(event.recordedAt)}</dd>
              <dt>Position</dt>
              <dd>{event.position}</dd>
              <dt>Hash</dt>
              <dd title={event.hash}>
                <code>{short(event.hash)}</code> (previous{' '}
                <code title={event.prevHash}>{short(event.prevHash)}</code>)
              </dd>
            </dl>
            {event.redacted && (
              <p className="hint">Part of this event concerns a rating still hidden from you.</p>
            )}
            <h4>What changed</h4>
            {changes.length === 0 ? (
              <p className="hint">Nothing in the state changed.</p>
            ) : (
              <table className="diff" data-testid="diff">
                <tbody>
                  {changes.map((c) => (
                    <tr key={`${c.type}:${c.path.join('.')}`} className={c.type.toLowerCase()}>
                      <td>{c.type === 'CREATE' ? '+' : c.type === 'REMOVE' ? '−' : '~'}</td>
                      <td>
                        <code>{c.path.join('.')}</code>
                      </td>
                      <td>{'oldValue' in c ? <code>{JSON.stringify(c.oldValue)}</code> : null}</td>
                      <td>{'value' in c ? <code>{JSON.stringify(c.value)}</code> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details>
              <summary>Event data</summary>
              <pre>{json(event.data)}</pre>
            </details>
            <details>
              <summary>State right after</summary>
              <pre>{json(event.state)}</pre>
            </details>
          </div>
        )}
      </div>
    </section>
  );
};

interface Snapshot {
  revision: number;
  position: string;
  at: string;
  collaboration: { status: string };
  state: unknown;
}

/** The collaboration as it stood at a revision (slider) or an instant (date and time). */
const AsOf = ({ id, events }: { id: string; events: HistoryEvent[] }) => {
  const last = events.at(-1)?.revision ?? 0;
  const [asked, setAsked] = useState<{ revision: number } | { at: string }>({ revision: last });
  const [snapshot, setSnapshot] = useState<Snapshot | null | LedgerError>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      graphql<{ collaborationAsOf: Snapshot | null }>(AS_OF, { id, ...asked })
        .then((data) => current && setSnapshot(data.collaborationAsOf))
        .catch((error: LedgerError) => current && setSnapshot(error));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id, asked]);
  const first = events[0]?.recordedAt;
  return (
    <section className="as-of">
      <h2>As of</h2>
      <div className="as-of-controls">
        <label>
          Revision{' '}
          <input
            type="range"
            name="revision"
            min={0}
            max={last}
            value={
              'revision' in asked
                ? asked.revision
                : snapshot && !(snapshot instanceof LedgerError)
                  ? snapshot.revision
                  : last
            }
            onChange={(e) => setAsked({ revision: Number(e.target.value) })}
          />
        </label>
        <label>
          or instant (UTC){' '}
          <input
            type="datetime-local"
            name="at"
            step={1}
            min={first?.slice(0, 19)}
            onChange={(e) => e.target.value && setAsked({ at: `${e.target.value}Z` })}
          />
        </label>
      </div>
      {snapshot instanceof LedgerError ? (
        <Failure error={snapshot} />
      ) : snapshot ? (
        <div data-testid="as-of">
          <p>
            Revision <strong data-testid="as-of-revision">{snapshot.revision}</strong> of {last}, at{' '}
            {when(snapshot.at)}: status{' '}
            <strong data-testid="as-of-status">{snapshot.collaboration.status}</strong>
          </p>
          <details>
            <summary>State</summary>
            <pre>{json(snapshot.state)}</pre>
          </details>
        </div>
      ) : (
        <p className="hint">Nothing recorded by then.</p>
      )}
    </section>
  );
};

/** The signed export (GET /audit/export/<id>) and the fingerprint of the key it is signed with. */
const Export = ({ id }: { id: string }) => {
  const [keyId, setKeyId] = useState('');
  const [error, setError] = useState<LedgerError | null>(null);
  useEffect(() => {
    void getJson<{ keyId: string }>('/audit/signing-key').then((key) => setKeyId(key.keyId));
  }, []);
  const download = async () => {
    setError(null);
    const response = await fetch(`/audit/export/${encodeURIComponent(id)}`, { headers: authHeaders() });
    if (!response.ok) return setError(await errorOf(response));
    saveAs(await response.blob(), `${id}.audit.json`);
  };
  return (
    <section className="export">
      <h2>Signed export</h2>
      <p>
        A self-verifying file of this history, signed by the service (Ed25519). Check it offline with{' '}
        <code>
          npm run audit:verify -- {id}.audit.json --key-id {keyId || '<fingerprint>'}
        </code>
        .
      </p>
      <p>
        Key fingerprint (SHA-256 of the public key, SPKI DER): <code data-testid="key-id">{keyId}</code>
      </p>
      <button type="button" onClick={() => void download()}>
        Download the signed export
      </button>
      {error && <Failure error={error} />}
    </section>
  );
};
