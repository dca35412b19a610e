import { Repeater } from '@repeaterjs/repeater';
import {
  COLLABORATIONS,
  collaborationsProjection,
  type CollaborationDoc,
} from '../../../projections/collaborations/collaborations.projection.js';
import {
  DISPUTES,
  disputesProjection,
  type DisputeDoc,
} from '../../../projections/disputes/disputes.projection.js';
import {
  collaborationIdOfStream,
  collaborationStreamId,
} from '../../contexts/collaboration/collaboration.decide.js';
import { REDACTED_TYPE, redactEvent, withheldFrom } from '../../contexts/collaboration/redaction.js';
import { readerOfViewer } from '../collaborations/collaboration.view.js';
import type { RecordedEvent } from '../../core/event.js';
import { UnauthenticatedError } from '../../core/errors.js';
import { canSee, requireVisible } from '../../access/rules.js';
import type { Viewer } from '../../access/viewer.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import type { ViewListener, ViewStep } from '../../live/sharedViews.js';

/**
 * The sources of the GraphQL subscriptions, fed from the log through the hub, in order, missing
 * nothing while connected: a view registers with the hub first, then reads the stream, and drops
 * buffered events the read already held (by position). The views are evolved by the same pure
 * projection that builds the read model, so an update is exact for its event; a collaboration's or
 * a dispute's view is shared by all its subscribers in the process, and those of `myCollaborations`
 * by all of theirs (sharedViews.ts). Authorization and redaction are each subscriber's:
 * checked at subscribe time and again for every event delivered.
 */

export interface CollaborationUpdate {
  readonly event: RecordedEvent;
  readonly doc: CollaborationDoc;
  readonly previousStatus: string | null;
}

export interface DisputeUpdate {
  readonly event: RecordedEvent;
  readonly doc: DisputeDoc;
}

/**
 * The last payload of a subscription whose viewer may no longer see it (token expired, access
 * lost): the field resolver throws it, so the client gets a GraphQL error with its code, then the end.
 */
