import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  WEBHOOK_ENDPOINTS,
  type WebhookEndpointDoc,
} from '../../../projections/webhookEndpoints/webhookEndpoints.projection.js';
import { COLLABORATION_STREAM_PREFIX } from '../../contexts/collaboration/collaboration.decide.js';
import { PLATFORM_ACTOR } from '../../contexts/shared.js';
import { WEBHOOKS_STREAM_PREFIX } from '../../contexts/webhooks/webhooks.decide.js';
import type { WriteSide } from '../../contexts/writeSide.js';
import { DomainError } from '../../core/errors.js';
import type { EventStore, Subscription } from '../../eventStore/eventStore.js';
import { resubscribing } from '../../eventStore/resubscribing.js';
import { remove } from '../../projectionRunner/projection.js';
import { holdLease, processHolder, type HeldLease } from '../../leases/holdLease.js';
import type { ProjectionRunner } from '../../projectionRunner/projectionRunner.js';
import type { Page, ReadStore } from '../../readStore/readStore.js';
import { systemResolve, type Resolve, type UrlPolicy } from './addresses.js';
import { createWebhookClient } from './client.js';
import {
  prepareDeliveryState,
  WEBHOOK_ATTEMPTS,
  WEBHOOK_CURSORS,
  writeDeliveryState,
  type WebhookAttemptDoc,
} from './deliveryState.js';
import { EndpointWorker } from './endpointWorker.js';
import { createCollaborationLookup } from './payload.js';

export interface WebhookNotifierOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly write: WriteSide;
  /** Where the read models are (the notifier reads the endpoints read model). */
  readonly runner: Pick<ProjectionRunner, 'waitFor'>;
  /** The secret signing secrets are derived under (services.ts § idSecret). */
  readonly serviceSecret: () => Buffer;
  readonly policy: UrlPolicy;
  /** How names are resolved (tests give their own: a name that resolves to 127.0.0.1). */
  readonly resolve?: Resolve;
  /** One attempt, connection to last byte. Default 10 s. */
  readonly timeoutMs?: number;
  /** Deliveries per second to one owner's endpoints together; 0: no cap. */
  readonly deliveriesPerSecondPerOwner: number;
  /** How long an event is retried before its endpoint is disabled. Default 3 days. */
  readonly retryForMs?: number;
  /** The current time, ISO-8601 UTC (tests move it). */
  readonly now?: () => string;
  /** How often endpoints are looked for and idle ones look at the log. Default 1 s. */
  readonly tickMs?: number;
  readonly holder?: string;
  readonly leaseTtlMs?: number;
  readonly onAttempt?: (endpoint: WebhookEndpointDoc, attempt: WebhookAttemptDoc, appendedAt: string) => void;
  readonly onDisabled?: (endpoint: WebhookEndpointDoc) => void;
  readonly onError?: (error: unknown) => void;
}

