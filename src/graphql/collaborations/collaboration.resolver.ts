import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
  type ResolverInterface,
} from 'type-graphql';
import type { CollaborationDoc } from '../../../projections/collaborations/collaborations.projection.js';
import { ForbiddenError } from '../../core/errors.js';
import type { Condition } from '../../readStore/readStore.js';
import { visibleTo } from '../../access/rules.js';
import { pageSize, toConnection } from '../common/types.js';
import { waitForPosition } from '../common/commands.js';
import { DateTime } from '../common/scalars.js';
import { requireViewer, type GraphQLContext } from '../context.js';
import { Creator, creatorFromDoc } from '../creators/creator.type.js';
import { Seller, sellerFromDoc } from '../sellers/seller.type.js';
import {
  Brief,
  Collaboration,
  CollaborationConnection,
  CollaborationMetrics,
  CollaborationPayload,
  CollaborationReport,
  Deadlines,
  DisputeSummary,
  Milestone,
  Publish,
  Rating,
  ScriptVersion,
} from './collaboration.type.js';
import { CollaborationFilter } from './collaboration.input.js';
import { briefOf, collaborationFromDoc, milestonesOf, type Computed } from './collaboration.view.js';

@Resolver(() => Collaboration)
export class CollaborationResolver implements ResolverInterface<Collaboration> {
  @Query(() => Collaboration, {
    nullable: true,
    description: 'A collaboration its parties, arbitrators or auditors may see',
  })
  async collaboration(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Collaboration | null> {
    const viewer = requireViewer(context);
    const doc = visibleTo(
      viewer,
      (await context.loaders.collaborations.load(id)) as CollaborationDoc | undefined,
    );
    return doc ? collaborationFromDoc(doc, viewer) : null;
  }

  @Query(() => CollaborationConnection, {
    description: 'The viewer’s collaborations (all of them for arbitrators and auditors), latest first',
  })
  async collaborations(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => CollaborationFilter, { nullable: true }) filter?: CollaborationFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<CollaborationConnection> {
    const viewer = requireViewer(context);
    const where: Condition[] = [];
    let sellerId = filter?.sellerId;
    let creatorId = filter?.creatorId;
    if (viewer.role === 'SELLER') {
      if (sellerId && sellerId !== viewer.sellerId)
        throw new ForbiddenError('A seller sees only its own collaborations');
      sellerId = viewer.sellerId;
    }
    if (viewer.role === 'CREATOR') {
      if (creatorId && creatorId !== viewer.creatorId)
        throw new ForbiddenError('A creator sees only its own collaborations');
      creatorId = viewer.creatorId;
    }
    if (sellerId) where.push({ field: 'sellerId', op: 'eq', value: sellerId });
    if (creatorId) where.push({ field: 'creatorId', op: 'eq', value: creatorId });
    if (filter?.statuses?.length) where.push({ field: 'status', op: 'in', value: filter.statuses });
    if (filter?.disputeOpen !== undefined && filter.disputeOpen !== null) {
      where.push(
        filter.disputeOpen
          ? { field: 'disputeStatus', op: 'eq', value: 'OPEN' }
          : { field: 'disputeStatus', op: 'in', value: ['NONE', 'RESOLVED'] },
      );
    }
    const size = pageSize(first);
    const [page, total] = await Promise.all([
      context.services.readStore.query('collaborations', {
        where,
        orderBy: [{ field: 'updatedAt', direction: 'desc' }],
        first: size,
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count('collaborations', where),
    ]);
    return toConnection(page, total, (doc: CollaborationDoc) => collaborationFromDoc(doc, viewer));
  }

  // The fields a Collaboration leaves to be computed from its document (collaboration.type.ts).

  @FieldResolver(() => Brief)
  brief(@Root() collaboration: Collaboration): Computed<Brief> {
    return collaboration.source.read(briefOf);
  }

  @FieldResolver(() => Deadlines)
  deadlines(@Root() collaboration: Collaboration): Computed<Deadlines> {
    return collaboration.source.readView((view) => ({
      ...view.deadlines,
      pending: view.deadlines.pending.map((d) => ({ ...d })),
    }));
  }

  @FieldResolver(() => [ScriptVersion])
  scripts(@Root() collaboration: Collaboration): Computed<ScriptVersion[]> {
    return collaboration.source.read((doc) => doc.state.scripts.map((s) => ({ ...s })));
  }

  @FieldResolver(() => Int)
  revisionCount(@Root() collaboration: Collaboration): Computed<number> {
    return collaboration.source.read((doc) => doc.state.revisionsRequested);
  }

  @FieldResolver(() => Publish, { nullable: true })
  publish(@Root() collaboration: Collaboration): Computed<Publish | null> {
    return collaboration.source.read((doc) => (doc.state.publish ? { ...doc.state.publish } : null));
  }

  @FieldResolver(() => String)
  contentReview(@Root() collaboration: Collaboration): Computed<string> {
    return collaboration.source.read((doc) => doc.state.contentReview);
  }

  @FieldResolver(() => CollaborationMetrics)
  metrics(@Root() collaboration: Collaboration): Computed<CollaborationMetrics> {
    return collaboration.source.readView((view) => view.metrics);
  }

  @FieldResolver(() => [Milestone])
  milestones(@Root() collaboration: Collaboration): Computed<Milestone[]> {
    return collaboration.source.readView(milestonesOf);
  }

  @FieldResolver(() => [DisputeSummary])
  disputes(@Root() collaboration: Collaboration): Computed<DisputeSummary[]> {
    return collaboration.source.read((doc) =>
      doc.disputes.map((d) => {
        const clocks = doc.state.disputes.find((s) => s.disputeId === d.disputeId);
        return {
          ...d,
          responseMissed: clocks?.responseMissed ?? false,
          escalated: clocks?.escalated ?? false,
        };
      }),
    );
  }

  @FieldResolver(() => ID, { nullable: true })
  openDisputeId(@Root() collaboration: Collaboration): Computed<string | null> {
    return collaboration.source.read((doc) => doc.state.openDisputeId);
  }

  @FieldResolver(() => [Rating])
  ratings(@Root() collaboration: Collaboration): Computed<Rating[]> {
    return collaboration.source.ratings();
  }

  @FieldResolver(() => [CollaborationReport])
  reports(@Root() collaboration: Collaboration): Computed<CollaborationReport[]> {
    return collaboration.source.reports();
  }

  @FieldResolver(() => Int)
  messageCount(@Root() collaboration: Collaboration): Computed<number> {
    return collaboration.source.read((doc) => doc.state.messages);
  }

  @FieldResolver(() => DateTime, { nullable: true })
  acceptedAt(@Root() collaboration: Collaboration): Computed<string | null> {
    return collaboration.source.read((doc) => doc.acceptedAt);
  }

  @FieldResolver(() => DateTime, { nullable: true })
  completedAt(@Root() collaboration: Collaboration): Computed<string | null> {
    return collaboration.source.read((doc) => doc.state.completedAt);
  }

  @FieldResolver(() => Int)
  revision(@Root() collaboration: Collaboration): Computed<number> {
    return collaboration.source.read((doc) => doc.revision);
  }

  @FieldResolver(() => String)
  position(@Root() collaboration: Collaboration): Computed<string> {
    return collaboration.source.read((doc) => String(doc.lastPosition));
  }

  @FieldResolver(() => Seller, { nullable: true })
  async seller(@Root() collaboration: Collaboration, @Ctx() context: GraphQLContext): Promise<Seller | null> {
    const doc = await context.loaders.sellers.load(collaboration.sellerId);
    return doc ? sellerFromDoc(doc) : null;
  }

  @FieldResolver(() => Creator, { nullable: true })
  async creator(
    @Root() collaboration: Collaboration,
    @Ctx() context: GraphQLContext,
  ): Promise<Creator | null> {
    const doc = await context.loaders.creators.load(collaboration.creatorId);
    return doc ? creatorFromDoc(doc) : null;
  }
}

// Every field a Collaboration leaves unset has its resolver above: without one it would answer null.
type Unset = {
  [K in keyof Collaboration]-?: undefined extends Collaboration[K] ? K : never;
}[keyof Collaboration];
type Unresolved = Exclude<Unset, keyof CollaborationResolver>;
const everyUnsetFieldResolved: [Unresolved] extends [never] ? true : Unresolved = true;
void everyUnsetFieldResolved;

@Resolver(() => CollaborationPayload)
export class CollaborationPayloadResolver {
  @FieldResolver(() => Collaboration, {
    nullable: true,
    description:
      'The collaboration as of this command: waits (bounded) for the read model to reach its position',
  })
  async collaboration(
    @Root() payload: CollaborationPayload,
    @Ctx() context: GraphQLContext,
  ): Promise<Collaboration | null> {
    const viewer = requireViewer(context);
    await waitForPosition(context, BigInt(payload.position), ['collaborations']);
    context.loaders.collaborations.clear(payload.collaborationId);
    // The same sight rule as the query: a payload is no back door to someone else's collaboration.
    const doc = visibleTo(
      viewer,
      (await context.loaders.collaborations.load(payload.collaborationId)) as CollaborationDoc | undefined,
    );
    return doc ? collaborationFromDoc(doc, viewer) : null;
  }
}
