import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { CREATOR, SELLER, day, scenario } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { COLLABORATIONS, collaborationView, collaborationsProjection } from './collaborations.projection.js';

const view = async (history: ReturnType<typeof scenario>) => {
  const log = new LogBuilder().addAll('collaboration-k1', history.events);
  const docs = await replayProjection(collaborationsProjection, log.events);
  return collaborationView(docs.get(COLLABORATIONS, 'k1')!);
};

describe('collaboration view', () => {
  it('shows a proposal with its parties, brief and next deadline', async () => {
    const doc = await view(scenario().proposed());
    expect(doc).toMatchObject({
      collaborationId: 'k1',
      sellerId: 's1',
      creatorId: 'c1',
      status: 'PROPOSED',
      disputeStatus: 'NONE',
      deadlines: {
        scriptDueAt: day(5),
        publishDueAt: day(10),
        next: { rule: 'PROPOSAL_EXPIRED', dueAt: day(5) },
      },
    });
    expect(doc.milestones.map((m) => [m.name, m.status, m.amount.amountMinor])).toEqual([
      ['DEPOSIT', 'PENDING', 30_000],
      ['FINAL', 'PENDING', 70_000],
    ]);
    expect(doc.state.brief!.title).toBe('Summer serum launch');
  });

  it('follows scripts, revisions, a late publish, metrics with their rates, completion and milestones', async () => {
    const history = scenario()
      .upToActive()
      .scriptSubmitted()
      .revisionRequested()
      .scriptSubmitted(day(4))
      .scriptApproved(day(5))
      .published('2026-03-12T12:00:00.000Z')
      .metrics(day(14), { views: 10_000, likes: 500, comments: 80, shares: 20, clicks: 300, orders: 15 })
      .metrics('2026-03-19T12:00:00.000Z', {
        views: 20_000,
        likes: 900,
        comments: 100,
        shares: 50,
        clicks: 400,
        orders: 40,
      })
      .run(SELLER, day(18), { type: 'PostMessage', messageId: 'm1', body: 'Thanks, great numbers' })
      .completed(day(19));
    const doc = await view(history);
    expect(doc.status).toBe('COMPLETED');
    expect(doc.revisionCount).toBe(1);
    expect(doc.state.scripts.map((s) => [s.version, s.outcome])).toEqual([
      [1, 'REVISION_REQUESTED'],
      [2, 'APPROVED'],
    ]);
    expect(doc.state.publish).toMatchObject({ late: true, lateByHours: 36 });
    expect(doc.metrics.snapshots).toBe(2);
    expect(doc.metrics.latest).toMatchObject({
      snapshotId: 'm-2',
      engagementRate: 0.0525,
      conversionRate: 0.1,
    });
    expect(doc.metrics.final).toMatchObject({ snapshotId: 'm-2', final: true });
    expect(doc.milestones.map((m) => [m.name, m.status])).toEqual([
      ['DEPOSIT', 'DUE'],
      ['FINAL', 'RELEASED'],
    ]);
    expect(doc.state.messages).toBe(1);
    // The content was never reviewed: its auto-acceptance is the next deadline (already due).
    expect(doc.deadlines.next).toEqual({ rule: 'CONTENT_AUTO_ACCEPTED', dueAt: '2026-03-19T12:00:00.000Z' });
    expect(doc.deadlines.ratingWindowClosesAt).toBe('2026-04-03T00:00:00.000Z');
  });

  it('keeps ratings hidden until both sides rated, then revealed at once', async () => {
    const rate = (s: ReturnType<typeof scenario>, who: 'seller' | 'creator') =>
      s.run(who === 'seller' ? SELLER : CREATOR, day(18), {
        type: 'RateCollaboration',
        ratingId: `r-${who}`,
        scores:
          who === 'seller'
            ? { CONTENT_QUALITY: 4, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 4, BRAND_FIT: 4 }
            : { BRIEF_CLARITY: 5, FEEDBACK_QUALITY: 5, PAYMENT_RELIABILITY: 5, COMMUNICATION: 5 },
        comment: 'Clear communication and the schedule was kept to the day',
      });
    const one = await view(rate(scenario().upToCompleted(), 'seller'));
    expect(one.state.ratings.map((r) => [r.ratingId, r.revealed])).toEqual([['r-seller', false]]);
    const both = await view(rate(rate(scenario().upToCompleted(), 'seller'), 'creator'));
    expect(both.state.ratings.map((r) => [r.ratingId, r.revealed])).toEqual([
      ['r-seller', true],
      ['r-creator', true],
    ]);
  });

  it('shows an open dispute holding the milestones, then its outcome', async () => {
    const opened = scenario().upToPublished().run(SELLER, day(11), {
      type: 'OpenDispute',
      disputeId: 'd1',
      reason: 'CONTENT_MISMATCH',
      statement: 'Wrong product shown',
    });
    const open = await view(opened);
    expect(open.disputeStatus).toBe('OPEN');
    expect(open.disputes).toEqual([
      { disputeId: 'd1', reason: 'CONTENT_MISMATCH', openedBy: 'SELLER', openedAt: day(11), outcome: null },
    ]);
    expect(open.milestones.every((m) => m.status === 'HELD')).toBe(true);
    const resolved = await view(
      opened.run({ userId: 'a1', role: 'ARBITRATOR' }, day(12), {
        type: 'ResolveDispute',
        disputeId: 'd1',
        outcome: 'CREATOR_AT_FAULT',
        note: 'Wrong SKU',
      }),
    );
    expect(resolved.disputeStatus).toBe('RESOLVED');
    expect(resolved.disputes[0]!.outcome).toBe('CREATOR_AT_FAULT');
    expect(resolved.milestones.map((m) => m.status)).toEqual(['REFUNDED', 'REFUNDED']);
  });
});
