import diff, { type Difference } from 'microdiff';
import { useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat, type Format } from '../i18n/format.js';
import { describePath } from './describe.js';
import { json } from './format.js';
import { Hash } from './Hash.js';
import { Raw } from './raw.js';
import { EnumText, FieldName, Value } from './words.js';

export interface HistoryEvent {
  position: string;
  revision: number;
  id: string;
  type: string;
  redacted: boolean;
  recordedAt: string;
  hash: string;
  prevHash: string;
  /** Null when the stored record of who and when cannot be read (a damaged log). */
  metadata: { actor: string; role: string | null; actorRole: string; occurredAt: string } | null;
  data: unknown;
  state: Record<string, unknown>;
  replayed: boolean;
  whyNotReplayed: { code: string; detail: string | null } | null;
  /** What is stored of an event that cannot be read (arbitrators and auditors only). */
  storedData: string | null;
  storedMetadata: string | null;
}

/** The reasons that an event cannot be read at all (as against the rules not applying it). */
const UNREADABLE = new Set([
  'DATA_NOT_JSON',
  'METADATA_NOT_JSON',
  'UNKNOWN_TYPE',
  'DATA_SHAPE',
  'METADATA_SHAPE',
]);

/**
 * The rule a deadline the platform fired names (DOMAIN.md § Deadlines); none for other events (a
 * rating flag names a rule of its own, said in its data).
 */
const deadlineRule = (event: HistoryEvent, f: Format): string | undefined => {
  const rule = (event.data as { rule?: unknown } | null)?.rule;
  return event.metadata?.actorRole === 'PLATFORM' && typeof rule === 'string' && f.knows('DeadlineRule', rule)
    ? rule
    : undefined;
};

