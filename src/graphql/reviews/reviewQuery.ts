import { REVIEW_PARTIES, REVIEWS, type ReviewDoc } from '../../../projections/reviews/reviews.documents.js';
import type { CreatorDoc } from '../../../projections/creators/creators.projection.js';
import {
  CREATOR_TO_SELLER_DIMENSIONS,
  SELLER_TO_CREATOR_DIMENSIONS,
  type Side,
} from '../../contexts/collaboration/collaboration.events.js';
import { ValidationError } from '../../core/errors.js';
import { decodeCursor, encodeCursor, type Condition, type SortKey } from '../../readStore/readStore.js';
import { seesEverything } from '../../access/rules.js';
import type { Viewer } from '../../access/viewer.js';
import type { GraphQLContext } from '../context.js';
import type { ConnectionShape } from '../common/types.js';
import { pageSize, toConnection } from '../common/types.js';
import { reviewFromDoc, type RelevanceInput, type Review, type ReviewFilter } from './review.type.js';

/** A page of a party's reviews (DOMAIN.md § Public reviews): the filters, the orders, most relevant. */

export interface ReviewArgs {
  readonly filter?: ReviewFilter | null;
  readonly sort?: 'RECENT' | 'LOWEST' | 'HIGHEST' | 'MOST_RELEVANT' | null;
  readonly relevance?: RelevanceInput | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

const SORTS: Record<'RECENT' | 'LOWEST' | 'HIGHEST', SortKey> = {
  RECENT: { field: 'revealedPosition', direction: 'desc' },
  LOWEST: { field: 'mean', direction: 'asc' },
  HIGHEST: { field: 'mean', direction: 'desc' },
};

/** MOST_RELEVANT ranks at most this many of a party's reviews (its most recent), in memory. */
export const RELEVANCE_WINDOW = 5_000;

/** Whether the viewer may see which collaboration a review is about: its parties, arbitrators, auditors. */
export const seesReviewIds = (viewer: Viewer, doc: ReviewDoc): boolean =>
  seesEverything(viewer) ||
  [doc.rateeKey, doc.reviewerKey].some(
    (key) =>
      (viewer.role === 'SELLER' && key === `SELLER:${viewer.sellerId}`) ||
      (viewer.role === 'CREATOR' && key === `CREATOR:${viewer.creatorId}`),
  );

const conditions = (reviewed: Side, filter: ReviewFilter | null | undefined): Condition[] => {
  const where: Condition[] = [];
  if (!filter) return where;
  const dimensions = reviewed === 'CREATOR' ? SELLER_TO_CREATOR_DIMENSIONS : CREATOR_TO_SELLER_DIMENSIONS;
  if (filter.dimension && !(dimensions as readonly string[]).includes(filter.dimension)) {
    throw new ValidationError(
      `Reviews of a ${reviewed.toLowerCase()} score ${dimensions.join(', ')}, not ${filter.dimension}`,
      { field: 'dimension' },
    );
  }
  const scored = filter.dimension ? `scores.${filter.dimension}` : 'mean';
  for (const [op, value] of [
    ['gte', filter.minScore],
    ['lte', filter.maxScore],
  ] as const) {
    if (value === undefined || value === null) continue;
    if (!(value >= 1 && value <= 5)) throw new ValidationError('A score is between 1 and 5', { field: op });
    where.push({ field: scored, op, value });
  }
  if (
    filter.minScore !== undefined &&
    filter.minScore !== null &&
    filter.maxScore !== undefined &&
    filter.maxScore !== null &&
    filter.minScore > filter.maxScore
  ) {
    throw new ValidationError('minScore is above maxScore', { field: 'minScore' });
  }
  if (filter.withComment !== undefined && filter.withComment !== null) {
    where.push({ field: 'hasComment', op: 'eq', value: filter.withComment ? 1 : 0 });
  }
  if (filter.category) where.push({ field: 'category', op: 'eq', value: filter.category });
  if (filter.market) {
    if (!/^[A-Z]{2}$/.test(filter.market)) {
      throw new ValidationError('A market is an ISO 3166-1 alpha-2 code', { field: 'market' });
    }
    where.push({ field: 'markets', op: 'eq', value: filter.market });
  }
  if (filter.platform) where.push({ field: 'platform', op: 'eq', value: filter.platform });
  return where;
};

const most = (counts: Readonly<Record<string, number>>): string | undefined =>
  Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];

