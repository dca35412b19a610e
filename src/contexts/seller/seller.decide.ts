import type { Decider } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { requireParty, type CommandContext } from '../shared.js';
import type { SellerEvent, SellerProfile } from './seller.events.js';
import { evolveSeller, initialSellerState, type SellerState } from './seller.state.js';

export const sellerStreamId = (sellerId: string): string => `seller-${sellerId}`;

export type SellerCommand = CommandContext & {
  readonly type: 'RegisterSeller';
  readonly sellerId: string;
  readonly profile: SellerProfile;
};

export const decideSeller = (command: SellerCommand, state: SellerState): SellerEvent[] => {
  requireParty(command.actor, 'SELLER', command.sellerId);
  if (state.status === 'REGISTERED') {
    throw new DomainError('SELLER_ALREADY_REGISTERED', `Seller ${command.sellerId} is already registered`);
  }
  return [{ type: 'SellerRegistered', data: { sellerId: command.sellerId, profile: command.profile } }];
};

export const sellerDecider: Decider<SellerCommand, SellerState, SellerEvent> = {
  initialState: initialSellerState,
  evolve: evolveSeller,
  decide: decideSeller,
};
