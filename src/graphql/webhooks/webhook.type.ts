import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { WebhookEndpointDoc } from '../../../projections/webhookEndpoints/webhookEndpoints.projection.js';
import { WEBHOOK_DISABLE_REASONS } from '../../contexts/webhooks/webhooks.events.js';
import { ATTEMPT_ERRORS } from '../../processes/webhooks/client.js';
import type { WebhookAttemptDoc, WebhookCursorDoc } from '../../processes/webhooks/deliveryState.js';
import { enumOf } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Connection } from '../common/types.js';

export const WebhookEndpointStatus = enumOf(
  ['ACTIVE', 'DISABLED'] as const,
  'WebhookEndpointStatus',
  'Whether an endpoint receives deliveries',
);
export const WebhookDisableReason = enumOf(
  WEBHOOK_DISABLE_REASONS,
  'WebhookDisableReason',
  'Who disabled an endpoint: its owner, or the platform after its deliveries failed for 3 days',
);
export const WebhookAttemptStatus = enumOf(
  ['SUCCEEDED', 'FAILED'] as const,
  'WebhookAttemptStatus',
  'How a delivery attempt ended',
);
export const WebhookAttemptError = enumOf(
  ATTEMPT_ERRORS,
  'WebhookAttemptError',
  'Why an attempt failed: an answer other than 2xx (httpStatus says which), a timeout (10 s), an address that is not public, a name that does not resolve, no connection',
);

@ObjectType({ description: 'Where an endpoint’s deliveries stand' })
export class WebhookDeliveryState {
  @Field(() => String, {
    description: 'Every event up to this log position was delivered (or not the owner’s)',
  })
  deliveredUpTo!: string;
  @Field(() => String, { nullable: true, description: 'The position of the event being retried' })
  failingPosition!: string | null;
  @Field(() => Int, { description: 'Attempts made of the event being retried' }) failedAttempts!: number;
  @Field(() => DateTime, { nullable: true }) failingSince!: string | null;
  @Field(() => DateTime, { nullable: true }) nextAttemptAt!: string | null;
}

@ObjectType({ description: 'Where the viewer’s systems hear of the events it may see (Standard Webhooks)' })
export class WebhookEndpoint {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => [String], { description: 'The event types delivered; empty: every type' })
  eventTypes!: string[];
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => WebhookEndpointStatus) status!: string;
  @Field(() => WebhookDisableReason, { nullable: true }) disabledReason!: string | null;
  @Field(() => DateTime, { nullable: true }) failingSince!: string | null;
  @Field(() => DateTime) createdAt!: string;
  @Field(() => String, { description: 'Events after this log position are delivered' })
  createdPosition!: string;
  @Field(() => Int, { description: 'The signing secret’s generation: rotation raises it' })
  secretGeneration!: number;
  @Field(() => DateTime, {
    nullable: true,
    description: 'Until when the secret before the last rotation still signs deliveries too',
  })
  previousSecretValidUntil!: string | null;
  @Field(() => String, { nullable: true, description: 'The last replay asked: from this position' })
  replayedFrom!: string | null;
}

@ObjectType({ description: 'One attempt to deliver one event to an endpoint' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The `webhook-id` header: the same for every attempt of an event' })
  messageId!: string;
  @Field(() => String) position!: string;
  @Field(() => String) eventType!: string;
  @Field(() => ID) collaborationId!: string;
  @Field(() => Int, { description: '1 for the first attempt of the event, 2 for its first retry, …' })
  attempt!: number;
  @Field(() => DateTime) startedAt!: string;
  @Field(() => WebhookAttemptStatus) status!: string;
  @Field(() => Int, { nullable: true }) httpStatus!: number | null;
  @Field(() => WebhookAttemptError, { nullable: true }) error!: string | null;
  @Field(() => Float) latencyMs!: number;
  @Field(() => DateTime, { nullable: true, description: 'When the event is tried again, after a failure' })
  nextAttemptAt!: string | null;
  @Field(() => String, { description: 'The first bytes of the receiver’s answer' }) response!: string;
  @Field(() => Boolean, { description: 'Sent by a replay the owner asked for' }) replayed!: boolean;
}

@ObjectType()
export class WebhookDeliveryConnection extends Connection('WebhookDelivery', WebhookDelivery) {}

@ObjectType({ description: 'What a webhook command wrote' })
export class WebhookEndpointPayload {
  @Field(() => String, { description: 'Pass it as minPosition to read what this wrote' }) position!: string;
  @Field(() => Boolean) deduplicated!: boolean;
  @Field(() => ID) endpointId!: string;
}

@ObjectType({
  description:
    'An endpoint created or its secret rotated: the signing secret, shown here only (it is stored nowhere)',
})
export class WebhookSecretPayload extends WebhookEndpointPayload {
  @Field(() => String, { description: '`whsec_…`: verify deliveries with it (Standard Webhooks)' })
  secret!: string;
}

@ObjectType({
  description: 'A replay asked: every event from `fromPosition` on is delivered again, in order',
})
export class WebhookReplayPayload extends WebhookEndpointPayload {
  @Field(() => ID) replayId!: string;
  @Field(() => String) fromPosition!: string;
}

export const endpointFromDoc = (doc: WebhookEndpointDoc): WebhookEndpoint => ({
  id: doc.endpointId,
  url: doc.url,
  eventTypes: [...doc.eventTypes],
  description: doc.description,
  status: doc.status === 'DELETED' ? 'DISABLED' : doc.status,
  disabledReason: doc.disabledReason,
  failingSince: doc.failingSince,
  createdAt: doc.createdAt,
  createdPosition: String(doc.createdPosition),
  secretGeneration: doc.generation,
  previousSecretValidUntil: doc.generation > 1 ? doc.previousValidUntil : null,
  replayedFrom: doc.replay ? String(doc.replay.fromPosition) : null,
});

export const deliveryStateOf = (
  endpoint: WebhookEndpointDoc,
  cursor: WebhookCursorDoc | undefined,
): WebhookDeliveryState => ({
  deliveredUpTo: String(cursor?.deliveredUpTo ?? endpoint.createdPosition),
  failingPosition: cursor?.failure ? String(cursor.failure.position) : null,
  failedAttempts: cursor?.failure?.attempts ?? 0,
  failingSince: cursor?.failure?.firstFailedAt ?? null,
  nextAttemptAt: cursor?.failure && !cursor.failure.disabled ? cursor.failure.nextAttemptAt : null,
});

export const deliveryFromDoc = (doc: WebhookAttemptDoc): WebhookDelivery => ({
  id: doc.attemptId,
  messageId: doc.messageId,
  position: String(doc.position),
  eventType: doc.eventType,
  collaborationId: doc.collaborationId,
  attempt: doc.attempt,
  startedAt: doc.startedAt,
  status: doc.status,
  httpStatus: doc.httpStatus,
  error: doc.error,
  latencyMs: doc.latencyMs,
  nextAttemptAt: doc.nextAttemptAt,
  response: doc.response,
  replayed: doc.replayId !== null,
});
