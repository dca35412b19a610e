import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { CollaborationMutations } from './collaborations/collaboration.mutations.js';
import {
  CollaborationPayloadResolver,
  CollaborationResolver,
} from './collaborations/collaboration.resolver.js';
import { CreatorPayloadResolver, CreatorResolver, ReputationResolver } from './creators/creator.resolver.js';
import { DisputePayloadResolver, DisputeResolver } from './disputes/dispute.resolver.js';
import { LibraryMutations, LibraryResolver } from './library/library.resolver.js';
import { SellerPayloadResolver, SellerResolver } from './sellers/seller.resolver.js';
import { SubscriptionResolver } from './subscriptions/subscription.resolver.js';
import { ViewerResolver } from './viewer/viewer.resolver.js';

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
  DisputeResolver,
  DisputePayloadResolver,
  LibraryResolver,
  LibraryMutations,
  SubscriptionResolver,
  AuditResolver,
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

export const buildLedgerSchema = (): Promise<GraphQLSchema> =>
  buildSchema({
    resolvers,
    validate: false,
    pubSub: noPubSub,
  });
