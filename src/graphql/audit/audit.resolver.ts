import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import {
  collaborationEvents,
  creatorReputationAsOf,
  stepAsOf,
  type HistoryStep,
} from '../../audit/history.js';
import { readerOfHistory } from '../../audit/parties.js';
import { readableHistory, shownEvent, type ReadableHistory } from '../../audit/readable.js';
import { collaborationStreamId } from '../../contexts/collaboration/collaboration.decide.js';
import { redactState } from '../../contexts/collaboration/redaction.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import type { ChainVerification as StoredChainVerification } from '../../core/hash.js';
import type { Viewer } from '../../access/viewer.js';
import { iso } from '../common/scalars.js';
import { DateTime } from '../common/scalars.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { collaborationFromDoc } from '../collaborations/collaboration.view.js';
import { creatorFromDoc } from '../creators/creator.type.js';
import {
  ChainVerification,
  CollaborationHistory,
  CollaborationSnapshot,
  type HistoryEntry,
  type NotReplayedEvent,
  ReputationAsOf,
} from './audit.type.js';

/**
 * DOMAIN.md § Audit, for auditors, arbitrators and the two parties of the collaboration (nobody
 * else): the history event by event with the state after each, the state as of a revision or an
 * instant, and whether the hash chain holds. Everything is replayed from the log itself, and answers
 * on a damaged log too: each event says whether it was replayed and why not (src/audit/readable.ts
 * decides what a viewer may read of it).
 */

const entryOf = (history: ReadableHistory, index: number, viewer: Viewer): HistoryEntry => {
  const step = history.steps[index]!;
  const stored = history.stored[index]!;
  const metadata = step.metadata;
  const shown = shownEvent(step, stored, history.reader, history.withheld);
  return {
    position: stored.position.toString(),
    revision: Number(stored.revision),
    id: stored.id,
    type: shown.type,
    version: stored.version,
    data: shown.data,
    redacted: shown.redacted,
    metadata: metadata
      ? {
          actor: metadata.actor,
          role: metadata.role === 'PLATFORM' ? null : metadata.role,
          actorRole: metadata.role,
          occurredAt: metadata.occurredAt,
          correlationId: metadata.correlationId ?? null,
          causationId: metadata.causationId ?? null,
          idempotencyKey: metadata.idempotencyKey ?? null,
        }
      : null,
    recordedAt: stored.recordedAt,
    prevHash: stored.prevHash,
    hash: stored.hash,
    replayed: step.replayed,
    whyNotReplayed: shown.problem,
    storedData: shown.storedData,
    storedMetadata: shown.storedMetadata,
    collaboration: step.view ? collaborationFromDoc(step.view, viewer, history.withheld) : null,
    state: redactState(step.state, history.withheld),
  };
};

const notReplayedOf = (history: ReadableHistory, step: HistoryStep): NotReplayedEvent => {
  const index = history.steps.indexOf(step);
  const shown = shownEvent(step, history.stored[index]!, history.reader, history.withheld);
  return {
    revision: Number(step.stored.revision),
    position: step.stored.position.toString(),
    type: shown.type,
    why: shown.problem!,
  };
};

const verification = (v: StoredChainVerification): ChainVerification => ({
  valid: v.valid,
  eventsChecked: v.eventsChecked,
  firstBrokenRevision: v.firstBrokenRevision === undefined ? null : Number(v.firstBrokenRevision),
  code: v.code ?? null,
  reason: v.reason ?? null,
});

@Resolver()
export class AuditResolver {
  @Query(() => CollaborationHistory, {
    nullable: true,
    description:
      'Every event of a collaboration as the log holds it, in order, with the state right after each; on a damaged log each event says whether it was replayed and why not',
  })
  async collaborationHistory(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<CollaborationHistory | null> {
    const viewer = requireViewer(context);
    const history = await readableHistory(context.services.eventStore, viewer, id);
    if (!history) return null;
    return {
      collaborationId: id,
      events: history.steps.map((_, index) => entryOf(history, index, viewer)),
      verification: verification(await context.services.eventStore.verifyStream(collaborationStreamId(id))),
    };
  }

  @Query(() => CollaborationSnapshot, {
    nullable: true,
    description:
      'The collaboration as it stood at a revision or an instant (give one); null when nothing up to it could be replayed',
  })
  async collaborationAsOf(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
    @Arg('revision', () => Int, { nullable: true }) revision?: number,
    @Arg('at', () => DateTime, { nullable: true }) at?: Date,
  ): Promise<CollaborationSnapshot | null> {
    if ((revision === undefined || revision === null) === (at === undefined || at === null)) {
      throw new ValidationError('Give either revision or at');
    }
    const viewer = requireViewer(context);
    const history = await readableHistory(context.services.eventStore, viewer, id);
    if (!history) return null;
    const asOf = stepAsOf(
      history.steps,
      revision !== undefined && revision !== null ? { revision } : { at: iso(at!) },
    );
    if (!asOf) return null;
    const { step } = asOf;
    return {
      collaborationId: id,
      revision: Number(step.stored.revision),
      position: step.stored.position.toString(),
      // A replayed event was read whole: its metadata is there.
      at: step.metadata!.occurredAt,
      collaboration: step.view ? collaborationFromDoc(step.view, viewer, history.withheld) : null,
      state: redactState(step.state, history.withheld),
      notReplayed: asOf.notReplayed.map((s) => notReplayedOf(history, s)),
    };
  }

  @Query(() => ChainVerification, {
    nullable: true,
    description:
      'Recomputes the collaboration’s hash chain from what is stored: valid, or the first broken revision and why',
  })
  async verifyCollaboration(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ChainVerification | null> {
    const viewer = requireViewer(context);
    const store = context.services.eventStore;
    // Who may ask is read from the log as stored: a damaged first event must still be reported.
    const stored = await collaborationEvents(store, id);
    if (stored.length === 0) return null;
    // Someone who may not see it is answered as if it did not exist.
    if (!(await readerOfHistory(store, viewer, id, stored))) return null;
    return verification(await store.verifyStream(collaborationStreamId(id)));
  }

  @Query(() => ReputationAsOf, {
    nullable: true,
    description: 'A creator’s reputation as it stood at an instant (auditors, arbitrators, the creator)',
  })
  async creatorReputationAsOf(
    @Arg('creatorId', () => ID) creatorId: string,
    @Arg('at', () => DateTime) at: Date,
    @Ctx() context: GraphQLContext,
  ): Promise<ReputationAsOf | null> {
    const viewer = requireRole(context, 'AUDITOR', 'ARBITRATOR', 'CREATOR');
    if (viewer.role === 'CREATOR' && viewer.creatorId !== creatorId)
      throw new ForbiddenError('A creator sees only its own past reputation');
    const instant = iso(at);
    const doc = await creatorReputationAsOf(context.services.eventStore, creatorId, instant);
    if (!doc) return null;
    const reputation = creatorFromDoc(doc).reputation;
    return { creatorId, at: instant, reputation: Object.assign(reputation, { asOf: instant }) };
  }
}
