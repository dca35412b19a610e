import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { LIFECYCLE } from './queries.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

interface Money {
  amountMinor: number;
  currency: string;
}

interface LifecycleData {
  collaboration: {
    id: string;
    status: string;
    contentReview: string;
    brief: { usageRights: { months: number | null } };
    deadlines: { pending: { rule: string; dueAt: string }[] };
    negotiation: {
      counterOffersLeft: number;
      awaiting: string | null;
      agreedRound: number | null;
      offers: {
        round: number;
        by: string;
        fee: Money;
        scriptDueAt: string;
        publishDueAt: string;
        deliverables: { description: string; quantity: number }[];
        note: string | null;
        offeredAt: string;
      }[];
    };
    contentFix: {
      issues: string[];
      fixRequired: boolean;
      reviewedAt: string | null;
      fixDueAt: string | null;
      fixes: number;
      fixedAt: string | null;
      overdue: boolean;
    };
    usageRights: {
      scope: string[];
      platforms: string[];
      endsAt: string | null;
      ended: boolean;
      extensions: number;
      pendingExtension: { id: string; endsAt: string; fee: Money | null } | null;
    };
  } | null;
}

/**
 * Where a collaboration stands (DOMAIN.md § Negotiation, § Acceptance, § Deadlines, § Usage rights):
 * the deadlines running with their rules, every round of the negotiation, the content's fix, the
 * usage rights and their end. What the viewer's token may see of it, like every view here.
 */
export const Lifecycle = ({ id, token }: { id: string; token: string }) => {
  const intl = useIntl();
  const loaded = useQuery<LifecycleData>(LIFECYCLE, { id }, token);
  if (loaded.state === 'loading') return <p>{intl.formatMessage({ id: 'lifecycle.loading' })}</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const collaboration = loaded.data.collaboration;
  if (!collaboration) return null;
  return (
    <section className="lifecycle" data-testid="lifecycle">
      <h2>{intl.formatMessage({ id: 'lifecycle.title' })}</h2>
      <Deadlines pending={collaboration.deadlines.pending} />
      <Negotiation negotiation={collaboration.negotiation} status={collaboration.status} />
      <ContentFix fix={collaboration.contentFix} review={collaboration.contentReview} />
      <UsageRights rights={collaboration.usageRights} months={collaboration.brief.usageRights.months} />
    </section>
  );
};

type Collaboration = NonNullable<LifecycleData['collaboration']>;

