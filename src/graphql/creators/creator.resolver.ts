import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CollaborationDoc } from '../../../projections/collaborations/collaborations.projection.js';
import type { CreatorDoc } from '../../../projections/creators/creators.projection.js';
import type { CreatorProfile } from '../../contexts/creator/creator.events.js';
import type { Condition, SortKey } from '../../readStore/readStore.js';
import { canSee } from '../../access/rules.js';
import { commandContext, resultOf, waitForPosition, withoutNulls } from '../common/commands.js';
import { CreatorSort } from '../common/enums.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { Collaboration } from '../collaborations/collaboration.type.js';
import { collaborationFromSummary } from '../collaborations/collaboration.view.js';
import {
  Creator,
  CreatorConnection,
  CreatorFilter,
  Reputation,
  ReputationChangeConnection,
  creatorFromDoc,
} from './creator.type.js';
import { CreatorPayload, RegisterCreatorInput, UpdateCreatorProfileInput } from './creator.input.js';

/** DOMAIN.md § Creator directory: the sorts (recommendation weight by default; never followers alone by default). */
const SORTS: Record<keyof typeof CreatorSort, SortKey> = {
  RECOMMENDATION: { field: 'recommendationWeight', direction: 'desc' },
  RATING: { field: 'rating', direction: 'desc' },
  ENGAGEMENT: { field: 'engagementRate', direction: 'desc' },
  CONVERSION: { field: 'conversionRate', direction: 'desc' },
  FOLLOWERS: { field: 'followers', direction: 'desc' },
};

const conditions = (filter: CreatorFilter | undefined): Condition[] => {
  const where: Condition[] = [];
  if (!filter) return where;
  if (filter.categories?.length) where.push({ field: 'categories', op: 'in', value: filter.categories });
  if (filter.countries?.length) where.push({ field: 'country', op: 'in', value: filter.countries });
  if (filter.languages?.length) where.push({ field: 'languages', op: 'in', value: filter.languages });
  if (filter.platforms?.length) where.push({ field: 'platforms', op: 'in', value: filter.platforms });
  if (filter.followerTiers?.length)
    where.push({ field: 'followerTier', op: 'in', value: filter.followerTiers });
  if (filter.grades?.length) where.push({ field: 'grade', op: 'in', value: filter.grades });
  if (filter.minRating !== undefined && filter.minRating !== null)
    where.push({ field: 'rating', op: 'gte', value: filter.minRating });
  if (filter.minEngagementRate !== undefined && filter.minEngagementRate !== null) {
    where.push({ field: 'engagementRate', op: 'gte', value: filter.minEngagementRate });
  }
  if (filter.minOnTimeRate !== undefined && filter.minOnTimeRate !== null) {
    where.push({ field: 'onTimeRate', op: 'gte', value: filter.minOnTimeRate });
  }
  if (filter.minReviews !== undefined && filter.minReviews !== null) {
    where.push({ field: 'reviewCount', op: 'gte', value: filter.minReviews });
  }
  if (filter.verified !== undefined && filter.verified !== null) {
    where.push({ field: 'verified', op: 'eq', value: filter.verified ? 1 : 0 });
  }
  return where;
};