/** A collaboration's events in order; the chosen one in detail, with what it changed in people's words. */
export const Timeline = ({
  events,
  selected,
  onSelect,
  firstBroken,
}: {
  events: HistoryEvent[];
  selected: number;
  onSelect: (index: number) => void;
  firstBroken: number | null;
}) => {
  const f = useFormat();
  const event = events[selected];
  return (
    <section className="timeline-section">
      <h2>
        <FormattedMessage id="timeline.title" values={{ count: events.length }} />
      </h2>
      <div className="timeline-grid">
        <ol className="timeline" data-testid="timeline">
          {events.map((e, i) => {
            const broken = firstBroken !== null && e.revision >= firstBroken;
            return (
              <li
                key={e.id}
                className={[
                  i === selected ? 'selected' : '',
                  broken ? 'broken' : '',
                  e.revision === firstBroken ? 'first-broken' : '',
                  e.redacted ? 'redacted' : '',
                  e.replayed ? '' : 'not-replayed',
                ].join(' ')}
                data-revision={e.revision}
                data-type={e.type}
                data-replayed={e.replayed}
              >
                <button type="button" onClick={() => onSelect(i)} aria-current={i === selected}>
                  <span className="rev">#{e.revision}</span>
                  <span className="type">
                    {f.event(e.type)}
                    <Raw>{e.type}</Raw>
                  </span>
                  {deadlineRule(e, f) && (
                    <span className="rule" data-rule={deadlineRule(e, f)}>
                      <EnumText type="DeadlineRule" value={deadlineRule(e, f)!} />
                    </span>
                  )}
                  <span className="actor">
                    {e.metadata ? (
                      <>
                        <EnumText type="ActorRole" value={e.metadata.actorRole} /> · {e.metadata.actor}
                      </>
                    ) : (
                      <FormattedMessage id="timeline.unknownActor" />
                    )}
                  </span>
                  <span className="at">
                    {e.metadata ? (
                      f.when(e.metadata.occurredAt)
                    ) : (
                      <FormattedMessage id="timeline.unknownTime" />
                    )}
                  </span>
                  <span className="pos">
                    <FormattedMessage id="timeline.position" values={{ position: e.position }} />
                  </span>
                  {e.revision === firstBroken && (
                    <span className="badge bad">
                      <FormattedMessage id="timeline.breaksHere" />
                    </span>
                  )}
                  {!e.replayed && (
                    <span className="badge bad" data-testid="not-replayed-badge">
                      <FormattedMessage id="timeline.notReplayed" />
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ol>
        {event && <EventDetail event={event} before={events[selected - 1]?.state ?? {}} />}
      </div>
    </section>
  );
};

const EventDetail = ({ event, before }: { event: HistoryEvent; before: Record<string, unknown> }) => {
  const intl = useIntl();
  const f = useFormat();
  // An event not replayed changed nothing: the state shown is the one before it.
  const changes = useMemo(() => (event.replayed ? diff(before, event.state) : []), [before, event]);
  const say = (id: string) => intl.formatMessage({ id });
  return (
    <div className="event-detail" data-testid="event-detail" data-type={event.type}>
      <h3>
        #{event.revision} {f.event(event.type)}
        <Raw>{event.type}</Raw>
      </h3>
      <dl>
        <dt>{say('detail.actor')}</dt>
        {event.metadata ? (
          <dd>
            <span data-verbatim>{event.metadata.actor}</span> (
            <EnumText type="ActorRole" value={event.metadata.actorRole} />)
          </dd>
        ) : (
          <dd>{say('detail.unreadable')}</dd>
        )}
        {deadlineRule(event, f) && (
          <>
            <dt>{say('detail.rule')}</dt>
            <dd>
              <EnumText type="DeadlineRule" value={deadlineRule(event, f)!} />
            </dd>
          </>
        )}
        <dt>{say('detail.occurred')}</dt>
        {event.metadata ? (
          <dd title={event.metadata.occurredAt}>{f.when(event.metadata.occurredAt)}</dd>
        ) : (
          <dd>{say('detail.unreadable')}</dd>
        )}
        <dt>{say('detail.recorded')}</dt>
        <dd title={event.recordedAt}>{f.when(event.recordedAt)}</dd>
        <dt>{say('detail.position')}</dt>
        <dd>{event.position}</dd>
        <dt>{say('detail.hash')}</dt>
        <dd>
          <Hash value={event.hash} />
        </dd>
        <dt>{say('detail.previousHash')}</dt>
        <dd>
          <Hash value={event.prevHash} />
        </dd>
      </dl>
      {event.whyNotReplayed && (
        <p className="hint bad" data-testid="not-replayed" data-code={event.whyNotReplayed.code} role="note">
          <FormattedMessage
            id="detail.notReplayed"
            values={{ reason: <EnumText type="ReplayProblem" value={event.whyNotReplayed.code} /> }}
          />
          {event.whyNotReplayed.detail && <Raw>{event.whyNotReplayed.detail}</Raw>}
        </p>
      )}
      {event.redacted && (
        <p className="hint">
          {say(
            event.whyNotReplayed && UNREADABLE.has(event.whyNotReplayed.code)
              ? 'detail.withheld'
              : 'detail.redacted',
          )}
        </p>
      )}
      <h4>{say('detail.changes')}</h4>
      {changes.length === 0 ? (
        <p className="hint">{say('detail.noChange')}</p>
      ) : (
        <StateDiff changes={changes} before={before} after={event.state} />
      )}
      <details>
        <summary>{say('detail.data')}</summary>
        <pre>{json(event.data)}</pre>
      </details>
      {event.storedData !== null && (
        <details data-testid="stored">
          <summary>{say('detail.stored')}</summary>
          <pre className="stored">{event.storedData}</pre>
          <pre className="stored">{event.storedMetadata}</pre>
        </details>
      )}
      <details>
        <summary>{say('detail.state')}</summary>
        <pre>{json(event.state)}</pre>
      </details>
    </div>
  );
};

const currencyOf = (state: Record<string, unknown>): string | undefined => {
  const fee = (state.brief as { fee?: { currency?: unknown } } | null | undefined)?.fee;
  return typeof fee?.currency === 'string' ? fee.currency : undefined;
};

/** Each changed field by its name in words, with its value before and after. */
const StateDiff = ({
  changes,
  before,
  after,
}: {
  changes: Difference[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}) => {
  const intl = useIntl();
  const currency = currencyOf(after) ?? currencyOf(before);
  return (
    <table className="diff" data-testid="diff">
      <thead>
        <tr>
          <th />
          <th>{intl.formatMessage({ id: 'diff.field' })}</th>
          <th>{intl.formatMessage({ id: 'diff.before' })}</th>
          <th>{intl.formatMessage({ id: 'diff.after' })}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => {
          const path = c.path.join('.');
          const described = describePath(c.path, c.type === 'REMOVE' ? before : after);
          return (
            <tr
              key={`${c.type}:${path}`}
              className={c.type.toLowerCase()}
              data-path={path}
              data-known={described.known}
            >
              <td aria-label={intl.formatMessage({ id: `diff.${c.type}` })}>
                {c.type === 'CREATE' ? '+' : c.type === 'REMOVE' ? '−' : '~'}
              </td>
              <td>
                <FieldName parts={described.labels} />
                <Raw>{path}</Raw>
              </td>
              <td>
                {'oldValue' in c ? (
                  <Value
                    value={c.oldValue}
                    node={described.node}
                    fieldKey={described.key}
                    currency={currency}
                  />
                ) : null}
              </td>
              <td>
                {'value' in c ? (
                  <Value value={c.value} node={described.node} fieldKey={described.key} currency={currency} />
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};
