import { useEffect, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useSettings } from '../i18n/I18nProvider.js';
import { useFormat } from '../i18n/format.js';
import { parseInstant, typedInstant } from '../i18n/instant.js';
import { Failure } from '../shared/Failure.js';
import { graphql, LedgerError } from '../shared/session.js';
import { json } from './format.js';
import { AS_OF } from './queries.js';
import type { HistoryEvent } from './Timeline.js';
import { EnumText } from './words.js';

interface Snapshot {
  revision: number;
  position: string;
  at: string;
  /** Null when what could be replayed gave no view (a damaged log). */
  collaboration: { status: string } | null;
  state: unknown;
  /** Events up to the point asked for that are not in this state (a damaged log). */
  notReplayed: { revision: number; why: { code: string } }[];
}

type Asked = { readonly revision: number } | { readonly at: string };

/**
 * The collaboration as it stood at a revision (slider) or an instant. An instant is typed in the zone
 * the console shows times in (`YYYY-MM-DD HH:mm:ss`, 24-hour), the events' own times offered; the
 * bounds are those of the events' occurred times, which the timeline shows and the API replays by.
 */
export const AsOf = ({ id, events }: { id: string; events: HistoryEvent[] }) => {
  const intl = useIntl();
  const f = useFormat();
  const { utc } = useSettings();
  const listId = useId();
  const last = events.at(-1)?.revision ?? 0;
  // Times of the events whose record of when could be read (on a damaged log, not every event's).
  const timed = events.filter((e) => e.metadata);
  const first = timed[0]?.metadata!.occurredAt;
  const latest = timed.at(-1)?.metadata!.occurredAt;
  const [asked, setAsked] = useState<Asked>({ revision: last });
  const [typed, setTyped] = useState('');
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
  // Times switched between the viewer's zone and UTC (only then): the instant asked for stays, written anew.
  useEffect(() => {
    if ('at' in asked) setTyped(typedInstant(asked.at, utc));
  }, [utc]);
  const instant = typed ? parseInstant(typed, utc) : null;
  const onTyped = (text: string) => {
    setTyped(text);
    const at = parseInstant(text, utc);
    if (at) setAsked({ at });
  };
  const zone =
    intl
      .formatDateToParts(first ?? Date.now(), { timeZoneName: 'short' })
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return (
    <section className="as-of">
      <h2>{intl.formatMessage({ id: 'asOf.title' })}</h2>
      <div className="as-of-controls">
        <label>
          {intl.formatMessage({ id: 'asOf.revision' })}{' '}
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
          {intl.formatMessage({ id: 'asOf.instant' }, { zone })}{' '}
          <input
            type="text"
            name="at"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            list={listId}
            placeholder={first ? typedInstant(first, utc) : 'YYYY-MM-DD HH:mm:ss'}
            value={typed}
            aria-invalid={typed !== '' && !instant}
            data-min={first ? typedInstant(first, utc) : undefined}
            data-max={latest ? typedInstant(latest, utc) : undefined}
            onChange={(e) => onTyped(e.target.value)}
          />
          <datalist id={listId}>
            {timed.map((e) => (
              <option key={e.id} value={typedInstant(e.metadata!.occurredAt, utc)}>
                #{e.revision} {f.event(e.type)}
              </option>
            ))}
          </datalist>
        </label>
      </div>
      <p className="hint" data-testid="as-of-bounds">
        {typed !== '' && !instant ? (
          <span className="error">
            <FormattedMessage
              id="asOf.unreadable"
              values={{ example: first ? typedInstant(first, utc) : '' }}
            />
          </span>
        ) : first && latest ? (
          <FormattedMessage
            id="asOf.bounds"
            values={{ first: typedInstant(first, utc), last: typedInstant(latest, utc), zone }}
          />
        ) : null}
      </p>
      {snapshot instanceof LedgerError ? (
        <Failure error={snapshot} />
      ) : snapshot ? (
        <div data-testid="as-of">
          <p>
            <FormattedMessage
              id="asOf.snapshot"
              values={{
                revision: <strong data-testid="as-of-revision">{snapshot.revision}</strong>,
                last,
                at: f.when(snapshot.at),
                status: (
                  <strong data-testid="as-of-status" data-value={snapshot.collaboration?.status ?? ''}>
                    {snapshot.collaboration ? (
                      <EnumText type="CollaborationStatus" value={snapshot.collaboration.status} />
                    ) : (
                      intl.formatMessage({ id: 'detail.unreadable' })
                    )}
                  </strong>
                ),
              }}
            />
          </p>
          {snapshot.notReplayed.length > 0 && (
            <p className="hint bad" data-testid="as-of-not-replayed">
              <FormattedMessage
                id="asOf.notReplayed"
                values={{
                  events: f.list(
                    snapshot.notReplayed.map((e) =>
                      intl.formatMessage(
                        { id: 'asOf.notReplayedEvent' },
                        { revision: e.revision, reason: f.enumValue('ReplayProblem', e.why.code) },
                      ),
                    ),
                  ),
                }}
              />
            </p>
          )}
          <details>
            <summary>{intl.formatMessage({ id: 'asOf.state' })}</summary>
            <pre>{json(snapshot.state)}</pre>
          </details>
        </div>
      ) : (
        <p className="hint" data-testid="as-of-nothing">
          <FormattedMessage id="asOf.nothing" values={{ first: f.when(first) }} />
        </p>
      )}
    </section>
  );
};
