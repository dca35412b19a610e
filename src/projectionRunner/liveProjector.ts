import type { EventStore, Subscription } from '../eventStore/eventStore.js';
import { describeLoss, expiryOf, holdLease, lossFields, type HeldLease } from '../leases/holdLease.js';
import type { ReadStore } from '../readStore/readStore.js';
import { DocumentCache, applyEvent } from './documentCache.js';
import { GENERATIONS_PER_VERSION, codeVersionOf, type Projection } from './projection.js';
import { reactTo, type DecidedReaction, type React } from './react.js';

/** The logger the runner writes to (pino's shape). */
export interface RunnerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * What a live projector is doing: `running` (it holds the projection's lease and applies the log),
 * `standby` (another process holds it), `rebuilding` (its code is newer than the version readers
 * see: it builds the new one), `outdated` (readers see a version newer than its code: it waits to be
 * replaced), `failed` (an event broke the projection: it holds the lease, so no standby fails on the
 * same event, until restarted), `stopped`.
 */
export type ProjectionState =
  'starting' | 'running' | 'standby' | 'rebuilding' | 'outdated' | 'failed' | 'stopped';

export interface ProjectorFailure {
  readonly message: string;
  readonly eventType: string;
  readonly position: string;
}

export interface LiveProjectorOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projection: Projection;
  readonly holder: string;
  readonly logger: RunnerLogger;
  readonly batchSize: number;
  readonly leaseTtlMs: number;
  /** How often a standby asks for the lease. */
  readonly standbyPollMs: number;
  /** How long a retired version stays for readers still on it before it is dropped. */
  readonly retiredGraceMs: number;
  /** Carries out a reactor's decisions; a batch's are awaited before the batch is committed. */
  readonly react?: React;
  /** Builds this projection's version for this code (when readers see an older one, or none). */
  readonly rebuild: (projection: Projection) => Promise<void>;
  /**
   * A projection no reader has a version of yet is built by `rebuild` when the log holds at least
   * this many events, rather than applied live from the log's start.
   */
  readonly buildFromEvents: number;
  /** After every commit of this process. */
  readonly onCommitted: () => void;
}

/** What a live projector keeps between batches, in characters of the documents' JSON. */
const LIVE_CACHE_CHARS = 8 * 1024 * 1024;

export const leaseOf = (projection: string): string => `projection:${projection}`;

type Outcome = 'lost' | 'stopped' | 'build' | 'upgrade' | 'outdated' | 'failed';

/** The store failed to load documents an event needs: the store's fault, not the projection's. */
class DocumentsUnavailable extends Error {}

/** A pause that `wake` ends early. */
const pause = (ms: number, signal: { wake?: () => void }): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.wake = undefined;
      resolve();
    }
    signal.wake = done;
  });

/**
 * One projection's live consumer (ARCHITECTURE.md § Projections): in every projector process, at
 * most one of which holds the projection's lease and applies the log — from the active version's
 * checkpoint, in batches, each batch's documents and checkpoint committed together under the
 * lease's fence. The others stand by and take over once the lease expires (its holder died); a
 * holder that paused and lost it finds its next commit refused and stands by in turn.
 */
