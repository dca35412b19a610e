/**
 * A worker thread's share of a rebuild (rebuildThreads.ts): opens the stores and projections through
 * the module it is given, rebuilds the projections it is named, and reports back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RebuildContext, RebuildThreadData, RebuildThreadMessage } from './rebuildThreads.js';
import { rebuildProjections } from './rebuild.js';

const data = workerData as RebuildThreadData;
const post = (message: RebuildThreadMessage) => parentPort!.postMessage(message);
const silent = { info: () => {}, warn: () => {}, error: () => {} };

const { openRebuildContext } = (await import(data.module)) as {
  openRebuildContext: (data: unknown) => Promise<RebuildContext>;
};
const context = await openRebuildContext(data.data);
try {
  const projections = context.projections.filter((p) => data.names.includes(p.name));
  const missing = data.names.filter((name) => !projections.some((p) => p.name === name));
  if (missing.length > 0) throw new Error(`No projection ${missing.join(', ')} in ${data.module}`);
  const result = await rebuildProjections({
    eventStore: context.eventStore,
    readStore: context.readStore,
    projections,
    holder: data.holder,
    logger: context.logger ?? silent,
    leaseTtlMs: data.leaseTtlMs,
    batchSize: data.batchSize,
    cacheChars: data.cacheChars,
    ...(context.react ? { react: context.react } : {}),
    onProgress: (p) =>
      post({ kind: 'progress', position: String(p.position), head: String(p.head), events: p.events }),
  });
  post({ kind: 'done', events: result.events, versions: [...result.versions] });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'failed', message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
} finally {
  await context.close();
}
