import type { WebhookEndpointDoc } from '../../../projections/webhookEndpoints/webhookEndpoints.projection.js';
import { COLLABORATION_STREAM_PREFIX } from '../../contexts/collaboration/collaboration.decide.js';
import type { RecordedEvent } from '../../core/event.js';
import { deterministicUuid, newId } from '../../core/ids.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { put, type DocUpdate } from '../../projectionRunner/projection.js';
import type { WebhookClient } from './client.js';
import {
  WEBHOOK_ATTEMPTS,
  WEBHOOK_CURSORS,
  type WebhookAttemptDoc,
  type WebhookCursorDoc,
} from './deliveryState.js';
import { webhookPayload, type CollaborationLookup } from './payload.js';
import { signatureHeader, signingSecrets } from './secrets.js';

/** Events read from the log at once for one endpoint. */
const PAGE = 100;
const SECOND = 1000;
const HOUR = 3_600_000;

/**
 * The wait before the n-th retry of a failing event: exponential (5 s, 10 s, 20 s … at most 6 h),
 * with half of it drawn at random so that receivers coming back are not met by every endpoint at
 * once (AWS's "equal jitter"). Over the 3 days an event is tried, that is about 25 attempts.
 */
export const backoffMs = (failures: number, random = Math.random()): number => {
  const ceiling = Math.min(6 * HOUR, 5 * SECOND * 2 ** Math.min(failures - 1, 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
};

export interface WorkerDeps {
  readonly eventStore: EventStore;
  readonly client: WebhookClient;
  readonly lookup: CollaborationLookup;
  readonly serviceSecret: () => Buffer;
  readonly now: () => string;
  /** How long an event is tried before its endpoint is disabled. */
  readonly retryForMs: number;
  /** Waits for the owner's share of deliveries (LEDGER_WEBHOOK_DELIVERIES_PER_SECOND_PER_OWNER). */
  readonly throttle: (ownerKey: string) => Promise<void>;
  /** Writes cursor and attempts under the lease; false when the lease was lost. */
  readonly write: (changes: readonly DocUpdate[]) => Promise<boolean>;
  /** Disables an endpoint that failed for too long (the platform's command). */
  readonly disable: (
    endpoint: WebhookEndpointDoc,
    failure: NonNullable<WebhookCursorDoc['failure']>,
  ) => Promise<void>;
  /** Whether this process still holds the notifier's lease; aborted when it is lost. */
  readonly leaseLost: AbortSignal;
  readonly onAttempt?: (endpoint: WebhookEndpointDoc, attempt: WebhookAttemptDoc, appendedAt: string) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Delivers one endpoint's events, one at a time, in log order — so in order per collaboration —
 * from where its cursor stands: at least once (the cursor moves only past an event delivered, and
 * is written after), each event retried with back-off until delivered or, after
 * {@link WorkerDeps.retryForMs}, its endpoint disabled. A replay asked for in the log moves the
 * cursor back to where it starts.
 */
export class EndpointWorker {
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  /**
   * Woken while it was not idle (reading the head, delivering, writing): the next idle returns at
   * once, since what woke it may be past the head it read. Taken by that idle, so a wait for a
   * retry is cut short once per wake, never turned into a busy loop.
   */
  private woken = false;
  private cursor!: WebhookCursorDoc;
  private pending: DocUpdate[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private endpoint: WebhookEndpointDoc,
    private readonly deps: WorkerDeps,
    private readonly idleMs: number,
  ) {}

  get endpointId(): string {
    return this.endpoint.endpointId;
  }

  /** Where it stands (for the queue depth on /metrics). */
  get deliveredUpTo(): number {
    return this.cursor?.deliveredUpTo ?? this.endpoint.createdPosition;
  }

  /** The endpoint as the read model shows it now (a rotation, a replay asked). */
  update(endpoint: WebhookEndpointDoc): void {
    this.endpoint = endpoint;
    this.wake();
  }

  /** Something was appended: look now rather than at the next tick. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  start(stored: WebhookCursorDoc | undefined): void {
    // Enabled again after it was given up on: its events are tried afresh.
    const fresh = stored?.failure?.disabled ? { ...stored, failure: null } : stored;
    this.cursor = fresh ?? {
      endpointId: this.endpoint.endpointId,
      deliveredUpTo: this.endpoint.createdPosition,
      appliedReplayId: null,
      failure: null,
      updatedAt: this.deps.now(),
    };
    this.running = this.loop().catch((error: unknown) => this.deps.onError?.(error));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private idle(ms = this.idleMs): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private get going(): boolean {
    return !this.stopped && !this.deps.leaseLost.aborted;
  }

  private setCursor(change: Partial<WebhookCursorDoc>): void {
    this.cursor = { ...this.cursor, ...change, updatedAt: this.deps.now() };
  }

  private async flush(): Promise<void> {
    const changes = [...this.pending, put(WEBHOOK_CURSORS, this.cursor.endpointId, this.cursor)];
    this.pending = [];
    if (!(await this.deps.write(changes))) this.stopped = true;
  }

  private async loop(): Promise<void> {
    while (this.going) {
      const replay = this.endpoint.replay;
      if (replay && replay.replayId !== this.cursor.appliedReplayId) {
        // The owner asked for everything from a position on again: it is delivered again, in order.
        this.setCursor({
          deliveredUpTo: replay.fromPosition - 1,
          appliedReplayId: replay.replayId,
          failure: null,
        });
        await this.flush();
      }
      const failure = this.cursor.failure;
      if (failure && Date.parse(this.deps.now()) < Date.parse(failure.nextAttemptAt)) {
        await this.idle();
        continue;
      }
      this.woken = false;
      const head = await this.deps.eventStore.headPosition();
      if (head <= BigInt(this.cursor.deliveredUpTo)) {
        await this.idle();
        continue;
      }
      const events = await this.deps.eventStore.readAll({
        fromPosition: BigInt(this.cursor.deliveredUpTo) + 1n,
        maxCount: PAGE,
        filter: {
          streamPrefixes: [COLLABORATION_STREAM_PREFIX],
          ...(this.endpoint.eventTypes.length > 0 ? { eventTypes: this.endpoint.eventTypes } : {}),
        },
      });
      let complete = true;
      for (const event of events) {
        if (!this.going || !(await this.deliver(event))) {
          complete = false;
          break;
        }
      }
      // Fewer than a page: the log was read to its head as it stood, nothing left out before it.
      if (complete && events.length < PAGE && head > BigInt(this.cursor.deliveredUpTo)) {
        this.setCursor({ deliveredUpTo: Number(head) });
      }
      if (this.going || this.pending.length > 0) await this.flush();
      if (this.cursor.failure?.disabled) return;
    }
  }

  /** Delivers one event (or passes it, when it is not the owner's to see); false when it failed. */
  private async deliver(event: RecordedEvent): Promise<boolean> {
    const endpoint = this.endpoint;
    const payload = await webhookPayload(endpoint.owner, event, this.deps.lookup);
    if (!payload) {
      this.setCursor({ deliveredUpTo: Number(event.position) });
      return true;
    }
    await this.deps.throttle(endpoint.ownerKey);
    if (!this.going) return false;
    const now = this.deps.now();
    const body = JSON.stringify(payload);
    // The same id for every attempt of one event to one endpoint, replays included: a receiver
    // that has seen it may skip it (Standard Webhooks § webhook-id).
    const messageId = `msg_${deterministicUuid('webhook', endpoint.endpointId, event.id)}`;
    // The wall clock, not the service's: the receiver checks it against its own.
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = signingSecrets(this.deps.serviceSecret(), endpoint, now);
    const outcome = await this.deps.client.deliver({
      url: endpoint.url,
      body,
      signal: this.deps.leaseLost,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'CreatorLedger-Webhooks/1',
        'webhook-id': messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, messageId, timestamp, body),
      },
    });
    const previous = this.cursor.failure?.position === Number(event.position) ? this.cursor.failure : null;
    const attempt = (previous?.attempts ?? 0) + 1;
    let nextAttemptAt: string | null = null;
    if (outcome.ok) {
      this.setCursor({ deliveredUpTo: Number(event.position), failure: null });
    } else {
      const firstFailedAt = previous?.firstFailedAt ?? now;
      const giveUpAt = Date.parse(firstFailedAt) + this.deps.retryForMs;
      const failure = {
        position: Number(event.position),
        attempts: attempt,
        firstFailedAt,
        nextAttemptAt: new Date(Math.min(giveUpAt, Date.parse(now) + backoffMs(attempt))).toISOString(),
        lastError: outcome.status ? `HTTP ${outcome.status}` : (outcome.error ?? 'FAILED'),
      };
      const givingUp = Date.parse(now) >= giveUpAt;
      if (!givingUp) nextAttemptAt = failure.nextAttemptAt;
      this.setCursor({ failure: givingUp ? { ...failure, disabled: true } : failure });
      if (givingUp) await this.deps.disable(endpoint, failure);
    }
    const record: WebhookAttemptDoc = {
      attemptId: newId(),
      endpointId: endpoint.endpointId,
      messageId,
      position: Number(event.position),
      eventType: event.type,
      collaborationId: payload.data.collaborationId,
      attempt,
      startedAt: now,
      status: outcome.ok ? 'SUCCEEDED' : 'FAILED',
      httpStatus: outcome.status,
      error: outcome.error,
      latencyMs: outcome.latencyMs,
      nextAttemptAt,
      response: outcome.response.slice(0, 1024),
      replayId: this.cursor.appliedReplayId,
    };
    this.pending.push(put(WEBHOOK_ATTEMPTS, record.attemptId, record));
    this.deps.onAttempt?.(endpoint, record, event.recordedAt);
    return outcome.ok;
  }
}