@Resolver(() => Creator)
export class CreatorResolver {
  @Query(() => Creator, { nullable: true, description: 'A creator’s public profile and reputation' })
  async creator(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Creator | null> {
    requireViewer(context);
    const doc = await context.loaders.creators.load(id);
    return doc?.registered ? creatorFromDoc(doc) : null;
  }

  @Query(() => CreatorConnection, {
    description: 'The creator directory: every filter and sort of DOMAIN.md § Creator directory',
  })
  async creators(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => CreatorFilter, { nullable: true }) filter?: CreatorFilter,
    @Arg('sort', () => CreatorSort, { nullable: true, defaultValue: 'RECOMMENDATION' })
    sort?: keyof typeof CreatorSort,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<CreatorConnection> {
    requireViewer(context);
    const where = conditions(filter);
    const [page, total] = await Promise.all([
      context.services.readStore.query('creators', {
        where,
        orderBy: [SORTS[sort ?? 'RECOMMENDATION']],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count('creators', where),
    ]);
    return toConnection(page, total, (doc: CreatorDoc) => {
      const creator = creatorFromDoc(doc);
      // Prime the loader: a page's creators are found again by id without another query.
      context.loaders.creators.prime(creator.id, doc);
      return creator;
    });
  }

  @FieldResolver(() => [Collaboration], {
    description: 'Latest collaborations the viewer may see (a seller: its own with this creator)',
  })
  async recentCollaborations(
    @Root() creator: Creator,
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 5 }) first?: number,
  ): Promise<Collaboration[]> {
    const viewer = requireViewer(context);
    const perGroup = Math.min(pageSize(first, 5), 20);
    if (viewer.role === 'CREATOR' && viewer.creatorId !== creator.id) return [];
    const summaries = await context.loaders.recentCollaborationsByCreator.load({
      group: creator.id,
      perGroup,
      ...(viewer.role === 'SELLER' ? { sellerId: viewer.sellerId! } : {}),
    });
    return summaries
      .filter((summary) => canSee(viewer, summary))
      .map((summary) =>
        collaborationFromSummary(
          summary,
          viewer,
          () => context.loaders.collaborations.load(summary.id) as Promise<CollaborationDoc | undefined>,
        ),
      );
  }

  @Mutation(() => CreatorPayload, { description: 'A creator registers itself, with its profile' })
  async registerCreator(
    @Arg('input', () => RegisterCreatorInput) input: RegisterCreatorInput,
    @Ctx() context: GraphQLContext,
  ) {
    const viewer = requireRole(context, 'CREATOR');
    const { command, options } = commandContext(context, 'registerCreator');
    const result = await context.services.write.creator(
      {
        type: 'RegisterCreator',
        creatorId: viewer.creatorId!,
        profile: withoutNulls({ ...input }) as unknown as CreatorProfile,
        ...command,
      },
      options,
    );
    return { ...resultOf(result), creatorId: viewer.creatorId! };
  }

  @Mutation(() => CreatorPayload, {
    description: 'A creator changes its profile; only the fields given change',
  })
  async updateCreatorProfile(
    @Arg('input', () => UpdateCreatorProfileInput) input: UpdateCreatorProfileInput,
    @Ctx() context: GraphQLContext,
  ) {
    const viewer = requireRole(context, 'CREATOR');
    const { command, options } = commandContext(context, 'updateCreatorProfile');
    const result = await context.services.write.creator(
      {
        type: 'UpdateCreatorProfile',
        creatorId: viewer.creatorId!,
        changes: withoutNulls({ ...input }) as Partial<CreatorProfile>,
        ...command,
      },
      options,
    );
    return { ...resultOf(result), creatorId: viewer.creatorId! };
  }
}

@Resolver(() => Reputation)
export class ReputationResolver {
  @FieldResolver(() => ReputationChangeConnection, {
    description: 'Which event moved which figure, by how much: latest first',
  })
  async changes(
    @Root() reputation: Reputation,
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ReputationChangeConnection> {
    requireViewer(context);
    const where: Condition[] = [{ field: 'creatorId', op: 'eq', value: reputation.creatorId }];
    // A reputation as of a past instant shows the changes up to that instant.
    if (reputation.asOf) where.push({ field: 'at', op: 'lte', value: reputation.asOf });
    const [page, total] = await Promise.all([
      context.services.readStore.query('reputationChanges', {
        where,
        orderBy: [{ field: 'position', direction: 'desc' }],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count('reputationChanges', where),
    ]);
    return toConnection(
      page,
      total,
      (doc: {
        position: number;
        at: string;
        eventType: string;
        collaborationId: string;
        changes: { figure: string; from: unknown; to: unknown; delta: number | null }[];
      }) => ({
        position: String(doc.position),
        at: doc.at,
        eventType: doc.eventType,
        collaborationId: doc.collaborationId,
        changes: doc.changes.map((c) => ({
          figure: c.figure,
          from: c.from === null ? null : String(c.from),
          to: c.to === null ? null : String(c.to),
          delta: c.delta,
        })),
      }),
    );
  }
}

@Resolver(() => CreatorPayload)
export class CreatorPayloadResolver {
  @FieldResolver(() => Creator, {
    nullable: true,
    description: 'The creator as of this command (waits, bounded, for the directory)',
  })
  async creator(@Root() payload: CreatorPayload, @Ctx() context: GraphQLContext): Promise<Creator | null> {
    requireViewer(context);
    await waitForPosition(context, BigInt(payload.position), ['creators', 'verifications']);
    context.loaders.creators.clear(payload.creatorId);
    const doc = await context.loaders.creators.load(payload.creatorId);
    return doc ? creatorFromDoc(doc) : null;
  }
}
