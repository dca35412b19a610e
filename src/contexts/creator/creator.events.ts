import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, CountryCode, Id, LanguageCode, Text } from '../../core/schema.js';
import { CategorySchema, PlatformAccountSchema } from '../vocabulary.js';

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

export const creatorEvents = [CreatorRegistered, CreatorProfileUpdated];
export type CreatorEvent = EventOf<(typeof creatorEvents)[number]>;
