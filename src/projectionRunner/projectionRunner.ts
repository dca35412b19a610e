import type { RecordedEvent } from '../core/event.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { processHolder } from '../leases/holdLease.js';
import type { ReadStore } from '../readStore/readStore.js';
import { createCheckpointWatcher } from './checkpointWatcher.js';
import {
  createLiveProjector,
  leaseOf,
  type LiveProjector,
  type ProjectionState,
  type ProjectorFailure,
  type RunnerLogger,
} from './liveProjector.js';
import type { Projection } from './projection.js';
import { rebuildLeaseOf, rebuildProjections, type RebuildProgress } from './rebuild.js';
import { rebuildInThreads, type RebuildThreads } from './rebuildThreads.js';

export type { ProjectionState, RebuildProgress, RebuildThreads, RunnerLogger };

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly Projection[];
  readonly logger?: RunnerLogger;
  /** Events read and applied per batch (one commit each). Default 1,000. */
  readonly batchSize?: number;
  /**
   * What a rebuild thread holds of its projections' documents before writing out those used longest
   * ago, in characters of their JSON (each collection's documents weighed by a sample of them).
   * Default 24 M: the large log (1.9 M events) rebuilds on two threads in under 1 GB.
   */
  readonly rebuildCacheChars?: number;
  /**
   * Worker threads a rebuild of several projections is shared among (rebuildThreads.ts), when the
   * stores can be opened again in a worker; this thread then only coordinates them. Without, a
   * rebuild runs in this thread.
   */
  readonly rebuildThreads?: RebuildThreads;
  /** Carries out what reactors decide (e.g. sends a command). Awaited before the batch is committed. */
  readonly react?: (reaction: unknown, event: RecordedEvent) => Promise<void>;
  /**
   * Whether this process projects (the `projector` role): it then runs a live projector per
   * projection, one of which per projection in all processes holds the lease. Without, it only
   * watches the checkpoints the read store holds (an `api` process). Default true.
   */
  readonly live?: boolean;
  /** This process's name in leases. */
  readonly holder?: string;
  /** A lease's time to live: a dead holder is replaced this long after its last renewal. Default 5 s. */
  readonly leaseTtlMs?: number;
  /**
   * How often a standby asks for a lease. Default 500 ms: a dead holder's lease expires at most a TTL
   * after its death, so a standby takes it over within the TTL plus a second (README § Running several
   * processes) with half a second left for the store's answer.
   */
  readonly standbyPollMs?: number;
  /** How long a retired version stays for readers still on it. Default 60 s. */
  readonly retiredGraceMs?: number;
  /**
   * From how many events in the log a projection no reader has a version of is built as a rebuild
   * builds (all such projections together, shared among the worker threads), not applied live
   * from the log's start. Default 10,000.
   */
  readonly buildFromEvents?: number;
}

/** How long the live projectors' requests to build are gathered into one rebuild. */
const GATHER_MS = 500;

export interface ProjectionStatus {
  readonly name: string;
  /** The version readers see (null before the first). */
  readonly version: number | null;
  /** This process's projector (`remote` when this process does not project: see `holder`). */
  readonly state: ProjectionState | 'remote';
  /** The active version's checkpoint, as the read store holds it. */
  readonly checkpoint: bigint;
  /** Events of the log after the checkpoint (counted up to 10,000). */
  readonly lag: bigint;
  readonly rebuilding: boolean;
  /** Who holds the projection's live lease, and what it says it does; null when nobody does. */
  readonly holder: { readonly name: string; readonly status: string } | null;
  readonly error?: ProjectorFailure;
}

