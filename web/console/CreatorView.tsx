import { useMemo, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { graphql, LedgerError } from '../shared/session.js';
import { Chart } from './Chart.js';
import { ChangeExplained, FigureName, type Change } from './figures.js';
import { CreatorReviews } from './PartyReviews.js';
import { CHANGES, CHANGES_PER_LOAD, CREATOR } from './queries.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

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
  const intl = useIntl();
  const f = useFormat();
  const loaded = useQuery<CreatorData>(CREATOR, { id }, token);
  const { changes: history, busy, more } = useChanges(id);
  const series = useMemo(
    () => seriesOf(history && !(history instanceof LedgerError) ? history.items : [], 'creditScore'),
    [history],
  );
  if (loaded.state === 'loading') {
    return (
      <p>
        <FormattedMessage id="creator.loading" values={{ id }} />
      </p>
    );
  }
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { creator } = loaded.data;
  if (!creator) {
    return (
      <p className="error" role="alert">
        <FormattedMessage id="creator.notFound" values={{ id }} />
      </p>
    );
  }
  const r = creator.reputation;
  const changes = history && !(history instanceof LedgerError) ? history.items : [];
  /** A part of the credit score in points (of 1,000), as the formula adds them up (DOMAIN.md § Reputation). */
  const points = (part: number, of: number) =>
    intl.formatMessage({ id: 'creator.points' }, { points: f.number(part * 1000), of: f.number(of) });
  return (
    <div className="creator">
      <h1>
        <span data-verbatim>{creator.displayName}</span> <span className="status">{creator.id}</span>
      </h1>
      <p>
        <FormattedMessage
          id="creator.summary"
          values={{
            score: <strong data-testid="credit-score">{f.number(r.creditScore)}</strong>,
            grade: <EnumText type="Grade" value={r.grade} />,
            overall: f.number(r.overall, 1),
            ratings: r.ratingsCounted,
            updated: f.when(r.updatedAt),
          }}
        />
      </p>
      <table className="breakdown" data-testid="breakdown">
        <tbody>
          <tr>
            <th>{intl.formatMessage({ id: 'creator.part.rating' }, { overall: f.number(r.overall, 1) })}</th>
            <td>{points(r.creditBreakdown.rating, 450)}</td>
          </tr>
          <tr>
            <th>{intl.formatMessage({ id: 'creator.part.onTime' }, { rate: f.percent(r.onTimeRate) })}</th>
            <td>{points(r.creditBreakdown.onTime, 200)}</td>
          </tr>
          <tr>
            <th>
              {intl.formatMessage({ id: 'creator.part.completion' }, { rate: f.percent(r.completionRate) })}
            </th>
            <td>{points(r.creditBreakdown.completion, 150)}</td>
          </tr>
          <tr>
            <th>
              {intl.formatMessage({ id: 'creator.part.disputes' }, { rate: f.percent(r.disputeLossRate) })}
            </th>
            <td>{points(r.creditBreakdown.disputes, 200)}</td>
          </tr>
          <tr>
            <th>{intl.formatMessage({ id: 'creator.part.flags' })}</th>
            <td>
              {r.creditBreakdown.flagPenalty > 0
                ? intl.formatMessage(
                    { id: 'creator.penalty' },
                    { points: f.number(r.creditBreakdown.flagPenalty) },
                  )
                : intl.formatMessage({ id: 'creator.noPenalty' })}
            </td>
          </tr>
          <tr>
            <th>
              <FigureName figure="creditScore" />
            </th>
            <td>
              <strong>{f.number(r.creditScore)}</strong>
            </td>
          </tr>
          <tr>
            <th>
              <FigureName figure="recommendationWeight" />
            </th>
            <td>{f.number(r.recommendationWeight)}</td>
          </tr>
        </tbody>
      </table>
      <h2 className="spaced">{intl.formatMessage({ id: 'creator.chart' })}</h2>
      {history instanceof LedgerError ? (
        <Failure error={history} />
      ) : !history ? (
        <p>{intl.formatMessage({ id: 'creator.changes.loading' })}</p>
      ) : (
        <>
          <p
            className="hint"
            data-testid="changes-loaded"
            data-loaded={changes.length}
            data-total={history.total}
          >
            {history.older === null
              ? intl.formatMessage({ id: 'creator.changes.all' }, { total: history.total })
              : intl.formatMessage(
                  { id: 'creator.changes.last' },
                  { loaded: changes.length, total: history.total },
                )}{' '}
            {history.older === null ? null : (
              <button type="button" className="link" name="older" onClick={more} disabled={busy}>
                {intl.formatMessage(
                  { id: 'creator.changes.older' },
                  { count: Math.min(CHANGES_PER_LOAD, history.total - changes.length) },
                )}
              </button>
            )}
          </p>
          <Chart data={series} />
        </>
      )}
      <h2>{intl.formatMessage({ id: 'creator.recent' })}</h2>
      <table className="list changes" data-testid="changes">
        <thead>
          <tr>
            <th>{intl.formatMessage({ id: 'creator.recent.when' })}</th>
            <th>{intl.formatMessage({ id: 'creator.recent.what' })}</th>
          </tr>
        </thead>
        <tbody>
          {changes.slice(0, 30).map((c) => (
            <tr key={c.position}>
              <td>{f.when(c.at)}</td>
              <td>
                <ChangeExplained change={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreatorReviews id={id} token={token} />
    </div>
  );
};