export const createLiveProjector = (options: LiveProjectorOptions) => {
  const { eventStore, readStore, projection, logger } = options;
  const name = projection.name;
  let state: ProjectionState = 'starting';
  let version: number | null = null;
  let error: ProjectorFailure | undefined;
  let stopping = false;
  let subscription: Subscription | undefined;
  const sleeper: { wake?: () => void } = {};
  let restartRequested: (() => void) | undefined;
  let done: Promise<void> | undefined;

  const serve = async (held: HeldLease): Promise<Outcome> => {
    const record = await readStore.projection(name);
    let active = record.activeVersion;
    if (active === null) {
      // A fresh read store on a long log: built as a rebuild builds (big batches, worker threads,
      // indexes made once at the end), not applied live batch by batch — which took a fresh start
      // on the large log 818 s where a rebuild takes 76–95 s.
      if ((await eventStore.eventsAfter(0n, options.buildFromEvents)) >= options.buildFromEvents)
        return 'build';
      active = projection.version * GENERATIONS_PER_VERSION;
      await readStore.prepare(name, active, projection.collections);
      if (!(await readStore.activate(name, active, held.fence))) return 'lost';
    } else if (codeVersionOf(active) < projection.version) {
      return 'upgrade';
    } else if (codeVersionOf(active) > projection.version) {
      return 'outdated';
    }
    version = active;
    let checkpoint = record.checkpoints.get(active) ?? 0n;
    const dropped = await readStore.dropRetired(name, options.retiredGraceMs);
    if (dropped.length > 0) logger.info({ projection: name, versions: dropped }, 'retired versions dropped');

    // Stopped while it set its version up: a subscription made now would wait for events, unclosed.
    if (stopping) return 'stopped';
    const current = active;
    const cache = new DocumentCache(
      (collection, ids) =>
        readStore.load(collection, current, ids).catch((cause: unknown) => {
          throw new DocumentsUnavailable('documents could not be loaded', { cause });
        }),
      { budgetChars: LIVE_CACHE_CHARS },
    );
    subscription = eventStore.subscribe({
      fromPosition: checkpoint,
      filter: { eventTypes: projection.eventTypes },
      batchSize: options.batchSize,
    });
    const stream = subscription;
    void held.lost.then(() => stream.close());
    state = 'running';
    held.setStatus('running');
    for await (const batch of stream) {
      if (held.isLost()) return 'lost';
      const decided: DecidedReaction[] = [];
      for (const event of batch.events) {
        let reactions: readonly unknown[];
        try {
          const applied = applyEvent(projection, event, cache);
          reactions = applied instanceof Promise ? await applied : applied;
        } catch (cause) {
          // A store away (a database restarting) is not an event that broke the projection: stand
          // down and try again from the checkpoint, as after any other failure of the store.
          if (cause instanceof DocumentsUnavailable) throw cause.cause;
          error = {
            message: String((cause as Error).message ?? cause),
            eventType: event.type,
            position: String(event.position),
          };
          logger.error(
            { projection: name, eventType: event.type, position: String(event.position), err: cause },
            'projection stopped',
          );
          return 'failed';
        }
        for (const reaction of reactions) decided.push({ reaction, event });
      }
      await reactTo(decided, options.react);
      const committed = await readStore.commit(name, current, cache.changes(), batch.position, held.fence);
      // Refused: the lease changed hands (fenced), or another writer moved the checkpoint.
      if (!committed) return 'lost';
      cache.flushed();
      checkpoint = batch.position;
      options.onCommitted();
    }
    return stopping ? 'stopped' : 'lost';
  };

  const run = async () => {
    while (!stopping) {
      let held: HeldLease | null = null;
      let outcome: Outcome = 'lost';
      try {
        held = await holdLease(readStore.leases, leaseOf(name), options.holder, {
          ttlMs: options.leaseTtlMs,
          status: 'starting',
          onError: (e) => logger.warn({ projection: name, err: e }, 'lease renewal failed'),
          onLost: (loss) => logger.warn({ projection: name, ...lossFields(loss) }, describeLoss(loss)),
        });
        if (!held) {
          if (state !== 'rebuilding' && state !== 'outdated') state = 'standby';
          // Asked again at the next poll, or as the holder's lease runs out if that comes first.
          const expiry = await expiryOf(readStore.leases, leaseOf(name)).catch(() => undefined);
          const untilExpiry = expiry === undefined ? options.standbyPollMs : expiry - Date.now() + 10;
          await pause(Math.max(10, Math.min(options.standbyPollMs, untilExpiry)), sleeper);
          continue;
        }
        outcome = await serve(held);
      } catch (cause) {
        // The store failed under us (busy, closed, a version dropped by a rebuild that took over):
        // stand down and try again, yielding — never spin.
        if (!stopping) logger.warn({ projection: name, err: cause }, 'projection consumer interrupted');
        outcome = 'lost';
      } finally {
        await subscription?.close();
        subscription = undefined;
      }
      if (outcome === 'failed' && held) {
        // Keep the lease (renewed, marked failed) so no standby fails on the same event; wait for restart.
        state = 'failed';
        held.setStatus('failed');
        await new Promise<void>((resolve) => (restartRequested = resolve));
        restartRequested = undefined;
        error = undefined;
        await held.release();
        continue;
      }
      await held?.release();
      if (stopping) break;
      if (outcome === 'upgrade' || outcome === 'build') {
        state = 'rebuilding';
        if (outcome === 'upgrade')
          logger.warn({ projection: name, code: projection.version }, 'projection changed: rebuilding');
        else logger.info({ projection: name }, 'no read model yet: building it from the log');
        try {
          await options.rebuild(projection);
        } catch (cause) {
          logger.warn({ projection: name, err: cause }, 'rebuild not done here');
          await pause(options.standbyPollMs, sleeper);
        }
        continue;
      }
      if (outcome === 'outdated') {
        if (state !== 'outdated') {
          logger.warn(
            { projection: name, code: projection.version },
            'readers see a newer version: standing by',
          );
        }
        state = 'outdated';
      } else if (outcome === 'lost') {
        state = 'standby';
      }
      await pause(options.standbyPollMs, sleeper);
    }
    state = 'stopped';
  };

  return {
    name,
    start() {
      done ??= run();
    },
    state: () => state,
    version: () => version,
    error: () => error,
    /** Look for the lease now rather than at the next poll (after a rebuild handed it back). */
    wake() {
      sleeper.wake?.();
    },
    /** A failed projection tries again from its checkpoint. */
    restart() {
      restartRequested?.();
      sleeper.wake?.();
    },
    async stop() {
      stopping = true;
      restartRequested?.();
      sleeper.wake?.();
      await subscription?.close();
      await done;
    },
  };
};

export type LiveProjector = ReturnType<typeof createLiveProjector>;
