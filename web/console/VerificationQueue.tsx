import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { Queue, useQueue, type Page } from './Queue.js';
import { VERIFICATION_QUEUE } from './reviewQueries.js';
import { href } from './route.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

interface VerificationRow {
  id: string;
  side: string;
  partyId: string;
  status: string;
  since: string | null;
  waitingSince: string | null;
  seller: {
    submission: {
      registrationNumber: string;
      country: string;
      storeUrl: string;
      licence: { sha256: string; fileName: string | null };
    } | null;
  } | null;
  creator: {
    accounts: { platform: string; handle: string; verified: boolean }[];
    languages: { language: string; verified: boolean }[];
  } | null;
}

const VERIFICATION_STATUSES = ['PENDING', 'VERIFIED', 'REJECTED', 'DECLINED', 'UNVERIFIED'] as const;

/** Verifications for arbitrators and auditors: what waits, oldest first, with what to check. */
export const VerificationQueue = ({ token }: { token: string }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const queue = useQueue<(typeof VERIFICATION_STATUSES)[number]>('PENDING');
  const loaded = useQuery<{ verificationQueue: Page<VerificationRow> }>(
    VERIFICATION_QUEUE,
    queue.variables,
    token,
  );
  const page = loaded.state === 'done' ? loaded.data.verificationQueue : null;
  const unchecked = (verified: boolean) => (verified ? '' : ` (${say('verification.unchecked')})`);
  return (
    <Queue
      title={
        page ? (
          <span data-testid="verifications-title" data-count={page.totalCount}>
            <FormattedMessage id="verifications.count" values={{ count: page.totalCount }} />
          </span>
        ) : (
          say('verifications.title')
        )
      }
      type="VerificationStatus"
      statuses={VERIFICATION_STATUSES}
      queue={queue}
      page={page}
    >
      {loaded.state === 'loading' ? (
        <p>{say('verifications.loading')}</p>
      ) : loaded.state === 'error' ? (
        <Failure error={loaded.error} />
      ) : (
        <table className="list" data-testid="verifications">
          <thead>
            <tr>
              <th>{say('verifications.party')}</th>
              <th>{say('disputes.status')}</th>
              <th>{say('verifications.waiting')}</th>
              <th>{say('verifications.what')}</th>
            </tr>
          </thead>
          <tbody>
            {page!.edges.map(({ node: v }) => (
              <tr key={v.id} data-side={v.side}>
                <td>
                  <EnumText type="Side" value={v.side} />{' '}
                  <a href={href({ page: v.side === 'SELLER' ? 'seller' : 'creator', id: v.partyId })}>
                    {v.partyId}
                  </a>
                </td>
                <td>
                  <EnumText type="VerificationStatus" value={v.status} />
                </td>
                <td>{f.when(v.waitingSince ?? v.since)}</td>
                <td>
                  {v.seller?.submission ? (
                    <>
                      {f.country(v.seller.submission.country)}{' '}
                      <span data-verbatim>
                        {v.seller.submission.registrationNumber} · {v.seller.submission.storeUrl} ·{' '}
                        {v.seller.submission.licence.fileName ?? v.seller.submission.licence.sha256}
                      </span>
                    </>
                  ) : v.creator ? (
                    [
                      ...v.creator.accounts.map((a) => (
                        <span key={`${a.platform}:${a.handle}`}>
                          <EnumText type="Platform" value={a.platform} />{' '}
                          <span data-verbatim>{a.handle}</span>
                          {unchecked(a.verified)}
                        </span>
                      )),
                      ...v.creator.languages.map((l) => (
                        <span key={l.language}>
                          {f.language(l.language)}
                          {unchecked(l.verified)}
                        </span>
                      )),
                    ].map((item, i) => (
                      <span key={i}>
                        {i > 0 ? ' · ' : null}
                        {item}
                      </span>
                    ))
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
