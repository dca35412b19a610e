import type { Decider } from '../../core/decider.js';
import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { requireParty, requireRole, type CommandContext } from '../shared.js';
import type { SellerEvent, SellerProfile } from './seller.events.js';
import { evolveSeller, initialSellerState, type SellerState } from './seller.state.js';

export const sellerStreamId = (sellerId: string): string => `seller-${sellerId}`;

type C<Type extends string, Fields> = CommandContext & {
  readonly type: Type;
  readonly sellerId: string;
} & Fields;

export type SellerCommand =
  | C<'RegisterSeller', { readonly profile: SellerProfile }>
  // Business verification (DOMAIN.md § Public reviews, verified parties)
  | C<
      'SubmitSellerVerification',
      {
        readonly registrationNumber: string;
        readonly country: string;
        readonly storeUrl: string;
        /** The licence file as the blob store holds it for this seller: null when it never uploaded it. */
        readonly licence: {
          readonly sha256: string;
          readonly fileName?: string;
          readonly file: { readonly contentType: string; readonly sizeBytes: number } | null;
        };
      }
    >
  | C<'DecideSellerVerification', { readonly decision: 'APPROVE' | 'REJECT'; readonly text: string }>;

const registered = (state: SellerState, sellerId: string) => {
  if (state.status !== 'REGISTERED')
    throw new DomainError('SELLER_NOT_FOUND', `Seller ${sellerId} is not registered`);
  return state;
};

export const decideSeller = (command: SellerCommand, state: SellerState): SellerEvent[] => {
  switch (command.type) {
    case 'RegisterSeller':
      requireParty(command.actor, 'SELLER', command.sellerId);
      if (state.status === 'REGISTERED') {
        throw new DomainError(
          'SELLER_ALREADY_REGISTERED',
          `Seller ${command.sellerId} is already registered`,
        );
      }
      return [{ type: 'SellerRegistered', data: { sellerId: command.sellerId, profile: command.profile } }];
    case 'SubmitSellerVerification': {
      requireParty(command.actor, 'SELLER', command.sellerId);
      const { verification } = registered(state, command.sellerId);
      // One submission waits at a time; a verified seller stays verified (DOMAIN.md § Public reviews).
      if (verification.status === 'PENDING') {
        throw new DomainError('VERIFICATION_PENDING', 'A submission already waits for an arbitrator');
      }
      if (verification.status === 'VERIFIED')
        throw new DomainError('ALREADY_VERIFIED', 'The seller is verified');
      if (!command.registrationNumber.trim()) {
        throw new DomainError('REGISTRATION_NUMBER_REQUIRED', 'Give the business registration number');
      }
      const { licence } = command;
      if (!licence.file) {
        throw new DomainError(
          'EVIDENCE_NOT_UPLOADED',
          'You uploaded no file with this SHA-256: POST the licence to /evidence first',
          { sha256: licence.sha256 },
        );
      }
      return [
        {
          type: 'SellerVerificationSubmitted',
          data: {
            sellerId: command.sellerId,
            submission: verification.submissions + 1,
            registrationNumber: command.registrationNumber.trim(),
            country: command.country,
            storeUrl: command.storeUrl,
            licence: {
              sha256: licence.sha256,
              ...(licence.fileName ? { fileName: licence.fileName } : {}),
              contentType: licence.file.contentType,
              sizeBytes: licence.file.sizeBytes,
            },
          },
        },
      ];
    }
    case 'DecideSellerVerification': {
      requireRole(command.actor, 'ARBITRATOR');
      const { verification } = registered(state, command.sellerId);
      if (verification.status !== 'PENDING') {
        throw new DomainError('NO_VERIFICATION_PENDING', 'No submission of this seller waits for a decision');
      }
      if (!command.text.trim()) {
        throw new DomainError('REASON_REQUIRED', 'Say what was checked, or why the submission is rejected');
      }
      const base = { sellerId: command.sellerId, submission: verification.submissions };
      return command.decision === 'APPROVE'
        ? [{ type: 'SellerVerificationApproved', data: { ...base, note: command.text } }]
        : [{ type: 'SellerVerificationRejected', data: { ...base, reason: command.text } }];
    }
    default:
      return assertNever(command);
  }
};

export const sellerDecider: Decider<SellerCommand, SellerState, SellerEvent> = {
  initialState: initialSellerState,
  evolve: evolveSeller,
  decide: decideSeller,
};
