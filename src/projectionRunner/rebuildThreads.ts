import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../core/event.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import type { RunnerLogger } from './liveProjector.js';
import type { Projection } from './projection.js';
import type { RebuildOptions } from './rebuild.js';

/**
 * A rebuild shared between threads: each projection needs the whole log, but no projection needs
 * another, so on a machine of several cores each thread reads the log and rebuilds a share of the
 * projections, in the same read store (ARCHITECTURE.md § Projections). Worker threads open their own
 * stores from what {@link RebuildThreads} says: stores shared between processes (a file, a server)
 * are shared between threads the same way; stores in memory cannot be, and rebuild in one thread.
 */
export interface RebuildThreads {
  /** Worker threads the rebuild is shared among (this thread only coordinates them). */
  readonly threads: number;
  /** A module (URL) whose `openRebuildContext(data)` opens, in a worker, what {@link RebuildContext} lists. */
  readonly module: string;
  /** What that module is opened with (structured-cloneable: e.g. the store paths and URLs). */
  readonly data: unknown;
}

/** What a worker thread rebuilds with, opened by the {@link RebuildThreads} module. */
export interface RebuildContext {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly Projection[];
  readonly react?: (reaction: unknown, event: RecordedEvent) => Promise<void>;
  readonly logger?: RunnerLogger;
  close(): Promise<void>;
}

/** What a worker thread is given (the rest of {@link RebuildOptions} it opens itself). */
export interface RebuildThreadData {
  readonly module: string;
  readonly data: unknown;
  readonly names: readonly string[];
  readonly holder: string;
  readonly leaseTtlMs: number;
  readonly batchSize: number;
  readonly cacheChars: number;
}

export type RebuildThreadMessage =
  | { readonly kind: 'progress'; readonly position: string; readonly head: string; readonly events: number }
  | { readonly kind: 'done'; readonly events: number; readonly versions: [string, number][] }
  | { readonly kind: 'failed'; readonly message: string; readonly stack?: string };

/**
 * Splits the projections into `parts` shares of about equal cost (longest first, each to the
 * lightest share so far). A projection's cost is what it declares, else the number of event types
 * it handles.
 */
export const shareProjections = (projections: readonly Projection[], parts: number): Projection[][] => {
  const cost = (p: Projection) => p.rebuildCost ?? p.eventTypes.length;
  const shares = Array.from({ length: Math.max(1, Math.min(parts, projections.length)) }, () => ({
    cost: 0,
    projections: [] as Projection[],
  }));
  for (const projection of [...projections].sort((a, b) => cost(b) - cost(a))) {
    const lightest = shares.reduce((min, s) => (s.cost < min.cost ? s : min));
    lightest.cost += cost(projection);
    lightest.projections.push(projection);
  }
  return shares.map((s) => s.projections);
};

/**
 * The build starts the worker's module as it is; run from the sources (tests, tsx), the worker
 * first registers tsx's loader, then imports the TypeScript module through it.
 */
const startWorker = (data: RebuildThreadData): Worker => {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./rebuildThread.js', import.meta.url), { workerData: data });
  const entry = new URL('./rebuildThread.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: data },
  );
};

/** Runs one share of a rebuild in a worker thread. */
const rebuildInThread = (
  data: RebuildThreadData,
  onProgress: (progress: { position: bigint; head: bigint; events: number }) => void,
): Promise<{ events: number; versions: Map<string, number> }> =>
  new Promise((resolve, reject) => {
    const worker = startWorker(data);
    let settled = false;
    worker.on('message', (message: RebuildThreadMessage) => {
      if (message.kind === 'progress') {
        onProgress({
          position: BigInt(message.position),
          head: BigInt(message.head),
          events: message.events,
        });
      } else if (message.kind === 'done') {
        settled = true;
        resolve({ events: message.events, versions: new Map(message.versions) });
      } else {
        settled = true;
        reject(Object.assign(new Error(message.message), message.stack ? { stack: message.stack } : {}));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The rebuild thread of ${data.names.join(', ')} exited (${code})`));
      settled = true;
    });
  });

/**
 * {@link rebuildProjections} over several threads: each worker thread rebuilds a share, with stores of
 * its own; this thread only coordinates, so it keeps serving, and its stores' page caches are not
 * filled by a pass over the whole log (on the large log, two interleaved pairs against rebuilding
 * the first share here: 145/131 s → 135/126 s, peak RSS 1,069/953 → 891/905 MB). Every share is a rebuild of its own (its
 * leases, its versions, its switch): one that fails leaves its projections' live versions as they
 * were, whatever the others do; the first failure is thrown once all have finished.
 */
export const rebuildInThreads = async (
  options: RebuildOptions,
  threads: RebuildThreads,
): Promise<{ events: number; seconds: number; versions: Map<string, number> }> => {
  const started = performance.now();
  const shares = shareProjections(options.projections, threads.threads);
  const names = options.projections.map((p) => p.name);
  // Progress is that of the share furthest behind.
  const progress = shares.map(() => ({ position: 0n, head: 0n, events: 0 }));
  const report = (share: number, p: { position: bigint; head: bigint; events: number }) => {
    progress[share] = p;
    const behind = progress.reduce((min, q) => (q.position < min.position ? q : min));
    const head = progress.reduce((max, q) => (q.head > max ? q.head : max), 0n);
    options.onProgress?.({ projections: names, position: behind.position, head, events: behind.events });
  };
  const outcomes = await Promise.allSettled(
    shares.map((share, i) =>
      rebuildInThread(
        {
          module: threads.module,
          data: threads.data,
          names: share.map((p) => p.name),
          holder: `${options.holder}:${i}`,
          leaseTtlMs: options.leaseTtlMs,
          batchSize: options.batchSize,
          cacheChars: options.cacheChars,
        },
        (p) => report(i, p),
      ),
    ),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  const done = outcomes.map(
    (o) => (o as PromiseFulfilledResult<{ events: number; versions: Map<string, number> }>).value,
  );
  return {
    events: Math.max(...done.map((d) => d.events)),
    seconds: (performance.now() - started) / 1000,
    versions: new Map(done.flatMap((d) => [...d.versions])),
  };
};
