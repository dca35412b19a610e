import diff from 'microdiff';
import { describe, expect, it } from 'vitest';
import { collaborationDecider } from '../../src/contexts/collaboration/collaboration.decide.js';
import { addDays } from '../../src/contexts/shared.js';
import { describePath } from '../../web/console/describe.js';
import { MESSAGES } from '../../web/i18n/messages/index.js';
import { parseInstant, typedInstant } from '../../web/i18n/instant.js';
import {
  ARBITRATOR,
  CREATOR,
  day,
  PLATFORM,
  scenario,
  SELLER,
  type CollaborationScenario,
} from '../support/collaborationFixtures.js';

/** Every path that changes from one event to the next of a scenario, as the console diffs them. */
const changedPaths = (s: CollaborationScenario): { path: (string | number)[]; state: unknown }[] => {
  const paths: { path: (string | number)[]; state: unknown }[] = [];
  let before: object = {};
  let state = collaborationDecider.initialState();
  for (const { event, at } of s.events) {
    state = collaborationDecider.evolve(state, event, { occurredAt: at });
    for (const change of diff(before, state)) {
      paths.push({ path: change.path, state: change.type === 'REMOVE' ? before : state });
    }
    before = state;
  }
  return paths;
};

/**
 * A collaboration that goes through every step the state records: a brief with every part, a
 * revision, late publishing, issues found, metrics that go down, a dispute with evidence and a
 * resolution, targets missed and waived, both ratings with tags, a flag and its review; and one
 * cancelled.
 */
