import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  WEBHOOK_ENDPOINTS,
  type WebhookEndpointDoc,
} from '../../../projections/webhookEndpoints/webhookEndpoints.projection.js';
import type { Viewer } from '../../access/viewer.js';
import type { WebhookCommand } from '../../contexts/webhooks/webhooks.decide.js';
import type { WebhookOwner } from '../../contexts/webhooks/webhooks.events.js';
import { DomainError, ForbiddenError, ValidationError } from '../../core/errors.js';
import type { Page } from '../../readStore/readStore.js';
import { allowedAddresses, checkWebhookUrl } from '../../processes/webhooks/addresses.js';
import {
  WEBHOOK_ATTEMPTS,
  WEBHOOK_CURSORS,
  type WebhookAttemptDoc,
} from '../../processes/webhooks/deliveryState.js';
import { signingSecret } from '../../processes/webhooks/secrets.js';
import { commandContext, idOr, waitForPosition } from '../common/commands.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireRole, type GraphQLContext } from '../context.js';
import {
  deliveryFromDoc,
  deliveryStateOf,
  endpointFromDoc,
  WebhookDeliveryConnection,
  WebhookDeliveryState,
  WebhookEndpoint,
  WebhookEndpointPayload,
  WebhookReplayPayload,
  WebhookSecretPayload,
} from './webhook.type.js';

type Body = WebhookCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'actor' | 'now' | 'owner'>
    : never
  : never;

/** Whose endpoints the viewer manages: its seller's or creator's, or an auditor's own (DOMAIN.md § Webhooks). */
const ownerOf = (viewer: Viewer): WebhookOwner => {
  if (viewer.role === 'SELLER' && viewer.sellerId) return { role: 'SELLER', id: viewer.sellerId };
  if (viewer.role === 'CREATOR' && viewer.creatorId) return { role: 'CREATOR', id: viewer.creatorId };
  if (viewer.role === 'AUDITOR') return { role: 'AUDITOR', id: viewer.userId };
  throw new ForbiddenError('Sellers, creators and auditors register webhook endpoints', {
    role: viewer.role,
  });
};
const keyOf = (owner: WebhookOwner): string => `${owner.role}:${owner.id}`;

