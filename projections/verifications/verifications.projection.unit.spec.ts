import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { day } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { VERIFICATIONS, verificationsProjection } from './verifications.projection.js';

const profile = {
  displayName: 'Mia Glow',
  country: 'US',
  languages: ['en'],
  categories: ['BEAUTY'],
  platformAccounts: [{ platform: 'TIKTOK' as const, handle: '@mia', followers: 85_000 }],
};
const licence = { sha256: 'c'.repeat(64), contentType: 'application/pdf', sizeBytes: 10 };

describe('verifications: the queue of what waits for an arbitrator', () => {
  it('queues a seller’s submission, and takes it out once decided', async () => {
    const log = new LogBuilder();
    log.add(
      'seller-s1',
      { type: 'SellerRegistered', data: { sellerId: 's1', profile: { name: 'Glow', country: 'CN' } } },
      day(0),
    );
    log.add(
      'seller-s1',
      {
        type: 'SellerVerificationSubmitted',
        data: {
          sellerId: 's1',
          submission: 1,
          registrationNumber: 'R1',
          country: 'CN',
          storeUrl: 'https://glow.example',
          licence,
        },
      },
      day(1),
    );
    const waiting = await replayProjection(verificationsProjection, log.events);
    expect(waiting.get(VERIFICATIONS, 'SELLER:s1')).toMatchObject({
      status: 'PENDING',
      since: day(1),
      waitingSince: day(1),
    });
    log.add(
      'seller-s1',
      { type: 'SellerVerificationApproved', data: { sellerId: 's1', submission: 1, note: 'ok' } },
      day(2),
    );
    const decided = await replayProjection(verificationsProjection, log.events);
    expect(decided.get(VERIFICATIONS, 'SELLER:s1')).toMatchObject({
      status: 'VERIFIED',
      since: day(2),
      waitingSince: null,
    });
  });

  it('queues a creator’s request until everything its profile lists is verified', async () => {
    const log = new LogBuilder();
    log.add('creator-c1', { type: 'CreatorRegistered', data: { creatorId: 'c1', profile } }, day(0));
    log.add('creator-c1', { type: 'CreatorVerificationRequested', data: { creatorId: 'c1' } }, day(1));
    log.add(
      'creator-c1',
      {
        type: 'CreatorAccountVerified',
        data: { creatorId: 'c1', platform: 'TIKTOK', handle: '@mia', check: 'bio code' },
      },
      day(2),
    );
    const half = await replayProjection(verificationsProjection, log.events);
    expect(half.get(VERIFICATIONS, 'CREATOR:c1')).toMatchObject({ status: 'PENDING', waitingSince: day(1) });
    log.add(
      'creator-c1',
      { type: 'CreatorLanguageVerified', data: { creatorId: 'c1', language: 'en', check: 'call' } },
      day(3),
    );
    const done = await replayProjection(verificationsProjection, log.events);
    expect(done.get(VERIFICATIONS, 'CREATOR:c1')).toMatchObject({
      status: 'VERIFIED',
      since: day(3),
      waitingSince: null,
    });
  });
});
