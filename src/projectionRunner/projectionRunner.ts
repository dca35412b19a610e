import type { RecordedEvent } from '../core/event.js';
import type { EventStore, Subscription } from '../eventStore/eventStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { DocumentCache, applyEvent } from './documentCache.js';
import { GENERATIONS_PER_VERSION, codeVersionOf, type Projection } from './projection.js';

/** The logger the runner writes to (pino's shape). */
export interface RunnerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly Projection[];
  readonly logger?: RunnerLogger;
  /** Events read and applied per batch (one flush each). Default 1,000. */
  readonly batchSize?: number;
  /**
   * Documents a rebuild holds per projection before writing out those used longest ago.
   * Default 2,500: the large log (1.8 M events) rebuilds in under 900 MB; more buys little speed.
   */
  readonly rebuildCacheDocuments?: number;
  /** Carries out what reactors decide (e.g. sends a command). Awaited before the batch is flushed. */
  readonly react?: (projection: string, reaction: unknown, event: RecordedEvent) => Promise<void>;
}

export type ProjectionState = 'starting' | 'running' | 'failed' | 'stopped';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  readonly checkpoint: bigint;
  /** Head of the log minus the checkpoint: how many positions the documents are behind. */
  readonly lag: bigint;
  readonly rebuilding: boolean;
  readonly error?: { readonly message: string; readonly eventType: string; readonly position: string };
}

export interface RebuildProgress {
  readonly projections: readonly string[];
  readonly position: bigint;
  readonly head: bigint;
  readonly events: number;
}

export interface ProjectionRunner {
  start(): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  /** Resolves true once every projection (or those named) is at or past `position`; false on timeout. */
  waitFor(position: bigint, timeoutMs: number, projections?: readonly string[]): Promise<boolean>;
  /**
   * Builds a fresh version of the projection from the start of the log beside the live one (which
   * keeps serving reads), then swaps it in atomically once it has caught up.
   */
  rebuild(
    names: readonly string[],
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<{ events: number; seconds: number }>;
  /** Starts a failed projection again from its checkpoint. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

interface Consumer {
  readonly projection: Projection;
  readonly version: number;
  /** Documents kept between batches; dropped when a flush fails. */
  cache?: DocumentCache;
  /** Building a version nobody else has written to: what the cache never stored does not exist. */
  fresh: boolean;
  checkpoint: bigint;
  state: ProjectionState;
  subscription?: Subscription;
  done?: Promise<void>;
  error?: ProjectionStatus['error'];
  events: number;
}

const silent: RunnerLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Runs projections: for each, a catch-up subscription from its checkpoint, batches applied over a
 * per-batch document cache, and one atomic flush of the documents and the checkpoint per batch. A
 * projection that throws stops alone (the others go on) and resumes from its checkpoint when restarted.
 */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { eventStore, readStore } = options;
  const logger = options.logger ?? silent;
  const batchSize = options.batchSize ?? 1000;
  const live = new Map<string, Consumer>();
  const rebuilds = new Map<string, Consumer>();
  const waiters = new Set<() => void>();
  const byName = new Map(options.projections.map((p) => [p.name, p]));
  const notify = () => {
    for (const wake of [...waiters]) wake();
  };

  /** Live: documents kept between batches (each batch is flushed: readers wait for it). */
  const LIVE_CACHE = 10_000;
  /**
   * Rebuilding: documents held per projection. Past the bound, those used longest ago are written
   * and let go of; the rest stay in memory until the rebuild has caught up, so a document in use is
   * written once rather than at every flush.
   */
  const REBUILD_CACHE = options.rebuildCacheDocuments ?? 2_500;
  const REBUILD_EVICT_AT = Math.round(REBUILD_CACHE * 1.25);
  /** Events read per rebuild batch: small enough that a batch's garbage stays young. */
  const REBUILD_BATCH = 2_000;

  const cacheOf = (consumer: Consumer): DocumentCache =>
    (consumer.cache ??= new DocumentCache(
      (collection, ids) => readStore.load(collection, consumer.version, ids),
      { fresh: consumer.fresh },
    ));

  /** Applies events to a projection's cached documents, carrying out its reactions. */
  const applyBatch = async (consumer: Consumer, events: readonly RecordedEvent[]) => {
    const { projection } = consumer;
    const cache = cacheOf(consumer);
    for (const event of events) {
      let reactions: readonly unknown[];
      try {
        const applied = applyEvent(projection, event, cache);
        reactions = applied instanceof Promise ? await applied : applied;
      } catch (error) {
        throw Object.assign(
          new Error(`Projection ${projection.name} failed on ${event.type} at ${event.position}`),
          { cause: error, event },
        );
      }
      if (reactions.length > 0) {
        for (const reaction of reactions) await options.react?.(projection.name, reaction, event);
      }
    }
    consumer.events += events.length;
  };

