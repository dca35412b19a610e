import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  AUDITOR,
  CREATOR,
  OTHER_SELLER,
  SELLER,
  T0,
} from '../../../test/support/collaborationFixtures.js';
import { sellerDecider } from './seller.decide.js';

const spec = deciderSpec(sellerDecider);
const profile = { name: 'Glow Labs', country: 'CN', website: 'https://glowlabs.example.com' };
const register = (actor = SELLER) => ({
  type: 'RegisterSeller' as const,
  sellerId: 's1',
  profile,
  actor,
  now: T0,
});

describe('seller', () => {
  it('registers', () =>
    spec
      .given([])
      .when(register())
      .then([{ type: 'SellerRegistered', data: { sellerId: 's1', profile } }]));
  it('refuses registering twice', () =>
    spec
      .given([{ type: 'SellerRegistered', data: { sellerId: 's1', profile } }])
      .when(register())
      .thenThrows('SELLER_ALREADY_REGISTERED'));
  it('refuses registering another seller', () =>
    spec.given([]).when(register(OTHER_SELLER)).thenThrows('FORBIDDEN'));
  it('refuses a creator registering a seller', () =>
    spec.given([]).when(register(CREATOR)).thenThrows('FORBIDDEN'));
});

describe('business verification (DOMAIN.md § Public reviews, verified parties)', () => {
  const registered = {
    event: { type: 'SellerRegistered' as const, data: { sellerId: 's1', profile } },
    at: T0,
  };
  const licence = {
    sha256: 'c'.repeat(64),
    fileName: 'licence.pdf',
    file: { contentType: 'application/pdf', sizeBytes: 4096 },
  };
  const submit = (actor = SELLER, overrides: object = {}) => ({
    type: 'SubmitSellerVerification' as const,
    sellerId: 's1',
    registrationNumber: '91440300MA5F0XXXXX',
    country: 'CN',
    storeUrl: 'https://glowlabs.example.com/store',
    licence,
    actor,
    now: T0,
    ...overrides,
  });
  const submitted = {
    type: 'SellerVerificationSubmitted' as const,
    data: {
      sellerId: 's1',
      submission: 1,
      registrationNumber: '91440300MA5F0XXXXX',
      country: 'CN',
      storeUrl: 'https://glowlabs.example.com/store',
      licence: {
        sha256: 'c'.repeat(64),
        fileName: 'licence.pdf',
        contentType: 'application/pdf',
        sizeBytes: 4096,
      },
    },
  };
  const decide = (
    decision: 'APPROVE' | 'REJECT',
    actor = ARBITRATOR,
    text = 'Licence matches the registry',
  ) => ({
    type: 'DecideSellerVerification' as const,
    sellerId: 's1',
    decision,
    text,
    actor,
    now: T0,
  });
  const rejected = {
    type: 'SellerVerificationRejected' as const,
    data: { sellerId: 's1', submission: 1, reason: 'Blurred' },
  };

  it('records a submission with the licence file as stored', () =>
    spec.given([registered]).when(submit()).then([submitted]));
  it('refuses a licence the seller never uploaded', () =>
    spec
      .given([registered])
      .when(submit(SELLER, { licence: { ...licence, file: null } }))
      .thenThrows('EVIDENCE_NOT_UPLOADED'));
  it('refuses a submission for another seller', () =>
    spec.given([registered]).when(submit(OTHER_SELLER)).thenThrows('FORBIDDEN'));
  it('refuses an unregistered seller', () => spec.given([]).when(submit()).thenThrows('SELLER_NOT_FOUND'));
  it('refuses a second submission while one waits', () =>
    spec.given([registered, submitted]).when(submit()).thenThrows('VERIFICATION_PENDING'));
  it('refuses a blank registration number', () =>
    spec
      .given([registered])
      .when(submit(SELLER, { registrationNumber: '  ' }))
      .thenThrows('REGISTRATION_NUMBER_REQUIRED'));
  it('approves a waiting submission', () =>
    spec
      .given([registered, submitted])
      .when(decide('APPROVE'))
      .then([
        {
          type: 'SellerVerificationApproved',
          data: { sellerId: 's1', submission: 1, note: 'Licence matches the registry' },
        },
      ]));
  it('rejects with a reason, and takes a new submission after', () => {
    spec
      .given([registered, submitted])
      .when(decide('REJECT', ARBITRATOR, 'Blurred'))
      .then([rejected]);
    spec
      .given([registered, submitted, rejected])
      .when(submit())
      .thenEvents(([e]) => expect(e!.data).toMatchObject({ submission: 2 }));
  });
  it('refuses a decision by anyone but an arbitrator', () => {
    spec.given([registered, submitted]).when(decide('APPROVE', SELLER)).thenThrows('FORBIDDEN');
    spec.given([registered, submitted]).when(decide('APPROVE', AUDITOR)).thenThrows('FORBIDDEN');
  });
  it('refuses a decision with nothing waiting, or without a reason', () => {
    spec.given([registered]).when(decide('APPROVE')).thenThrows('NO_VERIFICATION_PENDING');
    spec
      .given([registered, submitted])
      .when(decide('REJECT', ARBITRATOR, ' '))
      .thenThrows('REASON_REQUIRED');
  });
  it('refuses submitting once verified', () =>
    spec
      .given([
        registered,
        submitted,
        { type: 'SellerVerificationApproved', data: { sellerId: 's1', submission: 1, note: 'ok' } },
      ])
      .when(submit())
      .thenThrows('ALREADY_VERIFIED'));
});
