import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Failure } from '../shared/Failure.js';
import { AsOf } from './AsOf.js';
import { DisputeView } from './DisputeView.js';
import { Export } from './Export.js';
import { Lifecycle } from './Lifecycle.js';
import { HISTORY } from './queries.js';
import { href } from './route.js';
import { Timeline, type HistoryEvent } from './Timeline.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

interface ChainVerification {
  valid: boolean;
  eventsChecked: number;
  firstBrokenRevision: number | null;
  code: string | null;
  reason: string | null;
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
    verification: ChainVerification;
    events: HistoryEvent[];
  } | null;
}

export const CollaborationView = ({ id, token }: { id: string; token: string }) => {
  const loaded = useQuery<HistoryData>(HISTORY, { id }, token);
  const [selected, setSelected] = useState<number | null>(null);
  /** A revision asked for from elsewhere on the page (the broken chain's): shown and scrolled to. */
  const [jump, setJump] = useState<{ revision: number } | null>(null);
  useEffect(() => {
    if (!jump) return;
    const item = document.querySelector<HTMLElement>(
      `[data-testid=timeline] li[data-revision="${jump.revision}"]`,
    );
    item?.scrollIntoView({ block: 'center' });
    item?.querySelector('button')?.focus({ preventScroll: true });
  }, [jump]);
  if (loaded.state === 'loading') {
    return (
      <p>
        <FormattedMessage id="collaboration.loading" values={{ id }} />
      </p>
    );
  }
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { collaboration, collaborationHistory: history } = loaded.data;
  if (!collaboration || !history) {
    return (
      <p className="error" role="alert">
        <FormattedMessage id="collaboration.notFound" values={{ id }} />
      </p>
    );
  }
  const events = history.events;
  const shown = selected ?? events.length - 1;
  const goTo = (revision: number) => {
    const index = events.findIndex((e) => e.revision === revision);
    if (index >= 0) setSelected(index);
    setJump({ revision });
  };
  return (
    <div className="collaboration">
      <h1>
        <FormattedMessage
          id="collaboration.title"
          values={{ id: <span data-testid="collaboration-id">{collaboration.id}</span> }}
        />{' '}
        <span className="status" data-value={collaboration.status}>
          <EnumText type="CollaborationStatus" value={collaboration.status} />
        </span>
      </h1>
      <p className="parties">
        <FormattedMessage
          id="collaboration.parties"
          values={{
            seller: collaboration.sellerId,
            creator: (
              <a href={href({ page: 'creator', id: collaboration.creatorId })}>{collaboration.creatorId}</a>
            ),
            revision: collaboration.revision,
          }}
        />
      </p>
      <Verification verification={history.verification} onRevision={goTo} />
      <Lifecycle id={id} token={token} />
      <Timeline
        events={events}
        selected={shown}
        onSelect={setSelected}
        firstBroken={history.verification.firstBrokenRevision}
      />
      <AsOf id={id} events={events} />
      {collaboration.disputes.map((d) => (
        <DisputeView key={d.disputeId} id={d.disputeId} token={token} />
      ))}
      <Export id={id} />
    </div>
  );
};

/** Why the chain breaks, by its code; a reason without one (an older service) as the service wrote it. */
const Reason = ({ code, reason }: { code: string | null; reason: string | null }) =>
  code ? <EnumText type="ChainBreak" value={code} /> : <span data-verbatim>{reason}</span>;

const Verification = ({
  verification,
  onRevision,
}: {
  verification: ChainVerification;
  onRevision: (revision: number) => void;
}) => {
  if (verification.valid) {
    return (
      <p className="verification valid" data-testid="verification" data-valid="true">
        <FormattedMessage id="chain.valid" values={{ count: verification.eventsChecked }} />
      </p>
    );
  }
  const revision = verification.firstBrokenRevision;
  return (
    <p className="verification broken" data-testid="verification" data-valid="false" role="alert">
      <FormattedMessage
        id="chain.broken"
        values={{
          revision: (
            <button
              type="button"
              className="link"
              data-testid="broken-revision"
              onClick={() => revision !== null && onRevision(revision)}
            >
              <FormattedMessage id="chain.brokenRevision" values={{ revision }} />
            </button>
          ),
          reason: <Reason code={verification.code} reason={verification.reason} />,
        }}
      />
    </p>
  );
};
