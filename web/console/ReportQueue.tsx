import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { Queue, useQueue, type Page } from './Queue.js';
import { REVIEW_REPORTS } from './reviewQueries.js';
import { href } from './route.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

interface ReportRow {
  id: string;
  collaborationId: string;
  reviewId: string;
  reason: string;
  statement: string;
  side: string;
  reporterId: string;
  evidence: { sha256: string; fileName: string | null }[];
  status: string;
  reportedAt: string;
  dueAt: string;
  escalated: boolean;
  escalatedAt: string | null;
  decidedAt: string | null;
  decision: { reason: string | null; note: string } | null;
  text: { comment: string; tags: string[]; reply: string | null } | null;
}

const REPORT_STATUSES = ['OPEN', 'DISMISSED', 'TEXT_REMOVED'] as const;

/** Reports of reviews for arbitrators and auditors: escalated first, then the oldest (DOMAIN.md § Public reviews). */
export const ReportQueue = ({ token }: { token: string }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const queue = useQueue<(typeof REPORT_STATUSES)[number]>('OPEN');
  const loaded = useQuery<{ reviewReports: Page<ReportRow> }>(REVIEW_REPORTS, queue.variables, token);
  const page = loaded.state === 'done' ? loaded.data.reviewReports : null;
  return (
    <Queue
      title={
        page ? (
          <span data-testid="reports-title" data-count={page.totalCount}>
            <FormattedMessage id="reports.count" values={{ count: page.totalCount }} />
          </span>
        ) : (
          say('reports.title')
        )
      }
      type="ReportStatus"
      statuses={REPORT_STATUSES}
      queue={queue}
      page={page}
    >
      {loaded.state === 'loading' ? (
        <p>{say('reports.loading')}</p>
      ) : loaded.state === 'error' ? (
        <Failure error={loaded.error} />
      ) : (
        <table className="list" data-testid="reports">
          <thead>
            <tr>
              <th>{say('list.collaboration')}</th>
              <th>{say('disputes.reason')}</th>
              <th>{say('reports.by')}</th>
              <th>{say('reports.reported')}</th>
              <th>{say('reports.where')}</th>
              <th>{say('reports.text')}</th>
            </tr>
          </thead>
          <tbody>
            {page!.edges.map(({ node: r }) => (
              <tr key={`${r.collaborationId}/${r.id}`} data-status={r.status} data-escalated={r.escalated}>
                <td>
                  <a href={href({ page: 'collaboration', id: r.collaborationId })}>{r.collaborationId}</a>
                </td>
                <td>
                  <EnumText type="ReportReason" value={r.reason} />
                  <blockquote data-verbatim>{r.statement}</blockquote>
                  {r.evidence.length > 0 ? (
                    <span className="hint">
                      {intl.formatMessage({ id: 'reports.files' }, { count: r.evidence.length })}{' '}
                      <span data-verbatim>{r.evidence.map((e) => e.fileName ?? e.sha256).join(', ')}</span>
                    </span>
                  ) : null}
                </td>
                <td>
                  <EnumText type="Side" value={r.side} /> <span data-verbatim>{r.reporterId}</span>
                </td>
                <td>{f.when(r.reportedAt)}</td>
                <td>
                  {r.decidedAt ? (
                    <>
                      {intl.formatMessage(
                        { id: r.status === 'TEXT_REMOVED' ? 'reports.removed' : 'reports.dismissed' },
                        {
                          at: f.when(r.decidedAt),
                          reason: r.decision?.reason
                            ? f.enumValue('ReportReason', r.decision.reason)
                            : f.none,
                        },
                      )}
                      {r.decision ? <blockquote data-verbatim>{r.decision.note}</blockquote> : null}
                    </>
                  ) : r.escalatedAt ? (
                    <strong>
                      {intl.formatMessage({ id: 'reports.escalated' }, { at: f.when(r.escalatedAt) })}
                    </strong>
                  ) : (
                    intl.formatMessage({ id: 'reports.due' }, { at: f.when(r.dueAt) })
                  )}
                </td>
                <td>
                  {r.text ? (
                    <>
                      <blockquote data-verbatim>{r.text.comment}</blockquote>
                      {r.text.reply !== null ? (
                        <span className="hint">
                          {say('reports.reply')} <span data-verbatim>{r.text.reply}</span>
                        </span>
                      ) : null}
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Queue>
  );
};