export interface WebhookNotifier {
  /** Delivers while this process holds the notifier's lease; stands by otherwise. */
  start(): void;
  /** Whether this process holds the lease. */
  holding(): boolean;
  /** Events of the log after each endpoint's cursor (counted up to 10,000), where deliveries run. */
  queueDepths(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

export const NOTIFIER_LEASE = 'notifier';
const THREE_DAYS = 3 * 24 * 3_600_000;
/** How long attempts are kept for the delivery log. */
const ATTEMPTS_KEPT_MS = THREE_DAYS + 24 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The `notifier` role (DOMAIN.md § Webhooks): delivers every active endpoint's events, each endpoint
 * by its own worker (endpointWorker.ts). Of several notifier processes, the one holding the
 * `notifier` lease delivers and the others stand by, so no two deliver the same attempt at once; a
 * holder that loses its lease aborts what it has in flight, and its writes are fenced off. The log
 * wakes the workers (a subscription to collaborations and endpoint streams); the endpoints come
 * from their read model.
 */
export const createWebhookNotifier = (options: WebhookNotifierOptions): WebhookNotifier => {
  const now = options.now ?? (() => new Date().toISOString());
  const holder = options.holder ?? processHolder('notifier');
  const ttlMs = options.leaseTtlMs ?? 5_000;
  const tickMs = options.tickMs ?? 1_000;
  const client = createWebhookClient({
    policy: options.policy,
    resolve: options.resolve ?? systemResolve,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const lookup = createCollaborationLookup(options.eventStore);
  const limiter =
    options.deliveriesPerSecondPerOwner > 0
      ? new RateLimiterMemory({ points: options.deliveriesPerSecondPerOwner, duration: 1 })
      : undefined;
  const workers = new Map<string, EndpointWorker>();
  let held: HeldLease | null = null;
  let lost = new AbortController();
  let prepared = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let subscription: Subscription | undefined;
  let listening: Promise<void> | undefined;
  let lastPrune = 0;
  let syncing: Promise<void> | undefined;

  const throttle = async (ownerKey: string): Promise<void> => {
    if (!limiter) return;
    for (;;) {
      try {
        await limiter.consume(ownerKey);
        return;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        await new Promise((resolve) => setTimeout(resolve, error.msBeforeNext));
      }
    }
  };

  const disable: ConstructorParameters<typeof EndpointWorker>[1]['disable'] = async (endpoint, failure) => {
    try {
      await options.write.webhooks(
        {
          type: 'DisableFailingWebhookEndpoint',
          owner: endpoint.owner,
          endpointId: endpoint.endpointId,
          failingSince: failure.firstFailedAt,
          lastError: failure.lastError,
          actor: PLATFORM_ACTOR,
          now: now(),
        },
        { idempotencyKey: `webhook-disable:${endpoint.endpointId}:${failure.firstFailedAt}` },
      );
      options.onDisabled?.(endpoint);
    } catch (error) {
      // Disabled or deleted by its owner meanwhile: nothing to do.
      if (!(error instanceof DomainError)) throw error;
    }
  };

  const activeEndpoints = async (): Promise<WebhookEndpointDoc[]> => {
    // Before the endpoints' read model has its first version (a fresh start) nothing is registered
    // that could be delivered yet: the next tick looks again.
    if (!(await options.readStore.activeCheckpoints()).has(WEBHOOK_ENDPOINTS.name)) return [];
    const found: WebhookEndpointDoc[] = [];
    for (let after: string | null = null; ;) {
      const page: Page<WebhookEndpointDoc> = await options.readStore.query(WEBHOOK_ENDPOINTS.name, {
        where: [{ field: 'status', op: 'eq', value: 'ACTIVE' }],
        first: 500,
        ...(after ? { after } : {}),
      });
      found.push(...page.items.map((i) => i.doc));
      if (!page.hasNextPage || !page.endCursor) return found;
      after = page.endCursor;
    }
  };

  /** Starts a worker per active endpoint, updates the others, stops those no longer active. */
  const sync = async (): Promise<void> => {
    if (!held || held.isLost()) return;
    const fence = held.fence;
    const active = await activeEndpoints();
    const ids = new Set(active.map((e) => e.endpointId));
    for (const [id, worker] of workers) {
      if (ids.has(id)) continue;
      workers.delete(id);
      await worker.stop();
    }
    const starting = active.filter((e) => !workers.has(e.endpointId));
    const cursors = await options.readStore.getMany(
      WEBHOOK_CURSORS.name,
      starting.map((e) => e.endpointId),
    );
    for (const endpoint of active) workers.get(endpoint.endpointId)?.update(endpoint);
    starting.forEach((endpoint, i) => {
      const worker = new EndpointWorker(
        endpoint,
        {
          eventStore: options.eventStore,
          client,
          lookup,
          serviceSecret: options.serviceSecret,
          now,
          retryForMs: options.retryForMs ?? THREE_DAYS,
          throttle,
          write: (changes) => writeDeliveryState(options.readStore, changes, fence),
          disable,
          leaseLost: lost.signal,
          ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
          onError: (error) => options.onError?.(error),
        },
        tickMs,
      );
      workers.set(endpoint.endpointId, worker);
      worker.start(cursors[i]);
    });
  };
  const syncOnce = () => (syncing ??= sync().finally(() => (syncing = undefined)));

  /** Attempts older than the delivery log keeps, a page at a time. */
  const prune = async (fence: HeldLease['fence']): Promise<void> => {
    const cutoff = new Date(Date.parse(now()) - ATTEMPTS_KEPT_MS).toISOString();
    const page: Page<WebhookAttemptDoc> = await options.readStore.query(WEBHOOK_ATTEMPTS.name, {
      where: [{ field: 'startedAt', op: 'lt', value: cutoff }],
      first: 1000,
    });
    if (page.items.length === 0) return;
    await writeDeliveryState(
      options.readStore,
      page.items.map((i) => remove(WEBHOOK_ATTEMPTS, i.id)),
      fence,
    );
  };

  /** The log moved: idle workers look now; a change of endpoints is synced once projected. */
  const listen = async (from: bigint): Promise<void> => {
    subscription = resubscribing(options.eventStore, {
      fromPosition: from,
      filter: { streamPrefixes: [COLLABORATION_STREAM_PREFIX, WEBHOOKS_STREAM_PREFIX] },
      onError: (error) => options.onError?.(error),
    });
    for await (const batch of subscription) {
      for (const worker of workers.values()) worker.wake();
      if (batch.events.some((e) => e.streamId.startsWith(WEBHOOKS_STREAM_PREFIX))) {
        void options.runner
          .waitFor(batch.position, 10_000, [WEBHOOK_ENDPOINTS.name])
          .then(() => syncOnce())
          .catch((error: unknown) => options.onError?.(error));
      }
    }
  };

  const stopWorkers = async (): Promise<void> => {
    const stopping = [...workers.values()];
    workers.clear();
    await Promise.all(stopping.map((w) => w.stop()));
  };

  const tick = async (): Promise<void> => {
    if (!held || held.isLost()) {
      if (held) {
        lost.abort();
        await stopWorkers();
        await held.release();
      }
      lost = new AbortController();
      held = await holdLease(options.readStore.leases, NOTIFIER_LEASE, holder, {
        ttlMs,
        onError: (error) => options.onError?.(error),
      });
      if (!held) return;
      const taken = held;
      void taken.lost.then(() => lost.abort());
      if (!prepared) {
        await prepareDeliveryState(options.readStore, taken.fence);
        prepared = true;
      }
      if (!subscription) {
        listening = listen(await options.eventStore.headPosition()).catch((error: unknown) =>
          options.onError?.(error),
        );
      }
    }
    await syncOnce();
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await prune(held.fence);
    }
  };

  return {
    start() {
      const run = () => {
        ticking ??= tick()
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => (ticking = undefined));
      };
      run();
      timer = setInterval(run, tickMs);
      timer.unref();
    },
    holding: () => Boolean(held && !held.isLost()),
    async queueDepths() {
      const depths = new Map<string, number>();
      for (const worker of workers.values()) {
        depths.set(
          worker.endpointId,
          await options.eventStore.eventsAfter(BigInt(worker.deliveredUpTo), 10_000),
        );
      }
      return depths;
    },
    async stop() {
      if (timer) clearInterval(timer);
      await ticking;
      await subscription?.close();
      await listening;
      await stopWorkers();
      await held?.release();
      held = null;
      client.close();
    },
  };
};
