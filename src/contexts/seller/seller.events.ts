import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, Count, CountryCode, Id, Sha256, Text, Url } from '../../core/schema.js';

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

// ─── Business verification (DOMAIN.md § Public reviews, verified parties) ───

/** An evidence file as the blob store holds it (uploaded by the one who cites it). */
export const CitedFileSchema = Closed({
  sha256: Sha256(),
  fileName: Type.Optional(Text(255)),
  contentType: Text(100),
  sizeBytes: Count(),
});
export type CitedFile = Static<typeof CitedFileSchema>;

const Submission = () =>
  Type.Integer({ minimum: 1, description: 'The seller’s submissions, counted from 1' });

export const SellerVerificationSubmitted = defineEvent(
  'SellerVerificationSubmitted',
  'A seller submitted its business verification: registration number, country, store link, licence file.',
  Closed({
    sellerId: Id('Seller id'),
    submission: Submission(),
    registrationNumber: Text(64),
    country: CountryCode(),
    storeUrl: Url(),
    licence: CitedFileSchema,
  }),
);
export const SellerVerificationApproved = defineEvent(
  'SellerVerificationApproved',
  'An arbitrator checked a submission and verified the seller, noting what was checked.',
  Closed({ sellerId: Id('Seller id'), submission: Submission(), note: Text(2000) }),
);
export const SellerVerificationRejected = defineEvent(
  'SellerVerificationRejected',
  'An arbitrator rejected a submission, with the reason.',
  Closed({ sellerId: Id('Seller id'), submission: Submission(), reason: Text(2000) }),
);

export const sellerEvents = [
  SellerRegistered,
  SellerVerificationSubmitted,
  SellerVerificationApproved,
  SellerVerificationRejected,
];
export type SellerEvent = EventOf<(typeof sellerEvents)[number]>;
