import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  CREATOR,
  OTHER_CREATOR,
  SELLER,
  T0,
} from '../../../test/support/collaborationFixtures.js';
import type { CreatorEvent, CreatorProfile } from './creator.events.js';
import { creatorDecider } from './creator.decide.js';
import { creatorVerification } from './verification.js';

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

describe('creator verification (DOMAIN.md § Public reviews, verified parties)', () => {
  const fold = (given: readonly { event: CreatorEvent; at: string }[]) =>
    given.reduce(
      (state, { event, at }) => creatorDecider.evolve(state, event, { occurredAt: at }),
      creatorDecider.initialState(),
    );
  const requested = { type: 'CreatorVerificationRequested' as const, data: { creatorId: 'c1' } };
  const account = (actor = ARBITRATOR, handle = '@MiaGlow', check = 'Code posted in the bio on Mar 2') => ({
    type: 'VerifyCreatorAccount' as const,
    creatorId: 'c1',
    platform: 'TIKTOK' as const,
    handle,
    check,
    actor,
    now: T0,
  });
  const language = (actor = ARBITRATOR, lang = 'en') => ({
    type: 'VerifyCreatorLanguage' as const,
    creatorId: 'c1',
    language: lang,
    check: '10-minute video call in English',
    actor,
    now: T0,
  });
  const accountVerified = {
    type: 'CreatorAccountVerified' as const,
    data: {
      creatorId: 'c1',
      platform: 'TIKTOK' as const,
      handle: '@miaglow',
      check: 'Code posted in the bio on Mar 2',
    },
  };
  const languageVerified = {
    type: 'CreatorLanguageVerified' as const,
    data: { creatorId: 'c1', language: 'en', check: '10-minute video call in English' },
  };

  it('takes a creator’s request', () =>
    spec
      .given(registered)
      .when({ type: 'RequestCreatorVerification', creatorId: 'c1', actor: CREATOR, now: T0 })
      .then([requested]));
  it('refuses a second request while one waits', () =>
    spec
      .given([...registered, requested])
      .when({ type: 'RequestCreatorVerification', creatorId: 'c1', actor: CREATOR, now: T0 })
      .thenThrows('VERIFICATION_PENDING'));
  it('marks an account of the profile verified, as the profile writes it', () =>
    spec
      .given([...registered, requested])
      .when(account())
      .then([accountVerified]));
  it('marks a language verified', () => spec.given(registered).when(language()).then([languageVerified]));
  it('refuses an account or language the profile does not list', () => {
    spec.given(registered).when(account(ARBITRATOR, '@someone')).thenThrows('ACCOUNT_NOT_IN_PROFILE');
    spec.given(registered).when(language(ARBITRATOR, 'fr')).thenThrows('LANGUAGE_NOT_IN_PROFILE');
  });
  it('refuses checking twice, and a check not recorded', () => {
    spec
      .given([...registered, accountVerified])
      .when(account())
      .thenThrows('ALREADY_VERIFIED');
    spec
      .given(registered)
      .when(account(ARBITRATOR, '@miaglow', ' '))
      .thenThrows('CHECK_REQUIRED');
  });
  it('refuses anyone but an arbitrator', () => {
    spec.given(registered).when(account(CREATOR)).thenThrows('FORBIDDEN');
    spec.given(registered).when(language(SELLER)).thenThrows('FORBIDDEN');
  });
  it('is verified once every account and language is, and the request is answered then', () => {
    const state = fold([
      { event: registered[0]!, at: T0 },
      { event: requested, at: T0 },
      { event: accountVerified, at: '2026-03-02T00:00:00.000Z' },
      { event: languageVerified, at: '2026-03-03T00:00:00.000Z' },
    ]);
    expect(state.status === 'REGISTERED' && creatorVerification(state.profile, state.marks)).toMatchObject({
      verified: true,
      since: '2026-03-03T00:00:00.000Z',
    });
    expect(state.status === 'REGISTERED' && state.request.requestedAt).toBeNull();
    spec
      .given([...registered, requested, accountVerified, languageVerified])
      .when({ type: 'RequestCreatorVerification', creatorId: 'c1', actor: CREATOR, now: T0 })
      .thenThrows('ALREADY_VERIFIED');
  });
  it('is no longer verified when the profile lists an account not yet checked', () => {
    const updated = {
      type: 'CreatorProfileUpdated' as const,
      data: {
        creatorId: 'c1',
        profile: {
          ...profile,
          platformAccounts: [
            ...profile.platformAccounts,
            { platform: 'YOUTUBE' as const, handle: '@mia', followers: 10 },
          ],
        },
      },
    };
    const state = fold(
      [...registered, accountVerified, languageVerified, updated].map((event) => ({ event, at: T0 })),
    );
    expect(state.status === 'REGISTERED' && creatorVerification(state.profile, state.marks).verified).toBe(
      false,
    );
  });
  it('declines a waiting request with a reason', () => {
    spec
      .given([...registered, requested])
      .when({
        type: 'DeclineCreatorVerification',
        creatorId: 'c1',
        reason: 'No answer to the call',
        actor: ARBITRATOR,
        now: T0,
      })
      .then([
        { type: 'CreatorVerificationDeclined', data: { creatorId: 'c1', reason: 'No answer to the call' } },
      ]);
    spec
      .given(registered)
      .when({ type: 'DeclineCreatorVerification', creatorId: 'c1', reason: 'x', actor: ARBITRATOR, now: T0 })
      .thenThrows('NO_VERIFICATION_PENDING');
  });
});
