import type { SellerEvent, SellerProfile } from './seller.events.js';

export type SellerState =
  | { readonly status: 'UNREGISTERED' }
  | { readonly status: 'REGISTERED'; readonly sellerId: string; readonly profile: SellerProfile };

export const initialSellerState = (): SellerState => ({ status: 'UNREGISTERED' });

export const evolveSeller = (_state: SellerState, event: SellerEvent): SellerState => ({
  status: 'REGISTERED',
  sellerId: event.data.sellerId,
  profile: event.data.profile,
});
