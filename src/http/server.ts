import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { RequestLimits } from '../access/limits.js';
import type { TokenVerifier } from '../access/tokens.js';
import { loadSigningKey, publishedKey } from '../audit/signing.js';
import type { BlobStore } from '../blobStore/blobStore.js';
import { COLLABORATION_STREAM_PREFIX } from '../contexts/collaboration/collaboration.decide.js';
import type { WriteSide } from '../contexts/writeSide.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { createGraphQLPipeline } from '../graphql/pipeline.js';
import type { DocumentLimitSettings } from '../graphql/limits.js';
import { buildLedgerSchema } from '../graphql/schema.js';
import type { WebhookRules } from '../graphql/context.js';
import { LogHub } from '../live/logHub.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import type { Lease } from '../leases/leaseStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { auditRoutes } from './audit.routes.js';
import { devTokenRoutes } from './devToken.routes.js';
import { createHttpDrain } from './drain.js';
import { errorHandler, notFound } from './errors.js';
import { evidenceRoutes } from './evidence.routes.js';
import { createGraphQLRoutes } from './graphql.routes.js';
import { createSubscriptionServer } from './graphql.websocket.js';
import { operationsRoutes, type OperationsSettings } from './operations.routes.js';
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

/** The settings the HTTP server reads (src/app/config.ts has them all, from the environment). */
export interface HttpSettings extends OperationsSettings {
  readonly production: boolean;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe. */
  readonly trustProxy: boolean | number | string;
  /** Whether browsers get the GraphQL explorer (and introspection is on). */
  readonly explorer: boolean;
  /** Whether `POST /dev/token` mints development tokens (with the development secret). */
  readonly devTokens: boolean;
  readonly jwtSecret: string | undefined;
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
  readonly limits: DocumentLimitSettings & { readonly subscriptionsPerUser: number };
  readonly auditSigningKeyFile: string;
  readonly evidenceMaxBytes: number;
  readonly freshnessTimeoutMs: number;
}

/** What the server is given by the composition root (src/app): each part it uses, nothing more. */
export interface ServerDeps {
  readonly settings: HttpSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tokens: TokenVerifier;
  readonly limits: RequestLimits;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly blobs: BlobStore;
  readonly write: WriteSide;
  /** The read models: their state for /readyz, and how fresh they are for read-your-writes. */
  readonly readModels: Pick<ProjectionRunner, 'status' | 'waitFor'>;
  /** Every lease (who projects, who schedules), for /readyz. */
  readonly leases: () => Promise<Lease[]>;
  /** The time commands are decided at (ISO-8601 UTC). */
  readonly now: () => string;
  /** The secret the ids of keyed (retried) commands are derived under. */
  readonly idSecret: () => Buffer;
  /** Where webhooks may go (README § Webhooks). */
  readonly webhooks: WebhookRules;
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

/** How long requests in flight at a stop have to be answered before their connections are cut. */
const STOP_GRACE_MS = 5_000;

/**
 * The service's HTTP server, one port: the GraphQL endpoint (queries and mutations over HTTP,
 * subscriptions over graphql-ws on the same path), evidence files, the audit signing key, and the
 * operator's routes. GraphQL is mounted here as one handler among others; it knows no transport.
 */
export const startServer = async (deps: ServerDeps, options: ServerOptions): Promise<LedgerServer> => {
  const { settings: config, logger, metrics, tokens, limits } = deps;

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
  const drain = createHttpDrain(httpServer);
  app.use(drain.middleware);

  // The operator's routes are not rate limited: probes and scrapers come often, from one address.
  operationsRoutes(app, { settings: config, metrics, readModels: deps.readModels, leases: deps.leases });
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
      close: () => drain.close(STOP_GRACE_MS),
    };
  }
  app.use((request, _response, next) => {
    limits.address(request.ip ?? request.socket.remoteAddress ?? 'unknown').then(() => next(), next);
  });
  const hub = new LogHub(deps.eventStore, COLLABORATION_STREAM_PREFIX, (error) =>
    logger.error({ err: error }, 'log hub'),
  );
  await hub.start();
  metrics.sources.listeners = () => hub.subscriptions;

  // The signing key's public half (`npm run audit:verify -- --key-id`) and signed exports.
  const signingKey = loadSigningKey(config.auditSigningKeyFile);
  const auditKey = publishedKey(signingKey);
  auditRoutes(app, {
    eventStore: deps.eventStore,
    blobs: deps.blobs,
    signingKey,
    now: deps.now,
    limits,
    authenticate: (request) => tokens.fromAuthorization(request.header('authorization')),
  });
  // The explorer and the audit console (web/), and in development the tokens they can mint.
  webRoutes(app, { explorer: config.explorer });
  if (config.devTokens && config.jwtSecret) {
    devTokenRoutes(app, { secret: config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience });
  }

  evidenceRoutes({
    blobs: deps.blobs,
    readStore: deps.readStore,
    maxBytes: config.evidenceMaxBytes,
    now: deps.now,
    logger,
    limits,
    // A party reading a file just cited waits for the trail; anyone refused waits a second at most.
    catchUp: async () => {
      const head = await deps.eventStore.headPosition();
      await deps.readModels.waitFor(head, Math.min(1000, config.freshnessTimeoutMs), ['disputes']);
    },
  })(app, (request) => tokens.fromAuthorization(request.header('authorization')));

  const pipeline = createGraphQLPipeline({
    schema: await buildLedgerSchema(),
    services: {
      write: deps.write,
      readStore: deps.readStore,
      eventStore: deps.eventStore,
      blobs: deps.blobs,
      freshness: {
        waitFor: (position, projections) =>
          deps.readModels.waitFor(position, config.freshnessTimeoutMs, projections),
        timeoutMs: config.freshnessTimeoutMs,
      },
      views: hub.views,
      now: deps.now,
      idSecret: deps.idSecret,
      webhooks: deps.webhooks,
    },
    tokens,
    limits,
    documentLimits: config.limits,
    production: config.production,
    logger,
  });
  const graphql = await createGraphQLRoutes({
    pipeline,
    introspection: !config.production || config.explorer,
    production: config.production,
    timeOperation: () => metrics.graphqlDuration.startTimer(),
  });
  app.use('/graphql', ...graphql.middleware);
  const subscriptions = createSubscriptionServer({
    pipeline,
    caps: limits,
    subscriptionsPerUser: config.limits.subscriptionsPerUser,
    httpServer,
    // The same address Express sees, with the same trusted proxies.
    addressOf: (request) => proxyaddr(request, app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]),
    logger,
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
        // Subscribers are closed once no new connection comes (they would hold the server open).
        await drain.close(STOP_GRACE_MS, () => subscriptions.close());
        await graphql.stop();
        await hub.stop();
      })()),
  };
};
