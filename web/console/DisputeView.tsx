import { useEffect, useState } from 'react';
import { authHeaders, errorOf, saveAs } from '../shared/session.js';
import { short, when } from './format.js';
import { DISPUTE } from './queries.js';
import { Failure, useQuery } from './useQuery.js';

interface TrailEntry {
  __typename: 'DisputeOpenedEntry' | 'StatementEntry' | 'EvidenceEntry' | 'ResolutionEntry';
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
}

interface DisputeData {
  dispute: {
    id: string;
    status: string;
    reason: string;
    openedBy: string;
    openedAt: string;
    resolution: { outcome: string; note: string } | null;
    trail: TrailEntry[];
  } | null;
}

export const DisputeView = ({ id, token }: { id: string; token: string }) => {
  const loaded = useQuery<DisputeData>(DISPUTE, { id }, token);
  if (loaded.state === 'loading') return <p>Loading dispute {id}…</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { dispute } = loaded.data;
  if (!dispute) return null;
  return (
    <section className="dispute" data-testid="dispute">
      <h2>
        Dispute {dispute.id} <span className="status">{dispute.status}</span>
      </h2>
      <p>
        Opened by the {dispute.openedBy.toLowerCase()} for {dispute.reason} on {when(dispute.openedAt)}
        {dispute.resolution && (
          <>
            ; resolved {dispute.resolution.outcome}: {dispute.resolution.note}
          </>
        )}
      </p>
      <ol className="trail">
        {dispute.trail.map((entry) => (
          <li key={`${entry.revision}:${entry.__typename}:${entry.evidenceId ?? ''}`}>
            <span className="rev">#{entry.revision}</span> <span className="at">{when(entry.at)}</span>{' '}
            <Entry entry={entry} />
          </li>
        ))}
      </ol>
    </section>
  );
};

const Entry = ({ entry }: { entry: TrailEntry }) => {
  switch (entry.__typename) {
    case 'DisputeOpenedEntry':
      return (
        <span>
          <strong>{entry.side}</strong> opened it ({entry.reason}): “{entry.statement}”
        </span>
      );
    case 'StatementEntry':
      return (
        <span>
          <strong>{entry.side}</strong> stated: “{entry.text}”
        </span>
      );
    case 'ResolutionEntry':
      return (
        <span>
          Resolved <strong>{entry.outcome}</strong> by {entry.actor}: {entry.note}
        </span>
      );
    case 'EvidenceEntry':
      return <Evidence entry={entry} />;
  }
};

type FileCheck = 'checking' | 'matches' | 'changed' | 'missing' | 'unreadable';

const CHECK_TEXT: Record<FileCheck, string> = {
  checking: 'checking the stored file…',
  matches: '✓ stored file matches its SHA-256',
  changed: '✗ stored file CHANGED since upload',
  missing: '✗ stored file missing',
  unreadable: 'could not check the stored file',
};

/**
 * One evidence file: its SHA-256 as the log recorded it, and whether the service still holds a file
 * with that hash (the service re-hashes it on every read: 409 EVIDENCE_TAMPERED when it changed).
 */
const Evidence = ({ entry }: { entry: TrailEntry }) => {
  const sha256 = entry.sha256!;
  const [check, setCheck] = useState<FileCheck>('checking');
  const [error, setError] = useState('');
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
    setError('');
    const response = await fetch(`/evidence/${sha256}`, { headers: authHeaders() });
    if (!response.ok) return setError((await errorOf(response)).message);
    saveAs(await response.blob(), entry.fileName ?? sha256);
  };
  return (
    <span className="evidence" data-testid="evidence" data-check={check}>
      <strong>{entry.side}</strong> added {entry.evidenceKind} “{entry.description}”{' '}
      {entry.fileName && <em>{entry.fileName}</em>} <code title={sha256}>sha256 {short(sha256)}</code>{' '}
      <span className={`badge ${check === 'matches' ? 'good' : check === 'checking' ? '' : 'bad'}`}>
        {CHECK_TEXT[check]}
      </span>{' '}
      <button type="button" className="link" onClick={() => void download()}>
        download
      </button>
      {error && <span className="error"> {error}</span>}
    </span>
  );
};
