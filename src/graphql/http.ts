import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Services } from '../app/services.js';
import { AppError, UnauthenticatedError } from '../core/errors.js';
import { RateLimitedError, parseBody } from '../http/errors.js';
import type { RequestLimits } from '../http/limits.js';
import type { TokenVerifier } from './auth/tokens.js';
import type { Viewer } from './auth/viewer.js';
import { createLoaders, type GraphQLContext } from './context.js';
import { waitForPosition } from './common/commands.js';
import { createErrorFormatter } from './errors.js';
import { LIMITS, limitRules } from './limits.js';
import type { LogHub } from './subscriptions/logHub.js';

const POSITION = /^\d{1,19}$/;

/** An error that decides the HTTP answer: its status, headers and stable code. */
const httpError = (
  message: string,
  code: string,
  status: number,
  headers: Record<string, string> = {},
  details: Record<string, unknown> = {},
): GraphQLError =>
  new GraphQLError(message, {
    extensions: { code, ...details, http: { status, headers: new HeaderMap(Object.entries(headers)) } },
  });

const asHttpError = (error: unknown): GraphQLError => {
  if (error instanceof RateLimitedError) {
    return httpError(
      error.message,
      error.code,
      429,
      { 'retry-after': String(error.retryAfterSeconds) },
      {
        ...error.details,
      },
    );
  }
  if (error instanceof AppError) {
    return httpError(
      error.message,
      error.code,
      error.code === 'UNAUTHENTICATED' ? 401 : 400,
      {},
      {
        ...error.details,
      },
    );
  }
  return error as GraphQLError;
};

/** `X-Ledger-Min-Position` header, or `extensions.minPosition` in the request body. */
const minPositionOf = (request: Request): bigint | undefined => {
  const value =
    request.header('x-ledger-min-position') ??
    (request.body as { extensions?: { minPosition?: unknown } } | undefined)?.extensions?.minPosition;
  if (value === undefined || value === null || value === '') return undefined;
  if (!POSITION.test(String(value))) {
    throw httpError('minPosition must be a log position (decimal digits)', 'BAD_USER_INPUT', 400);
  }
  return BigInt(String(value));
};

export interface GraphQLHandlerOptions {
  readonly services: Services;
  readonly schema: GraphQLSchema;
  readonly tokens: TokenVerifier;
  readonly hub: LogHub;
  readonly limits: RequestLimits;
  /** Drained on stop: in-flight requests finish, idle keep-alive connections close. */
  readonly httpServer: Server;
}

/**
 * Queries and mutations over HTTP: Apollo Server behind Express. Who asks is known before anything
 * runs (an invalid token is 401, a user over its rate 429); then the operation: a subscription is
 * refused (it belongs on the WebSocket), a mutation counts against the user's mutation rate, and a
 * query asking for a minimum log position waits for the read models — a position not yet written is
 * the client's error (400 at once), read models that lag are the service's (503 with Retry-After).
 */
export const createGraphQLHandler = async (
  options: GraphQLHandlerOptions,
): Promise<{ readonly middleware: RequestHandler[]; stop(): Promise<void> }> => {
  const { services, schema, tokens, hub, limits } = options;
  const { config, logger, metrics } = services;

  const operationPlugin: ApolloServerPlugin<GraphQLContext> = {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: async ({ contextValue, operation }) => {
          const type = operation?.operation;
          if (type === 'subscription') {
            throw httpError(
              'Subscriptions run over WebSocket (graphql-ws) on this path, not over HTTP',
              'BAD_REQUEST',
              400,
            );
          }
          if (type === 'mutation' && contextValue.viewer) {
            try {
              await limits.mutation(`${contextValue.viewer.role}:${contextValue.viewer.userId}`);
            } catch (error) {
              throw asHttpError(error);
            }
          }
          if (type === 'query' && contextValue.minPosition !== undefined) {
            const head = await services.eventStore.headPosition();
            if (contextValue.minPosition > head) {
              throw httpError(
                `Position ${contextValue.minPosition} is beyond the head of the log (${head}): no write returned it`,
                'BAD_USER_INPUT',
                400,
                {},
                { position: contextValue.minPosition.toString(), head: head.toString() },
              );
            }
            try {
              await waitForPosition(contextValue, contextValue.minPosition);
            } catch (error) {
              if (!(error instanceof AppError) || error.code !== 'STALE_READ') throw error;
              throw httpError(error.message, 'STALE_READ', 503, { 'retry-after': '1' }, { ...error.details });
            }
          }
        },
      }),
  };

  const metricsPlugin: ApolloServerPlugin<GraphQLContext> = {
    requestDidStart: () => {
      const stop = metrics.graphqlDuration.startTimer();
      return Promise.resolve({
        willSendResponse: (request) => {
          const field = request.operation?.selectionSet.selections.find((s) => s.kind === 'Field');
          stop({
            type: request.operation?.operation ?? 'invalid',
            field: field && field.kind === 'Field' ? field.name.value : '',
            outcome: request.errors?.length ? 'error' : 'ok',
          });
          return Promise.resolve();
        },
      });
    },
  };

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // The explorer reads the schema by introspection: on wherever the explorer is.
    introspection: !config.production || config.explorer,
    includeStacktraceInErrorResponses: !config.production,
    // The service stops itself, in order (src/app/main.ts), not on Apollo's own signal handlers.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.queryTokens },
    validationRules: limitRules(config.limits),
    formatError: createErrorFormatter({ production: config.production, logger }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: 5_000 }),
      metricsPlugin,
      operationPlugin,
      // Browsers get the service's own explorer (src/http/web.routes.ts), never a page from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // No response is cached by HTTP caches (answers depend on the token); without this plugin no
      // hook wraps every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      ...(config.production ? [ApolloServerPluginDisableSuggestions()] : []),
    ],
  });
  await apollo.start();

  const authenticate = async (request: Request): Promise<Viewer | null> => {
    try {
      return await tokens.fromAuthorization(request.header('authorization'));
    } catch (error) {
      throw asHttpError(error instanceof AppError ? error : new UnauthenticatedError('Invalid bearer token'));
    }
  };

  return {
    middleware: [
      // Answers depend on the bearer token: no shared cache may keep one.
      ((_request, response, next) => {
        response.setHeader('cache-control', 'no-store');
        next();
      }) satisfies RequestHandler,
      parseBody(express.json({ limit: LIMITS.maxBodyBytes }), (status) =>
        status === 413
          ? `The request body is over ${LIMITS.maxBodyBytes} bytes`
          : status === 415
            ? 'The request body is in a charset or encoding this service does not read (send UTF-8 JSON)'
            : 'The request body is not valid JSON, or its encoding is corrupt',
      ),
      expressMiddleware(apollo, {
        context: async ({ req, res }): Promise<GraphQLContext> => {
          const viewer = await authenticate(req);
          if (viewer) {
            try {
              await limits.user(`${viewer.role}:${viewer.userId}`);
            } catch (error) {
              throw asHttpError(error);
            }
          }
          const idempotencyKey = req.header('idempotency-key');
          const minPosition = minPositionOf(req);
          return {
            viewer,
            services,
            loaders: createLoaders(services.readStore),
            hub,
            requestId: String(res.locals.requestId),
            ...(idempotencyKey ? { idempotencyKey: idempotencyKey.slice(0, 200) } : {}),
            ...(minPosition !== undefined ? { minPosition } : {}),
          };
        },
      }),
    ],
    stop: () => apollo.stop(),
  };
};
