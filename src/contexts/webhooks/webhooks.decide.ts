import type { Decider } from '../../core/decider.js';
import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { collaborationEvents } from '../collaboration/collaboration.events.js';
import { requireRole, type Actor, type CommandContext } from '../shared.js';
import type { WebhookEvent, WebhookOwner } from './webhooks.events.js';
import {
  evolveWebhookOwner,
  initialWebhookOwnerState,
  previousValidUntil,
  type WebhookEndpointState,
  type WebhookOwnerState,
} from './webhooks.state.js';

/** Each owner's endpoints are a stream of their own. */
export const WEBHOOKS_STREAM_PREFIX = 'webhooks-';
export const webhooksStreamId = (owner: WebhookOwner): string =>
  `${WEBHOOKS_STREAM_PREFIX}${owner.role.toLowerCase()}-${owner.id}`;

/** The owner whose stream this is. */
export const ownerOfWebhooksStream = (streamId: string): WebhookOwner => {
  const rest = streamId.slice(WEBHOOKS_STREAM_PREFIX.length);
  const dash = rest.indexOf('-');
  return { role: rest.slice(0, dash).toUpperCase() as WebhookOwner['role'], id: rest.slice(dash + 1) };
};
export const isWebhooksStream = (streamId: string): boolean => streamId.startsWith(WEBHOOKS_STREAM_PREFIX);

/** What an endpoint may ask for: the events of collaborations (DOMAIN.md § Webhooks). */
export const DELIVERABLE_EVENT_TYPES: readonly string[] = collaborationEvents.map((e) => e.type);

type C<Type extends string, Fields> = CommandContext & {
  readonly type: Type;
  readonly owner: WebhookOwner;
} & Fields;
type OnEndpoint = { readonly endpointId: string };

export type WebhookCommand =
  | C<
      'CreateWebhookEndpoint',
      OnEndpoint & {
        readonly url: string;
        readonly eventTypes: readonly string[];
        readonly description?: string;
        /** The owner's cap (LEDGER_WEBHOOK_MAX_ENDPOINTS_PER_OWNER); 0: none. */
        readonly maxEndpoints: number;
      }
    >
  | C<'RotateWebhookSecret', OnEndpoint>
  | C<'DisableWebhookEndpoint', OnEndpoint>
  | C<'EnableWebhookEndpoint', OnEndpoint>
  | C<'DeleteWebhookEndpoint', OnEndpoint>
  | C<'ReplayWebhooks', OnEndpoint & { readonly replayId: string; readonly fromPosition: bigint }>
  | C<
      'DisableFailingWebhookEndpoint',
      OnEndpoint & { readonly failingSince: string; readonly lastError: string }
    >;

/** Whether the actor is the owner: the seller or creator it acts for, or the auditor itself. */
const isOwner = (actor: Actor, owner: WebhookOwner): boolean =>
  actor.role === owner.role && (owner.role === 'AUDITOR' ? actor.userId : actor.partyId) === owner.id;

/** An endpoint of another owner, or deleted, is answered as one that never existed. */
const endpointOf = (state: WebhookOwnerState, endpointId: string): WebhookEndpointState => {
  const endpoint = state.endpoints[endpointId];
  if (!endpoint || endpoint.status === 'DELETED') {
    throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${endpointId}`, { endpointId });
  }
  return endpoint;
};

export const decideWebhooks = (command: WebhookCommand, state: WebhookOwnerState): WebhookEvent[] => {
  if (command.type === 'DisableFailingWebhookEndpoint') requireRole(command.actor, 'PLATFORM');
  else if (!isOwner(command.actor, command.owner)) {
    throw new DomainError('FORBIDDEN', 'Only its owner manages a webhook endpoint');
  }
  const { endpointId } = command;
  switch (command.type) {
    case 'CreateWebhookEndpoint': {
      if (state.endpoints[endpointId]) {
        throw new DomainError('WEBHOOK_ENDPOINT_EXISTS', `Webhook endpoint ${endpointId} exists`);
      }
      const live = Object.values(state.endpoints).filter((e) => e.status !== 'DELETED').length;
      if (command.maxEndpoints > 0 && live >= command.maxEndpoints) {
        throw new DomainError(
          'WEBHOOK_ENDPOINT_LIMIT_REACHED',
          `An owner may have ${command.maxEndpoints} webhook endpoints`,
          { maxEndpoints: command.maxEndpoints },
        );
      }
      const unknown = command.eventTypes.filter((t) => !DELIVERABLE_EVENT_TYPES.includes(t));
      if (unknown.length > 0) {
        throw new DomainError('UNKNOWN_EVENT_TYPE', `No deliverable event type ${unknown.join(', ')}`, {
          eventTypes: unknown,
        });
      }
      return [
        {
          type: 'WebhookEndpointCreated',
          data: {
            endpointId,
            owner: command.owner,
            url: command.url,
            eventTypes: [...new Set(command.eventTypes)],
            ...(command.description ? { description: command.description } : {}),
          },
        },
      ];
    }
    case 'RotateWebhookSecret': {
      const endpoint = endpointOf(state, endpointId);
      return [
        {
          type: 'WebhookSecretRotated',
          data: {
            endpointId,
            generation: endpoint.generation + 1,
            previousValidUntil: previousValidUntil(command.now),
          },
        },
      ];
    }
    case 'DisableWebhookEndpoint':
      if (endpointOf(state, endpointId).status === 'DISABLED') {
        throw new DomainError('WEBHOOK_ENDPOINT_DISABLED', `Webhook endpoint ${endpointId} is disabled`);
      }
      return [{ type: 'WebhookEndpointDisabled', data: { endpointId, reason: 'BY_OWNER' } }];
    case 'DisableFailingWebhookEndpoint':
      // Another notifier (or the owner) got there first: nothing to do.
      if (endpointOf(state, endpointId).status !== 'ACTIVE') {
        throw new DomainError('WEBHOOK_ENDPOINT_DISABLED', `Webhook endpoint ${endpointId} is disabled`);
      }
      return [
        {
          type: 'WebhookEndpointDisabled',
          data: {
            endpointId,
            reason: 'DELIVERIES_FAILING',
            failingSince: command.failingSince,
            lastError: command.lastError.slice(0, 500) || 'failed',
          },
        },
      ];
    case 'EnableWebhookEndpoint':
      if (endpointOf(state, endpointId).status === 'ACTIVE') {
        throw new DomainError('WEBHOOK_ENDPOINT_ENABLED', `Webhook endpoint ${endpointId} is enabled`);
      }
      return [{ type: 'WebhookEndpointEnabled', data: { endpointId } }];
    case 'DeleteWebhookEndpoint':
      endpointOf(state, endpointId);
      return [{ type: 'WebhookEndpointDeleted', data: { endpointId } }];
    case 'ReplayWebhooks':
      endpointOf(state, endpointId);
      if (command.fromPosition < 1n) {
        throw new DomainError('INVALID_POSITION', 'A replay starts at a log position, 1 or more');
      }
      return [
        {
          type: 'WebhookReplayRequested',
          data: { endpointId, replayId: command.replayId, fromPosition: command.fromPosition.toString() },
        },
      ];
    default:
      return assertNever(command);
  }
};

export const webhooksDecider: Decider<WebhookCommand, WebhookOwnerState, WebhookEvent> = {
  initialState: initialWebhookOwnerState,
  evolve: evolveWebhookOwner,
  decide: decideWebhooks,
};
