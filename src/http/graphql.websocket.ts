import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConcurrencyCap } from '../access/limits.js';
import type { Viewer } from '../access/viewer.js';
import { AppError } from '../core/errors.js';
import type { GraphQLPipeline } from '../graphql/pipeline.js';
import { MAX_BODY_BYTES } from './errors.js';

/** Close codes beside graphql-ws's own (4400–4500): a cap reached. */
export const TOO_MANY_SOCKETS = 4429;

type SocketExtra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  viewer?: Viewer | null;
  authError?: AppError;
  /** What this socket holds against the caps, given back when it closes. */
  address?: string;
  user?: string;
  subscriptions?: Set<string>;
};

export interface SubscriptionServerOptions {
  readonly pipeline: GraphQLPipeline;
  readonly caps: {
    /** Open WebSockets per user, and per address; live subscriptions per user. */
    readonly sockets: ConcurrencyCap;
    readonly socketsByAddress: ConcurrencyCap;
    readonly subscriptions: ConcurrencyCap;
  };
  readonly subscriptionsPerUser: number;
  readonly httpServer: Server;
  /** The client's address as the HTTP side sees it (honouring the trusted proxies). */
  readonly addressOf: (request: IncomingMessage) => string;
}

/** A refusal on one subscription: its error message, with the stable code and details. */
const refusal = (error: AppError) =>
  new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });

/**
 * The GraphQL pipeline over graphql-ws on the API's path, a thin adapter. A bad message concerns its
 * own subscription only: a document that does not parse or validate, a query sent where a
 * subscription belongs, a caller over its rates or caps — each is answered on that subscription
 * with a stable `extensions.code`, and the caller's other subscriptions go on. The token travels in
 * `connectionParams.authorization`; a bad one fails every subscribe with UNAUTHENTICATED, as over HTTP.
 */
export const createSubscriptionServer = (options: SubscriptionServerOptions) => {
  const { pipeline, caps } = options;
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: MAX_BODY_BYTES,
  });
  const userKey = (viewer: Viewer) => `${viewer.role}:${viewer.userId}`;

  const cleanup = useServer<{ authorization?: string; Authorization?: string }, SocketExtra>(
    {
      schema: pipeline.schema,
      onConnect: async (ctx) => {
        const address = options.addressOf(ctx.extra.request);
        if (!caps.socketsByAddress.take(address)) {
          ctx.extra.socket.close(TOO_MANY_SOCKETS, 'Too many connections from this address');
          return false;
        }
        ctx.extra.address = address;
        try {
          ctx.extra.viewer = await pipeline.authenticate(
            ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization,
          );
        } catch (error) {
          ctx.extra.viewer = null;
          ctx.extra.authError = error as AppError;
        }
        if (ctx.extra.viewer) {
          const user = userKey(ctx.extra.viewer);
          if (!caps.sockets.take(user)) {
            ctx.extra.socket.close(TOO_MANY_SOCKETS, 'Too many connections for this user');
            return false;
          }
          ctx.extra.user = user;
        }
        ctx.extra.subscriptions = new Set();
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const outcome = pipeline.check(payload.query);
        if ('errors' in outcome) return outcome.errors.map(refusal);
        const { document } = outcome;
        if (ctx.extra.authError) return [refusal(ctx.extra.authError)];
        const viewer = ctx.extra.viewer ?? null;
        const context = pipeline.context({ viewer, requestId: randomUUID() });
        const operation = pipeline.operationOf(document, payload.operationName);
        if (operation instanceof AppError) return [refusal(operation)];
        try {
          await pipeline.admit(operation.operation, 'websocket', context);
          await pipeline.countRequest(viewer);
        } catch (error) {
          if (error instanceof AppError) return [refusal(error)];
          throw error;
        }
        if (viewer) {
          if (!caps.subscriptions.take(userKey(viewer))) {
            return [
              new GraphQLError(`At most ${options.subscriptionsPerUser} live subscriptions per user`, {
                extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
              }),
            ];
          }
          ctx.extra.subscriptions!.add(id);
        }
        return {
          schema: pipeline.schema,
          document,
          variableValues: payload.variables,
          ...(payload.operationName ? { operationName: payload.operationName } : {}),
          contextValue: context,
        };
      },
      onComplete: (ctx, id) => {
        if (ctx.extra.viewer && ctx.extra.subscriptions?.delete(id)) {
          caps.subscriptions.give(userKey(ctx.extra.viewer));
        }
      },
      onClose: (ctx) => {
        if (ctx.extra.viewer) {
          for (const _ of ctx.extra.subscriptions ?? []) caps.subscriptions.give(userKey(ctx.extra.viewer));
        }
        if (ctx.extra.user) caps.sockets.give(ctx.extra.user);
        if (ctx.extra.address) caps.socketsByAddress.give(ctx.extra.address);
      },
      // Errors leave as over HTTP: stable codes, nothing internal shown.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((e) => pipeline.formatError(e.toJSON(), e)) }
          : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => pipeline.formatError(e.toJSON(), e)),
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
