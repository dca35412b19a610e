import { useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { EnumText } from './words.js';

/** A creator's verification as the console asks for it (reviewQueries.ts). */
export interface CreatorVerificationData {
  status: string;
  verified: boolean;
  since: string | null;
  accounts: {
    platform: string;
    handle: string;
    verified: boolean;
    verifiedAt: string | null;
    check: string | null;
  }[];
  languages: { language: string; verified: boolean; verifiedAt: string | null; check: string | null }[];
  declinedReason: string | null;
}

/** A seller's business verification; its submission only for the seller and the staff. */
export interface SellerVerificationData {
  status: string;
  since: string | null;
  submission: {
    submission: number;
    registrationNumber: string;
    country: string;
    storeUrl: string;
    licence: { sha256: string; fileName: string | null };
    submittedAt: string;
    decision: { approved: boolean; text: string; at: string } | null;
  } | null;
}

/** Where a verification stands, and since when it does (not since when a party was never checked). */
const Status = ({ status, since }: { status: string; since: string | null }) => {
  const intl = useIntl();
  const f = useFormat();
  return (
    <p data-testid="party-verification" data-status={status}>
      {since && status !== 'UNVERIFIED'
        ? intl.formatMessage(
            { id: 'verification.since' },
            { status: f.enumValue('VerificationStatus', status), since: f.when(since) },
          )
        : f.enumValue('VerificationStatus', status)}
    </p>
  );
};

/** How a check was done, when the reader may see it; "not verified" otherwise. */
const Checked = ({ verified, at, check }: { verified: boolean; at: string | null; check: string | null }) => {
  const intl = useIntl();
  const f = useFormat();
  if (!verified) return <>{intl.formatMessage({ id: 'verification.unchecked' })}</>;
  return (
    <>
      {intl.formatMessage({ id: 'verification.checked' }, { at: f.when(at) })}
      {check !== null ? (
        <>
          {' '}
          <span data-verbatim>{check}</span>
        </>
      ) : null}
    </>
  );
};

export const CreatorVerificationView = ({ verification: v }: { verification: CreatorVerificationData }) => {
  const intl = useIntl();
  const f = useFormat();
  return (
    <section>
      <h2>{intl.formatMessage({ id: 'verification.title' })}</h2>
      <Status status={v.status} since={v.since} />
      <table className="breakdown" data-testid="verified-items">
        <tbody>
          {v.accounts.map((a) => (
            <tr key={`${a.platform}:${a.handle}`} data-verified={a.verified}>
              <th>
                <EnumText type="Platform" value={a.platform} /> <span data-verbatim>{a.handle}</span>
              </th>
              <td>
                <Checked verified={a.verified} at={a.verifiedAt} check={a.check} />
              </td>
            </tr>
          ))}
          {v.languages.map((l) => (
            <tr key={l.language} data-verified={l.verified}>
              <th>{f.language(l.language)}</th>
              <td>
                <Checked verified={l.verified} at={l.verifiedAt} check={l.check} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {v.declinedReason !== null ? (
        <p>
          {intl.formatMessage({ id: 'verification.declined' })} <span data-verbatim>{v.declinedReason}</span>
        </p>
      ) : null}
    </section>
  );
};

export const SellerVerificationView = ({ verification: v }: { verification: SellerVerificationData }) => {
  const intl = useIntl();
  const f = useFormat();
  const s = v.submission;
  return (
    <section>
      <h2>{intl.formatMessage({ id: 'verification.business' })}</h2>
      <Status status={v.status} since={v.since} />
      {s ? (
        <>
          <p data-testid="seller-submission">
            {intl.formatMessage(
              { id: 'verification.submission' },
              { number: s.submission, at: f.when(s.submittedAt), country: f.country(s.country) },
            )}{' '}
            <span data-verbatim>
              {s.registrationNumber} · {s.storeUrl} · {s.licence.fileName ?? s.licence.sha256}
            </span>
          </p>
          {s.decision ? (
            <p>
              {intl.formatMessage(
                { id: s.decision.approved ? 'verification.approved' : 'verification.rejected' },
                { at: f.when(s.decision.at) },
              )}{' '}
              <span data-verbatim>{s.decision.text}</span>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
};