const Deadlines = ({ pending }: { pending: Collaboration['deadlines']['pending'] }) => {
  const intl = useIntl();
  const f = useFormat();
  return (
    <>
      <h3>{intl.formatMessage({ id: 'lifecycle.deadlines' })}</h3>
      {pending.length === 0 ? (
        <p className="hint">{intl.formatMessage({ id: 'lifecycle.noDeadline' })}</p>
      ) : (
        <ul data-testid="deadlines">
          {pending.map((d) => (
            <li key={`${d.rule}:${d.dueAt}`} data-rule={d.rule}>
              <FormattedMessage
                id="lifecycle.deadline"
                values={{ rule: <EnumText type="DeadlineRule" value={d.rule} />, dueAt: f.when(d.dueAt) }}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

const Negotiation = ({
  negotiation,
  status,
}: {
  negotiation: Collaboration['negotiation'];
  status: string;
}) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const { offers, awaiting, agreedRound, counterOffersLeft } = negotiation;
  return (
    <>
      <h3>{say('negotiation.title')}</h3>
      {offers.length > 1 && (
        <table className="list" data-testid="negotiation">
          <thead>
            <tr>
              <th />
              <th>{say('negotiation.by')}</th>
              <th>{say('negotiation.fee')}</th>
              <th>{say('negotiation.scriptDue')}</th>
              <th>{say('negotiation.publishDue')}</th>
              <th>{say('negotiation.deliverables')}</th>
              <th>{say('negotiation.note')}</th>
              <th>{say('negotiation.offered')}</th>
            </tr>
          </thead>
          <tbody>
            {offers.map((o) => (
              <tr key={o.round} data-round={o.round} className={o.round === agreedRound ? 'agreed' : ''}>
                <td>{intl.formatMessage({ id: 'negotiation.offer' }, { round: o.round })}</td>
                <td>
                  <EnumText type="Side" value={o.by} />
                </td>
                <td>{f.money(o.fee)}</td>
                <td>{f.when(o.scriptDueAt)}</td>
                <td>{f.when(o.publishDueAt)}</td>
                <td>
                  {o.deliverables.map((d, i) => (
                    <div key={i}>
                      <FormattedMessage
                        id="negotiation.deliverable"
                        values={{
                          quantity: f.number(d.quantity),
                          description: <span data-verbatim>{d.description}</span>,
                        }}
                      />
                    </div>
                  ))}
                </td>
                <td>{o.note ? <span data-verbatim>{o.note}</span> : f.none}</td>
                <td>{f.when(o.offeredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p data-testid="negotiation-state">
        {awaiting ? (
          <FormattedMessage
            id="negotiation.awaiting"
            values={{ side: <EnumText type="Side" value={awaiting} />, left: counterOffersLeft }}
          />
        ) : agreedRound !== null ? (
          <FormattedMessage id="negotiation.agreed" values={{ round: agreedRound }} />
        ) : status === 'PROPOSED' ? null : (
          say('negotiation.asProposed')
        )}
      </p>
    </>
  );
};

const ContentFix = ({ fix, review }: { fix: Collaboration['contentFix']; review: string }) => {
  const intl = useIntl();
  const f = useFormat();
  if (!fix.reviewedAt) return null;
  const issues = f.list(fix.issues.map((issue) => f.enumValue('ContentIssue', issue)));
  return (
    <>
      <h3>{intl.formatMessage({ id: 'fix.title' })}</h3>
      <p data-testid="content-fix" data-overdue={fix.overdue}>
        <FormattedMessage id="fix.issues" values={{ at: f.when(fix.reviewedAt), issues }} />{' '}
        {review === 'ACCEPTED' ? (
          <FormattedMessage id="fix.accepted" />
        ) : !fix.fixRequired ? (
          <FormattedMessage id="fix.flagOnly" />
        ) : review === 'FIXED' && fix.fixedAt ? (
          <FormattedMessage id="fix.fixed" values={{ fixes: fix.fixes, fixedAt: f.when(fix.fixedAt) }} />
        ) : fix.overdue ? (
          <span className="badge bad">
            <FormattedMessage id="fix.overdue" values={{ dueAt: f.when(fix.fixDueAt) }} />
          </span>
        ) : (
          <FormattedMessage id="fix.due" values={{ dueAt: f.when(fix.fixDueAt) }} />
        )}
      </p>
    </>
  );
};

const UsageRights = ({ rights, months }: { rights: Collaboration['usageRights']; months: number | null }) => {
  const intl = useIntl();
  const f = useFormat();
  const pending = rights.pendingExtension;
  return (
    <>
      <h3>{intl.formatMessage({ id: 'rights.title' })}</h3>
      <p data-testid="usage-rights" data-ended={rights.ended}>
        {rights.scope.length === 0 ? (
          <FormattedMessage id="rights.none" />
        ) : (
          <>
            <FormattedMessage
              id="rights.scope"
              values={{
                scope: f.list(rights.scope.map((s) => f.enumValue('UsageScope', s))),
                platforms: f.list(rights.platforms.map((p) => f.enumValue('Platform', p))),
              }}
            />{' '}
            {rights.endsAt ? (
              <FormattedMessage
                id={rights.ended ? 'rights.ended' : 'rights.ends'}
                values={{ endsAt: f.when(rights.endsAt) }}
              />
            ) : months ? (
              <FormattedMessage id="rights.endsAfterPublish" values={{ months }} />
            ) : null}{' '}
            {rights.extensions > 0 && (
              <FormattedMessage id="rights.extensions" values={{ count: rights.extensions }} />
            )}{' '}
            {pending &&
              (pending.fee ? (
                <FormattedMessage
                  id="rights.pendingFee"
                  values={{ endsAt: f.when(pending.endsAt), fee: f.money(pending.fee) }}
                />
              ) : (
                <FormattedMessage id="rights.pending" values={{ endsAt: f.when(pending.endsAt) }} />
              ))}
          </>
        )}
      </p>
    </>
  );
};
