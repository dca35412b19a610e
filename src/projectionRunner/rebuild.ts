import type { RecordedEvent } from '../core/event.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { describeLoss, holdLease, lossFields, type HeldLease } from '../leases/holdLease.js';
import type { DocChange, ReadStore } from '../readStore/readStore.js';
import { DocumentCache, applyEvent, evictTogether } from './documentCache.js';
import { leaseOf, type RunnerLogger } from './liveProjector.js';
import { GENERATIONS_PER_VERSION, codeVersionOf, type Projection } from './projection.js';
import { reactTo, type DecidedReaction, type React } from './react.js';

export interface RebuildProgress {
  readonly projections: readonly string[];
  readonly position: bigint;
  readonly head: bigint;
  readonly events: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly projections: readonly Projection[];
  /** The holder name of this rebuild (distinct from any live projector's). */
  readonly holder: string;
  readonly logger: RunnerLogger;
  readonly leaseTtlMs: number;
  readonly batchSize: number;
  /**
   * What the projections' documents held in memory may weigh together, in characters of their JSON
   * (DocumentCache.weight), before those used longest ago are written out.
   */
  readonly cacheChars: number;
  readonly react?: React;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

/** Events read per rebuild batch: small enough that a batch's garbage stays young. */
const REBUILD_BATCH = 2_000;
/** Documents written per transaction of a rebuild. */
const WRITE_CHUNK = 2_000;

export const rebuildLeaseOf = (projection: string): string => `rebuild:${projection}`;

interface Target {
  readonly projection: Projection;
  readonly version: number;
  readonly cache: DocumentCache;
  readonly types: ReadonlySet<string>;
  readonly lease: HeldLease;
  activated: boolean;
}

/**
 * Rebuilds projections from the log into fresh versions beside the live ones, which keep serving —
 * in every process — all along (ARCHITECTURE.md § Projections). One read of the log feeds them all.
 *
 * Only one rebuild of a projection runs at a time (its `rebuild:` lease). Caught up, it takes the
 * projection's live lease from whoever holds it (their next commit is refused by the fence), applies
 * what the log gained meanwhile, and activates the new version: every process's readers move to it
 * in one step; the old version is retired, dropped once no reader can still be on it. A rebuild
 * that fails or is killed leaves the live version as it was; run again, it starts afresh.
 */
export const rebuildProjections = async (
  options: RebuildOptions,
): Promise<{ events: number; seconds: number; versions: Map<string, number> }> => {
  const { eventStore, readStore, logger } = options;
  const started = performance.now();
  const names = options.projections.map((p) => p.name);
  const targets: Target[] = [];
  const batchSize = Math.max(options.batchSize, REBUILD_BATCH);
  try {
    for (const projection of options.projections) {
      // A rebuild killed before holds its lease until it expires: wait that long, not longer (a
      // rebuild still running renews it, and this one gives up).
      const until = Date.now() + 2 * options.leaseTtlMs;
      let lease: HeldLease | null = null;
      for (;;) {
        lease = await holdLease(readStore.leases, rebuildLeaseOf(projection.name), options.holder, {
          ttlMs: options.leaseTtlMs,
          status: 'rebuilding',
          onError: (e) => logger.warn({ projection: projection.name, err: e }, 'lease renewal failed'),
          onLost: (loss) =>
            logger.warn({ projection: projection.name, ...lossFields(loss) }, describeLoss(loss)),
        });
        if (lease || Date.now() > until) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, options.leaseTtlMs / 2)));
      }
      if (!lease) {
        const holder = (await readStore.leases.list()).find(
          (l) => l.name === rebuildLeaseOf(projection.name),
        );
        throw new Error(`${projection.name} is already being rebuilt${holder ? ` by ${holder.holder}` : ''}`);
      }
      let version: number;
      try {
        const record = await readStore.projection(projection.name);
        const ofThisCode = [...record.checkpoints.keys()].filter(
          (v) => codeVersionOf(v) === projection.version,
        );
        version = Math.max(projection.version * GENERATIONS_PER_VERSION, ...ofThisCode.map((v) => v + 1));
        // What a rebuild killed before left behind (neither active nor retired): nobody reads it.
        for (const stale of record.checkpoints.keys()) {
          if (stale !== record.activeVersion && !record.retired.has(stale))
            await readStore.drop(projection.name, stale);
        }
        await readStore.prepare(projection.name, version, projection.collections, { deferIndexes: true });
      } catch (error) {
        // Not a target yet: its lease is let go here, not with the targets'.
        await lease.release();
        throw error;
      }
      targets.push({
        projection,
        version,
        lease,
        activated: false,
        types: new Set(projection.eventTypes),
        // Nobody else writes this version: what the cache never stored does not exist.
        cache: new DocumentCache((collection, ids) => readStore.load(collection, version, ids), {
          fresh: true,
          // Alone while switching, each keeps its part of the budget.
          budgetChars: options.cacheChars / options.projections.length,
        }),
      });
    }

    const apply = async (target: Target, events: readonly RecordedEvent[]) => {
      const decided: DecidedReaction[] = [];
      for (const event of events) {
        if (!target.types.has(event.type)) continue;
        let reactions: readonly unknown[];
        try {
          const applied = applyEvent(target.projection, event, target.cache);
          reactions = applied instanceof Promise ? await applied : applied;
        } catch (cause) {
          throw Object.assign(
            new Error(`Projection ${target.projection.name} failed on ${event.type} at ${event.position}`),
            { cause, event },
          );
        }
        for (const reaction of reactions) decided.push({ reaction, event });
      }
      await reactTo(decided, options.react);
    };
    // In transactions of at most WRITE_CHUNK documents: the store's write lock, which every live
    // projector and lease renewal also takes, is never held long by a rebuild.
    const write = async (target: Target, changes: readonly DocChange[], checkpoint: bigint | null) => {
      for (let from = 0; from < changes.length || from === 0; from += WRITE_CHUNK) {
        const last = from + WRITE_CHUNK >= changes.length;
        if (
          !(await readStore.commit(
            target.projection.name,
            target.version,
            changes.slice(from, from + WRITE_CHUNK),
            last ? checkpoint : null,
            target.lease.fence,
          ))
        ) {
          throw new Error(`The rebuild of ${target.projection.name} lost its lease or its version`);
        }
      }
    };

    // 1. The log from its start up to its head, documents written as they leave the caches.
    let events = 0;
    let position = 0n;
    let head = await eventStore.headPosition();
    const wanted = [...new Set(options.projections.flatMap((p) => p.eventTypes))];
    if (head > 0n) {
      // Only the events some projection here handles are read and decoded: the store skips the
      // rest before they are parsed (measured on the large log: no slower even when nearly every
      // event is wanted, and a thread whose share wants half the log reads it in 57% of the time).
      const subscription = eventStore.subscribe({
        fromPosition: 0n,
        filter: { eventTypes: wanted },
        batchSize,
      });
      try {
        for await (const batch of subscription) {
          for (const target of targets) {
            if (target.lease.isLost())
              throw new Error(`The rebuild of ${target.projection.name} lost its lease`);
            await apply(target, batch.events);
          }
          // The projections share the budget: whichever documents were used longest ago go, once
          // they weigh a quarter more than it (in steps, not at every batch).
          const caches = targets.map((t) => t.cache);
          if (caches.reduce((sum, cache) => sum + cache.weight, 0) > options.cacheChars * 1.25) {
            const leaving = evictTogether(caches, options.cacheChars);
            for (const [i, target] of targets.entries())
              if (leaving[i]!.length > 0) await write(target, leaving[i]!, null);
          }
          events += batch.events.length;
          position = batch.position;
          options.onProgress?.({ projections: names, position, head, events });
          if (batch.caughtUp && batch.position >= head) break;
          head = await eventStore.headPosition();
        }
      } finally {
        await subscription.close();
      }
    }
    for (const target of targets) {
      await write(target, target.cache.changes(), position > 0n ? position : null);
      target.cache.flushed();
    }

    // 2. The switch, one projection at a time: take its live lease, apply what came meanwhile, activate.
    for (const target of targets) {
      const name = target.projection.name;
      const live = await holdLease(readStore.leases, leaseOf(name), `${options.holder}:switch`, {
        ttlMs: options.leaseTtlMs,
        steal: true,
        status: 'switching',
        onLost: (loss) => logger.warn({ projection: name, ...lossFields(loss) }, describeLoss(loss)),
      });
      try {
        // A catch-up subscription yields only when the log has moved past where it starts.
        const moved = (await eventStore.headPosition()) > position;
        const tail = eventStore.subscribe({
          fromPosition: position,
          filter: { eventTypes: target.projection.eventTypes },
          batchSize,
        });
        let checkpoint = position;
        try {
          for await (const batch of moved ? tail : []) {
            await apply(target, batch.events);
            if (
              !(await readStore.commit(
                name,
                target.version,
                target.cache.changes(),
                batch.position,
                live!.fence,
              ))
            ) {
              throw new Error(`The rebuild of ${name} lost the live lease while switching`);
            }
            target.cache.flushed();
            checkpoint = batch.position;
            events += batch.events.length;
            if (batch.caughtUp) break;
          }
        } finally {
          await tail.close();
        }
        if (!(await readStore.activate(name, target.version, live!.fence))) {
          throw new Error(`The rebuild of ${name} lost the live lease before switching`);
        }
        target.activated = true;
        logger.info(
          { projection: name, version: target.version, checkpoint: String(checkpoint) },
          'rebuilt version active',
        );
      } finally {
        await live?.release();
      }
    }
    return {
      events,
      seconds: (performance.now() - started) / 1000,
      versions: new Map(targets.map((t) => [t.projection.name, t.version])),
    };
  } catch (error) {
    // The live versions stay as they were; what this rebuild wrote and did not activate goes.
    for (const target of targets.filter((t) => !t.activated)) {
      await readStore.drop(target.projection.name, target.version).catch(() => undefined);
    }
    throw error;
  } finally {
    for (const target of targets) await target.lease.release();
  }
};
