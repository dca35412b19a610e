import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { authHeaders, errorOf, type LedgerError, request, saveAs } from '../shared/session.js';
import { DISPUTE } from './queries.js';
import { Hash } from './Hash.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

interface TrailEntry {
  __typename:
    'DisputeOpenedEntry' | 'StatementEntry' | 'EvidenceEntry' | 'ResolutionEntry' | 'DisputeDeadlineEntry';
  at: string;
  position: string;
  revision: number;
  eventHash: string;
  side?: string;
  reason?: string;
  statement?: string;
  text?: string;
  evidenceId?: string;
  evidenceKind?: string;
  description?: string;
  sha256?: string;
  fileName?: string | null;
  contentType?: string | null;
  sizeBytes?: number | null;
  outcome?: string;
  note?: string;
  actor?: string;
  rule?: string;
  dueAt?: string;
  silentSide?: string | null;
}

interface DisputeClocks {
  respondent: string;
  responseDueAt: string;
  respondedAt: string | null;
  responseMissed: boolean;
  decisionDueAt: string;
  escalatedAt: string | null;
}

interface DisputeData {
  dispute: {
    id: string;
    status: string;
    reason: string;
    openedBy: string;
    openedAt: string;
    resolution: { outcome: string; note: string } | null;
    clocks: DisputeClocks;
    trail: TrailEntry[];
  } | null;
}

/** Text a party or an arbitrator wrote, as they wrote it. */
const Said = ({ text }: { text: string | undefined }) => (
  <q data-verbatim className="said">
    {text}
  </q>
);

export const DisputeView = ({ id, token }: { id: string; token: string }) => {
  const f = useFormat();
  const loaded = useQuery<DisputeData>(DISPUTE, { id }, token);
  if (loaded.state === 'loading') {
    return (
      <p>
        <FormattedMessage id="dispute.loading" values={{ id }} />
      </p>
    );
  }
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { dispute } = loaded.data;
  if (!dispute) return null;
  return (
    <section className="dispute" data-testid="dispute">
      <h2>
        <FormattedMessage id="dispute.title" values={{ id: dispute.id }} />{' '}
        <span className="status" data-value={dispute.status}>
          <EnumText type="DisputeStatus" value={dispute.status} />
        </span>
      </h2>
      <p>
        <FormattedMessage
          id="dispute.summary"
          values={{
            side: <EnumText type="Side" value={dispute.openedBy} />,
            reason: <EnumText type="DisputeReason" value={dispute.reason} />,
            at: f.when(dispute.openedAt),
          }}
        />
        {dispute.resolution && (
          <>
            {' '}
            <FormattedMessage
              id="dispute.resolvedSummary"
              values={{
                outcome: <EnumText type="DisputeOutcome" value={dispute.resolution.outcome} />,
                note: <Said text={dispute.resolution.note} />,
              }}
            />
          </>
        )}
      </p>
      {dispute.status === 'OPEN' || dispute.clocks.escalatedAt ? <Clocks clocks={dispute.clocks} /> : null}
      <ol className="trail">
        {dispute.trail.map((entry) => (
          <li key={`${entry.revision}:${entry.__typename}:${entry.evidenceId ?? ''}`}>
            <span className="rev">#{entry.revision}</span> <span className="at">{f.when(entry.at)}</span>{' '}
            <Entry entry={entry} />
          </li>
        ))}
      </ol>
    </section>
  );
};

const Entry = ({ entry }: { entry: TrailEntry }) => {
  const side = <strong>{entry.side ? <EnumText type="Side" value={entry.side} /> : null}</strong>;
  switch (entry.__typename) {
    case 'DisputeOpenedEntry':
      return (
        <FormattedMessage
          id="dispute.opened"
          values={{
            side,
            reason: <EnumText type="DisputeReason" value={entry.reason ?? ''} />,
            statement: <Said text={entry.statement} />,
          }}
        />
      );
    case 'StatementEntry':
      return <FormattedMessage id="dispute.stated" values={{ side, text: <Said text={entry.text} /> }} />;
    case 'ResolutionEntry':
      return (
        <FormattedMessage
          id="dispute.resolved"
          values={{
            outcome: (
              <strong>
                <EnumText type="DisputeOutcome" value={entry.outcome ?? ''} />
              </strong>
            ),
            actor: <span data-verbatim>{entry.actor}</span>,
            note: <Said text={entry.note} />,
          }}
        />
      );
    case 'EvidenceEntry':
      return <Evidence entry={entry} />;
    case 'DisputeDeadlineEntry':
      return (
        <FormattedMessage
          id="dispute.deadline"
          values={{
            rule: (
              <strong>
                <EnumText type="DeadlineRule" value={entry.rule ?? ''} />
              </strong>
            ),
          }}
        />
      );
    default:
      return assertNever(entry.__typename);
  }
};

