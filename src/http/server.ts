import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Services } from '../app/services.js';
import { loadSigningKey, publishedKey } from '../audit/signing.js';
import { COLLABORATION_STREAM_PREFIX } from '../contexts/collaboration/collaboration.decide.js';
import { createTokenVerifier } from '../graphql/auth/tokens.js';
import { createGraphQLHandler } from '../graphql/http.js';
import { buildLedgerSchema } from '../graphql/schema.js';
import { LogHub } from '../graphql/subscriptions/logHub.js';
import { createSubscriptionServer } from '../graphql/websocket.js';
import { auditRoutes } from './audit.routes.js';
import { devTokenRoutes } from './devToken.routes.js';
import { errorHandler, notFound } from './errors.js';
import { evidenceRoutes } from './evidence.routes.js';
import { createRequestLimits } from './limits.js';
import { operationsRoutes } from './operations.routes.js';
import { webRoutes } from './web.routes.js';

export interface LedgerServer {
  readonly url: string;
  readonly port: number;
  readonly app: Express;
  readonly httpServer: Server;
  /** The log's collaboration streams fanned out to subscriptions (absent without the API). */
  readonly hub: LogHub | undefined;
  /** Fingerprint of the key audit exports are signed with (served at GET /audit/signing-key). */
  readonly auditKeyId: string;
  /**
   * Stops taking requests and drains: in-flight HTTP requests finish (bounded), WebSockets close
   * (1001), the log hub stops. The services (projections, stores) are the caller's to close after.
   */
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  /** Serve the API (GraphQL, evidence, audit key); without, only the operator's routes. Default true. */
  readonly api?: boolean;
}

const KNOWN_ROUTES = new Set([
  '/graphql',
  '/healthz',
  '/readyz',
  '/metrics',
  '/evidence',
  '/audit',
  '/console',
  '/ui',
  '/dev',
]);

/**
 * The service's HTTP server, one port: the GraphQL endpoint (queries and mutations over HTTP,
 * subscriptions over graphql-ws on the same path), evidence files, the audit signing key, and the
 * operator's routes. GraphQL is mounted here as one handler among others; it knows no transport.
 */
export const startServer = async (services: Services, options: ServerOptions): Promise<LedgerServer> => {
  const { config, logger, metrics } = services;
  const schema = await buildLedgerSchema();
  const tokens = createTokenVerifier({
    ...(config.jwtSecret ? { secret: config.jwtSecret } : {}),
    ...(config.jwksUrl ? { jwksUrl: config.jwksUrl } : {}),
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
    requireExp: config.jwtRequireExp,
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
  });
  const limits = createRequestLimits(config.limits);

  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every answer: GraphQL answers are not to be cached (`no-store`), and
  // files carry their own (static files, evidence by its hash).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);

  app.use((request, response, next) => {
    const started = performance.now();
    const requestId = request.header('x-request-id')?.slice(0, 200) ?? randomUUID();
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
          path: request.originalUrl.split('?')[0],
          status: response.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    });
    next();
  });

  // The operator's routes are not rate limited: probes and scrapers come often, from one address.
  operationsRoutes(app, services);
  if (options.api === false) {
    // A projector or scheduler process: answers its operator, nothing else.
    app.use(notFound);
    app.use(errorHandler(logger));
    await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
    const { port } = httpServer.address() as AddressInfo;
    return {
      url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/graphql`,
      port,
      app,
      httpServer,
      hub: undefined,
      auditKeyId: '',
      close: async () => {
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeAllConnections();
      },
    };
  }
  app.use(limits.perAddress);
  const hub = new LogHub(services.eventStore, COLLABORATION_STREAM_PREFIX, (error) =>
    logger.error({ err: error }, 'log hub'),
  );
  await hub.start();
  metrics.sources.listeners = () => hub.subscriptions;

  // The signing key's public half (`npm run audit:verify -- --key-id`) and signed exports.
  const signingKey = loadSigningKey(config.auditSigningKeyFile);
  const auditKey = publishedKey(signingKey);
  auditRoutes(app, {
    eventStore: services.eventStore,
    blobs: services.blobs,
    signingKey,
    now: services.now,
    limits,
    authenticate: (request) => tokens.fromAuthorization(request.header('authorization')),
  });
  // The explorer and the audit console (web/), and in development the tokens they can mint.
  webRoutes(app, { explorer: config.explorer });
  if (config.devTokens && config.jwtSecret) {
    devTokenRoutes(app, { secret: config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience });
  }

  evidenceRoutes({
    blobs: services.blobs,
    readStore: services.readStore,
    maxBytes: config.evidenceMaxBytes,
    now: services.now,
    logger,
    limits,
    // A party reading a file just cited waits for the trail; anyone refused waits a second at most.
    catchUp: async () => {
      const head = await services.eventStore.headPosition();
      await services.runner.waitFor(head, Math.min(1000, config.freshnessTimeoutMs), ['disputes']);
    },
  })(app, (request) => tokens.fromAuthorization(request.header('authorization')));

  const graphql = await createGraphQLHandler({ services, schema, tokens, hub, limits, httpServer });
  app.use('/graphql', ...graphql.middleware);
  const subscriptions = createSubscriptionServer({
    services,
    schema,
    tokens,
    hub,
    limits,
    httpServer,
    // The same address Express sees, with the same trusted proxies.
    addressOf: (request) => proxyaddr(request, app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]),
  });

  app.use(notFound);
  app.use(errorHandler(logger));

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const address = httpServer.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${address.port}/graphql`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    app,
    httpServer,
    hub,
    auditKeyId: auditKey.keyId,
    close: () =>
      (closing ??= (async () => {
        // Subscribers first (they would hold the HTTP server open), then HTTP: Apollo's drain stops
        // new connections, lets requests in flight finish and closes idle keep-alive sockets.
        await subscriptions.close();
        await graphql.stop();
        await hub.stop();
      })()),
  };
};
