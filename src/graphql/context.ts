import DataLoader from 'dataloader';
import type { TokenRole, Viewer } from '../access/viewer.js';
import type { BlobStore } from '../blobStore/blobStore.js';
import type { WriteSide } from '../contexts/writeSide.js';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { SharedViews } from '../live/sharedViews.js';
import type { Resolve, UrlPolicy } from '../processes/webhooks/addresses.js';
import type { Doc, ReadStore, SortKey } from '../readStore/readStore.js';
import { COLLABORATION_SUMMARY } from './collaborations/collaboration.view.js';

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
  const byId = <D extends Doc>(collection: string) =>
    new DataLoader<string, D | undefined>((ids) => readStore.getMany<D>(collection, ids), { cache: true });
  /** Top-n documents per group, batched per (collection, filter, order). */
  const perGroup = <D extends Doc>(
    collection: string,
    groupField: string,
    orderBy: readonly SortKey[],
    select?: readonly string[],
  ) =>
    new DataLoader<{ group: string; perGroup: number; sellerId?: string }, D[], string>(
      async (keys) => {
        const results = new Map<string, D[]>();
        const batches = new Map<string, (typeof keys)[number][]>();
        for (const key of keys) {
          const batch = `${key.perGroup}|${key.sellerId ?? ''}`;
          batches.set(batch, [...(batches.get(batch) ?? []), key]);
        }
        for (const batch of batches.values()) {
          const { perGroup, sellerId } = batch[0]!;
          const found = await readStore.topPerGroup<D>(collection, {
            groupField,
            groups: [...new Set(batch.map((k) => k.group))],
            perGroup,
            orderBy,
            ...(select ? { select } : {}),
            ...(sellerId ? { where: [{ field: 'sellerId', op: 'eq' as const, value: sellerId }] } : {}),
          });
          for (const key of batch) results.set(JSON.stringify(key), found.get(key.group) ?? []);
        }
        return keys.map((key) => results.get(JSON.stringify(key)) ?? []);
      },
      { cacheKeyFn: (key) => JSON.stringify(key) },
    );
  return {
    creators: byId('creators'),
    sellers: byId('sellers'),
    collaborations: byId('collaborations'),
    disputes: byId('disputes'),
    libraryEntries: byId('libraryEntries'),
    /** A creator's latest collaborations, as summaries from the indexes (whole documents on demand). */
    recentCollaborationsByCreator: perGroup(
      'collaborations',
      'creatorId',
      [{ field: 'updatedAt', direction: 'desc' }],
      COLLABORATION_SUMMARY,
    ),
  };
};

export type Loaders = ReturnType<typeof createLoaders>;
