import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { CREATOR, PLATFORM, SELLER, day, scenario } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { CREATORS, REPUTATION_CHANGES, creatorsProjection, followerTier } from './creators.projection.js';

const profile = {
  displayName: 'Mia Glow',
  country: 'US',
  languages: ['en', 'es'],
  categories: ['BEAUTY', 'FASHION'],
  platformAccounts: [
    { platform: 'TIKTOK', handle: '@mia', followers: 85_000 },
    { platform: 'INSTAGRAM', handle: '@mia.ig', followers: 40_000 },
  ],
};

const rated = (timeliness = 5) =>
  scenario()
    .upToCompleted()
    .run(SELLER, day(18), {
      type: 'RateCollaboration',
      ratingId: 'r1',
      scores: { CONTENT_QUALITY: 5, TIMELINESS: timeliness, COMMUNICATION: 4, COMPLIANCE: 5, BRAND_FIT: 4 },
      comment: 'Creative hook and the texture demo was exactly on brief',
    });

const build = (history: ReturnType<typeof scenario>) => {
  const log = new LogBuilder();
  log.add('creator-c1', { type: 'CreatorRegistered', data: { creatorId: 'c1', profile } }, day(-30));
  log.addAll('collaboration-k1', history.events);
  return replayProjection(creatorsProjection, log.events);
};

