import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { ARBITRATOR, CREATOR, SELLER, day, scenario } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import {
  BRIEF_TEMPLATES,
  LIBRARY_ENTRIES,
  entryId,
  templateDocId,
  sellerLibraryProjection,
} from './sellerLibrary.projection.js';

const profile = {
  displayName: 'Mia Glow',
  country: 'US',
  languages: ['en'],
  categories: ['BEAUTY'],
  platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 85_000 }],
};

describe('seller library', () => {
  const history = scenario()
    .upToActive()
    .run(SELLER, day(2), { type: 'ReleaseMilestone', name: 'DEPOSIT' })
    .scriptSubmitted()
    .scriptApproved()
    .published()
    .metrics(day(11), {}, 20_000)
    .metrics(day(16), {}, 250_000)
    .completed(day(16))
    .run(SELLER, day(17), {
      type: 'RateCollaboration',
      ratingId: 'r1',
      scores: { CONTENT_QUALITY: 5, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 5, BRAND_FIT: 4 },
      comment: 'Creative hook and the texture demo was exactly on brief',
    });
  const log = new LogBuilder();
  log.add('creator-c1', { type: 'CreatorRegistered', data: { creatorId: 'c1', profile } }, day(-5));
  log.addAll('collaboration-k1', history.events);
  log.add('sellerLibrary-s1', { type: 'CreatorTagged', data: { creatorId: 'c1', tag: 'skincare' } }, day(18));
  log.add('sellerLibrary-s1', { type: 'CreatorFavourited', data: { creatorId: 'c1' } }, day(18));
  log.add(
    'sellerLibrary-s1',
    { type: 'CreatorNoteAdded', data: { creatorId: 'c1', noteId: 'n1', text: 'Hire again for Q4' } },
    day(18),
  );
  log.add(
    'sellerLibrary-s1',
    { type: 'CreatorBlocked', data: { creatorId: 'c9', reason: 'Fake views' } },
    day(19),
  );
  log.add(
    'sellerLibrary-s1',
    {
      type: 'BriefTemplateSaved',
      data: { templateId: 't1', name: 'Unboxing SOP', brief: { contentFormat: 'UNBOXING' } },
    },
    day(19),
  );
  log.add(
    'creator-c1',
    {
      type: 'CreatorProfileUpdated',
      data: { creatorId: 'c1', profile: { ...profile, categories: ['BEAUTY', 'HEALTH'] } },
    },
    day(20),
  );

  it("keeps the seller's figures for a creator: spend, GMV of the final snapshot, ROI, own ratings", async () => {
    const docs = await replayProjection(sellerLibraryProjection, log.events);
    const entry = docs.get(LIBRARY_ENTRIES, entryId('s1', 'c1'))!;
    expect(entry).toMatchObject({
      sellerId: 's1',
      creatorId: 'c1',
      collaborations: 1,
      completed: 1,
      currency: 'USD',
      // The deposit (30,000) released by the seller and FINAL (70,000) at completion.
      spendMinor: 100_000,
      // GMV of the final snapshot replaces the earlier one.
      gmvMinor: 250_000,
      roi: 2.5,
      averageRating: 4.4,
      ratedMonths: ['2026-03'],
      lastCollaboration: { collaborationId: 'k1', status: 'COMPLETED' },
      tags: ['skincare'],
      favourite: true,
      blocked: false,
      markets: ['GB', 'US'],
    });
    expect(entry.notes.map((n) => n.text)).toEqual(['Hire again for Q4']);
    expect(entry.creator).toMatchObject({ displayName: 'Mia Glow', followers: 85_000 });
    expect(entry.categories).toEqual(['BEAUTY', 'HEALTH']);
  });

  it('keeps the block list and brief templates, all private to the seller', async () => {
    const docs = await replayProjection(sellerLibraryProjection, log.events);
    expect(docs.get(LIBRARY_ENTRIES, entryId('s1', 'c9'))).toMatchObject({
      sellerId: 's1',
      blocked: true,
      blockReason: 'Fake views',
      collaborations: 0,
    });
    expect(docs.get(BRIEF_TEMPLATES, templateDocId('s1', 't1'))).toMatchObject({
      sellerId: 's1',
      name: 'Unboxing SOP',
      brief: { contentFormat: 'UNBOXING' },
    });
    const deleted = new LogBuilder();
    deleted.add(
      'sellerLibrary-s1',
      { type: 'BriefTemplateSaved', data: { templateId: 't1', name: 'x', brief: {} } },
      day(1),
    );
    deleted.add('sellerLibrary-s1', { type: 'BriefTemplateDeleted', data: { templateId: 't1' } }, day(2));
    expect(
      (await replayProjection(sellerLibraryProjection, deleted.events)).get(
        BRIEF_TEMPLATES,
        templateDocId('s1', 't1'),
      ),
    ).toBeUndefined();
  });
});

describe('seller library: a review text arbitration removed (DOMAIN.md § Public reviews)', () => {
  it('leaves the seller’s own rating without its comment, saying why, its scores kept', async () => {
    const history = scenario()
      .upToCompleted()
      .run(SELLER, day(18), {
        type: 'RateCollaboration',
        ratingId: 'r1',
        scores: { CONTENT_QUALITY: 3, TIMELINESS: 4, COMMUNICATION: 3, COMPLIANCE: 4, BRAND_FIT: 3 },
        comment: 'The creator was rude on the phone and the video was average',
      })
      .run(CREATOR, day(18), {
        type: 'RateCollaboration',
        ratingId: 'r2',
        scores: { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 4, COMMUNICATION: 4 },
        comment: 'The brief was clear and the payment came on time',
      })
      .run(CREATOR, day(19), {
        type: 'ReportReview',
        reportId: 'rep-1',
        ratingId: 'r1',
        reason: 'PERSONAL_ATTACK',
        statement: 'Not about the work',
        evidence: [],
      })
      .run(ARBITRATOR, day(20), {
        type: 'DecideReviewReport',
        reportId: 'rep-1',
        decision: 'REMOVE_TEXT',
        note: 'A personal remark',
      });
    const log = new LogBuilder();
    log.addAll('collaboration-k1', history.events);
    const docs = await replayProjection(sellerLibraryProjection, log.events);
    const [rating] = docs.get(LIBRARY_ENTRIES, entryId('s1', 'c1'))!.ratings;
    expect(rating).toMatchObject({ comment: '', removedReason: 'PERSONAL_ATTACK', mean: 3.4 });
  });
});