export interface ProjectionRunner {
  start(): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  /** Resolves true once every projection (or those named) is at or past `position`; false on timeout. */
  waitFor(position: bigint, timeoutMs: number, projections?: readonly string[]): Promise<boolean>;
  /**
   * Builds a fresh version of the projections from the start of the log beside the live ones (which
   * keep serving reads), then switches every process over to it. `events`: how many events were
   * read, only those of the types the projections handle (shared between threads: the most any
   * thread read).
   */
  rebuild(
    names: readonly string[],
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<{ events: number; seconds: number }>;
  /** Starts a failed projection again from its checkpoint. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** How far lag is counted, in events. */
const LAG_BOUND = 10_000;

const silent: RunnerLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The read side's runner (ARCHITECTURE.md § Projections). In a projector process, one live
 * projector per projection (src/projectionRunner/liveProjector.ts) — leases decide which process
 * applies the log — and rebuilds (rebuild.ts); in every process, what the read store says of the
 * checkpoints (checkpointWatcher.ts), so read-your-writes holds across processes.
 */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { eventStore, readStore } = options;
  const logger = options.logger ?? silent;
  const batchSize = options.batchSize ?? 1000;
  const holder = options.holder ?? processHolder(options.live === false ? 'api' : 'projector');
  const leaseTtlMs = options.leaseTtlMs ?? 5_000;
  const watcher = createCheckpointWatcher(readStore);
  const byName = new Map(options.projections.map((p) => [p.name, p]));
  const projectors = new Map<string, LiveProjector>();
  const rebuilding = new Set<string>();

  const rebuild = async (
    projections: readonly Projection[],
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<{ events: number; seconds: number }> => {
    for (const p of projections) rebuilding.add(p.name);
    try {
      const rebuildOptions = {
        eventStore,
        readStore,
        projections,
        holder: `${holder}:rebuild`,
        logger,
        leaseTtlMs,
        batchSize,
        cacheChars: options.rebuildCacheChars ?? 24 * 1024 * 1024,
        ...(options.react ? { react: options.react } : {}),
        ...(onProgress ? { onProgress } : {}),
      };
      const threads = options.rebuildThreads;
      const result =
        threads && threads.threads > 0 && projections.length > 1
          ? await rebuildInThreads(rebuildOptions, threads)
          : await rebuildProjections(rebuildOptions);
      return { events: result.events, seconds: result.seconds };
    } finally {
      for (const p of projections) rebuilding.delete(p.name);
      // The live lease was handed back: the projectors here take it now, not at their next poll.
      for (const p of projections) projectors.get(p.name)?.wake();
      watcher.notify();
    }
  };

  /**
   * What the live projectors ask to be built, gathered for a moment and built together: one read of
   * the log, shared among the worker threads, rather than a rebuild each on this thread.
   */
  let gathering: { readonly projections: Projection[]; readonly built: Promise<void> } | undefined;
  const buildSoon = (projection: Projection): Promise<void> => {
    if (!gathering) {
      const projections: Projection[] = [];
      const built = new Promise((resolve) => setTimeout(resolve, GATHER_MS)).then(() => {
        gathering = undefined;
        return rebuild(projections).then(() => undefined);
      });
      gathering = { projections, built };
    }
    gathering.projections.push(projection);
    return gathering.built;
  };

  return {
    async start() {
      if (options.live === false) return;
      for (const projection of options.projections) {
        if (projectors.has(projection.name)) continue;
        const projector = createLiveProjector({
          eventStore,
          readStore,
          projection,
          holder,
          logger,
          batchSize,
          leaseTtlMs,
          standbyPollMs: options.standbyPollMs ?? 500,
          retiredGraceMs: options.retiredGraceMs ?? 60_000,
          ...(options.react ? { react: options.react } : {}),
          rebuild: buildSoon,
          buildFromEvents: options.buildFromEvents ?? 10_000,
          onCommitted: () => watcher.notify(),
        });
        projectors.set(projection.name, projector);
        projector.start();
      }
      return Promise.resolve();
    },

    async status() {
      const [checkpoints, leases] = await Promise.all([
        readStore.activeCheckpoints(),
        readStore.leases.list(),
      ]);
      const now = Date.now();
      // Lag in events (positions may be sparse), counted up to a bound: beyond it, it is just "far".
      const lags = new Map(
        await Promise.all(
          options.projections.map(
            async (p) =>
              [
                p.name,
                await eventStore.eventsAfter(checkpoints.get(p.name)?.checkpoint ?? 0n, LAG_BOUND),
              ] as const,
          ),
        ),
      );
      return options.projections.map((p) => {
        const active = checkpoints.get(p.name);
        const checkpoint = active?.checkpoint ?? 0n;
        const lease = leases.find((l) => l.name === leaseOf(p.name) && l.expiresAt > now);
        const rebuildLease = leases.find((l) => l.name === rebuildLeaseOf(p.name) && l.expiresAt > now);
        const projector = projectors.get(p.name);
        const error = projector?.error();
        return {
          name: p.name,
          version: active?.version ?? null,
          state: projector ? projector.state() : 'remote',
          checkpoint,
          lag: BigInt(lags.get(p.name) ?? 0),
          rebuilding: rebuilding.has(p.name) || rebuildLease !== undefined,
          holder: lease ? { name: lease.holder, status: lease.status } : null,
          ...(error ? { error } : {}),
        };
      });
    },

    waitFor(position, timeoutMs, names) {
      return watcher.waitFor(position, timeoutMs, names ?? options.projections.map((p) => p.name));
    },

    rebuild(names, onProgress) {
      const chosen = names.map((name) => {
        const projection = byName.get(name);
        if (!projection) throw new Error(`No projection ${name}`);
        return projection;
      });
      return rebuild(chosen, onProgress);
    },

    restart(name) {
      const projector = projectors.get(name);
      if (!projector) return Promise.reject(new Error(`No projection ${name} runs here`));
      projector.restart();
      return Promise.resolve();
    },

    async stop() {
      await Promise.all([...projectors.values()].map((p) => p.stop()));
      projectors.clear();
      watcher.close();
    },
  };
};
