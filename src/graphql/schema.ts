import 'reflect-metadata';
import { GraphQLObjectType, type GraphQLArgument, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { CollaborationMutations } from './collaborations/collaboration.mutations.js';
import { CollaborationLifecycleResolver, LifecycleMutations } from './collaborations/lifecycle.resolver.js';
import {
  CollaborationPayloadResolver,
  CollaborationResolver,
} from './collaborations/collaboration.resolver.js';
import { CreatorPayloadResolver, CreatorResolver, ReputationResolver } from './creators/creator.resolver.js';
import { DisputePayloadResolver, DisputeResolver } from './disputes/dispute.resolver.js';
import { LibraryMutations, LibraryResolver } from './library/library.resolver.js';
import {
  CreatorReviewsResolver,
  ReviewerResolver,
  ReviewPayloadResolver,
  ReviewReportResolver,
  ReviewResolver,
  SellerReviewsResolver,
} from './reviews/review.resolver.js';
import { UsageRightsResolver } from './library/usageRights.resolver.js';
import { SellerPayloadResolver, SellerResolver } from './sellers/seller.resolver.js';
import { SubscriptionResolver } from './subscriptions/subscription.resolver.js';
import {
  CreatorVerificationResolver,
  SellerVerificationResolver,
  VerificationResolver,
} from './verification/verification.resolver.js';
import { ViewerResolver } from './viewer/viewer.resolver.js';
import { MeNotificationsResolver, NotificationResolver } from './notifications/notification.resolver.js';
import {
  WebhookPayloadResolver,
  WebhookReplayPayloadResolver,
  WebhookResolver,
  WebhookSecretPayloadResolver,
} from './webhooks/webhook.resolver.js';

export const resolvers = [
  ViewerResolver,
  CreatorResolver,
  ReputationResolver,
  CreatorPayloadResolver,
  SellerResolver,
  SellerPayloadResolver,
  CollaborationResolver,
  CollaborationPayloadResolver,
  CollaborationMutations,
  CollaborationLifecycleResolver,
  LifecycleMutations,
  DisputeResolver,
  DisputePayloadResolver,
  LibraryResolver,
  LibraryMutations,
  UsageRightsResolver,
  SubscriptionResolver,
  AuditResolver,
  // Public reviews and verified parties (DOMAIN.md § Public reviews)
  ReviewResolver,
  CreatorReviewsResolver,
  SellerReviewsResolver,
  ReviewerResolver,
  ReviewReportResolver,
  ReviewPayloadResolver,
  VerificationResolver,
  SellerVerificationResolver,
  CreatorVerificationResolver,
  NotificationResolver,
  MeNotificationsResolver,
  WebhookResolver,
  WebhookPayloadResolver,
  WebhookSecretPayloadResolver,
  WebhookReplayPayloadResolver,
] as const;

/**
 * type-graphql wants a PubSub for topic-based subscriptions. Ours have their own `subscribe`, fed
 * from the log (ARCHITECTURE.md § Subscriptions), never from in-process publishing: this one refuses.
 */
const noPubSub = {
  publish: () => {
    throw new Error('Subscriptions are fed from the log, not published in process');
  },
  subscribe: () => {
    throw new Error('Subscriptions are fed from the log, not published in process');
  },
};

export const buildLedgerSchema = async (): Promise<GraphQLSchema> =>
  inDeclaredArgumentOrder(
    await buildSchema({
      resolvers,
      validate: false,
      pubSub: noPubSub,
    }),
  );

/**
 * type-graphql lists a field's arguments in the order their parameter decorators ran, which is last
 * parameter first (MichalLytek/type-graphql#442). Arguments are named, so the order changes nothing
 * for clients; it is put back to the order of the resolver's parameters for people reading the
 * schema (`creators(filter, sort, first, after)`). Every argument here comes from `@Arg`; should
 * type-graphql ever keep the order itself, the schema drift check shows it.
 */
const inDeclaredArgumentOrder = (schema: GraphQLSchema): GraphQLSchema => {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) (field.args as GraphQLArgument[]).reverse();
  }
  return schema;
};
