import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { CREATOR, PLATFORM, SELLER, day, scenario } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { USAGE_RIGHTS, sellerLibraryProjection } from './sellerLibrary.projection.js';

/** DOMAIN.md § Usage rights: the seller's library knows when the rights to its content end. */
const END = '2026-09-10T00:00:00.000Z';
const LATER = '2027-03-10T00:00:00.000Z';

const rightsAfter = async (history: ReturnType<typeof scenario>) => {
  const log = new LogBuilder();
  log.addAll('collaboration-k1', history.events);
  const replayed = await replayProjection(sellerLibraryProjection, log.events);
  return replayed.all(USAGE_RIGHTS.name).get('k1');
};

describe('seller library: usage rights', () => {
  it('knows the brief’s rights at proposal, their end once published (6 months after)', async () => {
    expect(await rightsAfter(scenario().proposed())).toMatchObject({
      sellerId: 's1',
      creatorId: 'c1',
      title: 'Summer serum launch',
      scope: ['ORGANIC', 'PAID_ADS'],
      platforms: ['TIKTOK'],
      months: 6,
      endsAt: null,
      content: null,
      live: 0,
    });
    expect(await rightsAfter(scenario().upToPublished())).toMatchObject({
      endsAt: END,
      content: { platform: 'TIKTOK', url: 'https://www.tiktok.com/@c1/video/1', publishedAt: day(9) },
      live: 1,
    });
  });

  it('follows a fix to its new link, an extension awaiting the creator, then its acceptance', async () => {
    const published = scenario()
      .upToPublished()
      .run(SELLER, day(10), { type: 'ReviewContent', accepted: false, issues: ['OFF_BRIEF'] })
      .run(CREATOR, day(11), { type: 'RecordContentFix', url: 'https://www.tiktok.com/@c1/video/2' })
      .run(SELLER, day(100), {
        type: 'ProposeUsageRightsExtension',
        extensionId: 'x1',
        endsAt: LATER,
        fee: { amountMinor: 20_000, currency: 'USD' },
      });
    expect(await rightsAfter(published)).toMatchObject({
      content: { url: 'https://www.tiktok.com/@c1/video/2' },
      pendingExtension: {
        extensionId: 'x1',
        endsAt: LATER,
        fee: { amountMinor: 20_000, currency: 'USD' },
        proposedAt: day(100),
      },
      endsAt: END,
    });
    published.run(CREATOR, day(101), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' });
    expect(await rightsAfter(published)).toMatchObject({
      pendingExtension: null,
      endsAt: LATER,
      extensions: 1,
      live: 1,
    });
  });

  it('is no longer live once ended, and live again when renewed', async () => {
    const ended = scenario()
      .upToPublished()
      .run(PLATFORM, END, { type: 'FireDeadline', rule: 'USAGE_RIGHTS_ENDED' });
    expect(await rightsAfter(ended)).toMatchObject({ ended: true, live: 0 });
    ended
      .run(SELLER, day(200), { type: 'ProposeUsageRightsExtension', extensionId: 'x1', endsAt: LATER })
      .run(CREATOR, day(201), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' });
    expect(await rightsAfter(ended)).toMatchObject({ ended: false, endsAt: LATER, live: 1 });
  });

  it('is never live without rights granted', async () => {
    const none = scenario()
      .proposed({ usageRights: { scope: [], platforms: [] } })
      .accepted()
      .scriptSubmitted()
      .scriptApproved()
      .published();
    expect(await rightsAfter(none)).toMatchObject({ scope: [], endsAt: null, live: 0 });
  });

  it('forgets an extension the creator declined', async () => {
    const declined = scenario()
      .upToPublished()
      .run(SELLER, day(100), { type: 'ProposeUsageRightsExtension', extensionId: 'x1', endsAt: LATER })
      .run(CREATOR, day(101), { type: 'DeclineUsageRightsExtension', extensionId: 'x1' });
    expect(await rightsAfter(declined)).toMatchObject({ pendingExtension: null, endsAt: END });
  });
});
