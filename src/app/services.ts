import { hkdfSync } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { projections } from '../../projections/index.js';
import { createRequestLimits, memoryCounters, type RateCounters } from '../access/limits.js';
import { createTokenVerifier } from '../access/tokens.js';
import { loadSigningKey } from '../audit/signing.js';
import { createEventCatalog } from '../contexts/catalog.js';
import { createWriteSide, type WriteSide } from '../contexts/writeSide.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import { startServer, type LedgerServer, type ServerOptions } from '../http/server.js';
import { createMetrics, instrumentEventStore, type Metrics } from '../metrics/metrics.js';
import {
  SCHEDULER_LEASE,
  createDeadlineScheduler,
  type DeadlineScheduler,
} from '../processes/deadlineScheduler.js';
import { describeLoss, lossFields } from '../leases/holdLease.js';
import { systemResolve, type Resolve } from '../processes/webhooks/addresses.js';
import { prepareDeliveryState } from '../processes/webhooks/deliveryState.js';
import { createWebhookNotifier, type WebhookNotifier } from '../processes/webhooks/notifier.js';
import type { Projection } from '../projectionRunner/projection.js';
import {
  createProjectionRunner,
  type ProjectionRunner,
  type RebuildThreads,
} from '../projectionRunner/projectionRunner.js';
import type { Config } from './config.js';
import { createReactions } from './reactions.js';
import { openStores, type Stores } from './stores.js';

/** The service, wired once: the composition root. Only src/app, scripts and tests hold it whole. */
export interface Services extends Stores {
  readonly config: Config;
  readonly logger: Logger;
  readonly catalog: EventCatalog;
  readonly write: WriteSide;
  readonly runner: ProjectionRunner;
  readonly scheduler: DeadlineScheduler;
  /** Webhook deliveries (the `notifier` role). */
  readonly notifier: WebhookNotifier;
  /** How webhook hosts are resolved (tests give their own). */
  readonly resolve: Resolve;
  readonly metrics: Metrics;
  /** The time commands are decided at (ISO-8601 UTC). */
  readonly now: () => string;
  /** The secret the ids of keyed (retried) commands are derived under: see {@link Config.idSecret}. */
  readonly idSecret: () => Buffer;
  /** Starts the projections and the scheduler. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceOverrides extends Partial<Stores> {
  readonly logger?: Logger;
  /** The clock commands and the deadline scheduler use (tests move it). */
  readonly now?: () => string;
  /** The read models (tests run a changed projection, as an upgrade would bring). */
  readonly projections?: readonly Projection[];
  /** Worker threads rebuilds are shared among (the stores opened again in each). */
  readonly rebuildThreads?: RebuildThreads;
  /** How webhook hosts are resolved (tests: a name that resolves to 127.0.0.1). */
  readonly resolve?: Resolve;
}

/** JSON logs on stdout, at the configured level. */
export const createLogger = (config: Pick<Config, 'logLevel'>): Logger =>
  pino({ level: config.logLevel, base: { service: 'creator-ledger' } });

/**
 * Composes the service from the configuration: the stores it names (src/app/stores.ts, the one place
 * adapters are chosen) unless given, one event catalog, one logger, the write side, the projections
 * with their reactions, the scheduler and the metrics.
 */
