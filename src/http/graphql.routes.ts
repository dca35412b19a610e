import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type RequestHandler } from 'express';
import { GraphQLError, type DocumentNode } from 'graphql';
import { AppError, ValidationError } from '../core/errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { GraphQLPipeline } from '../graphql/pipeline.js';
import { MAX_BODY_BYTES, parseBody, statusOf } from './errors.js';

const POSITION = /^\d{1,19}$/;

/** Where the pipeline's refusal goes over HTTP: a GraphQL error carrying its status and headers. */
const asHttpError = (error: unknown): GraphQLError => {
  if (!(error instanceof AppError)) return error as GraphQLError;
  const { status, headers } = statusOf(error);
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...error.details,
      http: { status, headers: new HeaderMap(Object.entries(headers)) },
    },
  });
};

/** `X-Ledger-Min-Position` header, or `extensions.minPosition` in the request body. */
const minPositionOf = (request: Request): bigint | undefined => {
  const value =
    request.header('x-ledger-min-position') ??
    (request.body as { extensions?: { minPosition?: unknown } } | undefined)?.extensions?.minPosition;
  if (value === undefined || value === null || value === '') return undefined;
  if (!POSITION.test(String(value))) {
    throw asHttpError(new ValidationError('minPosition must be a log position (decimal digits)'));
  }
  return BigInt(String(value));
};

/** The pipeline's validated documents as Apollo Server's document store (it keys them by a schema prefix and the text's SHA-256). */
const documentStoreOf = (pipeline: GraphQLPipeline) => {
  const key = (apolloKey: string) => apolloKey.slice(apolloKey.lastIndexOf(':') + 1);
  return {
    get: (apolloKey: string) => Promise.resolve(pipeline.documents.get(key(apolloKey))),
    set: (apolloKey: string, document: DocumentNode) => {
      pipeline.documents.set(key(apolloKey), document);
      return Promise.resolve();
    },
    delete: (apolloKey: string) => Promise.resolve(pipeline.documents.delete(key(apolloKey))),
  };
};

export interface GraphQLRoutesOptions {
  readonly pipeline: GraphQLPipeline;
  /** The explorer reads the schema by introspection: on wherever the explorer is. */
  readonly introspection: boolean;
  readonly production: boolean;
  /** Times each operation by its type, first root field and outcome. */
  readonly timeOperation: () => (labels: { type: string; field: string; outcome: string }) => void;
}

/**
 * The GraphQL pipeline over HTTP: Apollo Server behind Express, a thin adapter. Who asks is known
 * before anything runs (an invalid token is 401, a user over its rate 429); then the pipeline admits
 * the operation, and its refusals leave with their HTTP status (src/http/errors.ts § statusOf).
 */
export const createGraphQLRoutes = async (
  options: GraphQLRoutesOptions,
): Promise<{ readonly middleware: RequestHandler[]; stop(): Promise<void> }> => {
  const { pipeline } = options;

  const admission: ApolloServerPlugin<GraphQLContext> = {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: async ({ contextValue, operation }) => {
          try {
            await pipeline.admit(operation?.operation, 'http', contextValue);
          } catch (error) {
            throw asHttpError(error);
          }
        },
      }),
  };

  const timing: ApolloServerPlugin<GraphQLContext> = {
    requestDidStart: () => {
      const stop = options.timeOperation();
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
    schema: pipeline.schema,
    documentStore: documentStoreOf(pipeline),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: !options.production,
    // The service stops itself, in order (src/app/run.ts), not on Apollo's own signal handlers.
    stopOnTerminationSignals: false,
    parseOptions: pipeline.parseOptions,
    validationRules: pipeline.validationRules,
    formatError: pipeline.formatError,
    plugins: [
      timing,
      admission,
      // Browsers get the service's own explorer (src/http/web.routes.ts), never a page from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // No response is cached by HTTP caches (answers depend on the token); without this plugin no
      // hook wraps every field's resolver.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.production ? [ApolloServerPluginDisableSuggestions()] : []),
    ],
  });
  await apollo.start();

  return {
    middleware: [
      // Answers depend on the bearer token: no shared cache may keep one.
      ((_request, response, next) => {
        response.setHeader('cache-control', 'no-store');
        next();
      }) satisfies RequestHandler,
      parseBody(express.json({ limit: MAX_BODY_BYTES }), (status) =>
        status === 413
          ? `The request body is over ${MAX_BODY_BYTES} bytes`
          : status === 415
            ? 'The request body is in a charset or encoding this service does not read (send UTF-8 JSON)'
            : 'The request body is not valid JSON, or its encoding is corrupt',
      ),
      expressMiddleware(apollo, {
        context: async ({ req, res }): Promise<GraphQLContext> => {
          try {
            const viewer = await pipeline.authenticate(req.header('authorization'));
            await pipeline.countRequest(viewer);
            const idempotencyKey = req.header('idempotency-key');
            const minPosition = minPositionOf(req);
            return pipeline.context({
              viewer,
              requestId: String(res.locals.requestId),
              ...(idempotencyKey ? { idempotencyKey } : {}),
              ...(minPosition !== undefined ? { minPosition } : {}),
            });
          } catch (error) {
            throw asHttpError(error);
          }
        },
      }),
    ],
    stop: () => apollo.stop(),
  };
};
