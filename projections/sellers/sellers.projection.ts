import { CREATOR_TO_SELLER_DIMENSIONS } from '../../src/contexts/collaboration/collaboration.events.js';
import type { SellerProfile } from '../../src/contexts/seller/seller.events.js';
import { assertNever } from '../../src/core/decider.js';
import { put, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import {
  at,
  collaborationIdOf,
  handledTypes,
  isCollaborationEvent,
  ownedId,
  type EventOfType,
} from '../shared.js';

/**
 * Sellers: the profile, how many collaborations, and how creators rated the seller (revealed
 * creator→seller ratings only: double-blind, DOMAIN.md § The collaboration 9).
 */

export interface SellerDoc {
  readonly sellerId: string;
  readonly profile: SellerProfile | null;
  readonly registeredAt: string | null;
  readonly collaborations: number;
  readonly completed: number;
  readonly ratingsRevealed: number;
  readonly dimensions: Readonly<
    Record<string, { readonly n: number; readonly sum: number; readonly mean: number | null }>
  >;
  readonly overall: number | null;
}

/** Hidden ratings of a seller, kept until revealed, by {@link ownedId}(collaboration, rating). */
export interface PendingRatingsDoc {
  readonly sellerId: string;
  readonly pending: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Whose a collaboration is. */
export interface SellerLinkDoc {
  readonly sellerId: string;
}

export const SELLERS = collection<SellerDoc>('sellers', { indexes: [{ field: 'overall', type: 'number' }] });
export const SELLER_RATINGS = collection<PendingRatingsDoc>('sellerRatings');
const LINKS = collection<SellerLinkDoc>('sellerLinks');

const newSeller = (sellerId: string): SellerDoc => ({
  sellerId,
  profile: null,
  registeredAt: null,
  collaborations: 0,
  completed: 0,
  ratingsRevealed: 0,
  dimensions: Object.fromEntries(CREATOR_TO_SELLER_DIMENSIONS.map((d) => [d, { n: 0, sum: 0, mean: null }])),
  overall: null,
});

const EVENT_TYPES = handledTypes(
  'SellerRegistered',
  'CollaborationProposed',
  'CollaborationCompleted',
  'CollaborationRated',
  'RatingsRevealed',
);
type SellersEvent = EventOfType<(typeof EVENT_TYPES)[number]>;

export const sellersProjection: Projection<SellersEvent> = {
  name: 'sellers',
  // 2: hidden ratings keyed by collaboration and rating id (a rating id is unique per collaboration only).
  version: 2,
  collections: [SELLERS, SELLER_RATINGS, LINKS],
  rebuildCost: 17,
  eventTypes: EVENT_TYPES,

  touches(event, docs) {
    if (event.type === 'SellerRegistered') return [{ collection: SELLERS, id: event.data.sellerId }];
    if (!isCollaborationEvent(event)) return [];
    const link = { collection: LINKS, id: collaborationIdOf(event) };
    const sellerId =
      event.type === 'CollaborationProposed' ? event.data.sellerId : docs.get(LINKS, link.id)?.sellerId;
    return sellerId
      ? [link, { collection: SELLERS, id: sellerId }, { collection: SELLER_RATINGS, id: sellerId }]
      : [link];
  },

  evolve(event, docs) {
    if (event.type === 'SellerRegistered') {
      const { sellerId, profile } = event.data;
      const current = docs.get(SELLERS, sellerId) ?? newSeller(sellerId);
      return [put(SELLERS, sellerId, { ...current, profile, registeredAt: at(event) })];
    }
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    const sellerId =
      event.type === 'CollaborationProposed'
        ? event.data.sellerId
        : docs.get(LINKS, collaborationId)?.sellerId;
    if (!sellerId) return [];
    const seller = docs.get(SELLERS, sellerId) ?? newSeller(sellerId);
    const pending = docs.get(SELLER_RATINGS, sellerId) ?? { sellerId, pending: {} };
    switch (event.type) {
      case 'CollaborationProposed':
        return [
          put(LINKS, collaborationId, { sellerId }),
          put(SELLERS, sellerId, { ...seller, collaborations: seller.collaborations + 1 }),
        ];
      case 'CollaborationCompleted':
        return [put(SELLERS, sellerId, { ...seller, completed: seller.completed + 1 })];
      case 'CollaborationRated':
        if (event.data.direction !== 'CREATOR_TO_SELLER') return [];
        return [
          put(SELLER_RATINGS, sellerId, {
            sellerId,
            pending: {
              ...pending.pending,
              [ownedId(collaborationId, event.data.ratingId)]: event.data.scores,
            },
          }),
        ];
      case 'RatingsRevealed': {
        const revealed = event.data.ratingIds
          .map((id) => ownedId(collaborationId, id))
          .filter((id) => pending.pending[id]);
        if (revealed.length === 0) return [];
        const dimensions = { ...seller.dimensions };
        for (const id of revealed) {
          for (const [dimension, score] of Object.entries(pending.pending[id]!)) {
            const current = dimensions[dimension] ?? { n: 0, sum: 0, mean: null };
            dimensions[dimension] = {
              n: current.n + 1,
              sum: current.sum + score,
              mean: (current.sum + score) / (current.n + 1),
            };
          }
        }
        const means = Object.values(dimensions).flatMap((d) => (d.mean === null ? [] : [d.mean]));
        const rest = Object.fromEntries(
          Object.entries(pending.pending).filter(([id]) => !revealed.includes(id)),
        );
        return [
          put(SELLERS, sellerId, {
            ...seller,
            dimensions,
            ratingsRevealed: seller.ratingsRevealed + revealed.length,
            overall: means.length ? means.reduce((a, b) => a + b, 0) / means.length : null,
          }),
          put(SELLER_RATINGS, sellerId, { sellerId, pending: rest }),
        ];
      }
      default:
        return assertNever(event);
    }
  },
};
