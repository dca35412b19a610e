import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, CountryCode, Id, Text, Url } from '../../core/schema.js';

export const SellerProfileSchema = Closed({
  name: Text(200),
  country: CountryCode(),
  website: Type.Optional(Url()),
});
export type SellerProfile = Static<typeof SellerProfileSchema>;

export const SellerRegistered = defineEvent(
  'SellerRegistered',
  'A brand or cross-border shop joined the platform.',
  Closed({ sellerId: Id('Seller id'), profile: SellerProfileSchema }),
);

export const sellerEvents = [SellerRegistered];
export type SellerEvent = EventOf<(typeof sellerEvents)[number]>;
