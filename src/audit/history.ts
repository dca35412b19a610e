import {
  COLLABORATIONS,
  collaborationsProjection,
  type CollaborationDoc,
} from '../../projections/collaborations/collaborations.projection.js';
import {
  CREATORS,
  creatorsProjection,
  type CreatorDoc,
} from '../../projections/creators/creators.projection.js';
import { createEventCatalog } from '../contexts/catalog.js';
import type { CollaborationEvent } from '../contexts/collaboration/collaboration.events.js';
import {
  collaborationDecider,
  collaborationIdOfStream,
  collaborationStreamId,
} from '../contexts/collaboration/collaboration.decide.js';
import type { CollaborationState } from '../contexts/collaboration/collaboration.state.js';
import { creatorStreamId } from '../contexts/creator/creator.decide.js';
import { linkedCollaborations } from '../contexts/links/collaborationLinks.js';
import type { RecordedEvent } from '../core/event.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { createMemoryProjection } from '../projectionRunner/replay.js';

/**
 * DOMAIN.md § Audit: a collaboration's history replayed from the log, event by event, with the
 * state right after each — the write side's state (what the rules were decided on) and the view the
 * read model shows — computed by the very same pure functions, never read from a read model.
 */

export interface HistoryStep {
  readonly event: RecordedEvent;
  readonly state: CollaborationState;
  readonly view: CollaborationDoc;
  /**
   * False when the rules could not apply this event to the state before it — the log before it is
   * damaged (an event missing): state and view are then those of the last step that applied.
   */
  readonly replayed: boolean;
}

const catalog = createEventCatalog();

/**
 * Replays events of one collaboration stream as stored, yielding the state after each. Each event is
 * upcast to its current version first (the rules speak the current versions); the step keeps the
 * event as stored, which is what its hash covers.
 */
export const replayCollaboration = async (events: readonly RecordedEvent[]): Promise<HistoryStep[]> => {
  let view = createMemoryProjection(collaborationsProjection);
  const steps: HistoryStep[] = [];
  let state = collaborationDecider.initialState();
  let shown: CollaborationDoc | undefined;
  for (const stored of events) {
    const event = { ...stored, ...catalog.upcast(stored.type, stored.version, stored.data) };
    const collaborationId = collaborationIdOfStream(event.streamId);
    let replayed = true;
    try {
      const next = collaborationDecider.evolve(state, event as unknown as CollaborationEvent, event.metadata);
      await view.apply(event);
      state = next;
      shown = view.reader.get(COLLABORATIONS, collaborationId);
    } catch {
      // A damaged log (an event missing before this one): keep the last state that held, and start
      // the view again from it, rather than answer an internal error to the auditor looking at it.
      replayed = false;
      view = createMemoryProjection(collaborationsProjection);
      for (const step of steps) if (step.replayed) await view.apply(step.event);
    }
    steps.push({ event: stored, state, view: shown ?? emptyView(collaborationId), replayed });
  }
  return steps;
};

/** What stands for a collaboration whose first event is missing. */
const emptyView = (collaborationId: string): CollaborationDoc =>
  ({
    collaborationId,
    status: 'NONE',
    sellerId: '',
    creatorId: '',
    state: collaborationDecider.initialState(),
    disputes: [],
    revision: -1,
    lastPosition: 0,
  }) as unknown as CollaborationDoc;

/** The events of a collaboration as stored (not upcast: the hash covers them as they are). */
export const collaborationEvents = (store: EventStore, collaborationId: string): Promise<RecordedEvent[]> =>
  store.readStream(collaborationStreamId(collaborationId), { raw: true });

/** The last step at or before a revision, or at or before an instant (by when each event occurred). */
export const stepAsOf = (
  steps: readonly HistoryStep[],
  asOf: { revision?: number; at?: string },
): HistoryStep | undefined => {
  const eligible = steps.filter((s) =>
    asOf.revision !== undefined
      ? Number(s.event.revision) <= asOf.revision
      : Date.parse(s.event.metadata.occurredAt) <= Date.parse(asOf.at!),
  );
  return eligible.at(-1);
};

/**
 * A creator's reputation as it stood at an instant, recomputed from the log: the creator's stream and
 * the streams of its collaborations (found through its link stream: src/contexts/links), replayed up
 * to that instant through the reputation projection. It costs the creator's own history, not the log.
 */
export const creatorReputationAsOf = async (
  store: EventStore,
  creatorId: string,
  at: string,
): Promise<CreatorDoc | undefined> => {
  // The creator's own history only: its stream, and the collaborations its link stream names.
  const streams = [
    creatorStreamId(creatorId),
    ...[...new Set(await linkedCollaborations(store, creatorId))].map(collaborationStreamId),
  ];
  const events = (await Promise.all(streams.map((streamId) => store.readStream(streamId))))
    .flat()
    .filter((e) => Date.parse(e.metadata.occurredAt) <= Date.parse(at))
    .sort((a, b) => (a.position < b.position ? -1 : 1));
  const projection = createMemoryProjection(creatorsProjection);
  for (const event of events) await projection.apply(event);
  const doc = projection.reader.get(CREATORS, creatorId);
  return doc?.registered ? doc : undefined;
};