const everyStep = (): CollaborationScenario[] => {
  const full = scenario()
    .proposed({
      product: { name: 'Vitamin C serum', category: 'BEAUTY', url: 'https://shop.example/serum' },
      metricTargets: {
        minViews: 50_000,
        minEngagementRate: 0.05,
        minClicks: 10,
        minOrders: 1,
        minGmvMinor: 10,
      },
      tracking: { utmLink: 'https://shop.example/?utm_source=c1', discountCode: 'C1' },
      notes: 'Film in daylight',
    })
    .accepted()
    .scriptSubmitted()
    .revisionRequested()
    .scriptSubmitted(day(4))
    .scriptApproved(day(4))
    .published(day(11));
  full
    .run(SELLER, day(12), {
      type: 'ReviewContent',
      accepted: false,
      issues: ['MISSING_DISCLOSURE'],
      comment: 'No #ad',
    })
    .run(SELLER, day(12), { type: 'PostMessage', messageId: 'msg-1', body: 'Please add #ad' })
    .metrics(day(13), { views: 30_000 })
    .metrics(day(14), { views: 20_000 })
    .run(SELLER, day(14), {
      type: 'OpenDispute',
      disputeId: 'd1',
      reason: 'FAKE_METRICS',
      statement: 'Views fell',
    })
    .run(CREATOR, day(14), {
      type: 'AddEvidence',
      disputeId: 'd1',
      evidenceId: 'e1',
      kind: 'METRICS_REPORT',
      description: 'Platform analytics export',
      sha256: 'a'.repeat(64),
      fileName: 'analytics.csv',
      file: { contentType: 'text/csv', sizeBytes: 2048 },
    })
    .run(ARBITRATOR, day(15), { type: 'AddStatement', disputeId: 'd1', statementId: 's-1', text: 'Checking' })
    .run(ARBITRATOR, day(16), {
      type: 'ResolveDispute',
      disputeId: 'd1',
      outcome: 'NO_FAULT',
      note: 'A recount',
    })
    .metrics(full.finalAt(), { views: 30_000 })
    .completed();
  full
    .run(SELLER, full.state.completedAt!, {
      type: 'ReleaseMilestone',
      name: 'FINAL',
      waiveMissedTargets: true,
    })
    .run(SELLER, addDays(full.state.completedAt!, 1), {
      type: 'RateCollaboration',
      ratingId: 'r-s',
      scores: { CONTENT_QUALITY: 4, TIMELINESS: 5, COMMUNICATION: 4, COMPLIANCE: 3, BRAND_FIT: 4 },
      comment: 'Creative script, but published two days late',
      tags: ['CREATIVE_SCRIPT', 'LATE_PUBLISH'],
    })
    .run(CREATOR, addDays(full.state.completedAt!, 2), {
      type: 'RateCollaboration',
      ratingId: 'r-c',
      scores: { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 5, COMMUNICATION: 4 },
      comment: 'Clear brief and quick payment of the deposit',
      tags: ['FAST_RESPONSE'],
    })
    .run(PLATFORM, addDays(full.state.completedAt!, 2), {
      type: 'FlagRating',
      ratingId: 'r-s',
      rule: 'TIMELINESS_CONTRADICTS_PUBLISH',
      detail: 'Timeliness 5 on a publish 24 h late',
    })
    .run(ARBITRATOR, addDays(full.state.completedAt!, 3), {
      type: 'ReviewRating',
      ratingId: 'r-s',
      decision: 'UPHOLD',
      note: 'The seller agreed to the delay',
    })
    .run(PLATFORM, addDays(full.state.completedAt!, 15), {
      type: 'FireDeadline',
      rule: 'RATING_WINDOW_CLOSED',
    })
    // Public reviews: a reply, a report on each review, one escalated, one dismissed, one upheld.
    .run(CREATOR, addDays(full.state.completedAt!, 4), {
      type: 'ReplyToReview',
      ratingId: 'r-s',
      text: 'The delay was agreed in the chat on day 9',
    })
    .run(CREATOR, addDays(full.state.completedAt!, 4), {
      type: 'ReportReview',
      reportId: 'rep-1',
      ratingId: 'r-s',
      reason: 'FALSE_ACCUSATION',
      statement: 'The two days were agreed',
      evidence: [{ sha256: 'b'.repeat(64), file: { contentType: 'image/png', sizeBytes: 10 } }],
    })
    .run(SELLER, addDays(full.state.completedAt!, 5), {
      type: 'ReportReview',
      reportId: 'rep-2',
      ratingId: 'r-c',
      reason: 'IRRELEVANT',
      statement: 'Not about this collaboration',
      evidence: [],
    })
    .run(PLATFORM, addDays(full.state.completedAt!, 14), { type: 'FireDeadline', rule: 'REPORT_ESCALATED' })
    .run(ARBITRATOR, addDays(full.state.completedAt!, 16), {
      type: 'DecideReviewReport',
      reportId: 'rep-1',
      decision: 'REMOVE_TEXT',
      note: 'The chat shows the delay was agreed',
    })
    .run(ARBITRATOR, addDays(full.state.completedAt!, 16), {
      type: 'DecideReviewReport',
      reportId: 'rep-2',
      decision: 'DISMISS',
      note: 'The comment is about this collaboration',
    });
  const cancelled = scenario()
    .proposed()
    .accepted()
    .run(SELLER, day(2), { type: 'CancelCollaboration', reason: 'The product launch moved' });
  // Negotiation, a fix late and overdue, the dispute's clocks, completion by the platform, usage
  // rights ended and extended for a fee.
  const lifecycle = scenario()
    .proposed()
    .run(CREATOR, day(1), {
      type: 'CounterOffer',
      fee: { amountMinor: 150_000, currency: 'USD' },
      deliverables: [{ description: 'Two 30 s videos', quantity: 2 }],
      note: 'Two videos cost more',
    })
    .run(SELLER, day(1), { type: 'CounterOffer', fee: { amountMinor: 120_000, currency: 'USD' } })
    .run(CREATOR, day(2), { type: 'AcceptProposal' })
    .scriptSubmitted(day(2))
    .scriptApproved(day(3))
    .published(day(9))
    .run(SELLER, day(10), { type: 'ReviewContent', accepted: false, issues: ['OFF_BRIEF'] })
    .run(PLATFORM, day(15), { type: 'FireDeadline', rule: 'CONTENT_FIX_OVERDUE' })
    .run(CREATOR, day(16), { type: 'RecordContentFix', url: 'https://www.tiktok.com/@c1/video/2' })
    .run(SELLER, day(17), {
      type: 'OpenDispute',
      disputeId: 'd2',
      reason: 'CONTENT_MISMATCH',
      statement: 'Still off',
    })
    .run(PLATFORM, day(22), { type: 'FireDeadline', rule: 'DISPUTE_RESPONSE_MISSED' })
    .run(PLATFORM, day(47), { type: 'FireDeadline', rule: 'DISPUTE_ESCALATED' })
    .run(CREATOR, day(48), {
      type: 'AddStatement',
      disputeId: 'd2',
      statementId: 's-2',
      text: 'Fixed on day 16',
    })
    .run(ARBITRATOR, day(49), {
      type: 'ResolveDispute',
      disputeId: 'd2',
      outcome: 'NO_FAULT',
      note: 'Fixed late',
    })
    .run(PLATFORM, day(52), { type: 'FireDeadline', rule: 'CONTENT_AUTO_ACCEPTED' })
    .run(PLATFORM, day(52), { type: 'FireDeadline', rule: 'COLLABORATION_AUTO_COMPLETED' })
    .run(PLATFORM, '2026-09-10T00:00:00.000Z', { type: 'FireDeadline', rule: 'USAGE_RIGHTS_ENDED' })
    .run(SELLER, '2026-09-11T00:00:00.000Z', {
      type: 'ProposeUsageRightsExtension',
      extensionId: 'x1',
      endsAt: '2027-03-10T00:00:00.000Z',
      scope: ['PAID_ADS', 'WHITELISTING'],
      fee: { amountMinor: 20_000, currency: 'USD' },
      note: 'The ad runs well',
    })
    .run(CREATOR, '2026-09-12T00:00:00.000Z', { type: 'AcceptUsageRightsExtension', extensionId: 'x1' });
  return [full, cancelled, lifecycle];
};

