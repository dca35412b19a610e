import { assertNever, type EventTime } from '../../core/decider.js';
import type { CitedFile, SellerEvent, SellerProfile } from './seller.events.js';

/** Where a seller's business verification stands (DOMAIN.md § Public reviews, verified parties). */
export type VerificationStatus = 'UNVERIFIED' | 'PENDING' | 'VERIFIED' | 'REJECTED';

/** A submission and what became of it: the documents, for the seller, arbitrators and auditors. */
export interface SellerSubmission {
  readonly submission: number;
  readonly registrationNumber: string;
  readonly country: string;
  readonly storeUrl: string;
  readonly licence: CitedFile;
  readonly submittedAt: string;
  /** The arbitrator's note (approved) or reason (rejected). */
  readonly decision: {
    readonly outcome: 'APPROVED' | 'REJECTED';
    readonly text: string;
    readonly at: string;
  } | null;
}

export interface SellerVerification {
  readonly status: VerificationStatus;
  /** When the status began. */
  readonly since: string | null;
  /** The latest submission. */
  readonly latest: SellerSubmission | null;
  readonly submissions: number;
}

export type SellerState =
  | { readonly status: 'UNREGISTERED' }
  | {
      readonly status: 'REGISTERED';
      readonly sellerId: string;
      readonly profile: SellerProfile;
      readonly verification: SellerVerification;
    };

export const initialSellerState = (): SellerState => ({ status: 'UNREGISTERED' });

export const UNVERIFIED: SellerVerification = {
  status: 'UNVERIFIED',
  since: null,
  latest: null,
  submissions: 0,
};

export const evolveSeller = (state: SellerState, event: SellerEvent, at: EventTime): SellerState => {
  if (event.type === 'SellerRegistered') {
    return {
      status: 'REGISTERED',
      sellerId: event.data.sellerId,
      profile: event.data.profile,
      verification: UNVERIFIED,
    };
  }
  if (state.status !== 'REGISTERED') return state;
  const verification = evolveVerification(state.verification, event, at);
  return { ...state, verification };
};

/** A seller's verification after one of its events (also what the sellers read model keeps). */
export const evolveVerification = (
  verification: SellerVerification,
  event: Exclude<SellerEvent, { type: 'SellerRegistered' }>,
  at: EventTime,
): SellerVerification => {
  switch (event.type) {
    case 'SellerVerificationSubmitted': {
      const { registrationNumber, country, storeUrl, licence, submission } = event.data;
      return {
        status: 'PENDING',
        since: at.occurredAt,
        submissions: submission,
        latest: {
          submission,
          registrationNumber,
          country,
          storeUrl,
          licence,
          submittedAt: at.occurredAt,
          decision: null,
        },
      };
    }
    case 'SellerVerificationApproved':
    case 'SellerVerificationRejected': {
      const approved = event.type === 'SellerVerificationApproved';
      return {
        ...verification,
        status: approved ? 'VERIFIED' : 'REJECTED',
        since: at.occurredAt,
        latest: verification.latest && {
          ...verification.latest,
          decision: {
            outcome: approved ? 'APPROVED' : 'REJECTED',
            text: approved ? event.data.note : event.data.reason,
            at: at.occurredAt,
          },
        },
      };
    }
    default:
      return assertNever(event);
  }
};
