import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, CountryCode, Id, LanguageCode, Text } from '../../core/schema.js';
import { CategorySchema, PlatformAccountSchema, PlatformSchema } from '../vocabulary.js';

export const CreatorProfileSchema = Closed({
  displayName: Text(100),
  country: CountryCode(),
  languages: Type.Array(LanguageCode(), { minItems: 1, maxItems: 10, uniqueItems: true }),
  categories: Type.Array(CategorySchema, { minItems: 1, maxItems: 10, uniqueItems: true }),
  platformAccounts: Type.Array(PlatformAccountSchema, { minItems: 1, maxItems: 10 }),
  bio: Type.Optional(Text(2000, undefined, 0)),
});
export type CreatorProfile = Static<typeof CreatorProfileSchema>;

export const CreatorRegistered = defineEvent(
  'CreatorRegistered',
  'A creator joined the platform with a profile.',
  Closed({ creatorId: Id('Creator id'), profile: CreatorProfileSchema }),
);

export const CreatorProfileUpdated = defineEvent(
  'CreatorProfileUpdated',
  'A creator changed its profile; the event carries the whole new profile.',
  Closed({ creatorId: Id('Creator id'), profile: CreatorProfileSchema }),
);

// ─── Verification (DOMAIN.md § Public reviews, verified parties) ───

const Check = () => Text(2000, 'How the arbitrator checked it');

export const CreatorVerificationRequested = defineEvent(
  'CreatorVerificationRequested',
  'A creator asked arbitrators to check its platform accounts and languages.',
  Closed({ creatorId: Id('Creator id'), note: Type.Optional(Text(2000)) }),
);
export const CreatorAccountVerified = defineEvent(
  'CreatorAccountVerified',
  'An arbitrator checked that a platform account of the creator is the creator’s, and recorded how.',
  Closed({ creatorId: Id('Creator id'), platform: PlatformSchema, handle: Text(100), check: Check() }),
);
export const CreatorLanguageVerified = defineEvent(
  'CreatorLanguageVerified',
  'An arbitrator tested the creator’s command of a language, and recorded how.',
  Closed({ creatorId: Id('Creator id'), language: LanguageCode(), check: Check() }),
);
export const CreatorVerificationDeclined = defineEvent(
  'CreatorVerificationDeclined',
  'An arbitrator closed the creator’s request without verifying what is left, with the reason.',
  Closed({ creatorId: Id('Creator id'), reason: Text(2000) }),
);

export const creatorEvents = [
  CreatorRegistered,
  CreatorProfileUpdated,
  CreatorVerificationRequested,
  CreatorAccountVerified,
  CreatorLanguageVerified,
  CreatorVerificationDeclined,
];
export type CreatorEvent = EventOf<(typeof creatorEvents)[number]>;
