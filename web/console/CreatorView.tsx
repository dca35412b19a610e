import { useEffect, useMemo, useRef, useState } from 'react';
import { graphql, LedgerError } from '../shared/session.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { when } from './format.js';
import { CHANGES, CHANGES_PER_LOAD, CREATOR } from './queries.js';
import { Failure, useQuery } from './useQuery.js';

interface Change {
  position: string;
  at: string;
  eventType: string;
  collaborationId: string;
  changes: { figure: string; from: string | null; to: string | null; delta: number | null }[];
}

interface CreatorData {
  creator: {
    id: string;
    displayName: string;
    country: string;
    reputation: {
      overall: number;
      creditScore: number;
      grade: string;
      ratingsCounted: number;
      onTimeRate: number;
      completionRate: number;
      disputeLossRate: number;
      recommendationWeight: number;
      creditBreakdown: {
        rating: number;
        onTime: number;
        completion: number;
        disputes: number;
        flagPenalty: number;
      };
      updatedAt: string | null;
    };
  } | null;
}

/** The points of one figure over time, oldest first, from the change log (latest first). */
export const seriesOf = (changes: readonly Change[], figure: string): [number[], number[]] => {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const change of [...changes].reverse()) {
    const moved = change.changes.find((c) => c.figure === figure);
    if (!moved || moved.to === null || !Number.isFinite(Number(moved.to))) continue;
    xs.push(Date.parse(change.at) / 1000);
    ys.push(Number(moved.to));
  }
  return [xs, ys];
};

interface ChangesPage {
  creator: {
    reputation: {
      changes: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: Change }[];
      };
    };
  } | null;
}

interface Loaded {
  readonly items: Change[];
  readonly total: number;
  /** Where the older changes start; null once all are loaded. */
  readonly older: string | null;
}

/**
 * A creator's reputation changes, latest first: the most recent {@link CHANGES_PER_LOAD}, then as
 * many older ones with each `more`, from where the last load ended.
 */
const useChanges = (id: string) => {
  const [changes, setChanges] = useState<Loaded | LedgerError | null>(null);
  const [loads, setLoads] = useState(1);
  const [busy, setBusy] = useState(false);
  const loaded = useRef<Loaded>({ items: [], total: 0, older: null });
  useEffect(() => {
    const from = loads === 1 ? { items: [], total: 0, older: null } : loaded.current;
    if (loads > 1 && from.older === null) return;
    let current = true;
    setBusy(true);
    void (async () => {
      const items = [...from.items];
      const wanted = items.length + CHANGES_PER_LOAD;
      let after = from.older;
      let total = from.total;
      try {
        do {
          const page: ChangesPage = await graphql<ChangesPage>(CHANGES, { id, after });
          const connection = page.creator?.reputation.changes;
          if (!connection) {
            after = null;
            break;
          }
          total = connection.totalCount;
          items.push(...connection.edges.map((e) => e.node));
          after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        } while (current && after !== null && items.length < wanted);
        if (!current) return;
        loaded.current = { items, total, older: after };
        setChanges(loaded.current);
      } catch (error) {
        if (current) setChanges(error as LedgerError);
      } finally {
        if (current) setBusy(false);
      }
    })();
    return () => {
      current = false;
    };
  }, [id, loads]);
  return { changes, busy, more: () => setLoads((n) => n + 1) };
};

export const CreatorView = ({ id, token }: { id: string; token: string }) => {
  const loaded = useQuery<CreatorData>(CREATOR, { id }, token);
  const { changes: history, busy, more } = useChanges(id);
  const series = useMemo(
    () => seriesOf(history && !(history instanceof LedgerError) ? history.items : [], 'creditScore'),
    [history],
  );
  if (loaded.state === 'loading') return <p>Loading creator {id}…</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { creator } = loaded.data;
  if (!creator) return <p className="error">No creator {id}.</p>;
  const r = creator.reputation;
  const changes = history && !(history instanceof LedgerError) ? history.items : [];
  return (
    <div className="creator">
      <h1>
        {creator.displayName} <span className="status">{creator.id}</span>
      </h1>
      <p>
        Credit score <strong data-testid="credit-score">{r.creditScore}</strong> (grade {r.grade}) · overall
        rating {r.overall.toFixed(2)} from {r.ratingsCounted} ratings · updated {when(r.updatedAt)}
      </p>
      <table className="breakdown" data-testid="breakdown">
        <tbody>
          <tr>
            <th>Ratings</th>
            <td>{r.creditBreakdown.rating.toFixed(1)}</td>
          </tr>
          <tr>
            <th>On time ({(r.onTimeRate * 100).toFixed(0)}%)</th>
            <td>{r.creditBreakdown.onTime.toFixed(1)}</td>
          </tr>
          <tr>
            <th>Completion ({(r.completionRate * 100).toFixed(0)}%)</th>
            <td>{r.creditBreakdown.completion.toFixed(1)}</td>
          </tr>
          <tr>
            <th>Disputes (lost {(r.disputeLossRate * 100).toFixed(0)}%)</th>
            <td>{r.creditBreakdown.disputes.toFixed(1)}</td>
          </tr>
          <tr>
            <th>Flag penalty</th>
            <td>{r.creditBreakdown.flagPenalty > 0 ? `−${r.creditBreakdown.flagPenalty}` : 0}</td>
          </tr>
          <tr>
            <th>Credit score</th>
            <td>
              <strong>{r.creditScore}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <h2 className="spaced">Credit score over time</h2>
      {history instanceof LedgerError ? (
        <Failure error={history} />
      ) : !history ? (
        <p>Loading the change log…</p>
      ) : (
        <>
          <p className="hint" data-testid="changes-loaded">
            {history.older === null
              ? `From all ${history.total} changes recorded for this creator.`
              : `From the last ${changes.length} of ${history.total} changes recorded for this creator.`}{' '}
            {history.older === null ? null : (
              <button type="button" className="link" onClick={more} disabled={busy}>
                Load {Math.min(CHANGES_PER_LOAD, history.total - changes.length)} older changes
              </button>
            )}
          </p>
          <Chart data={series} />
        </>
      )}
      <h2>Recent changes</h2>
      <table className="list">
        <thead>
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Collaboration</th>
            <th>Changes</th>
          </tr>
        </thead>
        <tbody>
          {changes.slice(0, 30).map((c) => (
            <tr key={c.position}>
              <td>{when(c.at)}</td>
              <td>{c.eventType}</td>
              <td>
                <a href={`#/collaboration/${encodeURIComponent(c.collaborationId)}`}>{c.collaborationId}</a>
              </td>
              <td>{c.changes.map((f) => `${f.figure} ${figure(f.from)} → ${figure(f.to)}`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** A figure as the change log holds it (a decimal string), to three decimals. */
const figure = (value: string | null): string =>
  value === null
    ? '—'
    : Number.isFinite(Number(value))
      ? String(Math.round(Number(value) * 1000) / 1000)
      : value;

const Chart = ({ data }: { data: [number[], number[]] }) => {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current || data[0].length === 0) return;
    const plot = new uPlot(
      {
        width: Math.min(900, element.current.clientWidth || 900),
        height: 260,
        series: [{}, { label: 'credit score', stroke: '#2357d9', width: 2, points: { show: true } }],
        axes: [{}, { label: 'score' }],
      },
      data,
      element.current,
    );
    return () => plot.destroy();
  }, [data]);
  if (data[0].length === 0) return <p className="hint">No change of the credit score recorded yet.</p>;
  return <div className="chart" data-testid="chart" data-points={data[0].length} ref={element} />;
};
