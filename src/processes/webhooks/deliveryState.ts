import { collection } from '../../readStore/collection.js';
import type { AttemptError } from './client.js';
import type { DocChange, ReadStore } from '../../readStore/readStore.js';
import type { Fence } from '../../leases/leaseStore.js';
import { GENERATIONS_PER_VERSION, type DocUpdate } from '../../projectionRunner/projection.js';

/**
 * What the notifier keeps of its deliveries, beside the read models in the read store (as the
 * projections keep their checkpoints there): how far each endpoint has been delivered, the attempt
 * under way, and the attempts made — facts of the outside world, which no replay of the log could
 * give back, so no rebuild touches them. Written only under the notifier's lease (fenced), in
 * collections of their own registered as `webhookDeliveries`.
 */

/** Where one endpoint's deliveries stand. */
export interface WebhookCursorDoc {
  readonly endpointId: string;
  /** Every event up to this log position has been delivered to it (or was not for it). */
  readonly deliveredUpTo: number;
  /** The last replay carried out (replays are asked in the log: WebhookReplayRequested). */
  readonly appliedReplayId: string | null;
  /** The event failing to be delivered, while it does. */
  readonly failure: {
    readonly position: number;
    readonly attempts: number;
    readonly firstFailedAt: string;
    readonly nextAttemptAt: string;
    readonly lastError: string;
    /** Given up on: the endpoint was disabled (enabling it again starts afresh). */
    readonly disabled?: boolean;
  } | null;
  readonly updatedAt: string;
}

/** One attempt to deliver one event to one endpoint. */
export interface WebhookAttemptDoc {
  readonly attemptId: string;
  readonly endpointId: string;
  /** The Standard Webhooks message id (`webhook-id`): the same for every attempt of an event. */
  readonly messageId: string;
  readonly position: number;
  readonly eventType: string;
  readonly collaborationId: string;
  /** 1 for the first attempt of an event, 2 for its first retry, … */
  readonly attempt: number;
  readonly startedAt: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly httpStatus: number | null;
  readonly error: AttemptError | null;
  readonly latencyMs: number;
  /** When it is tried again, after a failure (null: delivered, or given up). */
  readonly nextAttemptAt: string | null;
  readonly response: string;
  readonly replayId: string | null;
}

export const WEBHOOK_CURSORS = collection<WebhookCursorDoc>('webhookCursors');
export const WEBHOOK_ATTEMPTS = collection<WebhookAttemptDoc>('webhookAttempts', {
  indexes: [
    { field: 'endpointId', type: 'string' },
    { field: 'startedAt', type: 'string' },
  ],
  compoundIndexes: [['endpointId', 'startedAt']],
});

export const DELIVERIES = 'webhookDeliveries';
/** One version, never rebuilt (nothing to rebuild it from). */
export const DELIVERIES_VERSION = GENERATIONS_PER_VERSION;

/** Registers the collections (once; harmless again) and makes them the ones readers see. */
export const prepareDeliveryState = async (readStore: ReadStore, fence?: Fence): Promise<void> => {
  await readStore.prepare(DELIVERIES, DELIVERIES_VERSION, [WEBHOOK_CURSORS, WEBHOOK_ATTEMPTS]);
  const record = await readStore.projection(DELIVERIES);
  if (record.activeVersion !== DELIVERIES_VERSION)
    await readStore.activate(DELIVERIES, DELIVERIES_VERSION, fence);
};

/**
 * Writes cursors and attempts under the notifier's lease; false when it was lost (nothing written).
 * They come from no event: their position is 0.
 */
export const writeDeliveryState = (
  readStore: ReadStore,
  updates: readonly DocUpdate[],
  fence: Fence,
): Promise<boolean> =>
  readStore.commit(
    DELIVERIES,
    DELIVERIES_VERSION,
    updates.map((u): DocChange => ({ collection: u.collection.name, id: u.id, doc: u.doc, position: 0n })),
    null,
    fence,
  );
