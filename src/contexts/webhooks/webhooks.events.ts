import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, Enum, Id, Instant, Text } from '../../core/schema.js';

/**
 * The events of an owner's webhook endpoints (DOMAIN.md § Webhooks): one stream per owner — a seller,
 * a creator, or an auditor — so that its cap on endpoints is decided on its own stream. No secret is
 * ever in them: a signing secret is derived from the service's secret, the endpoint and its
 * generation (src/processes/webhooks/secrets.ts), so the log, exported and kept forever, holds none.
 */

export const WEBHOOK_OWNER_ROLES = ['SELLER', 'CREATOR', 'AUDITOR'] as const;
export type WebhookOwnerRole = (typeof WEBHOOK_OWNER_ROLES)[number];

export const WebhookOwnerSchema = Closed({
  role: Enum(WEBHOOK_OWNER_ROLES),
  id: Text(200, 'The seller or creator id; for an auditor, the user id'),
});
export type WebhookOwner = Static<typeof WebhookOwnerSchema>;

export const WEBHOOK_DISABLE_REASONS = ['BY_OWNER', 'DELIVERIES_FAILING'] as const;
export type WebhookDisableReason = (typeof WEBHOOK_DISABLE_REASONS)[number];

const EndpointId = () => Id('Webhook endpoint id');
/** A log position, as a decimal string (positions are 64-bit). */
const Position = () => Type.String({ pattern: '^[1-9][0-9]{0,19}$', description: 'Log position' });
const EventType = () => Type.String({ pattern: '^[A-Z][A-Za-z]{1,80}$' });

export const WebhookEndpointCreated = defineEvent(
  'WebhookEndpointCreated',
  'An owner registered an endpoint to receive the events it may see, signed (Standard Webhooks).',
  Closed({
    endpointId: EndpointId(),
    owner: WebhookOwnerSchema,
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }),
    eventTypes: Type.Array(EventType(), {
      maxItems: 100,
      uniqueItems: true,
      description: 'The event types delivered; empty: every type',
    }),
    description: Type.Optional(Text(200)),
  }),
);
export const WebhookSecretRotated = defineEvent(
  'WebhookSecretRotated',
  "The endpoint's signing secret was replaced; deliveries are signed with the previous one too until it expires.",
  Closed({
    endpointId: EndpointId(),
    generation: Type.Integer({ minimum: 2 }),
    previousValidUntil: Instant('Until when the previous secret still signs deliveries'),
  }),
);
export const WebhookEndpointDisabled = defineEvent(
  'WebhookEndpointDisabled',
  'The endpoint stopped receiving deliveries: by its owner, or by the platform after failing for 3 days.',
  Closed({
    endpointId: EndpointId(),
    reason: Enum(WEBHOOK_DISABLE_REASONS),
    failingSince: Type.Optional(Instant('When the deliveries began to fail')),
    lastError: Type.Optional(Text(500, 'What the last attempt met')),
  }),
);
export const WebhookEndpointEnabled = defineEvent(
  'WebhookEndpointEnabled',
  'The owner enabled the endpoint again: deliveries go on from where they stopped.',
  Closed({ endpointId: EndpointId() }),
);
export const WebhookEndpointDeleted = defineEvent(
  'WebhookEndpointDeleted',
  'The owner deleted the endpoint: nothing more is delivered to it.',
  Closed({ endpointId: EndpointId() }),
);
export const WebhookReplayRequested = defineEvent(
  'WebhookReplayRequested',
  'The owner asked for every event from a log position on to be delivered again, in order.',
  Closed({ endpointId: EndpointId(), replayId: Id('Replay id'), fromPosition: Position() }),
);

export const webhookEvents = [
  WebhookEndpointCreated,
  WebhookSecretRotated,
  WebhookEndpointDisabled,
  WebhookEndpointEnabled,
  WebhookEndpointDeleted,
  WebhookReplayRequested,
];
export type WebhookEvent = EventOf<(typeof webhookEvents)[number]>;
