import { describe, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import { CREATOR, OTHER_SELLER, SELLER, T0 } from '../../../test/support/collaborationFixtures.js';
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
