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
import {
  collaborationEvents as collaborationEventDefinitions,
  type CollaborationEvent,
} from '../contexts/collaboration/collaboration.events.js';
import {
  collaborationDecider,
  collaborationIdOfStream,
  collaborationStreamId,
} from '../contexts/collaboration/collaboration.decide.js';
import type { CollaborationState } from '../contexts/collaboration/collaboration.state.js';
import { creatorStreamId } from '../contexts/creator/creator.decide.js';
import { linkedCollaborations } from '../contexts/links/collaborationLinks.js';
import type { EventMetadata, RecordedEvent } from '../core/event.js';
import { metadataShapeError } from '../core/metadata.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { DAMAGES, shapeDamage, type Damage, type StoredEvent } from '../eventStore/storedEvent.js';
import { createMemoryProjection } from '../projectionRunner/replay.js';

/**
 * DOMAIN.md § Audit: a collaboration's history replayed from the log, event by event, with the
 * state right after each — the write side's state (what the rules were decided on) and the view the
 * read model shows — computed by the very same pure functions, never read from a read model. A
 * damaged log is replayed too: every stored event is a step, and one that cannot be read, or that the
 * rules cannot apply, says why and leaves the state as it was.
 */

/**
 * Why a step was not replayed, as a stable code: the stored event cannot be read as an event (the
 * store's {@link DamageCode}s), or it can but the rules could not apply it to the state before it
 * (the log before it is damaged or incomplete).
 */
export const REPLAY_PROBLEMS = [...DAMAGES, 'RULES_CANNOT_APPLY'] as const;
export type ReplayProblemCode = (typeof REPLAY_PROBLEMS)[number];

export interface ReplayProblem {
  readonly code: ReplayProblemCode;
  /** Where and what, in English (the first offending path, or what the rules could not do). */
  readonly detail: string;
}

/**
 * What a replay reads of one stored event: its place and chain, and its content decoded where it
 * decodes — a {@link StoredEvent} from the store, an event of an export file, or a RecordedEvent.
 */
export interface ReplayInput {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly data: unknown;
  readonly metadata: unknown;
  /** Set by the store when the content does not even decode. */
  readonly damage?: Damage | undefined;
}

export interface HistoryStep {
  /** The event as the log holds it (what its hash covers). */
  readonly stored: ReplayInput;
  /** The stored event as an event, when it can be read as one (as stored: not upcast). */
  readonly event: RecordedEvent | undefined;
  /** Its metadata, when that can be read (it can when only the data is damaged). */
  readonly metadata: EventMetadata | undefined;
  readonly state: CollaborationState;
  /** The read model's view of it; undefined while nothing of the collaboration has been replayed. */
  readonly view: CollaborationDoc | undefined;
  /**
   * False when this event is not in the state: it cannot be read ({@link problem} says why), or the
   * rules could not apply it to the state before it. State and view are then those of the last step
   * that was replayed.
   */
  readonly replayed: boolean;
  /** Why it was not replayed; undefined when it was. */
  readonly problem: ReplayProblem | undefined;
}

const catalog = createEventCatalog();

const COLLABORATION_TYPES = new Set<string>(collaborationEventDefinitions.map((e) => e.type));

/**
 * Why stored content cannot be read as an event of a collaboration, judged from the content alone (an
 * export has no store): an event of another kind of stream is of no type a collaboration knows.
 */
const damageOf = (input: ReplayInput): Damage | undefined =>
  input.damage ??
  (COLLABORATION_TYPES.has(input.type)
    ? shapeDamage(catalog, input)
    : { code: 'UNKNOWN_TYPE', detail: `${input.type} is not an event of a collaboration` });

/**
 * Replays events of one collaboration stream as stored, yielding the state after each. Each event is
 * upcast to its current version first (the rules speak the current versions); the step keeps the
 * event as stored, which is what its hash covers. The outcome depends only on the content given, so
 * an export's final state can be recomputed offline.
 */
export const replayCollaboration = async (inputs: readonly ReplayInput[]): Promise<HistoryStep[]> => {
  let view = createMemoryProjection(collaborationsProjection);
  const steps: HistoryStep[] = [];
  const applied: RecordedEvent[] = [];
  let state = collaborationDecider.initialState();
  let shown: CollaborationDoc | undefined;
  for (const stored of inputs) {
    const collaborationId = collaborationIdOfStream(stored.streamId);
    const damage = damageOf(stored);
    const metadata = readableMetadata(stored);
    const event = damage ? undefined : (stored as RecordedEvent);
    let problem: ReplayProblem | undefined = damage;
    if (event) {
      const current = { ...event, ...catalog.upcast(event.type, event.version, event.data) };
      try {
        const next = collaborationDecider.evolve(
          state,
          current as unknown as CollaborationEvent,
          current.metadata,
        );
        await view.apply(current);
        state = next;
        shown = view.reader.get(COLLABORATIONS, collaborationId);
        applied.push(current);
      } catch (error) {
        // The log before it is damaged (an event missing or unreadable): keep the last state that
        // held, and start the view again from it, rather than answer an internal error to the auditor.
        problem = { code: 'RULES_CANNOT_APPLY', detail: (error as Error).message };
        view = createMemoryProjection(collaborationsProjection);
        for (const ok of applied) await view.apply(ok);
      }
    }
    steps.push({
      stored,
      event: event ? toRecorded(event) : undefined,
      metadata,
      state,
      view: shown,
      replayed: problem === undefined,
      problem,
    });
  }
  return steps;
};

/** Only the event's own fields (an input may carry more: a store's text, an export's extras). */
const toRecorded = (e: RecordedEvent): RecordedEvent => ({
  id: e.id,
  type: e.type,
  version: e.version,
  data: e.data,
  metadata: e.metadata,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash,
});

const readableMetadata = (input: ReplayInput): EventMetadata | undefined =>
  input.damage?.code !== 'METADATA_NOT_JSON' && metadataShapeError(input.metadata) === undefined
    ? (input.metadata as EventMetadata)
    : undefined;

/** The events of a collaboration as stored, damage included (the hash covers them as they are). */
export const collaborationEvents = (store: EventStore, collaborationId: string): Promise<StoredEvent[]> =>
  store.readStoredStream(collaborationStreamId(collaborationId));

/** The collaboration as it stood at a point of its history, and what of the history before it is not in it. */
export interface AsOfStep {
  /** The last step at or before the point that was replayed: its state is the state then. */
  readonly step: HistoryStep;
  /** The steps at or before the point that were not replayed (their events are not in that state). */
  readonly notReplayed: readonly HistoryStep[];
}

/**
 * The state at or before a revision, or at or before an instant (by when each event occurred; an
 * event whose metadata cannot be read has no time, and counts where it stands in the stream).
 * Undefined when nothing at or before it could be replayed.
 */
export const stepAsOf = (
  steps: readonly HistoryStep[],
  asOf: { revision?: number; at?: string },
): AsOfStep | undefined => {
  let upTo: number;
  if (asOf.revision !== undefined) {
    upTo = steps.filter((s) => Number(s.stored.revision) <= asOf.revision!).length;
  } else {
    const at = Date.parse(asOf.at!);
    upTo = steps.findLastIndex((s) => s.metadata && Date.parse(s.metadata.occurredAt) <= at) + 1;
  }
  const before = steps.slice(0, upTo);
  const step = before.findLast((s) => s.replayed);
  return step ? { step, notReplayed: before.filter((s) => !s.replayed) } : undefined;
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
