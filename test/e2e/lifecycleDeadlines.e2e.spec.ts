import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptProposalDocument,
  AcceptUsageRightsExtensionDocument,
  ApproveScriptDocument,
  CollaborationHistoryTypesDocument,
  CollaborationLifecycleDocument,
  CompleteCollaborationDocument,
  CounterOfferDocument,
  DisputeClocksDocument,
  EscalatedDisputesDocument,
  OpenDisputeDocument,
  ProposeCollaborationDocument,
  ProposeUsageRightsExtensionDocument,
  PublishContentDocument,
  RecordContentFixDocument,
  RecordMetricsSnapshotDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
  ReviewContentDocument,
  SubmitScriptDocument,
  UsageRightsEndingDocument,
  type BriefInput,
} from '../support/generated/graphql.js';
import { addMonths } from '../../src/contexts/collaboration/calendar.js';
import { aBriefInput } from '../support/briefInput.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * DOMAIN.md § Deadlines, through the API with the service's clock moved forward: each deadline of
 * the lifecycle fires once, as the platform, naming its rule, and changes what the parties see.
 */
describe('deadlines of the lifecycle, through the API', () => {
  const START = '2026-03-02T09:00:00.000Z';
  const clock = testClock(new Date(START));
  let api: TestServer;
  let seller: string;
  let creator: string;
  let auditor: string;
  let otherSeller: string;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    seller = await api.token('SELLER', 's1');
    otherSeller = await api.token('SELLER', 's2');
    creator = await api.token('CREATOR', 'c1');
    auditor = await api.token('AUDITOR');
    await api.ok(seller, RegisterSellerDocument, { input: { name: 'Glow Labs', country: 'CN' } });
    await api.ok(otherSeller, RegisterSellerDocument, { input: { name: 'Other Shop', country: 'CN' } });
    await api.ok(creator, RegisterCreatorDocument, {
      input: {
        displayName: 'Mia Glow',
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: '@miaglow', followers: 85_000 }],
      },
    });
  });
  afterAll(() => api.close());

  /**
   * The scheduler's next look, once the read model it reads has caught up (the clock is the whole
   * service's: other collaborations' deadlines may fire too, so tests look at their own history).
   */
  const schedulerLooks = async () => {
    await api.services.scheduler.caughtUpTo(await api.services.eventStore.headPosition());
    await api.services.scheduler.fireDue();
  };
  /**
   * The event types the platform appended to a collaboration when a deadline acted (the reminders
   * before them, DOMAIN.md § Reminders, are left out: their own specs count them).
   */
  const platformTypes = async (id: string) =>
    (await historyTypes(id))
      .filter((e) => e.metadata?.actorRole === 'PLATFORM' && e.type !== 'DeadlineReminderSent')
      .map((e) => e.type);
  const view = async (id: string, token = seller) =>
    (await api.ok(token, CollaborationLifecycleDocument, { id })).collaboration!;
  const historyTypes = async (id: string, token = auditor) =>
    (await api.ok(token, CollaborationHistoryTypesDocument, { id })).collaborationHistory!.events;

  /** Proposed, accepted, scripted and published now; the brief's rights run 6 months from publish. */
  const published = async (id: string, brief: Partial<BriefInput> = {}) => {
    await api.ok(seller, ProposeCollaborationDocument, {
      input: {
        collaborationId: id,
        creatorId: 'c1',
        brief: aBriefInput(clock.now(), {
          metricTargets: { minViews: 10_000 },
          usageRights: { scope: ['ORGANIC', 'PAID_ADS'], platforms: ['TIKTOK'], months: 6 },
          ...brief,
        }),
      },
    });
    await api.ok(creator, AcceptProposalDocument, { id });
    await api.ok(creator, SubmitScriptDocument, { input: { collaborationId: id, text: 'Hook, demo, code' } });
    await api.ok(seller, ApproveScriptDocument, { id });
    await api.ok(creator, PublishContentDocument, {
      input: {
        collaborationId: id,
        platform: 'TIKTOK',
        url: `https://www.tiktok.com/@miaglow/video/${id}`,
        publishedAt: clock.now(),
      },
    });
  };
  const finalMetrics = (id: string) =>
    api.ok(seller, RecordMetricsSnapshotDocument, {
      input: {
        collaborationId: id,
        capturedAt: clock.now(),
        views: 24_000,
        likes: 1_100,
        comments: 80,
        shares: 20,
        clicks: 400,
        orders: 40,
        gmv: { amountMinor: 320_000, currency: 'USD' },
      },
    });

  it('content reviewed with issues: the fix deadline fires, the final payment waits for the content, a fix left unanswered is accepted', async () => {
    await published('f1');
    await api.ok(seller, ReviewContentDocument, {
      input: { collaborationId: 'f1', accepted: false, issues: ['OFF_BRIEF'], comment: 'No demo' },
    });
    const reviewedAt = clock.now();
    expect((await view('f1')).deadlines.pending).toContainEqual({
      rule: 'CONTENT_FIX_OVERDUE',
      dueAt: new Date(Date.parse(reviewedAt) + 5 * 86_400_000).toISOString(),
    });
    clock.advanceDays(5);
    await schedulerLooks();
    await schedulerLooks();
    expect(await platformTypes('f1')).toEqual(['ContentFixOverdue']);
    expect((await view('f1', creator)).contentFix).toMatchObject({
      overdue: true,
      fixRequired: true,
      fixes: 0,
    });
    expect((await historyTypes('f1')).at(-1)).toMatchObject({
      type: 'ContentFixOverdue',
      data: { rule: 'CONTENT_FIX_OVERDUE' },
      metadata: { actorRole: 'PLATFORM' },
    });

    clock.advanceDays(1);
    const fixed = await api.ok(creator, RecordContentFixDocument, {
      input: { collaborationId: 'f1', url: 'https://www.tiktok.com/@miaglow/video/f1-fixed' },
    });
    expect(fixed.recordContentFix.events).toEqual(['ContentFixed']);
    const fixedAt = clock.now();
    clock.advanceDays(1);
    await finalMetrics('f1');
    const completed = await api.ok(seller, CompleteCollaborationDocument, { id: 'f1' });
    expect(completed.completeCollaboration.events).toEqual([
      'CollaborationCompleted',
      'MilestoneDue',
      'MilestoneHeld',
    ]);
    expect((await view('f1')).milestones.find((m) => m.name === 'FINAL')).toMatchObject({
      status: 'HELD',
      heldForContent: true,
    });

    // The seller stays silent for 7 days after the fix: the platform accepts it, the FINAL milestone is released.
    clock.advance(Date.parse(fixedAt) + 7 * 86_400_000 - Date.parse(clock.now()));
    await schedulerLooks();
    const after = await view('f1');
    expect(after.contentReview).toBe('ACCEPTED');
    expect(after.milestones.find((m) => m.name === 'FINAL')).toMatchObject({
      status: 'RELEASED',
      heldForContent: false,
    });
    expect((await historyTypes('f1')).slice(-2).map((e) => e.type)).toEqual([
      'ContentAutoAccepted',
      'MilestoneReleased',
    ]);
  });

  it('a collaboration nobody completes is completed by the platform 3 days after its measurement window', async () => {
    await published('a1');
    const publishedAt = clock.now();
    await api.ok(seller, ReviewContentDocument, {
      input: { collaborationId: 'a1', accepted: true, issues: [] },
    });
    const due = new Date(Date.parse(publishedAt) + 10 * 86_400_000).toISOString();
    expect((await view('a1')).deadlines.pending).toContainEqual({
      rule: 'COLLABORATION_AUTO_COMPLETED',
      dueAt: due,
    });
    clock.advanceDays(7);
    await finalMetrics('a1');
    clock.advanceDays(2);
    await schedulerLooks();
    expect(await platformTypes('a1')).toEqual([]);
    clock.advanceDays(1);
    await schedulerLooks();
    await schedulerLooks();
    const done = await view('a1', creator);
    expect(done).toMatchObject({ status: 'COMPLETED', completedAt: clock.now() });
    expect(done.milestones.find((m) => m.name === 'FINAL')).toMatchObject({ status: 'RELEASED' });
    // The rating window opens as usual: its close is the next deadline (after the usage rights' end, later).
    expect(done.deadlines.next).toEqual({
      rule: 'RATING_WINDOW_CLOSED',
      dueAt: new Date(Date.parse(clock.now()) + 14 * 86_400_000).toISOString(),
    });
    const types = (await historyTypes('a1')).map((e) => e.type);
    expect(types.slice(-4)).toEqual([
      'CollaborationAutoCompleted',
      'CollaborationCompleted',
      'MilestoneDue',
      'MilestoneReleased',
    ]);
    expect((await historyTypes('a1')).find((e) => e.type === 'CollaborationAutoCompleted')).toMatchObject({
      data: { rule: 'COLLABORATION_AUTO_COMPLETED', dueAt: due, firedAt: due },
      metadata: { actorRole: 'PLATFORM' },
    });
  });

  it('a dispute: the other side’s silence is recorded after 5 days, the dispute escalated after 30, for auditors and /metrics', async () => {
    await published('d1');
    await api.ok(seller, OpenDisputeDocument, {
      input: {
        collaborationId: 'd1',
        disputeId: 'dsp-1',
        reason: 'CONTENT_MISMATCH',
        statement: 'No demo at all',
      },
    });
    const openedAt = clock.now();
    const day = (n: number) => new Date(Date.parse(openedAt) + n * 86_400_000).toISOString();
    expect((await api.ok(creator, DisputeClocksDocument, { id: 'dsp-1' })).dispute!.clocks).toEqual({
      respondent: 'CREATOR',
      responseDueAt: day(5),
      respondedAt: null,
      responseMissed: false,
      decisionDueAt: day(30),
      escalatedAt: null,
    });
    // Nothing completes the collaboration while the dispute is open.
    expect((await view('d1')).deadlines.pending.map((d) => d.rule)).not.toContain(
      'COLLABORATION_AUTO_COMPLETED',
    );
    clock.advanceDays(5);
    await schedulerLooks();
    expect(await platformTypes('d1')).toEqual(['DisputeResponseMissed']);
    const silent = (await api.ok(seller, DisputeClocksDocument, { id: 'dsp-1' })).dispute!;
    expect(silent).toMatchObject({ status: 'OPEN', escalated: false, clocks: { responseMissed: true } });
    expect(silent.trail.at(-1)).toEqual({
      __typename: 'DisputeDeadlineEntry',
      rule: 'DISPUTE_RESPONSE_MISSED',
      dueAt: day(5),
      silentSide: 'CREATOR',
      at: day(5),
    });

    clock.advanceDays(25);
    await schedulerLooks();
    // The content nobody reviewed was accepted after 7 days meanwhile; the dispute did not stop that.
    expect(await platformTypes('d1')).toEqual([
      'DisputeResponseMissed',
      'ContentAutoAccepted',
      'DisputeEscalated',
    ]);
    const escalated = (await api.ok(auditor, DisputeClocksDocument, { id: 'dsp-1' })).dispute!;
    expect(escalated).toMatchObject({ status: 'OPEN', escalated: true, clocks: { escalatedAt: day(30) } });
    expect((await api.ok(auditor, EscalatedDisputesDocument, { escalated: true })).disputes).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: 'dsp-1', escalated: true } }],
    });
    const metrics = await (await fetch(api.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/^ledger_disputes_escalated_open 1$/m);
    expect(metrics).toMatch(/^ledger_deadlines_fired_total\{rule="DISPUTE_ESCALATED"\} 1$/m);
    expect((await view('d1')).disputes).toEqual([
      { disputeId: 'dsp-1', outcome: null, responseMissed: true, escalated: true },
    ]);
  });

  it('usage rights: listed in the seller’s library 30 days before they end, extended for a fee, then ended', async () => {
    await published('u1');
    const publishedAt = clock.now();
    const endsAt = (await view('u1')).usageRights.endsAt!;
    // 6 months after publish, to the day.
    expect(endsAt).toBe(addMonths(publishedAt, 6));
    const ending = async (token = seller, sellerId?: string) =>
      (await api.ok(token, UsageRightsEndingDocument, { withinDays: 30, ...(sellerId ? { sellerId } : {}) }))
        .usageRightsEnding;
    expect((await ending()).edges.map((e) => e.node.collaborationId)).not.toContain('u1');
    clock.advance(Date.parse(endsAt) - 20 * 86_400_000 - Date.parse(clock.now()));
    const listed = (await ending()).edges.find((e) => e.node.collaborationId === 'u1')!.node;
    expect(listed).toMatchObject({
      creatorId: 'c1',
      scope: ['ORGANIC', 'PAID_ADS'],
      platforms: ['TIKTOK'],
      endsAt,
      daysLeft: 20,
      content: { platform: 'TIKTOK', url: 'https://www.tiktok.com/@miaglow/video/u1' },
      pendingExtension: null,
    });
    // Private to its seller; an auditor names the seller.
    expect((await ending(otherSeller)).edges.map((e) => e.node.collaborationId)).not.toContain('u1');
    expect(
      (await api.request(creator, UsageRightsEndingDocument, { withinDays: 30 })).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect((await ending(auditor, 's1')).edges.map((e) => e.node.collaborationId)).toContain('u1');

    const later = new Date(Date.parse(endsAt) + 180 * 86_400_000).toISOString();
    await api.ok(seller, ProposeUsageRightsExtensionDocument, {
      input: {
        collaborationId: 'u1',
        extensionId: 'x1',
        endsAt: later,
        scope: ['ORGANIC', 'PAID_ADS', 'WHITELISTING'],
        fee: { amountMinor: 20_000, currency: 'USD' },
      },
    });
    expect(
      (await ending()).edges.find((e) => e.node.collaborationId === 'u1')!.node.pendingExtension,
    ).toMatchObject({
      id: 'x1',
      endsAt: later,
      fee: { amountMinor: 20_000 },
    });
    const accepted = await api.ok(creator, AcceptUsageRightsExtensionDocument, {
      id: 'u1',
      extensionId: 'x1',
    });
    expect(accepted.acceptUsageRightsExtension.events).toEqual(['UsageRightsExtended', 'MilestoneDue']);
    expect((await view('u1', creator)).milestones.find((m) => m.extensionId === 'x1')).toMatchObject({
      name: 'RIGHTS_1',
      status: 'DUE',
      amount: { amountMinor: 20_000 },
    });
    expect((await ending()).edges.map((e) => e.node.collaborationId)).not.toContain('u1');

    // The old end passes and nothing fires; the new end fires once.
    clock.advanceDays(21);
    expect((await view('u1')).deadlines.pending).toContainEqual({ rule: 'USAGE_RIGHTS_ENDED', dueAt: later });
    clock.advance(Date.parse(later) - Date.parse(clock.now()));
    await schedulerLooks();
    expect((await view('u1')).usageRights).toMatchObject({ ended: true, endsAt: later, extensions: 1 });
    expect((await historyTypes('u1')).filter((e) => e.type === 'UsageRightsEnded')).toEqual([
      {
        type: 'UsageRightsEnded',
        redacted: false,
        data: { rule: 'USAGE_RIGHTS_ENDED', dueAt: later, firedAt: later },
        metadata: { actorRole: 'PLATFORM' },
      },
    ]);
    expect((await ending()).edges.map((e) => e.node.collaborationId)).not.toContain('u1');
  });

  it('a negotiation expires at the latest offer’s script due date, not the first', async () => {
    const proposedAt = clock.now();
    const day = (n: number) => new Date(Date.parse(proposedAt) + n * 86_400_000).toISOString();
    await api.ok(seller, ProposeCollaborationDocument, {
      input: { collaborationId: 'n1', creatorId: 'c1', brief: aBriefInput(proposedAt) },
    });
    await api.ok(creator, CounterOfferDocument, {
      input: { collaborationId: 'n1', scriptDueAt: day(8), publishDueAt: day(14), note: 'Filming next week' },
    });
    clock.advanceDays(6);
    await schedulerLooks();
    expect((await view('n1')).status).toBe('PROPOSED');
    expect(await platformTypes('n1')).toEqual([]);
    clock.advanceDays(2);
    await schedulerLooks();
    expect((await view('n1')).status).toBe('EXPIRED');
    expect((await historyTypes('n1')).at(-1)).toMatchObject({
      type: 'ProposalExpired',
      data: { rule: 'PROPOSAL_EXPIRED', dueAt: day(8) },
    });
  });
});
