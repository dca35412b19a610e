import type { Side } from '../../src/contexts/collaboration/collaboration.events.js';
import {
  evolveCreator,
  initialCreatorState,
  type CreatorState,
} from '../../src/contexts/creator/creator.state.js';
import { creatorVerification } from '../../src/contexts/creator/verification.js';
import {
  evolveSeller,
  initialSellerState,
  type SellerState,
} from '../../src/contexts/seller/seller.state.js';
import type { Recorded } from '../../src/core/event.js';
import { put, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { at, handledTypes, type EventOfType } from '../shared.js';

/**
 * Verified parties (DOMAIN.md § Public reviews): each seller's and creator's verification as its
 * stream stands — folded by the write side's own functions — and the arbitrators' queue of what
 * waits for them (a seller's submission, a creator's request), oldest first.
 */

export type VerificationState = 'UNVERIFIED' | 'PENDING' | 'VERIFIED' | 'REJECTED' | 'DECLINED';

export interface VerificationDoc {
  /** `SELLER:s1`, `CREATOR:c1`. */
  readonly key: string;
  readonly side: Side;
  readonly partyId: string;
  readonly status: VerificationState;
  /** When the status began. */
  readonly since: string | null;
  /** When what waits was submitted or asked for; null when nothing waits. */
  readonly waitingSince: string | null;
  /** The party's stream as the write side folds it: documents, checks and reasons (never public). */
  readonly seller: SellerState | null;
  readonly creator: CreatorState | null;
}

export const VERIFICATIONS = collection<VerificationDoc>('verifications', {
  indexes: [
    { field: 'status', type: 'string' },
    { field: 'side', type: 'string' },
    // Nothing waiting sorts after every instant.
    { field: 'waitingSince', type: 'string', missing: '~' },
  ],
});

export const verificationKey = (side: Side, id: string): string => `${side}:${id}`;

const EVENT_TYPES = handledTypes(
  'SellerRegistered',
  'SellerVerificationSubmitted',
  'SellerVerificationApproved',
  'SellerVerificationRejected',
  'CreatorRegistered',
  'CreatorProfileUpdated',
  'CreatorVerificationRequested',
  'CreatorAccountVerified',
  'CreatorLanguageVerified',
  'CreatorVerificationDeclined',
);
type VerificationsEvent = EventOfType<(typeof EVENT_TYPES)[number]>;
type SellerSideEvent = EventOfType<(typeof EVENT_TYPES)[number] & `Seller${string}`>;

const isSellerEvent = (event: Recorded<VerificationsEvent>): event is Recorded<SellerSideEvent> =>
  event.type.startsWith('Seller');

const sellerDoc = (key: string, partyId: string, state: SellerState): VerificationDoc => {
  const verification = state.status === 'REGISTERED' ? state.verification : null;
  const status = verification?.status ?? 'UNVERIFIED';
  return {
    key,
    side: 'SELLER',
    partyId,
    status,
    since: verification?.since ?? null,
    waitingSince: status === 'PENDING' ? (verification?.latest?.submittedAt ?? null) : null,
    seller: state,
    creator: null,
  };
};

const creatorDoc = (key: string, partyId: string, state: CreatorState, now: string): VerificationDoc => {
  if (state.status !== 'REGISTERED') {
    return {
      key,
      side: 'CREATOR',
      partyId,
      status: 'UNVERIFIED',
      since: null,
      waitingSince: null,
      seller: null,
      creator: state,
    };
  }
  const view = creatorVerification(state.profile, state.marks);
  const status: VerificationState = view.verified
    ? 'VERIFIED'
    : state.request.requestedAt
      ? 'PENDING'
      : state.request.declined
        ? 'DECLINED'
        : 'UNVERIFIED';
  const since =
    status === 'VERIFIED'
      ? view.since
      : status === 'PENDING'
        ? state.request.requestedAt
        : status === 'DECLINED'
          ? state.request.declined!.at
          : now;
  return {
    key,
    side: 'CREATOR',
    partyId,
    status,
    since,
    waitingSince: status === 'PENDING' ? state.request.requestedAt : null,
    seller: null,
    creator: state,
  };
};

export const verificationsProjection: Projection<VerificationsEvent> = {
  name: 'verifications',
  version: 1,
  collections: [VERIFICATIONS],
  eventTypes: EVENT_TYPES,

  touches: (event) => [
    {
      collection: VERIFICATIONS,
      id: isSellerEvent(event)
        ? verificationKey('SELLER', event.data.sellerId)
        : verificationKey('CREATOR', event.data.creatorId),
    },
  ],

  evolve(event, docs) {
    const time = { occurredAt: at(event) };
    if (isSellerEvent(event)) {
      const key = verificationKey('SELLER', event.data.sellerId);
      const state = evolveSeller(docs.get(VERIFICATIONS, key)?.seller ?? initialSellerState(), event, time);
      return [put(VERIFICATIONS, key, sellerDoc(key, event.data.sellerId, state))];
    }
    const key = verificationKey('CREATOR', event.data.creatorId);
    const previous = docs.get(VERIFICATIONS, key);
    const state = evolveCreator(previous?.creator ?? initialCreatorState(), event, time);
    const doc = creatorDoc(key, event.data.creatorId, state, at(event));
    // An unverified creator's status began when it registered, not at each change of its profile.
    return [
      put(VERIFICATIONS, key, doc.status === previous?.status ? { ...doc, since: previous.since } : doc),
    ];
  },
};