/** The viewer's endpoint; another owner's, or a deleted one, is answered as one that does not exist. */
const endpointDoc = async (context: GraphQLContext, endpointId: string): Promise<WebhookEndpointDoc> => {
  const owner = ownerOf(requireRole(context, 'SELLER', 'CREATOR', 'AUDITOR'));
  const [doc] = await context.services.readStore.getMany(WEBHOOK_ENDPOINTS.name, [endpointId]);
  if (!doc || doc.ownerKey !== keyOf(owner) || doc.status === 'DELETED') {
    throw new DomainError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${endpointId}`, { endpointId });
  }
  return doc;
};

const send = async (context: GraphQLContext, field: string, body: Body) => {
  const viewer = requireRole(context, 'SELLER', 'CREATOR', 'AUDITOR');
  const { command, options } = commandContext(context, field);
  const result = await context.services.write.webhooks(
    { ...body, ...command, owner: ownerOf(viewer) } as WebhookCommand,
    options,
  );
  return {
    result,
    payload: {
      position: result.position.toString(),
      deduplicated: result.deduplicated,
      endpointId: body.endpointId,
    },
  };
};

/**
 * The checks a URL passes when registered (README § Webhooks): its form and scheme, an address in
 * it, and what its name resolves to now (a name that does not resolve yet is let through: every
 * delivery checks again, on the address it connects to).
 */
const checkUrl = async (context: GraphQLContext, url: string): Promise<string> => {
  const { policy, resolve } = context.services.webhooks;
  const parsed = checkWebhookUrl(url, policy);
  try {
    await allowedAddresses(parsed.hostname, policy, resolve);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'WEBHOOK_URL_FORBIDDEN') throw error;
  }
  return parsed.toString();
};

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => [WebhookEndpoint], {
    description: 'The viewer’s webhook endpoints (its seller’s or creator’s; an auditor’s own)',
  })
  async webhookEndpoints(@Ctx() context: GraphQLContext): Promise<WebhookEndpoint[]> {
    const owner = ownerOf(requireRole(context, 'SELLER', 'CREATOR', 'AUDITOR'));
    const page = await context.services.readStore.query(WEBHOOK_ENDPOINTS.name, {
      where: [{ field: 'ownerKey', op: 'eq', value: keyOf(owner) }],
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      first: 1000,
    });
    return page.items.filter((i) => i.doc.status !== 'DELETED').map((i) => endpointFromDoc(i.doc));
  }

  @Query(() => WebhookEndpoint, { nullable: true })
  async webhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookEndpoint | null> {
    try {
      return endpointFromDoc(await endpointDoc(context, id));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'WEBHOOK_ENDPOINT_NOT_FOUND') return null;
      throw error;
    }
  }

  @Query(() => WebhookDeliveryConnection, {
    description:
      'The delivery log of one of the viewer’s endpoints: every attempt, the latest first (3 days kept)',
  })
  async webhookDeliveries(
    @Arg('endpointId', () => ID) endpointId: string,
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<WebhookDeliveryConnection> {
    await endpointDoc(context, endpointId);
    const where = [{ field: 'endpointId', op: 'eq' as const, value: endpointId }];
    const [page, total] = await Promise.all([
      context.services.readStore.query(WEBHOOK_ATTEMPTS.name, {
        where,
        orderBy: [{ field: 'startedAt', direction: 'desc' }],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count(WEBHOOK_ATTEMPTS.name, where),
    ]);
    return toConnection(page as unknown as Page, total, (doc: WebhookAttemptDoc) => deliveryFromDoc(doc));
  }

  @FieldResolver(() => WebhookDeliveryState, { description: 'Where its deliveries stand' })
  async delivery(
    @Root() endpoint: WebhookEndpoint,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookDeliveryState> {
    const [doc] = await context.services.readStore.getMany(WEBHOOK_ENDPOINTS.name, [endpoint.id]);
    const [cursor] = await context.services.readStore.getMany(WEBHOOK_CURSORS.name, [endpoint.id]);
    return deliveryStateOf(doc!, cursor);
  }

  @Mutation(() => WebhookSecretPayload, {
    description:
      'Registers an endpoint (https; a public address) for the events the viewer may see; answers its signing secret, once',
  })
  async createWebhookEndpoint(
    @Arg('url', () => String) url: string,
    @Ctx() context: GraphQLContext,
    @Arg('eventTypes', () => [String], { nullable: true, description: 'Omitted or empty: every type' })
    eventTypes?: string[] | null,
    @Arg('description', () => String, { nullable: true }) description?: string | null,
  ): Promise<WebhookSecretPayload> {
    ownerOf(requireRole(context, 'SELLER', 'CREATOR', 'AUDITOR'));
    const checked = await checkUrl(context, url);
    const endpointId = idOr(context, 'createWebhookEndpoint', null);
    const { payload } = await send(context, 'createWebhookEndpoint', {
      type: 'CreateWebhookEndpoint',
      endpointId,
      url: checked,
      eventTypes: eventTypes ?? [],
      ...(description ? { description } : {}),
      maxEndpoints: context.services.webhooks.maxEndpointsPerOwner,
    });
    return { ...payload, secret: signingSecret(context.services.idSecret(), endpointId, 1) };
  }

  @Mutation(() => WebhookSecretPayload, {
    description: 'A new signing secret, answered once; the previous one still signs for 24 h',
  })
  async rotateWebhookSecret(
    @Arg('endpointId', () => ID) endpointId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookSecretPayload> {
    const { result, payload } = await send(context, 'rotateWebhookSecret', {
      type: 'RotateWebhookSecret',
      endpointId,
    });
    const generation = result.state.endpoints[endpointId]!.generation;
    return { ...payload, secret: signingSecret(context.services.idSecret(), endpointId, generation) };
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Stops deliveries until enabled again' })
  async disableWebhookEndpoint(
    @Arg('endpointId', () => ID) endpointId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookEndpointPayload> {
    return (await send(context, 'disableWebhookEndpoint', { type: 'DisableWebhookEndpoint', endpointId }))
      .payload;
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Deliveries go on from where they stopped' })
  async enableWebhookEndpoint(
    @Arg('endpointId', () => ID) endpointId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookEndpointPayload> {
    return (await send(context, 'enableWebhookEndpoint', { type: 'EnableWebhookEndpoint', endpointId }))
      .payload;
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Nothing more is delivered to it' })
  async deleteWebhookEndpoint(
    @Arg('endpointId', () => ID) endpointId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookEndpointPayload> {
    return (await send(context, 'deleteWebhookEndpoint', { type: 'DeleteWebhookEndpoint', endpointId }))
      .payload;
  }

  @Mutation(() => WebhookReplayPayload, {
    description:
      'Delivers again, in order, every event from a log position on that the endpoint would receive',
  })
  async replayWebhooks(
    @Arg('endpointId', () => ID) endpointId: string,
    @Arg('fromPosition', () => String) fromPosition: string,
    @Ctx() context: GraphQLContext,
  ): Promise<WebhookReplayPayload> {
    requireRole(context, 'SELLER', 'CREATOR', 'AUDITOR');
    if (!/^[1-9][0-9]{0,19}$/.test(fromPosition)) {
      throw new ValidationError('fromPosition is a log position (1 or more)', { fromPosition });
    }
    const from = BigInt(fromPosition);
    const head = await context.services.eventStore.headPosition();
    if (from > head) {
      throw new ValidationError(`fromPosition is past the head of the log (${head})`, {
        fromPosition,
        head: head.toString(),
      });
    }
    const replayId = idOr(context, 'replayWebhooks', null);
    const { payload } = await send(context, 'replayWebhooks', {
      type: 'ReplayWebhooks',
      endpointId,
      replayId,
      fromPosition: from,
    });
    return { ...payload, replayId, fromPosition };
  }
}

/** A payload's `endpoint`, read once the read model shows the command (read-your-writes). */
const payloadResolver = <T extends WebhookEndpointPayload>(type: new () => T) => {
  @Resolver(() => type)
  class PayloadResolver {
    @FieldResolver(() => WebhookEndpoint, {
      nullable: true,
      description: 'The endpoint as of this command (waits, bounded)',
    })
    async endpoint(@Root() payload: T, @Ctx() context: GraphQLContext): Promise<WebhookEndpoint | null> {
      await waitForPosition(context, BigInt(payload.position), [WEBHOOK_ENDPOINTS.name]);
      const [doc] = await context.services.readStore.getMany(WEBHOOK_ENDPOINTS.name, [payload.endpointId]);
      return doc && doc.status !== 'DELETED' ? endpointFromDoc(doc) : null;
    }
  }
  return PayloadResolver;
};

export const WebhookPayloadResolver = payloadResolver(WebhookEndpointPayload);
export const WebhookSecretPayloadResolver = payloadResolver(WebhookSecretPayload);
export const WebhookReplayPayloadResolver = payloadResolver(WebhookReplayPayload);
