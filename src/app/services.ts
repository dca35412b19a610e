import { hkdfSync } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { projections } from '../../projections/index.js';
import { createEventCatalog } from '../contexts/catalog.js';
import { createWriteSide, type WriteSide } from '../contexts/writeSide.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getSQLiteEventStore } from '../eventStore/sqlite/sqliteEventStore.js';
import { createDeadlineScheduler, type DeadlineScheduler } from '../processes/deadlineScheduler.js';
import {
  createProjectionRunner,
  type ProjectionRunner,
  type RebuildThreads,
} from '../projectionRunner/projectionRunner.js';
import type { Projection } from '../projectionRunner/projection.js';
import type { ReadStore } from '../readStore/readStore.js';
import { getSQLiteReadStore } from '../readStore/sqlite/sqliteReadStore.js';
import type { BlobStore } from '../blobStore/blobStore.js';
import { getDiskBlobStore } from '../blobStore/disk/diskBlobStore.js';
import { loadSigningKey } from '../audit/signing.js';
import type { Config } from './config.js';
import { createMetrics, instrumentEventStore, type Metrics } from './metrics.js';
import { createReactions } from './reactions.js';

/** Everything the service is made of, wired once: the composition root. */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly catalog: EventCatalog;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly blobs: BlobStore;
  readonly write: WriteSide;
  readonly runner: ProjectionRunner;
  readonly scheduler: DeadlineScheduler;
  readonly metrics: Metrics;
  /** The time commands are decided at (ISO-8601 UTC). */
  readonly now: () => string;
  /** The secret the ids of keyed (retried) commands are derived under: see {@link Config.idSecret}. */
  readonly idSecret: () => Buffer;
  /** Starts the projections and the scheduler. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  readonly eventStore?: EventStore;
  readonly readStore?: ReadStore;
  readonly blobs?: BlobStore;
  readonly logger?: Logger;
  /** The clock commands and the deadline scheduler use (tests move it). */
  readonly now?: () => string;
  /** The read models (tests run a changed projection, as an upgrade would bring). */
  readonly projections?: readonly Projection[];
  /** Worker threads rebuilds are shared among (the stores opened again in each). */
  readonly rebuildThreads?: RebuildThreads;
}

/** JSON logs on stdout, at the configured level. */
export const createLogger = (config: Config): Logger =>
  pino({ level: config.logLevel, base: { service: 'creator-ledger' } });

export const createServices = (config: Config, overrides: ServiceOverrides = {}): Services => {
  const logger = overrides.logger ?? createLogger(config);
  const catalog = createEventCatalog();
  const metrics = createMetrics();
  const eventStore = instrumentEventStore(
    overrides.eventStore ??
      getSQLiteEventStore({
        path: config.eventStorePath,
        catalog,
        onError: (error) => logger.warn({ err: error }, 'event store housekeeping failed'),
      }),
    metrics,
  );
  const readStore = overrides.readStore ?? getSQLiteReadStore({ path: config.readStorePath });
  const blobs = overrides.blobs ?? getDiskBlobStore({ dir: config.blobDir });
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
  const scheduler = createDeadlineScheduler({
    readStore,
    write,
    runner,
    tickMs: config.schedulerTickMs,
    leaseTtlMs: config.leaseTtlMs,
    now,
    onError: (error) => logger.error({ err: error }, 'deadline scheduler'),
    onFired: (collaborationId, deadline) => {
      metrics.deadlinesFired.inc({ rule: deadline.rule });
      logger.debug({ collaborationId, ...deadline }, 'deadline fired');
    },
    // One line per look (after a seed or downtime, hundreds of deadlines fall due at once).
    onSwept: (fired) => logger.info({ fired }, 'deadlines fired'),
  });

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
    metrics,
    now,
    idSecret: () =>
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
          )),
    /** Starts what this process's roles run: the projectors, the scheduler. */
    async start() {
      await runner.start();
      if (config.roles.has('scheduler')) scheduler.start();
    },
    /** Stops the scheduler and the projectors (at a batch boundary, leases given back), then the stores. */
    async close() {
      await scheduler.stop();
      await runner.stop();
      await eventStore.close();
      await readStore.close();
      await blobs.close();
    },
  };
};