/**
 * DOMAIN.md § Deadlines: the other side states its case within 5 days (its silence is recorded, the
 * dispute goes on); an arbitrator decides within 30 days, or the dispute is escalated.
 */
const Clocks = ({ clocks }: { clocks: DisputeClocks }) => {
  const f = useFormat();
  const side = <EnumText type="Side" value={clocks.respondent} />;
  return (
    <p className="clocks" data-testid="dispute-clocks" data-escalated={Boolean(clocks.escalatedAt)}>
      {clocks.respondedAt ? (
        <FormattedMessage id="dispute.clocks.answered" values={{ side, at: f.when(clocks.respondedAt) }} />
      ) : clocks.responseMissed ? (
        <FormattedMessage id="dispute.clocks.missed" values={{ side, dueAt: f.when(clocks.responseDueAt) }} />
      ) : (
        <FormattedMessage
          id="dispute.clocks.response"
          values={{ side, dueAt: f.when(clocks.responseDueAt) }}
        />
      )}{' '}
      {clocks.escalatedAt ? (
        <span className="badge bad">
          <FormattedMessage
            id="dispute.clocks.escalated"
            values={{ dueAt: f.when(clocks.decisionDueAt), at: f.when(clocks.escalatedAt) }}
          />
        </span>
      ) : (
        <FormattedMessage id="dispute.clocks.decision" values={{ dueAt: f.when(clocks.decisionDueAt) }} />
      )}
    </p>
  );
};

const assertNever = (value: never): never => {
  throw new Error(`Unexpected trail entry ${String(value)}`);
};

type FileCheck = 'checking' | 'matches' | 'changed' | 'missing' | 'unreadable';

/**
 * One evidence file: its SHA-256 as the log recorded it, and whether the service still holds a file
 * with that hash (the service re-hashes it on every read: 409 EVIDENCE_TAMPERED when it changed).
 */
const Evidence = ({ entry }: { entry: TrailEntry }) => {
  const intl = useIntl();
  const f = useFormat();
  const sha256 = entry.sha256!;
  const [check, setCheck] = useState<FileCheck>('checking');
  const [error, setError] = useState<LedgerError | null>(null);
  useEffect(() => {
    let current = true;
    fetch(`/evidence/${sha256}`, { method: 'HEAD', headers: authHeaders() })
      .then((r) => {
        if (!current) return;
        setCheck(
          r.ok ? 'matches' : r.status === 409 ? 'changed' : r.status === 404 ? 'missing' : 'unreadable',
        );
      })
      .catch(() => current && setCheck('unreadable'));
    return () => {
      current = false;
    };
  }, [sha256]);
  const download = async () => {
    setError(null);
    try {
      const response = await request(`/evidence/${sha256}`, { headers: authHeaders() });
      if (!response.ok) return setError(await errorOf(response));
      saveAs(await response.blob(), entry.fileName ?? sha256);
    } catch (e) {
      setError(e as LedgerError);
    }
  };
  return (
    <div className="evidence" data-testid="evidence" data-check={check}>
      <FormattedMessage
        id="evidence.added"
        values={{
          side: (
            <strong>
              <EnumText type="Side" value={entry.side ?? ''} />
            </strong>
          ),
          kind: <EnumText type="EvidenceKind" value={entry.evidenceKind ?? ''} />,
          description: <Said text={entry.description} />,
        }}
      />{' '}
      {entry.fileName && (
        <em data-verbatim>
          {entry.fileName}
          {typeof entry.sizeBytes === 'number' && ` (${f.bytes(entry.sizeBytes)})`}
        </em>
      )}{' '}
      <span className={`badge ${check === 'matches' ? 'good' : check === 'checking' ? '' : 'bad'}`}>
        {intl.formatMessage({ id: `evidence.check.${check}` })}
      </span>{' '}
      <button type="button" className="link" name="download" onClick={() => void download()}>
        {intl.formatMessage({ id: 'evidence.download' })}
      </button>
      <span className="evidence-hash">
        SHA-256 <Hash value={sha256} />
      </span>
      {error && <Failure error={error} />}
    </div>
  );
};
