import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { GraphQLError, type GraphQLSchema, parse, validate, specifiedRules, getOperationAST } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { COLLABORATION_STREAM_PREFIX } from '../contexts/collaboration/collaboration.decide.js';
import { AppError, UnauthenticatedError } from '../core/errors.js';
import type { Services } from '../app/services.js';
import { createTokenVerifier } from './auth/tokens.js';
import type { Viewer } from './auth/viewer.js';
import { createLoaders, type GraphQLContext } from './context.js';
import { waitForPosition } from './common/commands.js';
import { createErrorFormatter } from './errors.js';
import { LIMITS, limitRules } from './limits.js';
import { buildLedgerSchema } from './schema.js';
import { LogHub } from './subscriptions/logHub.js';
import { evidenceRoutes } from '../http/evidence.routes.js';
import { loadSigningKey, publishedKey } from '../audit/signing.js';

export interface LedgerServer {
  readonly url: string;
  readonly port: number;
  readonly app: Express;
  readonly httpServer: Server;
  readonly hub: LogHub;
  /** Fingerprint of the key audit exports are signed with (served at GET /audit/signing-key). */
  readonly auditKeyId: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  /** Routes added before the GraphQL endpoint (e.g. evidence files). */
  readonly routes?: (app: Express, authenticate: (request: Request) => Promise<Viewer | null>) => void;
}

const POSITION = /^\d{1,19}$/;
const KNOWN_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/evidence']);

