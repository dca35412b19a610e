import DataLoader from 'dataloader';
import type { TokenRole, Viewer } from '../access/viewer.js';
import type { BlobStore } from '../blobStore/blobStore.js';
import type { WriteSide } from '../contexts/writeSide.js';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { SharedViews } from '../live/sharedViews.js';
import { COLLABORATIONS } from '../../projections/collaborations/collaborations.projection.js';
import { CREATORS } from '../../projections/creators/creators.projection.js';
import { DISPUTES } from '../../projections/disputes/disputes.projection.js';
import { REVIEWS, REVIEW_SUMMARIES } from '../../projections/reviews/reviews.documents.js';
import { VERIFICATIONS } from '../../projections/verifications/verifications.projection.js';
import { LIBRARY_ENTRIES } from '../../projections/sellerLibrary/sellerLibrary.documents.js';
import { SELLERS } from '../../projections/sellers/sellers.projection.js';
import type { Collection } from '../readStore/collection.js';
import type { Resolve, UrlPolicy } from '../processes/webhooks/addresses.js';
import type { Doc, ReadStore } from '../readStore/readStore.js';
import { COLLABORATION_SUMMARY, summaryFromIndexes } from './collaborations/collaboration.view.js';

/** How fresh the read models are: what read-your-writes waits on. */
export interface ReadModelFreshness {
  /** Resolves true once the (named) read models have applied `position`, false after {@link timeoutMs}. */
  waitFor(position: bigint, projections?: readonly string[]): Promise<boolean>;
  /** How long a request may wait for them (`LEDGER_FRESHNESS_TIMEOUT_MS`). */
  readonly timeoutMs: number;
}

/** What the resolvers use of the service: given by the composition root (src/app), nothing more. */
export interface GraphQLServices {
  /** Commands, decided on the log (src/contexts/writeSide.ts). */
  readonly write: WriteSide;
  /** The read models queries answer from. */
  readonly readStore: ReadStore;
  /** The log itself, for audit replays and the head position. */
  readonly eventStore: EventStore;
  /** Evidence files (their presence and integrity on a dispute's trail). */
  readonly blobs: BlobStore;
  readonly freshness: ReadModelFreshness;
  /** Subscriptions' live views of the streams they follow (src/live). */
  readonly views: SharedViews;
  /** The time commands are decided at (ISO-8601 UTC). */
  readonly now: () => string;
  /** The secret ids of keyed (retried) commands are derived under (and webhook secrets). */
  readonly idSecret: () => Buffer;
  /** Where webhooks may go, and how many an owner may have. */
  readonly webhooks: WebhookRules;
}

/** The webhook settings the API enforces at registration (README § Webhooks). */
export interface WebhookRules {
  readonly policy: UrlPolicy;
  readonly maxEndpointsPerOwner: number;
  readonly resolve: Resolve;
}

/** What a resolver needs: who asks, the services, and this request's loaders. */
export interface GraphQLContext {
  readonly viewer: Viewer | null;
  readonly services: GraphQLServices;
  readonly loaders: Loaders;
  readonly requestId: string;
  /** From the `Idempotency-Key` header: a retried mutation returns its first result. */
  readonly idempotencyKey?: string;
  /** Read-your-writes: the request wants read models at least this fresh. */
  readonly minPosition?: bigint;
  /** Set once the wait for `minPosition` is under way (one wait per request). */
  freshness?: Promise<void>;
}

export const requireViewer = (context: GraphQLContext): Viewer => {
  if (!context.viewer)
    throw new UnauthenticatedError('Sign in: send "Authorization: Bearer <token>"', { reason: 'missing' });
  return context.viewer;
};

export const requireRole = (context: GraphQLContext, ...roles: TokenRole[]): Viewer => {
  const viewer = requireViewer(context);
  if (!roles.includes(viewer.role)) {
    throw new ForbiddenError(`Only ${roles.join(' or ')} may do this`, { role: viewer.role });
  }
  return viewer;
};

/** Per-request DataLoaders: one store query per kind of lookup, whatever the page size. */
export const createLoaders = (readStore: ReadStore) => {
  const byId = <D extends Doc>(collection: Collection<D>) =>
    new DataLoader<string, D | undefined>((ids) => readStore.getMany(collection.name, ids), { cache: true });
  /**
   * Top-n per group, batched: one store query per (perGroup, seller) of a whole page of parents.
   * `fetch` asks the store for the groups (documents, or their summaries from the indexes).
   */
  const perGroup = <T>(
    fetch: (query: {
      groups: string[];
      perGroup: number;
      where?: { field: string; op: 'eq'; value: string }[];
    }) => Promise<Map<string, T[]>>,
  ) =>
    new DataLoader<{ group: string; perGroup: number; sellerId?: string }, T[], string>(
      async (keys) => {
        const results = new Map<string, T[]>();
        const batches = new Map<string, (typeof keys)[number][]>();
        for (const key of keys) {
          const batch = `${key.perGroup}|${key.sellerId ?? ''}`;
          batches.set(batch, [...(batches.get(batch) ?? []), key]);
        }
        for (const batch of batches.values()) {
          const { perGroup, sellerId } = batch[0]!;
          const found = await fetch({
            groups: [...new Set(batch.map((k) => k.group))],
            perGroup,
            ...(sellerId ? { where: [{ field: 'sellerId', op: 'eq' as const, value: sellerId }] } : {}),
          });
          for (const key of batch) results.set(JSON.stringify(key), found.get(key.group) ?? []);
        }
        return keys.map((key) => results.get(JSON.stringify(key)) ?? []);
      },
      { cacheKeyFn: (key) => JSON.stringify(key) },
    );
  return {
    creators: byId(CREATORS),
    sellers: byId(SELLERS),
    collaborations: byId(COLLABORATIONS),
    disputes: byId(DISPUTES),
    libraryEntries: byId(LIBRARY_ENTRIES),
    // Public reviews and verified parties (DOMAIN.md § Public reviews)
    reviews: byId(REVIEWS),
    reviewSummaries: byId(REVIEW_SUMMARIES),
    verifications: byId(VERIFICATIONS),
    /** A creator's latest collaborations, as summaries from the indexes (whole documents on demand). */
    recentCollaborationsByCreator: perGroup(async (query) => {
      const found = await readStore.topPerGroup(COLLABORATIONS.name, {
        ...query,
        groupField: 'creatorId',
        orderBy: [{ field: 'updatedAt', direction: 'desc' }],
        select: COLLABORATION_SUMMARY,
      });
      return new Map([...found].map(([creatorId, rows]) => [creatorId, rows.map(summaryFromIndexes)]));
    }),
  };
};

export type Loaders = ReturnType<typeof createLoaders>;