export interface Refusal {
  readonly refused: Error;
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refused' in value;

export const stillValid = (viewer: Viewer): void => {
  if (viewer.expiresAt !== undefined && viewer.expiresAt * 1000 <= Date.now()) {
    throw new UnauthenticatedError('The bearer token expired', { reason: 'expired' });
  }
};

/** Whether the event is one its viewer may not read at all (redaction.ts): then it is not delivered. */
const saysAboutHidden = (viewer: Viewer, doc: CollaborationDoc, event: RecordedEvent): boolean => {
  const reader = readerOfViewer(viewer, doc);
  return !reader || redactEvent(event, withheldFrom(reader, doc.state)).type === REDACTED_TYPE;
};

/** Events delivered one at a time, in order, each fully handled before the next. */
const serial = () => {
  let chain = Promise.resolve();
  return (work: () => Promise<void>) => {
    chain = chain.then(work);
    return chain;
  };
};

/** A subscriber's queue of its view's steps: those met before its iterator starts wait for it. */
export const steps = <D>() => {
  const early: (ViewStep<D> | { readonly failed: unknown })[] = [];
  let handler: ((step: ViewStep<D> | { readonly failed: unknown }) => void) | undefined;
  return {
    listener: ((step) => (handler ? handler(step) : early.push(step))) as ViewListener<D>,
    start(next: (step: ViewStep<D> | { readonly failed: unknown }) => void) {
      handler = next;
      for (const step of early.splice(0)) next(step);
    },
  };
};

/**
 * A subscription's iterator over its view's steps, each handled in order and fully (pushed) before
 * the next: a slow client holds back its own deliveries only. `decide` answers what to deliver of a step (undefined: nothing); what it throws ends
 * the subscription with that error (the field resolver throws it to the client).
 */
export const delivered = <D, U>(
  queued: { start(next: (step: ViewStep<D> | { readonly failed: unknown }) => void): void },
  followed: { stop(): void },
  decide: (step: ViewStep<D> | { readonly failed: unknown }) => U | undefined,
): AsyncIterableIterator<U> => {
  const repeater = new Repeater<U>(async (push, stop) => {
    const next = serial();
    queued.start((step) => {
      void next(async () => {
        let update: U | undefined;
        try {
          update = decide(step);
        } catch (error) {
          await push({ refused: error as Error } as never);
          stop();
          return;
        }
        if (update !== undefined) await push(update);
      });
    });
    await stop;
    followed.stop();
  });
  // A subscription ended before its first read (completed, or its socket closed, while it was set
  // up: graphql-ws then calls return() alone) never runs the repeater's executor. It stops
  // following all the same: its view would keep it, and its queue of steps grow, for good.
  return {
    next: () => repeater.next(),
    return: (value?: unknown) => {
      followed.stop();
      return repeater.return(value as U);
    },
    throw: (error?: unknown) => {
      followed.stop();
      return repeater.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
};

export const collaborationUpdates = async (
  context: GraphQLContext,
  collaborationId: string,
): Promise<AsyncIterable<CollaborationUpdate>> => {
  const viewer = requireViewer(context);
  const streamId = collaborationStreamId(collaborationId);
  const queued = steps<CollaborationDoc>();
  const followed = await context.services.views.follow<CollaborationDoc>(
    collaborationsProjection,
    streamId,
    { collection: COLLABORATIONS, id: collaborationId },
    queued.listener as ViewListener<CollaborationDoc>,
  );
  try {
    requireVisible(viewer, followed.current, 'collaboration', collaborationId);
  } catch (error) {
    followed.stop();
    throw error;
  }
  return delivered(queued, followed, (step) => {
    if ('failed' in step) throw step.failed;
    const { event, before, after } = step;
    stillValid(viewer);
    requireVisible(viewer, after, 'collaboration', collaborationId);
    // What is said about a rating still hidden from the viewer (a flag, a review), or a report the
    // viewer did not make, is not delivered at all: that it happened would tell (redaction.ts).
    if (saysAboutHidden(viewer, after!, event)) return undefined;
    return { event, doc: after!, previousStatus: before?.status ?? null };
  });
};

/**
 * Every status change of the viewer's collaborations (all of them for arbitrators and auditors),
 * from now on, through the views shared by every such subscription (sharedViews.ts).
 */
export const myCollaborationUpdates = (context: GraphQLContext): AsyncIterable<CollaborationUpdate> => {
  const viewer = requireRole(context, 'SELLER', 'CREATOR', 'ARBITRATOR', 'AUDITOR');
  const queued = steps<CollaborationDoc>();
  // From the next event on: following starts now, not when the client starts reading.
  const followed = context.services.views.followAll<CollaborationDoc>(
    collaborationsProjection,
    (event) => ({ collection: COLLABORATIONS, id: collaborationIdOfStream(event.streamId) }),
    queued.listener as ViewListener<CollaborationDoc>,
  );
  return delivered(queued, followed, (step) => {
    // One stream's view failing ends nothing here: the other collaborations go on.
    if ('failed' in step) return undefined;
    const { event, before, after } = step;
    if (!after || after.status === before?.status) return undefined;
    stillValid(viewer);
    return canSee(viewer, after) ? { event, doc: after, previousStatus: before?.status ?? null } : undefined;
  });
};

export const disputeUpdates = async (
  context: GraphQLContext,
  disputeId: string,
): Promise<AsyncIterable<DisputeUpdate>> => {
  const viewer = requireViewer(context);
  const indexed = requireVisible(
    viewer,
    await context.loaders.disputes.load(disputeId),
    'dispute',
    disputeId,
  );
  const queued = steps<DisputeDoc>();
  const followed = await context.services.views.follow<DisputeDoc>(
    disputesProjection,
    collaborationStreamId(indexed.collaborationId),
    { collection: DISPUTES, id: disputeId },
    queued.listener as ViewListener<DisputeDoc>,
  );
  return delivered(queued, followed, (step) => {
    if ('failed' in step) throw step.failed;
    const { event, before, after } = step;
    if (!after || after === before) return undefined;
    stillValid(viewer);
    requireVisible(viewer, after, 'dispute', disputeId);
    return { event, doc: after };
  });
};
