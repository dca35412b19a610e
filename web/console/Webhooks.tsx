import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import { Failure } from '../shared/Failure.js';
import { graphql, LedgerError } from '../shared/session.js';
import { Hash } from './Hash.js';
import {
  CREATE_WEBHOOK_ENDPOINT,
  DELETE_WEBHOOK_ENDPOINT,
  DISABLE_WEBHOOK_ENDPOINT,
  ENABLE_WEBHOOK_ENDPOINT,
  ROTATE_WEBHOOK_SECRET,
  WEBHOOK_ENDPOINTS,
} from './queries.js';
import { Raw } from './raw.js';
import { href } from './route.js';
import { useQuery } from './useQuery.js';
import { EnumText } from './words.js';

/** An endpoint as the console shows it (queries.ts § ENDPOINT_FIELDS). */
export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: string;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  createdPosition: string;
  secretGeneration: number;
  previousSecretValidUntil: string | null;
  replayedFrom: string | null;
  delivery: {
    deliveredUpTo: string;
    failingPosition: string | null;
    failedAttempts: number;
    nextAttemptAt: string | null;
  };
}

export const asLedgerError = (error: unknown): LedgerError =>
  error instanceof LedgerError ? error : new LedgerError((error as Error).message, 'NETWORK');

/**
 * A signing secret, shown the one time the service answers it: it is stored nowhere, so the owner
 * copies it now or rotates for a new one (DOMAIN.md § Webhooks).
 */
const SecretOnce = ({
  secret,
  onDone,
}: {
  secret: { endpointId: string; secret: string };
  onDone: () => void;
}) => {
  const intl = useIntl();
  return (
    <div className="secret-once" role="status" data-testid="secret">
      <p>
        <FormattedMessage id="webhooks.secretOnce" values={{ endpointId: secret.endpointId }} />
      </p>
      <Hash value={secret.secret} />{' '}
      <button type="button" name="secretDone" onClick={onDone}>
        {intl.formatMessage({ id: 'webhooks.secretDone' })}
      </button>
    </div>
  );
};

/** An endpoint's state and what its deliveries are at, in words. */
export const EndpointSummary = ({ endpoint }: { endpoint: EndpointRow }) => {
  const intl = useIntl();
  const f = useFormat();
  const say = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const { delivery } = endpoint;
  return (
    <dl className="endpoint">
      <dt>{say('webhooks.url')}</dt>
      <dd>
        <code data-verbatim>{endpoint.url}</code>
        {endpoint.description ? <span data-verbatim> · {endpoint.description}</span> : null}
      </dd>
      <dt>{say('webhooks.status')}</dt>
      <dd data-value={endpoint.status}>
        <EnumText type="WebhookEndpointStatus" value={endpoint.status} />
        {endpoint.disabledReason ? (
          <>
            {' · '}
            <EnumText type="WebhookDisableReason" value={endpoint.disabledReason} />
          </>
        ) : null}
      </dd>
      <dt>{say('webhooks.eventTypes')}</dt>
      <dd>
        {endpoint.eventTypes.length === 0
          ? say('webhooks.everyType')
          : endpoint.eventTypes.map((type, i) => (
              <span key={type}>
                {i > 0 ? ', ' : ''}
                {f.event(type)}
                <Raw>{type}</Raw>
              </span>
            ))}
      </dd>
      <dt>{say('webhooks.delivered')}</dt>
      <dd>
        {say('webhooks.deliveredUpTo', { position: delivery.deliveredUpTo })}
        {delivery.failingPosition ? (
          <span className="error">
            {' · '}
            {say('webhooks.failing', {
              position: delivery.failingPosition,
              attempts: delivery.failedAttempts,
              next: f.when(delivery.nextAttemptAt),
            })}
          </span>
        ) : null}
      </dd>
      <dt>{say('webhooks.secret')}</dt>
      <dd>
        {say('webhooks.generation', { generation: endpoint.secretGeneration })}
        {endpoint.previousSecretValidUntil
          ? ` · ${say('webhooks.previousValid', { until: f.when(endpoint.previousSecretValidUntil) })}`
          : null}
      </dd>
    </dl>
  );
};

