import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptProposalDocument,
  AddEvidenceDocument,
  AddStatementDocument,
  ApproveScriptDocument,
  CollaborationDocument,
  CollaborationUpdatedDocument,
  CompleteCollaborationDocument,
  CreatorDocument,
  DisputeDocument,
  MonthlyTopCreatorsDocument,
  MyCreatorLibraryDocument,
  OpenDisputeDocument,
  PostMessageDocument,
  ProposeCollaborationDocument,
  PublishContentDocument,
  RateCollaborationDocument,
  RecordMetricsSnapshotDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
  ReleaseMilestoneDocument,
  RequestRevisionDocument,
  ResolveDisputeDocument,
  ReviewContentDocument,
  SubmitScriptDocument,
  type CollaborationUpdatedSubscription,
} from '../support/generated/graphql.js';
import { print } from 'graphql';
import { collect, startTestServer, testClock, type TestServer } from '../support/server.js';
import { aBriefInput } from '../support/briefInput.js';

/**
 * The whole lifecycle of DOMAIN.md through the API, over real HTTP, with a graphql-ws client
 * subscribed to the collaboration receiving every change in order.
 */
describe('a collaboration from brief to ratings, through the API', () => {
  let api: TestServer;
  let seller: string;
  let creator: string;
  let arbitrator: string;
  const clock = testClock(new Date('2026-03-02T09:00:00.000Z'));
  const day = 86_400_000;
  const at = (days: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + days * day).toISOString();

  beforeAll(async () => {
    api = await startTestServer({ clock });
    seller = await api.token('SELLER', 's1');
    creator = await api.token('CREATOR', 'c1');
    arbitrator = await api.token('ARBITRATOR');
    await api.ok(seller, RegisterSellerDocument, { input: { name: 'Glow Labs', country: 'CN' } });
    const registered = await api.ok(creator, RegisterCreatorDocument, {
      input: {
        displayName: 'Mia Glow',
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: '@miaglow', followers: 85_000 }],
      },
    });
    expect(registered.registerCreator.creator).toEqual({
      id: 'c1',
      displayName: 'Mia Glow',
      followerTier: 'MICRO',
    });
  });
  afterAll(() => api.close());

  it('runs the lifecycle, a dispute and both ratings; the subscriber sees every change in order', async () => {
    const proposed = await api.ok(seller, ProposeCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        creatorId: 'c1',
        brief: aBriefInput(at(0), {
          title: 'Summer serum launch',
          deliverables: [{ description: '60 s video with a demo', quantity: 1 }],
          fee: { amountMinor: 100_000, currency: 'USD' },
          metricTargets: { minViews: 10_000 },
        }),
      },
    });
    expect(proposed.proposeCollaboration).toMatchObject({
      collaborationId: 'k1',
      status: 'PROPOSED',
      deduplicated: false,
    });
    // Read-your-writes: the payload's view waited for the projection.
    expect(proposed.proposeCollaboration.collaboration).toMatchObject({
      status: 'PROPOSED',
      brief: { revisionLimit: 2, measurementWindowDays: 7 },
      milestones: [
        { name: 'DEPOSIT', status: 'PENDING', amount: { amountMinor: 30_000 } },
        { name: 'FINAL', status: 'PENDING', amount: { amountMinor: 70_000 } },
      ],
    });

    const subscription = api.ws(creator).iterate<CollaborationUpdatedSubscription>({
      query: print(CollaborationUpdatedDocument),
      variables: { id: 'k1' },
    });
    const received = collect(subscription, 22, 20_000);
    // graphql-ws subscribes asynchronously: wait until the hub has the listener.
    for (let i = 0; api.server.hub!.listeners === 0 && i < 200; i++)
      await new Promise((r) => setTimeout(r, 10));

    clock.advance(3_600_000);
    await api.ok(creator, AcceptProposalDocument, { id: 'k1' });
    await api.ok(seller, ReleaseMilestoneDocument, { input: { collaborationId: 'k1', name: 'DEPOSIT' } });
    await api.ok(creator, PostMessageDocument, {
      input: { collaborationId: 'k1', body: 'Samples arrived, shooting this week' },
    });
    clock.advanceDays(2);
    await api.ok(creator, SubmitScriptDocument, {
      input: { collaborationId: 'k1', text: 'Hook, demo, code, call to action' },
    });
    await api.ok(seller, RequestRevisionDocument, {
      id: 'k1',
      feedback: 'Show the texture in the first 3 seconds',
    });
    await api.ok(creator, SubmitScriptDocument, {
      input: { collaborationId: 'k1', text: 'Texture first, then the routine' },
    });
    await api.ok(seller, ApproveScriptDocument, { id: 'k1' });
    clock.advanceDays(7);
    await api.ok(creator, PublishContentDocument, {
      input: {
        collaborationId: 'k1',
        platform: 'TIKTOK',
        url: 'https://www.tiktok.com/@miaglow/video/1',
        publishedAt: clock.now(),
      },
    });
    await api.ok(seller, ReviewContentDocument, {
      input: { collaborationId: 'k1', accepted: true, issues: [] },
    });
    clock.advanceDays(2);
    const metrics = (views: number, likes: number) => ({
      collaborationId: 'k1',
      capturedAt: clock.now(),
      views,
      likes,
      comments: 80,
      shares: 20,
      clicks: 400,
      orders: 40,
      gmv: { amountMinor: 320_000, currency: 'USD' },
    });
    await api.ok(seller, RecordMetricsSnapshotDocument, { input: metrics(9_000, 400) });

    // A dispute: opened by the seller, evidence from the creator, resolved with no fault.
    const opened = await api.ok(seller, OpenDisputeDocument, {
      input: {
        collaborationId: 'k1',
        disputeId: 'd1',
        reason: 'COMMUNICATION',
        statement: 'No reply to two messages for 3 days',
      },
    });
    expect(opened.openDispute.events).toEqual(['DisputeOpened', 'MilestoneHeld']);
    const chatExport = await api.evidence(
      creator,
      'Mar 4 10:02 seller: ok\nMar 6 09:15 me: draft attached\n',
    );
    await api.ok(creator, AddEvidenceDocument, {
      input: {
        collaborationId: 'k1',
        disputeId: 'd1',
        kind: 'CHAT_LOG',
        description: 'Chat export',
        sha256: chatExport,
      },
    });
    await api.ok(arbitrator, AddStatementDocument, {
      input: { collaborationId: 'k1', disputeId: 'd1', text: 'Both sides answered within the brief’s terms' },
    });
    const resolved = await api.ok(arbitrator, ResolveDisputeDocument, {
      input: {
        collaborationId: 'k1',
        disputeId: 'd1',
        outcome: 'NO_FAULT',
        note: 'Replies within 3 working days',
      },
    });
    expect(resolved.resolveDispute.dispute).toMatchObject({
      status: 'RESOLVED',
      resolution: { outcome: 'NO_FAULT', refund: { amountMinor: 0 } },
    });

    clock.advanceDays(6);
    await api.ok(creator, RecordMetricsSnapshotDocument, { input: metrics(24_000, 1_100) });
    const completed = await api.ok(seller, CompleteCollaborationDocument, { id: 'k1' });
    expect(completed.completeCollaboration.events).toEqual([
      'CollaborationCompleted',
      'MilestoneDue',
      'MilestoneReleased',
    ]);

    clock.advanceDays(1);
    await api.ok(seller, RateCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        scores: [
          { dimension: 'CONTENT_QUALITY', score: 5 },
          { dimension: 'TIMELINESS', score: 4 },
          { dimension: 'COMMUNICATION', score: 4 },
          { dimension: 'COMPLIANCE', score: 5 },
          { dimension: 'BRAND_FIT', score: 5 },
        ],
        comment: 'Texture close-up in the hook worked; posted on the due date',
      },
    });
    // Double-blind: the creator cannot see the seller's rating yet.
    const hidden = await api.ok(creator, CollaborationDocument, { id: 'k1' });
    expect(hidden.collaboration!.ratings).toEqual([]);
    const both = await api.ok(creator, RateCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        scores: [
          { dimension: 'BRIEF_CLARITY', score: 5 },
          { dimension: 'FEEDBACK_QUALITY', score: 4 },
          { dimension: 'PAYMENT_RELIABILITY', score: 5 },
          { dimension: 'COMMUNICATION', score: 4 },
        ],
        comment: 'Clear brief; the deposit was paid the day we accepted',
      },
    });
    expect(both.rateCollaboration.events).toEqual(['CollaborationRated', 'RatingsRevealed']);

    // Every change reached the subscriber, in log order, each with the status right after it.
    const updates = (await received).map((u) => u.data!.collaborationUpdated);
    const positions = updates.map((u) => BigInt(u.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
    const statusChanges = updates.filter((u) => u.status !== u.previousStatus).map((u) => u.status);
    expect(statusChanges).toEqual(['ACTIVE', 'SCRIPT_APPROVED', 'PUBLISHED', 'COMPLETED']);
    expect(updates.map((u) => u.eventType)).toEqual([
      'ProposalAccepted',
      'MilestoneDue',
      'MilestoneReleased',
      'MessagePosted',
      'ScriptSubmitted',
      'RevisionRequested',
      'ScriptSubmitted',
      'ScriptApproved',
      'ContentPublished',
      'ContentReviewed',
      'MetricsSnapshotRecorded',
      'DisputeOpened',
      'MilestoneHeld',
      'DisputeEvidenceAdded',
      'DisputeStatementAdded',
      'DisputeResolved',
      'MilestoneHoldLifted',
      'MetricsSnapshotRecorded',
      'CollaborationCompleted',
      'MilestoneDue',
      'MilestoneReleased',
      'CollaborationRated',
    ]);

    // The read models, read-your-writes with the last position.
    const last = both.rateCollaboration.position;
    const view = await api.request(
      seller,
      CollaborationDocument,
      { id: 'k1' },
      { 'x-ledger-min-position': last },
    );
    expect(view.data!.collaboration).toMatchObject({
      status: 'COMPLETED',
      revisionCount: 1,
      messageCount: 1,
      publish: { late: false },
      metrics: { snapshots: 2, final: { views: 24_000 } },
      milestones: [
        { name: 'DEPOSIT', status: 'RELEASED' },
        { name: 'FINAL', status: 'RELEASED' },
      ],
      disputes: [{ disputeId: 'd1', outcome: 'NO_FAULT' }],
      creator: { id: 'c1', displayName: 'Mia Glow' },
      seller: { id: 's1', name: 'Glow Labs' },
    });
    expect(view.data!.collaboration!.ratings.map((r) => [r.direction, r.revealed])).toEqual([
      ['SELLER_TO_CREATOR', true],
      ['CREATOR_TO_SELLER', true],
    ]);

    const dispute = await api.ok(creator, DisputeDocument, { id: 'd1' });
    expect(dispute.dispute!.trail.map((t) => t.__typename)).toEqual([
      'DisputeOpenedEntry',
      'EvidenceEntry',
      'StatementEntry',
      'ResolutionEntry',
    ]);
    expect(dispute.dispute!.facts.messages.map((m) => m.body)).toEqual([
      'Samples arrived, shooting this week',
    ]);

    const profile = await api.ok(seller, CreatorDocument, { id: 'c1' });
    expect(profile.creator!.reputation).toMatchObject({
      ratingsCounted: 1,
      onTimeRate: 2 / 3,
      completionRate: 2 / 3,
    });
    expect(profile.creator!.recentCollaborations).toEqual([{ id: 'k1', status: 'COMPLETED' }]);
    expect(profile.creator!.reputation.changes.totalCount).toBeGreaterThan(0);

    const library = await api.ok(seller, MyCreatorLibraryDocument, {});
    expect(library.myCreatorLibrary.edges[0]!.node).toMatchObject({
      creatorId: 'c1',
      completed: 1,
      spend: { amountMinor: 100_000, currency: 'USD' },
      gmv: { amountMinor: 320_000 },
      roi: 3.2,
      averageRating: 4.6,
    });
    const top = await api.ok(seller, MonthlyTopCreatorsDocument, { month: clock.now().slice(0, 7) });
    expect(top.monthlyTopCreators).toEqual([{ rank: 1, creatorId: 'c1', averageRating: 4.6, roi: 3.2 }]);
  }, 60_000);
});