/**
 * What "most relevant" puts first for this reader, unless the query names it: a seller's most
 * proposed category and target market, a creator's first category and its country.
 */
const relevanceFor = async (
  context: GraphQLContext,
  viewer: Viewer,
  given: RelevanceInput | null | undefined,
) => {
  if (given?.category || given?.market) return { category: given.category, market: given.market };
  if (viewer.role === 'SELLER' && viewer.sellerId) {
    const [party] = await context.services.readStore.getMany(REVIEW_PARTIES.name, [
      `SELLER:${viewer.sellerId}`,
    ]);
    return { category: party && most(party.categories), market: party && most(party.markets) };
  }
  if (viewer.role === 'CREATOR' && viewer.creatorId) {
    const doc = (await context.loaders.creators.load(viewer.creatorId)) as unknown as CreatorDoc | undefined;
    return { category: doc?.categories[0], market: doc?.country || undefined };
  }
  return {};
};

type Indexed = {
  readonly id: string;
  readonly category: string;
  readonly marketsKey: string;
  readonly revealedPosition: number;
};

/**
 * The reader's category and market first, then its category, then its market, then the rest, each
 * most recent first: ranked in memory over the party's most recent {@link RELEVANCE_WINDOW} reviews,
 * read from the indexes alone; only the page's documents are read.
 */
const relevantPage = async (
  context: GraphQLContext,
  rateeKey: string,
  where: Condition[],
  relevance: { category?: string | undefined; market?: string | undefined },
  first: number,
  after: string | null | undefined,
) => {
  const found = await context.services.readStore.topPerGroup(REVIEWS.name, {
    groupField: 'rateeKey',
    groups: [rateeKey],
    perGroup: RELEVANCE_WINDOW,
    orderBy: [SORTS.RECENT],
    where,
    select: ['category', 'marketsKey', 'revealedPosition'],
  });
  const rows = (found.get(rateeKey) ?? []) as unknown as Indexed[];
  const tier = (row: Indexed) =>
    (relevance.category && row.category === relevance.category ? 0 : 2) +
    (relevance.market && row.marketsKey.includes(`|${relevance.market}|`) ? 0 : 1);
  const key = (row: Indexed): [number, number, string] => [tier(row), -row.revealedPosition, row.id];
  const before = (a: [number, number, string], b: readonly (string | number)[]) =>
    a[0] !== b[0]
      ? a[0] < (b[0] as number)
      : a[1] !== b[1]
        ? a[1] < (b[1] as number)
        : a[2] < (b[2] as string);
  const ranked = rows.map(key).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const start = after ? decodeCursor(after, 3) : null;
  const rest = start ? ranked.filter((k) => before(start as [number, number, string], k)) : ranked;
  const page = rest.slice(0, first);
  const docs = await context.services.readStore.getMany(
    REVIEWS.name,
    page.map((k) => k[2]),
  );
  return {
    items: page.flatMap((k, i) => (docs[i] ? [{ id: k[2], doc: docs[i], cursor: encodeCursor(k) }] : [])),
    hasNextPage: rest.length > first,
    endCursor: page.length ? encodeCursor(page.at(-1)!) : null,
  };
};

export const reviewPage = async (
  context: GraphQLContext,
  viewer: Viewer,
  reviewed: Side,
  id: string,
  args: ReviewArgs,
): Promise<ConnectionShape<Review>> => {
  const rateeKey = `${reviewed}:${id}`;
  const filters = conditions(reviewed, args.filter);
  const first = pageSize(args.first);
  const where: Condition[] = [{ field: 'rateeKey', op: 'eq', value: rateeKey }, ...filters];
  const sort = args.sort ?? 'RECENT';
  const [page, total] = await Promise.all([
    sort === 'MOST_RELEVANT'
      ? relevantPage(
          context,
          rateeKey,
          filters,
          await relevanceFor(context, viewer, args.relevance),
          first,
          args.after,
        )
      : context.services.readStore.query(REVIEWS.name, {
          where,
          orderBy: [SORTS[sort]],
          first,
          ...(args.after ? { after: args.after } : {}),
        }),
    context.services.readStore.count(REVIEWS.name, where),
  ]);
  return toConnection(page, total, (doc: ReviewDoc) => reviewFromDoc(doc, seesReviewIds(viewer, doc)));
};