  /** Writes every changed document with the checkpoint, in one transaction. */
  const flush = async (consumer: Consumer, position: bigint, keep: number) => {
    const { projection, version } = consumer;
    const cache = cacheOf(consumer);
    let committed: boolean;
    try {
      committed = await readStore.commit(projection.name, version, cache.changes(), position);
    } catch (error) {
      consumer.cache = undefined;
      consumer.fresh = false;
      throw error;
    }
    if (!committed) {
      // Someone else wrote this version past us: take their checkpoint and read on from there.
      consumer.cache = undefined;
      consumer.fresh = false;
      const record = await readStore.projection(projection.name);
      consumer.checkpoint = record.checkpoints.get(version) ?? consumer.checkpoint;
      throw Object.assign(new Error(`Checkpoint of ${projection.name} moved under us`), {
        resubscribe: true,
      });
    }
    cache.flushed(keep);
    consumer.checkpoint = position;
  };

  const processBatch = async (consumer: Consumer, events: readonly RecordedEvent[], position: bigint) => {
    await applyBatch(consumer, events);
    await flush(consumer, position, LIVE_CACHE);
  };

  /** A rebuild's batch: documents are written as they leave the cache; all of them once caught up. */
  const rebuildBatch = async (
    consumer: Consumer,
    events: readonly RecordedEvent[],
    position: bigint,
    caughtUp: boolean,
  ) => {
    await applyBatch(consumer, events);
    if (caughtUp) return flush(consumer, position, REBUILD_CACHE);
    const cache = cacheOf(consumer);
    if (cache.size < REBUILD_EVICT_AT) return;
    const leaving = cache.evict(REBUILD_CACHE);
    if (leaving.length === 0) return;
    if (!(await readStore.commit(consumer.projection.name, consumer.version, leaving, null))) {
      throw new Error(`Version ${consumer.version} of ${consumer.projection.name} is gone`);
    }
  };

  const consume = (consumer: Consumer): void => {
    consumer.state = 'running';
    const run = async () => {
      for (;;) {
        const subscription = eventStore.subscribe({
          fromPosition: consumer.checkpoint,
          filter: { eventTypes: consumer.projection.eventTypes },
          batchSize,
        });
        consumer.subscription = subscription;
        try {
          for await (const batch of subscription) {
            await processBatch(consumer, batch.events, batch.position);
            notify();
          }
          return;
        } catch (error) {
          await subscription.close();
          if ((error as { resubscribe?: boolean }).resubscribe) continue;
          throw error;
        }
      }
    };
    consumer.done = run().then(
      () => {
        if (consumer.state === 'running') consumer.state = 'stopped';
      },
      (error: Error & { event?: RecordedEvent }) => {
        consumer.state = 'failed';
        consumer.error = {
          message: String((error.cause as Error | undefined)?.message ?? error.message),
          eventType: error.event?.type ?? '',
          position: String(error.event?.position ?? ''),
        };
        logger.error(
          {
            projection: consumer.projection.name,
            eventType: consumer.error.eventType,
            position: consumer.error.position,
            err: error.cause ?? error,
          },
          'projection stopped',
        );
        notify();
      },
    );
  };

  const stopConsumer = async (consumer: Consumer | undefined) => {
    if (!consumer) return;
    if (consumer.state === 'running') consumer.state = 'stopped';
    await consumer.subscription?.close();
    await consumer.done;
  };

  const startLive = async (projection: Projection) => {
    const record = await readStore.projection(projection.name);
    let version = record.activeVersion;
    if (version === null) {
      version = projection.version * GENERATIONS_PER_VERSION;
      await readStore.prepare(projection.name, version, projection.collections);
      await readStore.activate(projection.name, version);
    } else {
      await readStore.prepare(projection.name, version, projection.collections);
    }
    const consumer: Consumer = {
      projection,
      version,
      fresh: false,
      checkpoint: record.checkpoints.get(version) ?? 0n,
      state: 'starting',
      events: 0,
    };
    live.set(projection.name, consumer);
    consume(consumer);
    return consumer;
  };