describe('creators: directory and reputation', () => {
  it('indexes the profile for the directory filters', async () => {
    const docs = await build(scenario().proposed());
    expect(docs.get(CREATORS, 'c1')).toMatchObject({
      creatorId: 'c1',
      country: 'US',
      languages: ['en', 'es'],
      categories: ['BEAUTY', 'FASHION'],
      platforms: ['TIKTOK', 'INSTAGRAM'],
      followers: 125_000,
      followerTier: 'MID',
      grade: 'NEW',
    });
  });

  it('places follower tiers at their bounds', () => {
    expect([9_999, 10_000, 99_999, 100_000, 499_999, 500_000, 999_999, 1_000_000].map(followerTier)).toEqual([
      'NANO',
      'MICRO',
      'MICRO',
      'MID',
      'MID',
      'MACRO',
      'MACRO',
      'MEGA',
    ]);
  });

  it('counts a rating only once revealed', async () => {
    const hidden = await build(rated());
    expect(hidden.get(CREATORS, 'c1')!.reputation.ratingsCounted).toBe(0);
    const revealed = await build(
      rated().run(PLATFORM, day(30), { type: 'FireDeadline', rule: 'RATING_WINDOW_CLOSED' }),
    );
    const doc = revealed.get(CREATORS, 'c1')!;
    // CONTENT_QUALITY: (5·3.5 + 5) / 6 = 3.75; overall = Σ w·(17.5 + s)/6 with s = 5,5,4,5,4
    expect(doc.reputation.dimensions.CONTENT_QUALITY).toEqual({ n: 1, sum: 5, mean: 3.75 });
    expect(doc.rating).toBe(3.7);
    expect(doc.reputation).toMatchObject({
      published: 1,
      onTime: 1,
      completed: 1,
      ended: 1,
      ratingsCounted: 1,
    });
    // Final snapshot of the fixture: (900 + 100 + 50) / 20,000 and 40 / 400.
    expect(doc.engagementRate).toBe(0.0525);
    expect(doc.conversionRate).toBe(0.1);
  });

  it('keeps a flagged rating out until an arbitrator upholds it', async () => {
    // TIMELINESS 2 on an on-time publish: flagged by the decider at rating time.
    const flagged = rated(2).run(PLATFORM, day(30), { type: 'FireDeadline', rule: 'RATING_WINDOW_CLOSED' });
    const under = await build(flagged);
    expect(under.get(CREATORS, 'c1')!.reputation).toMatchObject({
      ratingsCounted: 0,
      ratingsUnderReview: 1,
    });
    const upheld = await build(
      flagged.run({ userId: 'a1', role: 'ARBITRATOR' }, day(31), {
        type: 'ReviewRating',
        ratingId: 'r1',
        decision: 'UPHOLD',
        note: 'Checked the dates',
      }),
    );
    expect(upheld.get(CREATORS, 'c1')!.reputation.ratingsCounted).toBe(1);
    expect(upheld.get(CREATORS, 'c1')!.reviewCount).toBe(1);
    expect(under.get(CREATORS, 'c1')!.reviewCount).toBe(0);
  });

  it('is verified once every account and language of its profile is, and not after one is added', async () => {
    const log = new LogBuilder();
    const check = { check: 'code in the bio' };
    log.add('creator-c1', { type: 'CreatorRegistered', data: { creatorId: 'c1', profile } }, day(-30));
    log.add(
      'creator-c1',
      {
        type: 'CreatorAccountVerified',
        data: { creatorId: 'c1', platform: 'TIKTOK', handle: '@mia', ...check },
      },
      day(-29),
    );
    log.add(
      'creator-c1',
      {
        type: 'CreatorAccountVerified',
        data: { creatorId: 'c1', platform: 'INSTAGRAM', handle: '@mia.ig', ...check },
      },
      day(-29),
    );
    log.add(
      'creator-c1',
      { type: 'CreatorLanguageVerified', data: { creatorId: 'c1', language: 'en', ...check } },
      day(-28),
    );
    expect((await replayProjection(creatorsProjection, log.events)).get(CREATORS, 'c1')!.verified).toBe(
      false,
    );
    log.add(
      'creator-c1',
      { type: 'CreatorLanguageVerified', data: { creatorId: 'c1', language: 'es', ...check } },
      day(-27),
    );
    expect((await replayProjection(creatorsProjection, log.events)).get(CREATORS, 'c1')).toMatchObject({
      verified: true,
      verifiedSince: day(-27),
    });
    log.add(
      'creator-c1',
      {
        type: 'CreatorProfileUpdated',
        data: { creatorId: 'c1', profile: { ...profile, languages: ['en', 'es', 'fr'] } },
      },
      day(-26),
    );
    expect((await replayProjection(creatorsProjection, log.events)).get(CREATORS, 'c1')!.verified).toBe(
      false,
    );
  });

  it('logs which event moved which figure, by how much', async () => {
    const docs = await build(
      scenario()
        .upToCompleted()
        .run(CREATOR, day(18), { type: 'PostMessage', messageId: 'm9', body: 'Thanks!' }),
    );
    const changes = [...docs.all(REPUTATION_CHANGES.name).values()];
    expect(changes.map((c) => c.eventType)).toEqual([
      'ContentPublished',
      'MetricsSnapshotRecorded',
      'CollaborationCompleted',
    ]);
    const completion = changes[2]!.changes.find((c) => c.figure === 'completionRate');
    // (1 + 1) / (1 + 2) − (0 + 1) / (0 + 2)
    expect(completion).toEqual({ figure: 'completionRate', from: 0.5, to: 2 / 3, delta: 2 / 3 - 0.5 });
  });

  it('counts a fix recorded late, or never, against the on-time rate (DOMAIN.md § Reputation)', async () => {
    const offBrief = () =>
      scenario()
        .upToPublished()
        .run(SELLER, day(10), { type: 'ReviewContent', accepted: false, issues: ['OFF_BRIEF'] });
    const onTime = await build(
      offBrief().run(CREATOR, day(12), { type: 'RecordContentFix', note: 'Demo added at 0:08' }),
    );
    expect(onTime.get(CREATORS, 'c1')!.reputation).toMatchObject({ onTime: 1, onTimeRate: 2 / 3 });
    const late = await build(
      offBrief().run(CREATOR, day(16), { type: 'RecordContentFix', note: 'Demo added' }),
    );
    expect(late.get(CREATORS, 'c1')!.reputation).toMatchObject({ onTime: 0, onTimeRate: 1 / 3 });
    const never = await build(
      offBrief().run(PLATFORM, day(15), { type: 'FireDeadline', rule: 'CONTENT_FIX_OVERDUE' }),
    );
    expect(never.get(CREATORS, 'c1')!.reputation).toMatchObject({ onTime: 0, onTimeRate: 1 / 3 });
    const changes = [...never.all(REPUTATION_CHANGES.name).values()];
    expect(changes.at(-1)).toMatchObject({ eventType: 'ContentFixOverdue' });
  });
});
