import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { graphql, type LedgerError } from '../shared/session.js';
import { Pager, type Page } from './Lists.js';
import { REPLAY_WEBHOOKS, WEBHOOK_DELIVERIES } from './queries.js';
import { Raw } from './raw.js';
import { href, type Route } from './route.js';
import { useQuery } from './useQuery.js';
import { asLedgerError, EndpointSummary, type EndpointRow } from './Webhooks.js';
import { EnumText } from './words.js';

type WebhookRoute = Extract<Route, { page: 'webhook' }>;

interface DeliveryRow {
  id: string;
  messageId: string;
  position: string;
  eventType: string;
  collaborationId: string;
  attempt: number;
  startedAt: string;
  status: string;
  httpStatus: number | null;
  error: string | null;
  latencyMs: number;
  nextAttemptAt: string | null;
  response: string;
  replayed: boolean;
}

/**
 * Asks for every event from a log position on to be delivered again, in order (DOMAIN.md §
 * Webhooks): the owner chooses the position — a timeline shows each event's.
 */
const Replay = ({
  endpoint,
  asked,
  onReplayed,
}: {
  endpoint: EndpointRow;
  /** The position of the replay asked from this page (kept while the page loads again). */
  asked: string | null;
  onReplayed: (fromPosition: string) => void;
}) => {
  const intl = useIntl();
  const say = (id: string) => intl.formatMessage({ id });
  const [from, setFrom] = useState(String(Number(endpoint.createdPosition) + 1));
  const [failure, setFailure] = useState<LedgerError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      const { replayWebhooks } = await graphql<{ replayWebhooks: { fromPosition: string } }>(
        REPLAY_WEBHOOKS,
        {
          endpointId: endpoint.id,
          fromPosition: from.trim(),
        },
      );
      onReplayed(replayWebhooks.fromPosition);
    } catch (error) {
      setFailure(asLedgerError(error));
    }
  };
  return (
    <form className="replay" onSubmit={(e) => void submit(e)}>
      <label>
        {say('webhooks.replayFrom')}{' '}
        <input
          name="fromPosition"
          inputMode="numeric"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </label>{' '}
      <button type="submit" name="replay">
        {say('webhooks.replay')}
      </button>{' '}
      <span className="hint">{say('webhooks.replayHint')}</span>
      {asked ? (
        <p role="status" data-testid="replayed">
          <FormattedMessage id="webhooks.replayed" values={{ position: asked }} />
        </p>
      ) : null}
      {failure ? <Failure error={failure} /> : null}
    </form>
  );
};

/**
 * One endpoint's delivery log, latest first: every attempt of every event, with its answer, how long
 * it took and when the event is tried next; and a replay from any position.
 */
export const WebhookDeliveries = ({ token, route }: { token: string; route: WebhookRoute }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string) => intl.formatMessage({ id });
  const [refresh, setRefresh] = useState(0);
  const [asked, setAsked] = useState<string | null>(null);
  const loaded = useQuery<{ webhookEndpoint: EndpointRow | null; webhookDeliveries: Page<DeliveryRow> }>(
    WEBHOOK_DELIVERIES,
    { endpointId: route.id, ...(route.after ? { after: route.after } : {}) },
    token,
    refresh,
  );
  if (loaded.state === 'loading') return <p>{say('webhooks.loading')}</p>;
  if (loaded.state === 'error') return <Failure error={loaded.error} />;
  const { webhookEndpoint: endpoint, webhookDeliveries: deliveries } = loaded.data;
  return (
    <section>
      <p>
        <a href={href({ page: 'webhooks' })}>{say('webhooks.back')}</a>
      </p>
      <h2 data-testid="list-title" data-count={deliveries.totalCount}>
        <FormattedMessage id="deliveries.count" values={{ id: route.id, count: deliveries.totalCount }} />
      </h2>
      {endpoint ? (
        <>
          <EndpointSummary endpoint={endpoint} />
          <Replay
            endpoint={endpoint}
            asked={asked}
            onReplayed={(fromPosition) => {
              setAsked(fromPosition);
              setRefresh((n) => n + 1);
            }}
          />
        </>
      ) : null}
      <button type="button" name="reload" onClick={() => setRefresh((n) => n + 1)}>
        {say('deliveries.reload')}
      </button>
      <table className="list deliveries">
        <thead>
          <tr>
            <th>{say('deliveries.started')}</th>
            <th>{say('deliveries.event')}</th>
            <th>{say('list.collaboration')}</th>
            <th>{say('deliveries.attempt')}</th>
            <th>{say('deliveries.outcome')}</th>
            <th>{say('deliveries.latency')}</th>
            <th>{say('deliveries.next')}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.edges.map(({ node }) => (
            <tr key={node.id} data-status={node.status}>
              <td>{f.when(node.startedAt)}</td>
              <td>
                {f.event(node.eventType)}
                <Raw>{node.eventType}</Raw>
                <br />
                <span className="hint">
                  {say('deliveries.position')} {node.position}
                  {node.replayed ? ` · ${say('deliveries.replayed')}` : ''}
                </span>
              </td>
              <td>
                <a href={href({ page: 'collaboration', id: node.collaborationId })}>{node.collaborationId}</a>
              </td>
              <td>{f.number(node.attempt)}</td>
              <td data-value={node.status}>
                <EnumText type="WebhookAttemptStatus" value={node.status} />
                {node.httpStatus !== null ? ` · HTTP ${node.httpStatus}` : ''}
                {node.error ? (
                  <>
                    {' · '}
                    <EnumText type="WebhookAttemptError" value={node.error} />
                  </>
                ) : null}
                {node.response ? (
                  <details>
                    <summary>{say('deliveries.response')}</summary>
                    <pre data-verbatim>{node.response}</pre>
                  </details>
                ) : null}
              </td>
              <td>{intl.formatMessage({ id: 'deliveries.ms' }, { ms: f.number(node.latencyMs, 1) })}</td>
              <td>{f.when(node.nextAttemptAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager route={route} page={deliveries} />
    </section>
  );
};
