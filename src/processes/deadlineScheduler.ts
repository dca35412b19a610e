import { DomainError } from '../core/errors.js';
import type { RecordedEvent } from '../core/event.js';
import type { CollaborationEvent } from '../contexts/collaboration/collaboration.events.js';
import {
  COLLABORATION_STREAM_PREFIX,
  collaborationDecider,
} from '../contexts/collaboration/collaboration.decide.js';
import type { CollaborationState } from '../contexts/collaboration/collaboration.state.js';
import { pendingDeadlines, type Deadline } from '../contexts/collaboration/deadlines.js';
import { PLATFORM_ACTOR } from '../contexts/shared.js';
import type { WriteSide } from '../contexts/writeSide.js';
import type { EventStore, Subscription } from '../eventStore/eventStore.js';

export interface DeadlineSchedulerOptions {
  readonly store: EventStore;
  readonly write: WriteSide;
  /** The current time, ISO-8601 UTC. */
  readonly now?: () => string;
  /** How often due deadlines are looked for. Default 1 s. */
  readonly tickMs?: number;
  readonly onError?: (error: unknown) => void;
  readonly onFired?: (collaborationId: string, deadline: Deadline) => void;
  /** After a look for due deadlines that fired some: how many, by rule. */
  readonly onSwept?: (fired: Readonly<Record<string, number>>) => void;
}

export interface DeadlineScheduler {
  start(): void;
  /** Fires every deadline due at the current time; resolves when they are appended (or refused). */
  fireDue(): Promise<number>;
  /** Resolves once the scheduler has read the log up to `position`. */
  caughtUpTo(position: bigint): Promise<void>;
  /** The deadlines known, per collaboration stream. */
  pending(): ReadonlyMap<string, readonly Deadline[]>;
  stop(): Promise<void>;
}

/**
 * DOMAIN.md § Deadlines: time passing is an event too. The scheduler follows the collaboration
 * streams of the log, keeps the deadlines each one has running, and when one falls due sends the
 * platform's FireDeadline command. The decider checks the deadline against the stream again, so a
 * deadline already met (or fired by another instance) is refused and nothing is appended twice; the
 * idempotency key makes a retried firing a no-op as well.
 *
 * Only collaborations with a deadline running keep their state in memory; one that gets an event
 * after that is read back from its stream.
 */
export const createDeadlineScheduler = (options: DeadlineSchedulerOptions): DeadlineScheduler => {
  const now = options.now ?? (() => new Date().toISOString());
  const states = new Map<string, CollaborationState>();
  const deadlines = new Map<string, Deadline[]>();
  let position = 0n;
  const positionWaiters: { position: bigint; resolve: () => void }[] = [];
  let subscription: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let firing: Promise<number> | undefined;

  const track = (streamId: string, state: CollaborationState) => {
    const running = pendingDeadlines(state);
    if (running.length > 0) {
      states.set(streamId, state);
      deadlines.set(streamId, running);
    } else {
      states.delete(streamId);
      deadlines.delete(streamId);
    }
  };

  const apply = async (events: readonly RecordedEvent[]) => {
    const touched = new Map<string, CollaborationState>();
    for (const event of events) {
      let state = touched.get(event.streamId) ?? states.get(event.streamId);
      if (!state && event.revision > 0n) {
        // Dropped when it had no deadline: read it back up to this event.
        const history = await options.store.readStream(event.streamId, { toRevision: event.revision - 1n });
        state = history.reduce(
          (s, e) => collaborationDecider.evolve(s, e as unknown as CollaborationEvent, e.metadata),
          collaborationDecider.initialState(),
        );
      }
      state = collaborationDecider.evolve(
        state ?? collaborationDecider.initialState(),
        event as unknown as CollaborationEvent,
        event.metadata,
      );
      touched.set(event.streamId, state);
    }
    for (const [streamId, state] of touched) track(streamId, state);
  };

  const follow = async () => {
    subscription = options.store.subscribe({ filter: { streamPrefixes: [COLLABORATION_STREAM_PREFIX] } });
    for await (const batch of subscription) {
      try {
        await apply(batch.events);
      } catch (error) {
        options.onError?.(error);
      }
      position = batch.position;
      for (const waiter of positionWaiters.splice(0)) {
        if (waiter.position <= position) waiter.resolve();
        else positionWaiters.push(waiter);
      }
    }
  };

  const fireDue = async (): Promise<number> => {
    const at = now();
    let fired = 0;
    const byRule: Record<string, number> = {};
    for (const [streamId, running] of [...deadlines]) {
      for (const deadline of running.filter((d) => Date.parse(d.dueAt) <= Date.parse(at))) {
        const collaborationId = streamId.slice(COLLABORATION_STREAM_PREFIX.length);
        try {
          await options.write.collaboration(
            { type: 'FireDeadline', collaborationId, rule: deadline.rule, actor: PLATFORM_ACTOR, now: at },
            { idempotencyKey: `deadline:${deadline.rule}:${deadline.dueAt}` },
          );
          fired++;
          byRule[deadline.rule] = (byRule[deadline.rule] ?? 0) + 1;
          options.onFired?.(collaborationId, deadline);
        } catch (error) {
          // The stream moved on since we read it: the deadline no longer applies.
          if (!(error instanceof DomainError)) options.onError?.(error);
        }
      }
    }
    if (fired > 0) options.onSwept?.(byRule);
    return fired;
  };

  return {
    start() {
      void follow().catch((error: unknown) => options.onError?.(error));
      timer = setInterval(() => {
        firing ??= fireDue().finally(() => (firing = undefined));
      }, options.tickMs ?? 1000);
      timer.unref();
    },
    fireDue: () => (firing ??= fireDue().finally(() => (firing = undefined))),
    caughtUpTo: (target) =>
      target <= position
        ? Promise.resolve()
        : new Promise((resolve) => positionWaiters.push({ position: target, resolve })),
    pending: () => deadlines,
    async stop() {
      if (timer) clearInterval(timer);
      await subscription?.close();
      await firing;
    },
  };
};
