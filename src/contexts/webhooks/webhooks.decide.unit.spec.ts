import { describe, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  AUDITOR,
  CREATOR,
  OTHER_SELLER,
  PLATFORM,
  SELLER,
  T0,
  day,
} from '../../../test/support/collaborationFixtures.js';
import type { Actor } from '../shared.js';
import { webhooksDecider, type WebhookCommand } from './webhooks.decide.js';
import type { WebhookEvent, WebhookOwner } from './webhooks.events.js';

const spec = deciderSpec(webhooksDecider);
const OWNER: WebhookOwner = { role: 'SELLER', id: 's1' };
type Body = WebhookCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'actor' | 'now' | 'owner'>
    : never
  : never;
const as = (actor: Actor, body: Body, now = T0, owner = OWNER): WebhookCommand =>
  ({ ...body, actor, now, owner }) as WebhookCommand;
const create = (overrides: Partial<Extract<Body, { type: 'CreateWebhookEndpoint' }>> = {}): Body => ({
  type: 'CreateWebhookEndpoint',
  endpointId: 'e1',
  url: 'https://orders.example.com/hooks',
  eventTypes: ['ContentPublished'],
  maxEndpoints: 2,
  ...overrides,
});
const created: WebhookEvent = {
  type: 'WebhookEndpointCreated',
  data: {
    endpointId: 'e1',
    owner: OWNER,
    url: 'https://orders.example.com/hooks',
    eventTypes: ['ContentPublished'],
  },
};

/** DOMAIN.md § Webhooks: an owner's endpoints. */
describe('webhook endpoints', () => {
  it('registers an endpoint for its owner, no secret in the event', () =>
    spec.given([]).when(as(SELLER, create())).then([created]));

  it('refuses anyone but the owner, another seller included', () => {
    spec.given([]).when(as(OTHER_SELLER, create())).thenThrows('FORBIDDEN');
    spec.given([]).when(as(CREATOR, create())).thenThrows('FORBIDDEN');
  });

  it('lets an auditor own endpoints by its user id', () =>
    spec
      .given([])
      .when(as(AUDITOR, create(), T0, { role: 'AUDITOR', id: AUDITOR.userId }))
      .thenEvents(() => undefined));

  it('refuses an event type nobody can receive', () =>
    spec
      .given([])
      .when(as(SELLER, create({ eventTypes: ['SellerRegistered'] })))
      .thenThrows('UNKNOWN_EVENT_TYPE'));

  it('keeps to the cap of endpoints per owner, deleted ones not counted', () => {
    const second: WebhookEvent = { ...created, data: { ...created.data, endpointId: 'e2' } } as WebhookEvent;
    spec
      .given([created, second])
      .when(as(SELLER, create({ endpointId: 'e3' })))
      .thenThrows('WEBHOOK_ENDPOINT_LIMIT_REACHED');
    spec
      .given([created, second, { type: 'WebhookEndpointDeleted', data: { endpointId: 'e2' } }])
      .when(as(SELLER, create({ endpointId: 'e3' })))
      .thenEvents(() => undefined);
  });

  it('rotates the secret to the next generation, the previous one valid 24 h more', () =>
    spec
      .given([created])
      .when(as(SELLER, { type: 'RotateWebhookSecret', endpointId: 'e1' }, day(3)))
      .then([
        {
          type: 'WebhookSecretRotated',
          data: { endpointId: 'e1', generation: 2, previousValidUntil: day(4) },
        },
      ]));

  it('disables, enables and deletes; a deleted endpoint is not found', () => {
    spec
      .given([created])
      .when(as(SELLER, { type: 'DisableWebhookEndpoint', endpointId: 'e1' }))
      .then([{ type: 'WebhookEndpointDisabled', data: { endpointId: 'e1', reason: 'BY_OWNER' } }]);
    spec
      .given([created])
      .when(as(SELLER, { type: 'EnableWebhookEndpoint', endpointId: 'e1' }))
      .thenThrows('WEBHOOK_ENDPOINT_ENABLED');
    const deleted: WebhookEvent = { type: 'WebhookEndpointDeleted', data: { endpointId: 'e1' } };
    spec
      .given([created, deleted])
      .when(as(SELLER, { type: 'ReplayWebhooks', endpointId: 'e1', replayId: 'r1', fromPosition: 1n }))
      .thenThrows('WEBHOOK_ENDPOINT_NOT_FOUND');
  });

  it('records a replay from a position', () =>
    spec
      .given([created])
      .when(as(SELLER, { type: 'ReplayWebhooks', endpointId: 'e1', replayId: 'r1', fromPosition: 42n }))
      .then([
        { type: 'WebhookReplayRequested', data: { endpointId: 'e1', replayId: 'r1', fromPosition: '42' } },
      ]));

  it('is disabled by the platform after failing, once', () => {
    const failing: Body = {
      type: 'DisableFailingWebhookEndpoint',
      endpointId: 'e1',
      failingSince: T0,
      lastError: 'HTTP 503',
    };
    spec
      .given([created])
      .when(as(PLATFORM, failing, day(3)))
      .then([
        {
          type: 'WebhookEndpointDisabled',
          data: { endpointId: 'e1', reason: 'DELIVERIES_FAILING', failingSince: T0, lastError: 'HTTP 503' },
        },
      ]);
    spec
      .given([created])
      .when(as(SELLER, failing, day(3)))
      .thenThrows('FORBIDDEN');
    spec
      .given([created, { type: 'WebhookEndpointDisabled', data: { endpointId: 'e1', reason: 'BY_OWNER' } }])
      .when(as(PLATFORM, failing, day(3)))
      .thenThrows('WEBHOOK_ENDPOINT_DISABLED');
  });
});