/** `X-Ledger-Min-Position` header, or `extensions.minPosition` in the request body. */
const minPositionOf = (request: Request): bigint | undefined => {
  const value =
    request.header('x-ledger-min-position') ??
    (request.body as { extensions?: { minPosition?: unknown } } | undefined)?.extensions?.minPosition;
  if (value === undefined || value === null || value === '') return undefined;
  if (!POSITION.test(String(value))) {
    throw new GraphQLError('minPosition must be a log position (decimal digits)', {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
  return BigInt(String(value));
};

/** An invalid or expired token fails the whole request with 401; a missing one leaves resolvers to refuse. */
const asHttpError = (error: unknown): GraphQLError =>
  error instanceof AppError
    ? new GraphQLError(error.message, {
        extensions: {
          code: error.code,
          ...error.details,
          http: { status: error.code === 'UNAUTHENTICATED' ? 401 : 400 },
        },
      })
    : (error as GraphQLError);

/**
 * The API on one port and one path (/graphql): Apollo Server over Express for queries and mutations,
 * graphql-ws over the same HTTP server for subscriptions; /healthz, /readyz and /metrics beside it.
 */
export const startServer = async (services: Services, options: ServerOptions): Promise<LedgerServer> => {
  const { config, logger, metrics } = services;
  const schema: GraphQLSchema = await buildLedgerSchema();
  const tokens = createTokenVerifier({
    ...(config.jwtSecret ? { secret: config.jwtSecret } : {}),
    ...(config.jwksUrl ? { jwksUrl: config.jwksUrl } : {}),
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
    requireExp: config.jwtRequireExp,
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
  });
  const hub = new LogHub(services.eventStore, COLLABORATION_STREAM_PREFIX, (error) =>
    logger.error({ err: error }, 'log hub'),
  );
  await hub.start();
  metrics.sources.listeners = () => hub.listeners;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const httpServer = createServer(app);

  app.use((request, response, next) => {
    const started = performance.now();
    const requestId = request.header('x-request-id') ?? randomUUID();
    response.setHeader('x-request-id', requestId);
    response.locals.requestId = requestId;
    response.on('finish', () => {
      // The first segment of the path: few distinct values, whatever clients send.
      const segment = `/${(request.originalUrl.split('?')[0] ?? '').split('/')[1] ?? ''}`;
      const route = KNOWN_ROUTES.has(segment) ? segment : 'other';
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      logger.info(
        {
          requestId,
          method: request.method,
          path: request.path,
          status: response.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    });
    next();
  });

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    const projections = await services.runner.status();
    const ready = projections.every((p) => p.state === 'running' && p.lag <= BigInt(config.readyMaxLag));
    response.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      maxLag: config.readyMaxLag,
      projections: projections.map((p) => ({
        name: p.name,
        state: p.state,
        lag: Number(p.lag),
        checkpoint: String(p.checkpoint),
        rebuilding: p.rebuilding,
        ...(p.error ? { error: p.error } : {}),
      })),
    });
  });
  // The public half of the key audit exports are signed with (`npm run audit:verify -- --key-id`).
  const auditKey = publishedKey(loadSigningKey(config.auditSigningKeyFile));
  app.get('/audit/signing-key', (_request, response) => {
    response.json(auditKey);
  });
  app.get('/metrics', async (_request, response) => {
    response.setHeader('content-type', metrics.registry.contentType);
    response.send(await metrics.registry.metrics());
  });

  const authenticate = (request: Request) => tokens.fromAuthorization(request.header('authorization'));
  evidenceRoutes({
    blobs: services.blobs,
    readStore: services.readStore,
    maxBytes: config.evidenceMaxBytes,
    now: services.now,
    logger,
    // A party reading a file just cited waits for the trail; anyone refused waits a second at most.
    catchUp: async () => {
      const head = await services.eventStore.headPosition();
      await services.runner.waitFor(head, Math.min(1000, config.freshnessTimeoutMs), ['disputes']);
    },
  })(app, authenticate);
  options.routes?.(app, authenticate);

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: LIMITS.maxBodyBytes,
  });
  const rules = limitRules();
  const wsCleanup = useServer<
    { authorization?: string; Authorization?: string },
    { viewer: Viewer | null; authError?: unknown }
  >(
    {
      schema,
      onConnect: async (ctx) => {
        // The token travels in connectionParams. A bad one is remembered: every subscribe then fails
        // with UNAUTHENTICATED, the same code as over HTTP.
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          ctx.extra.viewer = await tokens.fromAuthorization(typeof header === 'string' ? header : undefined);
        } catch (error) {
          ctx.extra.viewer = null;
          ctx.extra.authError = error;
        }
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const document = parse(payload.query);
        const errors = validate(schema, document, [...specifiedRules, ...rules]);
        if (errors.length > 0) return errors;
        if (ctx.extra.authError) {
          return [
            new GraphQLError((ctx.extra.authError as Error).message, {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ];
        }
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return [
            new GraphQLError('Send queries and mutations over HTTP; this socket carries subscriptions', {
              extensions: { code: 'BAD_REQUEST' },
            }),
          ];
        }
        return undefined;
      },
      context: (ctx): GraphQLContext => ({
        viewer: ctx.extra.viewer ?? null,
        services,
        loaders: createLoaders(services.readStore),
        hub,
        requestId: randomUUID(),
      }),
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors)
          if (!(error.originalError instanceof AppError)) logger.warn({ err: error }, 'subscription error');
      },
    },
    wsServer,
  );

  /**
   * Read-your-writes for a whole query: when the request asked for a minimum log position, execution
   * starts once the projections reached it (or fails with STALE_READ). Every resolver checks the
   * viewer itself; no per-field middleware taxes the rest of the tree.
   */
  const freshnessPlugin: ApolloServerPlugin<GraphQLContext> = {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: async ({ contextValue, operation }) => {
          if (operation?.operation === 'query' && contextValue.minPosition !== undefined) {
            await waitForPosition(contextValue, contextValue.minPosition);
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
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
    validationRules: rules,
    formatError: createErrorFormatter({ production: config.production, logger }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        serverWillStart: () =>
          Promise.resolve({
            drainServer: async () => {
              await wsCleanup.dispose();
            },
          }),
      },
      metricsPlugin,
      freshnessPlugin,
      ...(config.production
        ? [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDisableSuggestions()]
        : []),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: LIMITS.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        let viewer: Viewer | null;
        try {
          viewer = await authenticate(req);
        } catch (error) {
          throw asHttpError(
            error instanceof AppError ? error : new UnauthenticatedError('Invalid bearer token'),
          );
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
  );

  // Bodies too large or not JSON: a GraphQL-shaped error with a stable code, the server stays up.
  const bodyErrors: ErrorRequestHandler = (
    error: { type?: string; status?: number; message?: string },
    _request,
    response,
    next,
  ) => {
    if (response.headersSent) return next(error);
    const code =
      error.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : error.type === 'entity.parse.failed'
          ? 'BAD_REQUEST'
          : undefined;
    if (!code) {
      logger.error({ err: error }, 'unhandled HTTP error');
      response.status(500).json({
        errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
      return;
    }
    response.status(error.status ?? 400).json({
      errors: [
        {
          message:
            code === 'PAYLOAD_TOO_LARGE'
              ? `The request body is over ${LIMITS.maxBodyBytes} bytes`
              : 'The request body is not valid JSON',
          extensions: { code },
        },
      ],
    });
  };
  app.use(bodyErrors);

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const address = httpServer.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${address.port}/graphql`;

  return {
    url,
    port: address.port,
    app,
    httpServer,
    hub,
    auditKeyId: auditKey.keyId,
    async close() {
      await apollo.stop();
      await hub.stop();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
};