describe("the words for a collaboration's state", () => {
  const scenarios = everyStep();

  it('reach every step the state records', () => {
    const types = new Set(scenarios.flatMap((s) => s.events.map((e) => e.event.type)));
    expect(types.size).toBeGreaterThanOrEqual(35);
  });

  it('name every field an event changes, each part by a message that exists', () => {
    const unnamed: string[] = [];
    for (const s of scenarios) {
      for (const { path, state } of changedPaths(s)) {
        const described = describePath(path, state);
        const missing = described.labels.filter((part) => 'id' in part && !MESSAGES[part.id]);
        if (!described.known || missing.length > 0) unnamed.push(path.join('.'));
      }
    }
    expect([...new Set(unnamed)]).toEqual([]);
  });

  it('name list elements by what they are', () => {
    const [full] = scenarios;
    const state = full!.state;
    expect(describePath(['milestones', 1, 'settlement'], state).labels).toEqual([
      { id: 'field.milestones' },
      { enumType: 'MilestoneName', value: 'FINAL' },
      { id: 'field.milestones.settlement' },
    ]);
    expect(describePath(['scripts', 1, 'outcome'], state).labels).toEqual([
      { id: 'field.scripts' },
      { id: 'field.scripts.item', values: { version: 2 } },
      { id: 'field.scripts.outcome' },
    ]);
    expect(describePath(['ratings', 0, 'scores', 'CONTENT_QUALITY'], state).labels).toEqual([
      { id: 'field.ratings' },
      { enumType: 'RatingDirection', value: 'SELLER_TO_CREATOR' },
      { id: 'field.ratings.scores' },
      { enumType: 'RatingDimension', value: 'CONTENT_QUALITY' },
    ]);
    expect(describePath(['brief', 'somethingNew'], state)).toMatchObject({ known: false });
  });
});

describe('an instant typed in the console', () => {
  it('is read in the zone times are shown in, and sent with its seconds', () => {
    expect(parseInstant('2026-03-05 22:24', true)).toBe('2026-03-05T22:24:00.000Z');
    expect(parseInstant('2026-03-05 22:24:07', true)).toBe('2026-03-05T22:24:07.000Z');
    expect(parseInstant('2026-03-05', true)).toBe('2026-03-05T00:00:00.000Z');
    expect(parseInstant('2026-03-05T22:24:00', true)).toBe('2026-03-05T22:24:00.000Z');
    const local = parseInstant('2026-03-05 22:24:00', false)!;
    expect(local).toBe(new Date(2026, 2, 5, 22, 24, 0).toISOString());
  });

  it('names no instant when the text is not a date and time, or out of range', () => {
    for (const text of [
      '',
      'yesterday',
      '2026-02-30 10:00',
      '2026-03-05 24:00',
      '2026-03-05 10:60',
      '05/03/2026',
    ]) {
      expect(parseInstant(text, true), text).toBeNull();
    }
  });

  it('is written back the same way it is read', () => {
    expect(typedInstant('2026-03-05T22:24:00.000Z', true)).toBe('2026-03-05 22:24:00');
    const iso = '2026-11-01T05:30:09.000Z';
    expect(parseInstant(typedInstant(iso, false), false)).toBe(iso);
  });
});
