import { describe, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import { CREATOR, OTHER_CREATOR, SELLER, T0 } from '../../../test/support/collaborationFixtures.js';
import type { CreatorProfile } from './creator.events.js';
import { creatorDecider } from './creator.decide.js';

const spec = deciderSpec(creatorDecider);
const profile: CreatorProfile = {
  displayName: 'Mia Glow',
  country: 'US',
  languages: ['en'],
  categories: ['BEAUTY'],
  platformAccounts: [{ platform: 'TIKTOK', handle: '@miaglow', followers: 85_000 }],
};
const register = (actor = CREATOR) => ({
  type: 'RegisterCreator' as const,
  creatorId: 'c1',
  profile,
  actor,
  now: T0,
});
const registered = [{ type: 'CreatorRegistered' as const, data: { creatorId: 'c1', profile } }];

describe('creator', () => {
  it('registers with a profile', () => spec.given([]).when(register()).then(registered));
  it('refuses registering twice', () =>
    spec.given(registered).when(register()).thenThrows('CREATOR_ALREADY_REGISTERED'));
  it('refuses registering someone else', () =>
    spec.given([]).when(register(OTHER_CREATOR)).thenThrows('FORBIDDEN'));
  it('refuses a seller registering a creator', () =>
    spec.given([]).when(register(SELLER)).thenThrows('FORBIDDEN'));
  it('refuses one account listed twice', () =>
    spec
      .given([])
      .when({
        ...register(),
        profile: {
          ...profile,
          platformAccounts: [
            ...profile.platformAccounts,
            { platform: 'TIKTOK', handle: '@MiaGlow', followers: 1 },
          ],
        },
      })
      .thenThrows('DUPLICATE_PLATFORM_ACCOUNT'));
  it('updates only the fields given, recording the whole profile', () =>
    spec
      .given(registered)
      .when({
        type: 'UpdateCreatorProfile',
        creatorId: 'c1',
        changes: { country: 'CA' },
        actor: CREATOR,
        now: T0,
      })
      .then([
        { type: 'CreatorProfileUpdated', data: { creatorId: 'c1', profile: { ...profile, country: 'CA' } } },
      ]));
  it('refuses updating an unregistered creator', () =>
    spec
      .given([])
      .when({ type: 'UpdateCreatorProfile', creatorId: 'c1', changes: {}, actor: CREATOR, now: T0 })
      .thenThrows('CREATOR_NOT_FOUND'));
});
