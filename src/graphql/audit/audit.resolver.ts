import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import {
  collaborationEvents,
  creatorReputationAsOf,
  replayCollaboration,
  stepAsOf,
  type HistoryStep,
} from '../../audit/history.js';
import { collaborationStreamId } from '../../contexts/collaboration/collaboration.decide.js';
import {
  redactEvent,
  redactState,
  withheldFrom,
  type Withheld,
} from '../../contexts/collaboration/redaction.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import { canSee, type Parties } from '../../access/rules.js';
import type { Viewer } from '../../access/viewer.js';
import { iso } from '../common/scalars.js';
import { DateTime } from '../common/scalars.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { collaborationFromDoc, readerOfViewer } from '../collaborations/collaboration.view.js';
import { creatorFromDoc } from '../creators/creator.type.js';
import {
  ChainVerification,
  CollaborationHistory,
  CollaborationSnapshot,
  type HistoryEntry,
  ReputationAsOf,
} from './audit.type.js';

/**
 * DOMAIN.md § Audit, for auditors, arbitrators and the two parties of the collaboration (nobody
 * else): the history event by event with the state after each, the state as of a revision or an
 * instant, and whether the hash chain holds. Everything is replayed from the log itself.
 */

/** A replayed history and what of it its viewer may not read (redaction.ts). */
interface ReadableHistory {
  readonly steps: readonly HistoryStep[];
  readonly withheld: Withheld;
}

const entryOf = (step: HistoryStep, viewer: Viewer, withheld: Withheld): HistoryEntry => {
  const { event } = step;
  const metadata = event.metadata;
  const shown = redactEvent(event, withheld);
  return {
    position: event.position.toString(),
    revision: Number(event.revision),
    id: event.id,
    type: shown.type,
    version: event.version,
    data: shown.data,
    redacted: shown.redacted,
    metadata: {
      actor: metadata.actor,
      role: metadata.role === 'PLATFORM' ? null : metadata.role,
      actorRole: metadata.role,
      occurredAt: metadata.occurredAt,
      correlationId: metadata.correlationId ?? null,
      causationId: metadata.causationId ?? null,
      idempotencyKey: metadata.idempotencyKey ?? null,
    },
    recordedAt: event.recordedAt,
    prevHash: event.prevHash,
    hash: event.hash,
    replayed: step.replayed,
    collaboration: collaborationFromDoc(step.view, viewer, withheld),
    state: redactState(step.state, withheld),
  };
};

const verification = (v: {
  valid: boolean;
  eventsChecked: number;
  firstBrokenRevision?: bigint;
  reason?: string;
}): ChainVerification => ({
  valid: v.valid,
  eventsChecked: v.eventsChecked,
  firstBrokenRevision: v.firstBrokenRevision === undefined ? null : Number(v.firstBrokenRevision),
  reason: v.reason ?? null,
});

@Resolver()
export class AuditResolver {
  /**
   * The history its viewer may read: null when there is none, and when the viewer is not one of its
   * readers (answered alike, so nobody learns which collaborations exist).
   */
  private async history(context: GraphQLContext, id: string): Promise<ReadableHistory | null> {
    const viewer = requireViewer(context);
    const events = await collaborationEvents(context.services.eventStore, id);
    if (events.length === 0) return null;
    const steps = await replayCollaboration(events);
    // Its parties, from the first view that knows them (an event may be missing from a damaged log).
    const reader = readerOfViewer(viewer, (steps.find((s) => s.view.sellerId) ?? steps[0]!).view);
    if (!reader) return null;
    return { steps, withheld: withheldFrom(reader, steps.at(-1)!.state) };
  }

  @Query(() => CollaborationHistory, {
    nullable: true,
    description: 'Every event of a collaboration in order, with the state right after each',
  })
  async collaborationHistory(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<CollaborationHistory | null> {
    const history = await this.history(context, id);
    if (!history) return null;
    const viewer = requireViewer(context);
    return {
      collaborationId: id,
      events: history.steps.map((step) => entryOf(step, viewer, history.withheld)),
      verification: verification(await context.services.eventStore.verifyStream(collaborationStreamId(id))),
    };
  }

  @Query(() => CollaborationSnapshot, {
    nullable: true,
    description: 'The collaboration as it stood at a revision or an instant (give one)',
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
    const history = await this.history(context, id);
    if (!history) return null;
    const step = stepAsOf(
      history.steps,
      revision !== undefined && revision !== null ? { revision } : { at: iso(at!) },
    );
    if (!step) return null;
    return {
      collaborationId: id,
      revision: Number(step.event.revision),
      position: step.event.position.toString(),
      at: step.event.metadata.occurredAt,
      collaboration: collaborationFromDoc(step.view, requireViewer(context), history.withheld),
      state: redactState(step.state, history.withheld),
    };
  }

  @Query(() => ChainVerification, {
    nullable: true,
    description: 'Recomputes the collaboration’s hash chain from what is stored',
  })
  async verifyCollaboration(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ChainVerification | null> {
    const viewer = requireViewer(context);
    const streamId = collaborationStreamId(id);
    // Who may ask is read from the first event only: a broken chain further on must still be reported.
    const [first] = await context.services.eventStore.readStream(streamId, { maxCount: 1, raw: true });
    if (!first) return null;
    // Someone who may not see it is answered as if it did not exist.
    if (!canSee(viewer, first.data as Parties)) return null;
    return verification(await context.services.eventStore.verifyStream(streamId));
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
