import { Type } from '@sinclair/typebox';
import { Closed, Count, Enum, Text, Url } from '../core/schema.js';

/** Words shared by several contexts (DOMAIN.md). */

export const PLATFORMS = ['TIKTOK', 'INSTAGRAM', 'YOUTUBE'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PlatformSchema = Enum(PLATFORMS);

/** Product categories a creator works in and a brief's product belongs to. */
export const CATEGORIES = [
  'BEAUTY',
  'FASHION',
  'ELECTRONICS',
  'HOME',
  'PETS',
  'FOOD',
  'FITNESS',
  'HEALTH',
  'TOYS',
  'OUTDOOR',
  'GAMING',
  'TRAVEL',
  'OTHER',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const CategorySchema = Enum(CATEGORIES);

export const PlatformAccountSchema = Closed({
  platform: PlatformSchema,
  handle: Text(100),
  followers: Count('Followers on this account'),
  url: Type.Optional(Url()),
});
