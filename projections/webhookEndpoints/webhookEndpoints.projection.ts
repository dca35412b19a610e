import { ownerOfWebhooksStream } from '../../src/contexts/webhooks/webhooks.decide.js';
import type { WebhookDisableReason, WebhookOwner } from '../../src/contexts/webhooks/webhooks.events.js';
import { webhookEvents } from '../../src/contexts/webhooks/webhooks.events.js';
import { assertNever } from '../../src/core/decider.js';
import { put, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { at, handledTypes, type EventOfType } from '../shared.js';

/**
 * Every webhook endpoint (DOMAIN.md § Webhooks) as its owner manages it and the notifier delivers to
 * it: where, what, whether active, which secret generations sign, and the last replay asked for.
 * Never a secret: those are derived when needed (src/processes/webhooks/secrets.ts).
 */

export interface WebhookEndpointDoc {
  readonly endpointId: string;
  readonly owner: WebhookOwner;
  /** `ROLE:id`, as notification recipients are keyed. */
  readonly ownerKey: string;
  readonly url: string;
  /** Empty: every deliverable type. */
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly status: 'ACTIVE' | 'DISABLED' | 'DELETED';
  readonly disabledReason: WebhookDisableReason | null;
  readonly failingSince: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  /** Events after this position are delivered to it (and before, on a replay). */
  readonly createdPosition: number;
  readonly updatedAt: string;
  /** The generation of the secret that signs now, and the one before it while it still does. */
  readonly generation: number;
  readonly previousValidUntil: string | null;
  readonly replay: {
    readonly replayId: string;
    readonly fromPosition: number;
    readonly requestedAt: string;
  } | null;
}

export const WEBHOOK_ENDPOINTS = collection<WebhookEndpointDoc>('webhookEndpoints', {
  indexes: [
    { field: 'ownerKey', type: 'string' },
    { field: 'status', type: 'string' },
    { field: 'createdAt', type: 'string' },
  ],
  compoundIndexes: [['ownerKey', 'createdAt']],
});

const TYPES = handledTypes(...webhookEvents.map((e) => e.type));
type Handled = EventOfType<(typeof TYPES)[number]>;

export const webhookEndpointsProjection: Projection<Handled> = {
  name: 'webhookEndpoints',
  version: 1,
  collections: [WEBHOOK_ENDPOINTS],
  eventTypes: TYPES,
  rebuildCost: 1,
  touches: (event) => [{ collection: WEBHOOK_ENDPOINTS, id: event.data.endpointId }],
  evolve: (event, docs) => {
    const id = event.data.endpointId;
    if (event.type === 'WebhookEndpointCreated') {
      const owner = ownerOfWebhooksStream(event.streamId);
      return [
        put(WEBHOOK_ENDPOINTS, id, {
          endpointId: id,
          owner,
          ownerKey: `${owner.role}:${owner.id}`,
          url: event.data.url,
          eventTypes: event.data.eventTypes,
          description: event.data.description ?? null,
          status: 'ACTIVE',
          disabledReason: null,
          failingSince: null,
          lastError: null,
          createdAt: at(event),
          createdPosition: Number(event.position),
          updatedAt: at(event),
          generation: 1,
          previousValidUntil: null,
          replay: null,
        }),
      ];
    }
    const before = docs.get(WEBHOOK_ENDPOINTS, id);
    if (!before) return [];
    const doc = { ...before, updatedAt: at(event) };
    switch (event.type) {
      case 'WebhookSecretRotated':
        return [
          put(WEBHOOK_ENDPOINTS, id, {
            ...doc,
            generation: event.data.generation,
            previousValidUntil: event.data.previousValidUntil,
          }),
        ];
      case 'WebhookEndpointDisabled':
        return [
          put(WEBHOOK_ENDPOINTS, id, {
            ...doc,
            status: 'DISABLED',
            disabledReason: event.data.reason,
            failingSince: event.data.failingSince ?? null,
            lastError: event.data.lastError ?? null,
          }),
        ];
      case 'WebhookEndpointEnabled':
        return [
          put(WEBHOOK_ENDPOINTS, id, { ...doc, status: 'ACTIVE', disabledReason: null, failingSince: null }),
        ];
      case 'WebhookEndpointDeleted':
        return [put(WEBHOOK_ENDPOINTS, id, { ...doc, status: 'DELETED' })];
      case 'WebhookReplayRequested':
        return [
          put(WEBHOOK_ENDPOINTS, id, {
            ...doc,
            replay: {
              replayId: event.data.replayId,
              fromPosition: Number(event.data.fromPosition),
              requestedAt: at(event),
            },
          }),
        ];
      default:
        return assertNever(event);
    }
  },
};
