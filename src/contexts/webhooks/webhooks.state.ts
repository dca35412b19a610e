import { assertNever, type EventTime } from '../../core/decider.js';
import { addDays } from '../shared.js';
import type { WebhookEvent } from './webhooks.events.js';

/** How long a rotated-out secret still signs deliveries (DOMAIN.md § Webhooks). */
export const PREVIOUS_SECRET_DAYS = 1;

export interface WebhookEndpointState {
  readonly endpointId: string;
  readonly status: 'ACTIVE' | 'DISABLED' | 'DELETED';
  /** The secret's generation: rotation raises it (the secret is derived from it, never stored). */
  readonly generation: number;
}

/** One owner's endpoints, by id (deleted ones stay: an id is never used twice). */
export interface WebhookOwnerState {
  readonly endpoints: Readonly<Record<string, WebhookEndpointState>>;
}

export const initialWebhookOwnerState = (): WebhookOwnerState => ({ endpoints: {} });

const update = (
  state: WebhookOwnerState,
  endpointId: string,
  change: (e: WebhookEndpointState) => WebhookEndpointState,
): WebhookOwnerState => {
  const endpoint = state.endpoints[endpointId];
  return endpoint ? { endpoints: { ...state.endpoints, [endpointId]: change(endpoint) } } : state;
};

export const evolveWebhookOwner = (
  state: WebhookOwnerState,
  event: WebhookEvent,
  _at: EventTime,
): WebhookOwnerState => {
  switch (event.type) {
    case 'WebhookEndpointCreated':
      return {
        endpoints: {
          ...state.endpoints,
          [event.data.endpointId]: { endpointId: event.data.endpointId, status: 'ACTIVE', generation: 1 },
        },
      };
    case 'WebhookSecretRotated':
      return update(state, event.data.endpointId, (e) => ({ ...e, generation: event.data.generation }));
    case 'WebhookEndpointDisabled':
      return update(state, event.data.endpointId, (e) => ({ ...e, status: 'DISABLED' }));
    case 'WebhookEndpointEnabled':
      return update(state, event.data.endpointId, (e) => ({ ...e, status: 'ACTIVE' }));
    case 'WebhookEndpointDeleted':
      return update(state, event.data.endpointId, (e) => ({ ...e, status: 'DELETED' }));
    case 'WebhookReplayRequested':
      return state;
    default:
      return assertNever(event);
  }
};

/** Until when a secret rotated out at `at` still signs. */
export const previousValidUntil = (at: string): string => addDays(at, PREVIOUS_SECRET_DAYS);
