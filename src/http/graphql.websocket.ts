import { GraphQLError } from 'graphql';
import {
  CloseCode,
  MessageType,
  handleProtocols,
  makeServer,
  stringifyMessage,
  validateMessage,
  type ServerOptions,
} from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConcurrencyCap } from '../access/limits.js';
import type { Viewer } from '../access/viewer.js';
import { AppError, UnauthenticatedError } from '../core/errors.js';
import type { GraphQLPipeline } from '../graphql/pipeline.js';
import { MAX_BODY_BYTES } from './errors.js';

/** Close codes beside graphql-ws's own (4400–4500): a cap reached. */
export const TOO_MANY_SOCKETS = 4429;

type SocketExtra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Whether the connection was acknowledged: before, graphql-ws refuses any subscribe (4401). */
  acknowledged?: boolean;
  /** Subscription ids in use on this socket (a repeated one is the protocol's 4409). */
  readonly ids: Set<string>;
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
  /** Errors of the service's own (never a client's), logged. */
  readonly logger: { error(fields: object, message: string): void };
  /** How often a socket is pinged, and how long its pong may take (graphql-ws's default: 12 s). */
  readonly keepAliveMs?: number;
}

/** A refusal on one subscription: its error message, with the stable code and details. */
const refusal = (error: AppError) =>
  new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });

/**
 * A subscribe message that names a subscription (a string id not in use, on an acknowledged
 * connection) but whose payload is not what the protocol asks (a query that is not a string,
 * variables that are not an object…): the mistake, to answer on that subscription. graphql-ws
 * itself would close the whole socket (4400) and end the caller's other subscriptions with it; a
 * message that names no subscription, or breaks the connection's own rules, still does (PROTOCOL.md
 * of graphql-ws: there is nobody else to answer).
 */
const subscriptionMistake = (
  data: string,
  extra: SocketExtra,
): { readonly id: string; readonly message: string } | null => {
  if (!extra.acknowledged) return null;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const { type, id } = message as { type?: unknown; id?: unknown };
  if (type !== MessageType.Subscribe || typeof id !== 'string' || id === '' || extra.ids.has(id)) return null;
  try {
    validateMessage(message);
    return null;
  } catch (error) {
    return { id, message: (error as Error).message };
  }
};

/**
 * The GraphQL pipeline over graphql-ws on the API's path: graphql-ws's transport-free server
 * (`makeServer`) bound to `ws` sockets, a thin adapter. A client's mistake concerns its own
 * subscription only: a payload of the wrong shape, a document that does not parse or validate, an
 * unknown operation, a query sent where a subscription belongs, variables of the wrong types, a
 * caller over its rates or caps — each is answered on that subscription with a stable
 * `extensions.code`, and the caller's other subscriptions go on; a fault of the service's own is
 * that subscription's INTERNAL_SERVER_ERROR, logged, never the socket's end. The token travels in
 * `connectionParams.authorization`; a bad one fails every subscribe with UNAUTHENTICATED, as over HTTP.
 */
export const createSubscriptionServer = (options: SubscriptionServerOptions) => {
  const { pipeline, caps, logger } = options;
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: MAX_BODY_BYTES,
    handleProtocols,
  });
  const userKey = (viewer: Viewer) => `${viewer.role}:${viewer.userId}`;
  const internal = (error: unknown, where: string) => {
    logger.error({ err: error }, `subscription ${where}`);
    return [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
  };

  const hooks: ServerOptions<{ authorization?: unknown; Authorization?: unknown }, SocketExtra> = {
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
        ctx.extra.authError =
          error instanceof AppError ? error : new UnauthenticatedError('Invalid bearer token');
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
      ctx.extra.acknowledged = true;
      return true;
    },
    onSubscribe: async (ctx, id, payload) => {
      ctx.extra.ids.add(id);
      try {
        const outcome = pipeline.check(payload.query);
        if ('errors' in outcome) return outcome.errors.map(refusal);
        const { document } = outcome;
        if (ctx.extra.authError) return [refusal(ctx.extra.authError)];
        const viewer = ctx.extra.viewer ?? null;
        const operation = pipeline.operationOf(document, payload.operationName);
        if (operation instanceof AppError) return [refusal(operation)];
        const context = pipeline.context({ viewer, requestId: randomUUID() });
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
      } catch (error) {
        return internal(error, 'refused at subscribe');
      }
    },
    onComplete: (ctx, id) => {
      ctx.extra.ids.delete(id);
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
  };
  const server = makeServer(hooks);

  wsServer.on('connection', (socket, request) => {
    const extra: SocketExtra = { socket, request, ids: new Set() };
    const send = (data: string) =>
      new Promise<void>((resolve, reject) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        socket.send(data, (error) => (error ? reject(error) : resolve()));
      });
    // A socket that stops answering pings is ended: its subscriptions hold queued updates.
    let pongWait: NodeJS.Timeout | undefined;
    const pings =
      keepAliveMs > 0
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => clearTimeout(pongWait));
            socket.ping();
          }, keepAliveMs)
        : undefined;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send,
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data: Buffer) => {
            const text = String(data);
            const mistake = subscriptionMistake(text, extra);
            try {
              if (!mistake) return await handle(text);
              await send(
                stringifyMessage({
                  id: mistake.id,
                  type: MessageType.Error,
                  payload: [{ message: mistake.message, extensions: { code: 'BAD_REQUEST' } }],
                }),
              );
            } catch (error) {
              // graphql-ws's own failure, or a socket that broke while answering: nothing a client did.
              logger.error({ err: error }, 'graphql-ws message handling');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    socket.once('error', (error) => {
      logger.error({ err: error }, 'WebSocket');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pings);
      void closed(code, String(reason));
    });
  });

  return {
    wsServer,
    /** Closes every socket (1001, going away) and stops accepting new ones. */
    async close(): Promise<void> {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
};
