import pMap from 'p-map';
import type { CollaborationDoc } from '../../projections/collaborations/collaborations.projection.js';
import {
  COLLABORATIONS,
  collaborationsProjection,
} from '../../projections/collaborations/collaborations.projection.js';
import { collaborationStreamId } from '../contexts/collaboration/collaboration.decide.js';
import { pendingDeadlines, type Deadline } from '../contexts/collaboration/deadlines.js';
import { dueReminders, type Reminder } from '../contexts/collaboration/reminders.js';
import { PLATFORM_ACTOR } from '../contexts/shared.js';
import type { WriteSide } from '../contexts/writeSide.js';
import { DomainError } from '../core/errors.js';
import { holdLease, processHolder, type HeldLease, type LeaseLoss } from '../leases/holdLease.js';
import type { ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import type { ReadStore } from '../readStore/readStore.js';

export interface DeadlineSchedulerOptions {
  readonly readStore: ReadStore;
  readonly write: WriteSide;
  /** Where the read models are (the scheduler reads the collaborations read model). */
  readonly runner: Pick<ProjectionRunner, 'waitFor'>;
  /**
   * The log's head: a look for due deadlines waits (briefly) for the read model to have caught up
   * with it, and is put off while it has not (a projector rebuilding or catching up). Without, it
   * looks whatever the read model's lag.
   */
  readonly head?: () => Promise<bigint>;
  /** The current time, ISO-8601 UTC. */
  readonly now?: () => string;
  /** How often due deadlines are looked for. Default 1 s. */
  readonly tickMs?: number;
  /** This process's name in the scheduler's lease. */
  readonly holder?: string;
  readonly leaseTtlMs?: number;
  readonly onError?: (error: unknown) => void;
  /** The scheduler's lease was lost, and why (see describeLoss). */
  readonly onLeaseLost?: (loss: LeaseLoss) => void;
  /** The scheduler's lease was taken by this process, at its token. */
  readonly onLeaseTaken?: (token: number) => void;
  readonly onFired?: (collaborationId: string, deadline: Deadline) => void;
  /** A reminder before a deadline was appended. */
  readonly onReminded?: (collaborationId: string, reminder: Reminder) => void;
  /** After a look for due deadlines that fired some: how many, by rule. */
  readonly onSwept?: (fired: Readonly<Record<string, number>>) => void;
}

export interface DeadlineScheduler {
  /** Looks for due deadlines every tick, while this process holds the scheduler's lease. */
  start(): void;
  /** Fires every deadline due at the current time; resolves when they are appended (or refused). */
  fireDue(): Promise<number>;
  /** Resolves once the read model the scheduler reads has caught up with `position`. */
  caughtUpTo(position: bigint): Promise<void>;
  /** The deadlines running, per collaboration stream. */
  pending(): Promise<Map<string, Deadline[]>>;
  /** Whether this process holds the scheduler's lease. */
  holding(): boolean;
  stop(): Promise<void>;
}

export const SCHEDULER_LEASE = 'scheduler';
const PAGE = 500;
/**
 * Collaborations whose due deadlines are fired at once: their appends arrive together and share
 * commits (the SQLite store group-commits them), where one at a time each waited for its own.
 */
const CONCURRENCY = 32;
/** How long a look waits for the read model to reach the log's head before it is put off. */
const CATCH_UP_MS = 2_000;
/** How long, after a page, it waits for the read model to show what that page fired. */
const PAGE_SETTLE_MS = 10_000;
/** The projection whose read model the scheduler reads. */
const COLLABORATIONS_PROJECTION = collaborationsProjection.name;
/** The index value of a collaboration with no deadline running (see the collaborations projection). */
const NONE = '~';

/**
 * DOMAIN.md § Deadlines: time passing is an event too. When a deadline falls due, the scheduler
 * sends the platform's FireDeadline command; the decider checks the deadline against the stream
 * again, so one already met, or fired by another process, is refused and nothing is appended twice
 * (the idempotency key makes a retried firing a no-op as well).
 *
 * It keeps nothing in memory and reads no log at start: which collaborations have a deadline due is
 * an index of the collaborations read model (`nextDeadlineAt`). Of several scheduler processes, the
 * one holding the `scheduler` lease looks; the others stand by and take over when it dies.
 */
export const createDeadlineScheduler = (options: DeadlineSchedulerOptions): DeadlineScheduler => {
  const now = options.now ?? (() => new Date().toISOString());
  const holder = options.holder ?? processHolder('scheduler');
  const ttlMs = options.leaseTtlMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  let firing: Promise<number> | undefined;
  let held: HeldLease | null = null;
  let ticking: Promise<void> | undefined;
  /** Set by stop(): a backlog is left where it is (the next holder goes on), not fired to its end. */
  let stopping = false;
  let stopped = () => {};
  const whenStopped = new Promise<void>((resolve) => (stopped = resolve));

  /** The collaboration documents with a deadline due at `at`, a page at a time. */
  const due = async function* (at: string): AsyncGenerator<readonly CollaborationDoc[]> {
    let after: string | undefined;
    for (;;) {
      const page = await options.readStore.query(COLLABORATIONS.name, {
        where: [{ field: 'nextDeadlineAt', op: 'lte', value: at }],
        orderBy: [{ field: 'nextDeadlineAt', direction: 'asc' }],
        first: PAGE,
        ...(after ? { after } : {}),
      });
      yield page.items.map((item) => item.doc);
      if (!page.hasNextPage || !page.endCursor) return;
      after = page.endCursor;
    }
  };

  const fireDue = async (): Promise<number> => {
    // A read model far behind the log would name deadlines met since: each a command refused, and
    // work taken from the projector that has to catch up. Looked for once it has.
    if (options.head) {
      const head = await options.head();
      if (!(await options.runner.waitFor(head, CATCH_UP_MS, [COLLABORATIONS_PROJECTION]))) return 0;
    }
    const at = now();
    let fired = 0;
    const byRule: Record<string, number> = {};
    /** A collaboration's due deadlines, in order (each changes its stream). */
    const fireFor = async (doc: CollaborationDoc): Promise<bigint> => {
      let last = 0n;
      for (const deadline of pendingDeadlines(doc.state).filter(
        (d) => Date.parse(d.dueAt) <= Date.parse(at),
      )) {
        if (stopping || held?.isLost()) break;
        try {
          const result = await options.write.collaboration(
            {
              type: 'FireDeadline',
              collaborationId: doc.collaborationId,
              rule: deadline.rule,
              actor: PLATFORM_ACTOR,
              now: at,
            },
            { idempotencyKey: `deadline:${deadline.rule}:${deadline.dueAt}` },
          );
          // Fired earlier (the read model had not caught up yet): nothing new.
          if (result.deduplicated) continue;
          fired++;
          byRule[deadline.rule] = (byRule[deadline.rule] ?? 0) + 1;
          if (result.position > last) last = result.position;
          options.onFired?.(doc.collaborationId, deadline);
        } catch (error) {
          // The stream moved on since the read model saw it: the deadline no longer applies.
          if (!(error instanceof DomainError)) options.onError?.(error);
        }
      }
      if (stopping || held?.isLost()) return last;
      const reminded = await remind(doc, at);
      return reminded > last ? reminded : last;
    };
    for await (const page of due(at)) {
      if (stopping || held?.isLost()) break;
      const positions = await pMap(page, fireFor, { concurrency: CONCURRENCY });
      const last = positions.reduce((a, b) => (b > a ? b : a), 0n);
      // The next page is read once the read model shows this one's firings: the scheduler goes at
      // the projector's pace, never far ahead of it (the lag /readyz allows stays small).
      if (last > 0n)
        await Promise.race([
          options.runner.waitFor(last, PAGE_SETTLE_MS, [COLLABORATIONS_PROJECTION]),
          whenStopped,
        ]);
    }
    if (fired > 0) options.onSwept?.(byRule);
    return fired;
  };
  /**
   * Reminders due before deadlines (reminders.ts), from the same index: checked again by the decider,
   * so one already sent (by another scheduler) or no longer applying is refused and never sent.
   */
  const remind = async (doc: CollaborationDoc, at: string): Promise<bigint> => {
    let last = 0n;
    for (const reminder of dueReminders(doc.state, at)) {
      try {
        const result = await options.write.collaboration(
          {
            type: 'SendDeadlineReminder',
            collaborationId: doc.collaborationId,
            rule: reminder.rule,
            dueAt: reminder.dueAt,
            hoursBefore: reminder.hoursBefore,
            actor: PLATFORM_ACTOR,
            now: at,
          },
          { idempotencyKey: `reminder:${reminder.rule}:${reminder.dueAt}:${reminder.hoursBefore}` },
        );
        if (result.deduplicated) continue;
        if (result.position > last) last = result.position;
        options.onReminded?.(doc.collaborationId, reminder);
      } catch (error) {
        if (!(error instanceof DomainError)) options.onError?.(error);
      }
    }
    return last;
  };
  const fireOnce = () => (firing ??= fireDue().finally(() => (firing = undefined)));

  const tick = async () => {
    if (!held || held.isLost()) {
      await held?.release();
      held = await holdLease(options.readStore.leases, SCHEDULER_LEASE, holder, {
        ttlMs,
        onError: (error) => options.onError?.(error),
        ...(options.onLeaseLost ? { onLost: options.onLeaseLost } : {}),
      });
      if (held) options.onLeaseTaken?.(held.fence.token);
    }
    if (held) await fireOnce();
  };

  return {
    start() {
      timer = setInterval(() => {
        ticking ??= tick()
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => (ticking = undefined));
      }, options.tickMs ?? 1000);
      timer.unref();
    },
    fireDue: fireOnce,
    async caughtUpTo(position) {
      await options.runner.waitFor(position, 60_000, [COLLABORATIONS_PROJECTION]);
    },
    async pending() {
      const result = new Map<string, Deadline[]>();
      let after: string | undefined;
      for (;;) {
        const page = await options.readStore.query(COLLABORATIONS.name, {
          where: [{ field: 'nextDeadlineAt', op: 'lt', value: NONE }],
          first: PAGE,
          ...(after ? { after } : {}),
        });
        for (const { doc } of page.items) {
          result.set(collaborationStreamId(doc.collaborationId), pendingDeadlines(doc.state));
        }
        if (!page.hasNextPage || !page.endCursor) return result;
        after = page.endCursor;
      }
    },
    holding: () => Boolean(held && !held.isLost()),
    async stop() {
      stopping = true;
      stopped();
      if (timer) clearInterval(timer);
      await ticking;
      await firing;
      await held?.release();
      held = null;
    },
  };
};