  const runner: ProjectionRunner = {
    async start() {
      for (const projection of options.projections) {
        const consumer = await startLive(projection);
        if (codeVersionOf(consumer.version) !== projection.version) {
          // The code's documents differ from the stored ones: serve the old ones while rebuilding.
          logger.warn(
            { projection: projection.name, stored: consumer.version },
            'projection changed: rebuilding',
          );
          void runner
            .rebuild([projection.name])
            .catch((error: unknown) =>
              logger.error({ projection: projection.name, err: error }, 'rebuild failed'),
            );
        }
      }
    },

    async status() {
      const head = await eventStore.headPosition();
      return [...live.values()].map((c) => ({
        name: c.projection.name,
        version: c.version,
        state: c.state,
        checkpoint: c.checkpoint,
        lag: head > c.checkpoint ? head - c.checkpoint : 0n,
        rebuilding: rebuilds.has(c.projection.name),
        ...(c.error ? { error: c.error } : {}),
      }));
    },

    waitFor(position, timeoutMs, names) {
      const wanted = names ?? options.projections.map((p) => p.name);
      const ready = () => wanted.every((name) => (live.get(name)?.checkpoint ?? -1n) >= position);
      if (ready()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          if (!ready()) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          resolve(false);
        }, timeoutMs);
        waiters.add(wake);
      });
    },

    async rebuild(names, onProgress) {
      const chosen = names.map((name) => {
        const projection = byName.get(name);
        if (!projection) throw new Error(`No projection ${name}`);
        if (rebuilds.has(name)) throw new Error(`${name} is already being rebuilt`);
        return projection;
      });
      const started = performance.now();
      const consumers: Consumer[] = [];
      for (const projection of chosen) {
        const record = await readStore.projection(projection.name);
        const existing = [...record.checkpoints.keys(), record.activeVersion ?? 0];
        const version = Math.max(
          projection.version * GENERATIONS_PER_VERSION,
          ...existing.filter((v) => codeVersionOf(v) === projection.version).map((v) => v + 1),
        );
        for (const stale of record.checkpoints.keys()) {
          if (stale !== record.activeVersion && stale !== version)
            await readStore.drop(projection.name, stale);
        }
        await readStore.prepare(projection.name, version, projection.collections, { deferIndexes: true });
        const consumer: Consumer = {
          projection,
          version,
          fresh: true,
          checkpoint: 0n,
          state: 'running',
          events: 0,
        };
        consumers.push(consumer);
        rebuilds.set(projection.name, consumer);
      }
      // One read of the log feeds every projection being rebuilt.
      const types = new Map(consumers.map((c) => [c, new Set(c.projection.eventTypes)]));
      // Rebuilding several projections, most of the log is wanted: reading it whole is cheaper than
      // filtering it in the store.
      const wanted = [...new Set(chosen.flatMap((p) => p.eventTypes))];
      const subscription = eventStore.subscribe({
        fromPosition: 0n,
        ...(chosen.length > 1 ? {} : { filter: { eventTypes: wanted } }),
        batchSize: Math.max(batchSize, REBUILD_BATCH),
      });
      let events = 0;
      try {
        let head = await eventStore.headPosition();
        if (head > 0n) {
          for await (const batch of subscription) {
            const last = batch.caughtUp && batch.position >= (await eventStore.headPosition());
            for (const consumer of consumers) {
              const mine = types.get(consumer)!;
              await rebuildBatch(
                consumer,
                batch.events.filter((e) => mine.has(e.type)),
                batch.position,
                last,
              );
            }
            events += batch.events.length;
            onProgress?.({ projections: names, position: batch.position, head, events });
            if (last) break;
            head = await eventStore.headPosition();
          }
        }
        // Caught up: swap the new versions in; live consumers carry on from their checkpoints.
        for (const consumer of consumers) {
          await stopConsumer(live.get(consumer.projection.name));
          await readStore.activate(consumer.projection.name, consumer.version);
          live.delete(consumer.projection.name);
        }
        for (const consumer of consumers) await startLive(consumer.projection);
        notify();
        return { events, seconds: (performance.now() - started) / 1000 };
      } catch (error) {
        for (const consumer of consumers) await readStore.drop(consumer.projection.name, consumer.version);
        throw error;
      } finally {
        await subscription.close();
        for (const consumer of consumers) rebuilds.delete(consumer.projection.name);
      }
    },

    async restart(name) {
      const consumer = live.get(name);
      if (!consumer) throw new Error(`No projection ${name}`);
      await stopConsumer(consumer);
      await startLive(consumer.projection);
    },

    async stop() {
      await Promise.all([...rebuilds.values(), ...live.values()].map((c) => stopConsumer(c)));
      for (const wake of [...waiters]) wake();
    },
  };
  return runner;
};
