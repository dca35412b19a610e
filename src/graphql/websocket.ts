import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../app/services.js';
import { type AppError } from '../core/errors.js';
import { type RateLimitedError } from '../http/errors.js';
import type { RequestLimits } from '../http/limits.js';
import type { TokenVerifier } from './auth/tokens.js';
import type { Viewer } from './auth/viewer.js';
import { createLoaders, type GraphQLContext } from './context.js';
import { createErrorFormatter } from './errors.js';
import { LIMITS, limitRules } from './limits.js';
import type { LogHub } from './subscriptions/logHub.js';

/** Close codes beside graphql-ws's own (4400–4500): a cap reached. */
export const TOO_MANY_SOCKETS = 4429;

type SocketExtra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  viewer?: Viewer | null;
  authError?: unknown;
  /** What this socket holds against the caps, given back when it closes. */
  address?: string;
  user?: string;
  subscriptions?: Set<string>;
};

export interface SubscriptionServerOptions {
  readonly services: Services;
  readonly schema: GraphQLSchema;
  readonly tokens: TokenVerifier;
  readonly hub: LogHub;
  readonly limits: RequestLimits;
  readonly httpServer: Server;
  /** The client's address as the HTTP side sees it (honouring the trusted proxies). */
  readonly addressOf: (request: IncomingMessage) => string;
}

const refusal = (message: string, code: string, details: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...details } });

/**
 * Subscriptions over graphql-ws on the API's path. A bad message concerns its own subscription only:
 * a document that does not parse or validate, a query sent where a subscription belongs, a caller
 * over its rates or caps — each is answered on that subscription with a stable `extensions.code`,
 * and the caller's other subscriptions go on. The token travels in `connectionParams.authorization`;
 * a bad one fails every subscribe with UNAUTHENTICATED, as over HTTP.
 */
export const createSubscriptionServer = (options: SubscriptionServerOptions) => {
  const { services, schema, tokens, hub, limits } = options;
  const { config, logger } = services;
  const rules = [...specifiedRules, ...limitRules(config.limits)];
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: LIMITS.maxBodyBytes,
  });
  const userKey = (viewer: Viewer) => `${viewer.role}:${viewer.userId}`;
  /**
   * Subscription documents parsed and validated, by their text, as Apollo Server keeps them for
   * HTTP: a thousand clients subscribing with the same document parse and validate it once (it was
   * an eighth of the service's work when they connected at once). The schema and the rules never
   * change while the server runs, so neither does the outcome for a text. Bounded by the texts'
   * length: a parsed document weighs ~70 bytes a character, so a caller sending ever new documents
   * holds at most some 18 MB here (a service's clients send a few dozen documents, a few KB in all).
   */
  type Checked = { readonly document: DocumentNode } | { readonly errors: readonly GraphQLError[] };
  const documents = new LRUCache<string, Checked>({
    maxSize: 256 * 1024,
    sizeCalculation: (_outcome, query) => query.length,
  });
  const checked = (query: string): Checked => {
    let outcome = documents.get(query);
    if (outcome) return outcome;
    try {
      const document = parse(query, { maxTokens: config.limits.queryTokens });
      const errors = validate(schema, document, rules);
      outcome =
        errors.length > 0
          ? { errors: errors.map((e) => refusal(e.message, 'GRAPHQL_VALIDATION_FAILED')) }
          : { document };
    } catch (error) {
      outcome = { errors: [refusal((error as Error).message, 'GRAPHQL_PARSE_FAILED')] };
    }
    documents.set(query, outcome);
    return outcome;
  };
  const format = createErrorFormatter({ production: config.production, logger });

  const cleanup = useServer<{ authorization?: string; Authorization?: string }, SocketExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const address = options.addressOf(ctx.extra.request);
        if (!limits.socketsByAddress.take(address)) {
          ctx.extra.socket.close(TOO_MANY_SOCKETS, 'Too many connections from this address');
          return false;
        }
        ctx.extra.address = address;
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          ctx.extra.viewer = await tokens.fromAuthorization(typeof header === 'string' ? header : undefined);
        } catch (error) {
          ctx.extra.viewer = null;
          ctx.extra.authError = error;
        }
        if (ctx.extra.viewer) {
          const user = userKey(ctx.extra.viewer);
          if (!limits.sockets.take(user)) {
            ctx.extra.socket.close(TOO_MANY_SOCKETS, 'Too many connections for this user');
            return false;
          }
          ctx.extra.user = user;
        }
        ctx.extra.subscriptions = new Set();
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const outcome = checked(payload.query);
        if ('errors' in outcome) return outcome.errors;
        const { document } = outcome;
        if (ctx.extra.authError) {
          const error = ctx.extra.authError as AppError;
          return [refusal(error.message, 'UNAUTHENTICATED', error.details ?? {})];
        }
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return [
            refusal('Send queries and mutations over HTTP; this socket carries subscriptions', 'BAD_REQUEST'),
          ];
        }
        const viewer = ctx.extra.viewer;
        if (viewer) {
          try {
            await limits.user(userKey(viewer));
          } catch (error) {
            const limited = error as RateLimitedError;
            return [refusal(limited.message, limited.code, { ...limited.details })];
          }
          if (!limits.subscriptions.take(userKey(viewer))) {
            return [
              refusal(
                `At most ${config.limits.subscriptionsPerUser} live subscriptions per user`,
                'TOO_MANY_SUBSCRIPTIONS',
              ),
            ];
          }
          ctx.extra.subscriptions!.add(id);
        }
        return {
          schema,
          document,
          variableValues: payload.variables,
          ...(payload.operationName ? { operationName: payload.operationName } : {}),
          contextValue: {
            viewer: ctx.extra.viewer ?? null,
            services,
            loaders: createLoaders(services.readStore),
            hub,
            requestId: randomUUID(),
          } satisfies GraphQLContext,
        };
      },
      onComplete: (ctx, id) => {
        if (ctx.extra.viewer && ctx.extra.subscriptions?.delete(id)) {
          limits.subscriptions.give(userKey(ctx.extra.viewer));
        }
      },
      onClose: (ctx) => {
        if (ctx.extra.viewer) {
          for (const _ of ctx.extra.subscriptions ?? []) limits.subscriptions.give(userKey(ctx.extra.viewer));
        }
        if (ctx.extra.user) limits.sockets.give(ctx.extra.user);
        if (ctx.extra.address) limits.socketsByAddress.give(ctx.extra.address);
      },
      // Errors leave as over HTTP: stable codes, nothing internal shown.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
    },
    wsServer,
  );

  return {
    wsServer,
    /** Closes every socket (1001, going away) and stops accepting new ones. */
    async close(): Promise<void> {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
};