export const createServices = async (config: Config, overrides: ServiceOverrides = {}): Promise<Services> => {
  const logger = overrides.logger ?? createLogger(config);
  const catalog = createEventCatalog();
  const metrics = createMetrics();
  let foreignLogged = false;
  const stores = await openStores(config, catalog, {
    given: overrides,
    onEventStoreError: (error) => logger.warn({ err: error }, 'event store housekeeping failed'),
    // Another application's events in a shared log are left out, counted, and the first logged.
    onForeignEvent: (event) => {
      metrics.foreignEvents.inc();
      if (foreignLogged) return;
      foreignLogged = true;
      logger.warn(
        { streamId: event.streamId, type: event.type, position: event.position.toString() },
        'the log holds events another application wrote: they are left out (ledger_event_store_foreign_events_total counts them)',
      );
    },
  });
  const eventStore = instrumentEventStore(stores.eventStore, metrics);
  const { readStore, blobs } = stores;
  const write = createWriteSide({ store: eventStore, catalog });

  const now = overrides.now ?? (() => new Date().toISOString());
  const react = createReactions({ eventStore, catalog, write, now });
  let idSecret: Buffer | undefined;
  const runner = createProjectionRunner({
    eventStore,
    readStore,
    projections: overrides.projections ?? projections,
    logger,
    react,
    live: config.roles.has('projector'),
    leaseTtlMs: config.leaseTtlMs,
    retiredGraceMs: config.retiredGraceMs,
    ...(overrides.rebuildThreads ? { rebuildThreads: overrides.rebuildThreads } : {}),
  });
  metrics.sources.projections = () => runner.status();
  metrics.sources.leases = () => readStore.leases.list();
  metrics.sources.escalatedDisputes = () =>
    readStore.count('disputes', [
      { field: 'status', op: 'eq', value: 'OPEN' },
      { field: 'escalated', op: 'eq', value: 1 },
    ]);
  const scheduler = createDeadlineScheduler({
    readStore,
    write,
    runner,
    head: () => eventStore.headPosition(),
    tickMs: config.schedulerTickMs,
    leaseTtlMs: config.leaseTtlMs,
    now,
    onError: (error) => logger.error({ err: error }, 'deadline scheduler'),
    onLeaseTaken: (token) => logger.info({ lease: SCHEDULER_LEASE, token }, 'firing deadlines here'),
    onLeaseLost: (loss) => logger.warn(lossFields(loss), describeLoss(loss)),
    onFired: (collaborationId, deadline) => {
      metrics.deadlinesFired.inc({ rule: deadline.rule });
      logger.debug({ collaborationId, ...deadline }, 'deadline fired');
    },
    // One line per look (after a seed or downtime, hundreds of deadlines fall due at once).
    onSwept: (fired) => logger.info({ fired }, 'deadlines fired'),
  });

  const idSecretOf = (): Buffer =>
    (idSecret ??= config.idSecret
      ? Buffer.from(config.idSecret)
      : Buffer.from(
          hkdfSync(
            'sha256',
            loadSigningKey(config.auditSigningKeyFile).export({ type: 'pkcs8', format: 'der' }),
            '',
            'creator-ledger/keyed-ids',
            32,
          ),
        ));
  const resolve = overrides.resolve ?? systemResolve;
  const notifier = createWebhookNotifier({
    eventStore,
    readStore,
    write,
    runner,
    serviceSecret: idSecretOf,
    policy: config.webhooks,
    resolve,
    timeoutMs: config.webhooks.timeoutMs,
    deliveriesPerSecondPerOwner: config.webhooks.deliveriesPerSecondPerOwner,
    tickMs: config.webhooks.tickMs,
    leaseTtlMs: config.leaseTtlMs,
    now,
    onAttempt: (endpoint, attempt, appendedAt) => {
      metrics.webhookAttempts.observe({ outcome: attempt.status }, attempt.latencyMs / 1000);
      if (attempt.status === 'FAILED') {
        metrics.webhookFailures.inc({ endpoint: endpoint.endpointId, error: attempt.error ?? 'FAILED' });
      } else if (attempt.attempt === 1 && !attempt.replayId) {
        metrics.webhookLatency.observe(Math.max(0, Date.now() - Date.parse(appendedAt)) / 1000);
      }
    },
    onDisabled: (endpoint) => {
      metrics.webhookEndpointsDisabled.inc();
      logger.warn(
        { endpointId: endpoint.endpointId },
        'webhook endpoint disabled: deliveries failed for 3 days',
      );
    },
    onError: (error) => logger.error({ err: error }, 'webhook notifier'),
  });
  metrics.sources.webhookQueues = () => notifier.queueDepths();

  return {
    config,
    logger,
    catalog,
    eventStore,
    readStore,
    blobs,
    write,
    runner,
    scheduler,
    notifier,
    resolve,
    metrics,
    now,
    idSecret: idSecretOf,
    /** Starts what this process's roles run: the projectors, the scheduler, the notifier. */
    async start() {
      // The delivery log's collections exist before anyone asks for them (the notifier writes them).
      await prepareDeliveryState(readStore);
      await runner.start();
      if (config.roles.has('scheduler')) scheduler.start();
      if (config.roles.has('notifier')) notifier.start();
    },
    /**
     * Stops the notifier, the scheduler and the projectors (at a batch boundary, leases given back),
     * then the stores.
     */
    async close() {
      await notifier.stop();
      await scheduler.stop();
      await runner.stop();
      await eventStore.close();
      await readStore.close();
      await blobs.close();
    },
  };
};

/**
 * Where the API's rate counters are kept: in the read store's PostgreSQL when it is one, shared by
 * every API process (so N of them allow the configured rate, not N times it); otherwise in each
 * process. A process without the API counts nothing.
 */
const rateCountersFor = async (config: Config, api: boolean): Promise<RateCounters> => {
  if (!api || !config.readStoreUrl) return memoryCounters;
  const { isPostgresUrl } = await import('../postgres/pool.js');
  if (!isPostgresUrl(config.readStoreUrl)) return memoryCounters;
  const { getPostgreSQLRateCounters } = await import('../access/postgresql/postgresRateCounters.js');
  return getPostgreSQLRateCounters({ url: config.readStoreUrl });
};

/** Serves the composed service over HTTP: each part of the server given what it uses. */
export const serve = async (services: Services, options: ServerOptions): Promise<LedgerServer> => {
  const { config } = services;
  const counters = await rateCountersFor(config, options.api !== false);
  const server = await startServer(
    {
      settings: config,
      logger: services.logger,
      metrics: services.metrics,
      tokens: createTokenVerifier({
        ...(config.jwtSecret ? { secret: config.jwtSecret } : {}),
        ...(config.jwksUrl ? { jwksUrl: config.jwksUrl } : {}),
        ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
        ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
        requireExp: config.jwtRequireExp,
        maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
      }),
      limits: createRequestLimits(config.limits, counters),
      eventStore: services.eventStore,
      readStore: services.readStore,
      blobs: services.blobs,
      write: services.write,
      readModels: services.runner,
      leases: () => services.readStore.leases.list(),
      now: services.now,
      idSecret: services.idSecret,
      webhooks: {
        policy: config.webhooks,
        maxEndpointsPerOwner: config.webhooks.maxEndpointsPerOwner,
        resolve: services.resolve,
      },
    },
    options,
  ).catch(async (error: unknown) => {
    await counters.close();
    throw error;
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      await counters.close();
    },
  };
};