/** The form that registers an endpoint: a URL, and the event types (none: every type). */
const CreateEndpoint = ({
  onCreated,
}: {
  onCreated: (secret: { endpointId: string; secret: string }) => void;
}) => {
  const intl = useIntl();
  const say = (id: string) => intl.formatMessage({ id });
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [description, setDescription] = useState('');
  const [failure, setFailure] = useState<LedgerError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const eventTypes = types
      .split(/[\s,]+/)
      .map((t) => t.trim())
      .filter(Boolean);
    try {
      const { createWebhookEndpoint } = await graphql<{
        createWebhookEndpoint: { endpointId: string; secret: string };
      }>(CREATE_WEBHOOK_ENDPOINT, {
        url: url.trim(),
        eventTypes,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setUrl('');
      setTypes('');
      setDescription('');
      onCreated(createWebhookEndpoint);
    } catch (error) {
      setFailure(asLedgerError(error));
    }
  };
  return (
    <form className="create-endpoint" onSubmit={(e) => void submit(e)}>
      <h3>{say('webhooks.add')}</h3>
      <label>
        {say('webhooks.url')}{' '}
        <input
          name="url"
          type="url"
          required
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>{' '}
      <label>
        {say('webhooks.eventTypes')}{' '}
        <input
          name="eventTypes"
          value={types}
          placeholder={say('webhooks.eventTypesHint')}
          onChange={(e) => setTypes(e.target.value)}
        />
      </label>{' '}
      <label>
        {say('webhooks.description')}{' '}
        <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>{' '}
      <button type="submit" name="addEndpoint">
        {say('webhooks.addButton')}
      </button>
      {failure ? <Failure error={failure} /> : null}
    </form>
  );
};

/**
 * The viewer's webhook endpoints (sellers, creators, auditors): each with where its deliveries
 * stand, its delivery log a click away; add one, rotate its secret, disable, enable or delete it.
 * A secret appears once, when the service answers it.
 */
export const WebhookEndpoints = ({ token }: { token: string }) => {
  const intl = useIntl();
  const say = (id: string) => intl.formatMessage({ id });
  const [refresh, setRefresh] = useState(0);
  const [secret, setSecret] = useState<{ endpointId: string; secret: string } | null>(null);
  const [failure, setFailure] = useState<LedgerError | null>(null);
  const loaded = useQuery<{ webhookEndpoints: EndpointRow[] }>(WEBHOOK_ENDPOINTS, {}, token, refresh);
  const act = async (query: string, endpointId: string) => {
    setFailure(null);
    try {
      const answer = await graphql<{ rotateWebhookSecret?: { endpointId: string; secret: string } }>(query, {
        endpointId,
      });
      if (answer.rotateWebhookSecret) setSecret(answer.rotateWebhookSecret);
      setRefresh((n) => n + 1);
    } catch (error) {
      setFailure(asLedgerError(error));
    }
  };
  const created = (next: { endpointId: string; secret: string }) => {
    setSecret(next);
    setRefresh((n) => n + 1);
  };
  return (
    <section>
      <h2>{say('webhooks.title')}</h2>
      <p className="hint">{say('webhooks.intro')}</p>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      {failure ? <Failure error={failure} /> : null}
      {loaded.state === 'loading' ? (
        <p>{say('webhooks.loading')}</p>
      ) : loaded.state === 'error' ? (
        <Failure error={loaded.error} />
      ) : loaded.data.webhookEndpoints.length === 0 ? (
        <p className="hint">{say('webhooks.none')}</p>
      ) : (
        loaded.data.webhookEndpoints.map((endpoint) => (
          <article key={endpoint.id} className="endpoint-card" data-endpoint={endpoint.id}>
            <h3>{endpoint.id}</h3>
            <EndpointSummary endpoint={endpoint} />
            <nav className="actions">
              <a href={href({ page: 'webhook', id: endpoint.id })}>{say('webhooks.deliveries')}</a>{' '}
              <button
                type="button"
                name="rotate"
                onClick={() => void act(ROTATE_WEBHOOK_SECRET, endpoint.id)}
              >
                {say('webhooks.rotate')}
              </button>{' '}
              {endpoint.status === 'ACTIVE' ? (
                <button
                  type="button"
                  name="disable"
                  onClick={() => void act(DISABLE_WEBHOOK_ENDPOINT, endpoint.id)}
                >
                  {say('webhooks.disable')}
                </button>
              ) : (
                <button
                  type="button"
                  name="enable"
                  onClick={() => void act(ENABLE_WEBHOOK_ENDPOINT, endpoint.id)}
                >
                  {say('webhooks.enable')}
                </button>
              )}{' '}
              <button
                type="button"
                name="delete"
                onClick={() => {
                  if (window.confirm(say('webhooks.deleteConfirm')))
                    void act(DELETE_WEBHOOK_ENDPOINT, endpoint.id);
                }}
              >
                {say('webhooks.delete')}
              </button>
            </nav>
          </article>
        ))
      )}
      <CreateEndpoint onCreated={created} />
    </section>
  );
};
