import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  LIBRARY_ENTRIES,
  entryId,
  type LibraryEntryDoc,
} from '../../../projections/sellerLibrary/sellerLibrary.projection.js';
import type { BriefTemplate as DomainBriefTemplate } from '../../contexts/sellerLibrary/sellerLibrary.events.js';
import type { SellerLibraryCommandInput } from '../../contexts/writeSide.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import type { Condition, Page, SortKey } from '../../readStore/readStore.js';
import type { Viewer } from '../../access/viewer.js';
import { commandContext, idOr, resultOf, waitForPosition, withoutNulls } from '../common/commands.js';
import { LibrarySort } from '../common/enums.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { Creator, creatorFromDoc } from '../creators/creator.type.js';
import {
  BriefTemplate,
  LibraryEntry,
  LibraryEntryConnection,
  LibraryFilter,
  LibraryPayload,
  MonthlyTopCreator,
  SaveBriefTemplateInput,
  entryFromDoc,
  templateFromDoc,
} from './library.type.js';

const SORTS: Record<keyof typeof LibrarySort, SortKey> = {
  LAST_COLLABORATION: { field: 'lastCollaborationAt', direction: 'desc' },
  RATING: { field: 'averageRating', direction: 'desc' },
  ROI: { field: 'roi', direction: 'desc' },
  COLLABORATIONS: { field: 'collaborations', direction: 'desc' },
  SPEND: { field: 'spendMinor', direction: 'desc' },
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** DOMAIN.md: no other seller can read a seller's library. Auditors read everything, never write. */
const requireLibrary = (viewer: Viewer, sellerId: string): void => {
  if (viewer.role === 'AUDITOR') return;
  if (viewer.role !== 'SELLER' || viewer.sellerId !== sellerId) {
    throw new ForbiddenError('A creator library is private to its seller');
  }
};

const libraryPage = async (
  context: GraphQLContext,
  sellerId: string,
  filter: LibraryFilter | undefined,
  sort: keyof typeof LibrarySort | undefined,
  first: number | undefined,
  after: string | undefined,
): Promise<LibraryEntryConnection> => {
  const where: Condition[] = [{ field: 'sellerId', op: 'eq', value: sellerId }];
  if (filter?.tags?.length) where.push({ field: 'tags', op: 'in', value: filter.tags });
  if (filter?.categories?.length) where.push({ field: 'categories', op: 'in', value: filter.categories });
  if (filter?.markets?.length) where.push({ field: 'markets', op: 'in', value: filter.markets });
  if (typeof filter?.favourite === 'boolean')
    where.push({ field: 'favourite', op: 'eq', value: filter.favourite ? 1 : 0 });
  if (typeof filter?.blocked === 'boolean')
    where.push({ field: 'blocked', op: 'eq', value: filter.blocked ? 1 : 0 });
  const [page, total] = await Promise.all([
    context.services.readStore.query('libraryEntries', {
      where,
      orderBy: [SORTS[sort ?? 'LAST_COLLABORATION']],
      first: pageSize(first),
      ...(after ? { after } : {}),
    }),
    context.services.readStore.count('libraryEntries', where),
  ]);
  return toConnection(page, total, entryFromDoc);
};

@Resolver(() => LibraryEntry)
export class LibraryResolver {
  @Query(() => LibraryEntryConnection, { description: 'The viewer’s private creator library (sellers only)' })
  myCreatorLibrary(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => LibraryFilter, { nullable: true }) filter?: LibraryFilter,
    @Arg('sort', () => LibrarySort, { nullable: true, defaultValue: 'LAST_COLLABORATION' })
    sort?: keyof typeof LibrarySort,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<LibraryEntryConnection> {
    const viewer = requireRole(context, 'SELLER');
    return libraryPage(context, viewer.sellerId!, filter, sort, first, after);
  }

  @Query(() => LibraryEntryConnection, { description: 'A seller’s library, for that seller or an auditor' })
  sellerCreatorLibrary(
    @Arg('sellerId', () => ID) sellerId: string,
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => LibraryFilter, { nullable: true }) filter?: LibraryFilter,
    @Arg('sort', () => LibrarySort, { nullable: true, defaultValue: 'LAST_COLLABORATION' })
    sort?: keyof typeof LibrarySort,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<LibraryEntryConnection> {
    requireLibrary(requireViewer(context), sellerId);
    return libraryPage(context, sellerId, filter, sort, first, after);
  }

  @Query(() => [MonthlyTopCreator], {
    description: 'Creators the viewer rated in a month, by its ratings that month, then ROI',
  })
  async monthlyTopCreators(
    @Arg('month', () => String, { description: 'YYYY-MM' }) month: string,
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first?: number,
  ): Promise<MonthlyTopCreator[]> {
    const viewer = requireRole(context, 'SELLER');
    if (!MONTH.test(month)) throw new ValidationError('month is YYYY-MM', { month });
    const size = pageSize(first, 10);
    const where: Condition[] = [
      { field: 'sellerId', op: 'eq', value: viewer.sellerId! },
      { field: 'ratedMonths', op: 'eq', value: month },
    ];
    const entries: LibraryEntryDoc[] = [];
    for (let after: string | null = null; ;) {
      const page: Page<LibraryEntryDoc> = await context.services.readStore.query(LIBRARY_ENTRIES.name, {
        where,
        first: 1000,
        ...(after ? { after } : {}),
      });
      entries.push(...page.items.map((i) => i.doc));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    return entries
      .map((entry) => {
        const ratings = entry.ratings.filter((r) => r.month === month);
        return {
          entry,
          ratings: ratings.length,
          averageRating: ratings.reduce((s, r) => s + r.mean, 0) / ratings.length,
        };
      })
      .sort(
        (a, b) =>
          b.averageRating - a.averageRating || (b.entry.roi ?? -Infinity) - (a.entry.roi ?? -Infinity),
      )
      .slice(0, size)
      .map((row, i) => ({
        rank: i + 1,
        creatorId: row.entry.creatorId,
        averageRating: row.averageRating,
        ratings: row.ratings,
        roi: row.entry.roi,
        entry: entryFromDoc(row.entry),
      }));
  }

  @Query(() => [BriefTemplate], { description: 'The viewer’s brief templates (its SOPs)' })
  async briefTemplates(@Ctx() context: GraphQLContext): Promise<BriefTemplate[]> {
    const viewer = requireRole(context, 'SELLER');
    const page = await context.services.readStore.query('briefTemplates', {
      where: [{ field: 'sellerId', op: 'eq', value: viewer.sellerId! }],
      orderBy: [{ field: 'updatedAt', direction: 'desc' }],
      first: 100,
    });
    return page.items.map((i) => templateFromDoc(i.doc as Parameters<typeof templateFromDoc>[0]));
  }

  @FieldResolver(() => Creator, { nullable: true })
  async creator(@Root() entry: LibraryEntry, @Ctx() context: GraphQLContext): Promise<Creator | null> {
    const doc = await context.loaders.creators.load(entry.creatorId);
    return doc ? creatorFromDoc(doc) : null;
  }
}

type Body = SellerLibraryCommandInput extends infer C
  ? C extends unknown
    ? Omit<C, 'actor' | 'now' | 'sellerId'>
    : never
  : never;

const send = async (context: GraphQLContext, field: string, body: Body): Promise<LibraryPayload> => {
  const viewer = requireRole(context, 'SELLER');
  const { command, options } = commandContext(context, field);
  const result = await context.services.write.sellerLibrary(
    { ...body, sellerId: viewer.sellerId!, ...command } as SellerLibraryCommandInput,
    options,
  );
  return {
    ...resultOf(result),
    sellerId: viewer.sellerId!,
    creatorId: 'creatorId' in body ? body.creatorId : null,
    templateId: 'templateId' in body ? body.templateId : null,
  };
};

@Resolver(() => LibraryPayload)
export class LibraryMutations {
  @Mutation(() => LibraryPayload)
  tagCreator(
    @Arg('creatorId', () => ID) creatorId: string,
    @Arg('tag', () => String) tag: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'tagCreator', { type: 'TagCreator', creatorId, tag });
  }

  @Mutation(() => LibraryPayload)
  untagCreator(
    @Arg('creatorId', () => ID) creatorId: string,
    @Arg('tag', () => String) tag: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'untagCreator', { type: 'UntagCreator', creatorId, tag });
  }

  @Mutation(() => LibraryPayload)
  addCreatorNote(
    @Arg('creatorId', () => ID) creatorId: string,
    @Arg('text', () => String) text: string,
    @Ctx() context: GraphQLContext,
    @Arg('noteId', () => ID, { nullable: true }) noteId?: string,
  ) {
    return send(context, 'addCreatorNote', {
      type: 'AddCreatorNote',
      creatorId,
      text,
      noteId: idOr(context, 'addCreatorNote', noteId),
    });
  }

  @Mutation(() => LibraryPayload)
  favouriteCreator(@Arg('creatorId', () => ID) creatorId: string, @Ctx() context: GraphQLContext) {
    return send(context, 'favouriteCreator', { type: 'FavouriteCreator', creatorId });
  }

  @Mutation(() => LibraryPayload)
  unfavouriteCreator(@Arg('creatorId', () => ID) creatorId: string, @Ctx() context: GraphQLContext) {
    return send(context, 'unfavouriteCreator', { type: 'UnfavouriteCreator', creatorId });
  }

  @Mutation(() => LibraryPayload, { description: 'No proposal to a blocked creator is accepted' })
  blockCreator(
    @Arg('creatorId', () => ID) creatorId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'blockCreator', { type: 'BlockCreator', creatorId, reason });
  }

  @Mutation(() => LibraryPayload)
  unblockCreator(@Arg('creatorId', () => ID) creatorId: string, @Ctx() context: GraphQLContext) {
    return send(context, 'unblockCreator', { type: 'UnblockCreator', creatorId });
  }

  @Mutation(() => LibraryPayload, { description: 'Saves (or replaces) a brief template' })
  saveBriefTemplate(
    @Arg('input', () => SaveBriefTemplateInput) input: SaveBriefTemplateInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'saveBriefTemplate', {
      type: 'SaveBriefTemplate',
      templateId: idOr(context, 'saveBriefTemplate', input.templateId),
      name: input.name,
      brief: withoutNulls({ ...input.brief }) as DomainBriefTemplate,
    });
  }

  @Mutation(() => LibraryPayload)
  deleteBriefTemplate(@Arg('templateId', () => ID) templateId: string, @Ctx() context: GraphQLContext) {
    return send(context, 'deleteBriefTemplate', { type: 'DeleteBriefTemplate', templateId });
  }

  @FieldResolver(() => LibraryEntry, {
    nullable: true,
    description: 'The library entry as of this command (waits, bounded)',
  })
  async entry(@Root() payload: LibraryPayload, @Ctx() context: GraphQLContext): Promise<LibraryEntry | null> {
    requireViewer(context);
    if (!payload.creatorId) return null;
    await waitForPosition(context, BigInt(payload.position), ['sellerLibrary']);
    const id = entryId(payload.sellerId, payload.creatorId);
    context.loaders.libraryEntries.clear(id);
    const doc = await context.loaders.libraryEntries.load(id);
    return doc ? entryFromDoc(doc) : null;
  }
}
