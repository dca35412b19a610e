import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import type { EventMetadata } from '../../src/core/event.js';
import {
  AcceptProposalDocument,
  ApproveScriptDocument,
  CollaborationHistoryTypesDocument,
  CompleteCollaborationDocument,
  DisputeClocksDocument,
  DisputeUpdatedDocument,
  OpenDisputeDocument,
  ProposeCollaborationDocument,
  PublishContentDocument,
  RateCollaborationDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
  ReviewContentDocument,
  SubmitScriptDocument,
  type DisputeUpdatedSubscription,
} from '../support/generated/graphql.js';
import { aBriefInput } from '../support/briefInput.js';
import { collect, startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * Who learns of a dispute's clocks (DOMAIN.md § Deadlines, § The collaboration 9 and 10): the other
 * side's silence and the escalation reach both parties on every path — the dispute, its
 * subscription, the collaboration's history, the signed export — and nobody else, while a rating
 * still hidden from a party stays hidden beside them.
 */
describe('a dispute’s clocks, and who sees them', () => {
  const START = '2026-05-04T09:00:00.000Z';
  const clock = testClock(new Date(START));
  let api: TestServer;
  const tokens = {} as Record<'s1' | 's2' | 'c1' | 'c2', string>;
  let openedAt: string;
  const day = (n: number) => new Date(Date.parse(openedAt) + n * 86_400_000).toISOString();

  const schedulerLooks = async () => {
    await api.services.scheduler.caughtUpTo(await api.services.eventStore.headPosition());
    await api.services.scheduler.fireDue();
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
  };
  const exportOf = (token: string) =>
    fetch(new URL('/audit/export/k1', api.url), { headers: { authorization: `Bearer ${token}` } });
  const history = async (token: string) =>
    (await api.ok(token, CollaborationHistoryTypesDocument, { id: 'k1' })).collaborationHistory;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    for (const [name, role] of [
      ['s1', 'SELLER'],
      ['s2', 'SELLER'],
      ['c1', 'CREATOR'],
      ['c2', 'CREATOR'],
    ] as const)
      tokens[name] = await api.token(role, name);
    const { s1, c1 } = tokens;
    await api.ok(s1, RegisterSellerDocument, { input: { name: 'Glow Labs', country: 'CN' } });
    await api.ok(c1, RegisterCreatorDocument, {
      input: {
        displayName: 'Mia',
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 85_000 }],
      },
    });
    // Completed, and rated by the seller alone: that rating is hidden from the creator.
    await api.ok(s1, ProposeCollaborationDocument, {
      input: { collaborationId: 'k1', creatorId: 'c1', brief: aBriefInput(clock.now()) },
    });
    await api.ok(c1, AcceptProposalDocument, { id: 'k1' });
    await api.ok(c1, SubmitScriptDocument, { input: { collaborationId: 'k1', text: 'Hook, demo, code' } });
    await api.ok(s1, ApproveScriptDocument, { id: 'k1' });
    await api.ok(c1, PublishContentDocument, {
      input: {
        collaborationId: 'k1',
        platform: 'TIKTOK',
        url: 'https://www.tiktok.com/@mia/video/k1',
        publishedAt: clock.now(),
      },
    });
    await api.ok(s1, ReviewContentDocument, { input: { collaborationId: 'k1', accepted: true, issues: [] } });
    clock.advanceDays(8);
    await api.ok(s1, CompleteCollaborationDocument, { id: 'k1' });
    await api.ok(s1, RateCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        scores: [
          { dimension: 'CONTENT_QUALITY', score: 4 },
          { dimension: 'TIMELINESS', score: 4 },
          { dimension: 'COMMUNICATION', score: 3 },
          { dimension: 'COMPLIANCE', score: 4 },
          { dimension: 'BRAND_FIT', score: 4 },
        ],
        comment: 'Good demo, slow to answer messages',
      },
    });
    await api.ok(c1, OpenDisputeDocument, {
      input: {
        collaborationId: 'k1',
        disputeId: 'd1',
        reason: 'NON_PAYMENT',
        statement: 'The final payment never came',
      },
    });
    openedAt = clock.now();
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
  });
  afterAll(() => api.close());

  it('reaches both parties on every path, nobody else, and never the rating still hidden', async () => {
    const { s1, s2, c1, c2 } = tokens;
    const subscription = api
      .ws(c1)
      .iterate<DisputeUpdatedSubscription>({ query: print(DisputeUpdatedDocument), variables: { id: 'd1' } });
    const received = collect(subscription, 2, 20_000);
    for (let i = 0; api.server.hub!.listeners === 0 && i < 200; i++)
      await new Promise((r) => setTimeout(r, 10));

    // The seller states nothing for 5 days.
    clock.advanceDays(5);
    await schedulerLooks();
    for (const token of [s1, c1]) {
      expect((await api.ok(token, DisputeClocksDocument, { id: 'd1' })).dispute).toMatchObject({
        status: 'OPEN',
        clocks: { respondent: 'SELLER', responseMissed: true, decisionDueAt: day(30) },
        trail: expect.arrayContaining([
          {
            __typename: 'DisputeDeadlineEntry',
            rule: 'DISPUTE_RESPONSE_MISSED',
            dueAt: day(5),
            silentSide: 'SELLER',
            at: day(5),
          },
        ]),
      });
    }
    // Beside it in the creator's history, the seller's rating keeps its content to itself, and so
    // the creator's export is withheld until it is revealed.
    const creatorSees = (await history(c1))!.events;
    expect(creatorSees.find((e) => e.type === 'DisputeResponseMissed')).toMatchObject({
      redacted: false,
      data: { rule: 'DISPUTE_RESPONSE_MISSED', respondent: 'SELLER', disputeId: 'd1' },
      metadata: { actorRole: 'PLATFORM' },
    });
    expect(creatorSees.find((e) => e.type === 'CollaborationRated')).toMatchObject({ redacted: true });
    expect(creatorSees.find((e) => e.type === 'CollaborationRated')!.data).not.toHaveProperty('comment');
    expect((await exportOf(c1)).status).toBe(403);

    // No arbitrator decides within 30 days; the rating window closed meanwhile, revealing the rating.
    clock.advanceDays(25);
    await schedulerLooks();
    expect(
      (await received).map((u) => [u.data!.disputeUpdated.eventType, u.data!.disputeUpdated.dispute.status]),
    ).toEqual([
      ['DisputeResponseMissed', 'OPEN'],
      ['DisputeEscalated', 'OPEN'],
    ]);
    for (const token of [s1, c1]) {
      expect((await api.ok(token, DisputeClocksDocument, { id: 'd1' })).dispute).toMatchObject({
        escalated: true,
        clocks: { escalatedAt: day(30) },
      });
      const response = await exportOf(token);
      expect(response.status).toBe(200);
      const file = (await response.json()) as AuditExport;
      const byPlatform = file.events.filter((e) => (e.metadata as EventMetadata).role === 'PLATFORM');
      expect(byPlatform.map((e) => e.type)).toEqual([
        'DisputeResponseMissed',
        'RatingWindowClosed',
        'RatingsRevealed',
        'DisputeEscalated',
      ]);
    }

    // Nobody else: not another seller, not another creator, on any path.
    for (const token of [s2, c2]) {
      expect((await api.ok(token, DisputeClocksDocument, { id: 'd1' })).dispute).toBeNull();
      expect(await history(token)).toBeNull();
      expect((await exportOf(token)).status).toBe(404);
      // A refusal arrives either as the first result's errors, or as the socket's error message.
      const refused = await collect(
        api.ws(token).iterate<DisputeUpdatedSubscription>({
          query: print(DisputeUpdatedDocument),
          variables: { id: 'd1' },
        }),
        1,
        5000,
      ).then(
        ([first]) => first?.errors?.[0]?.extensions?.code,
        (error: unknown) => (error as { extensions?: { code?: string } }[])[0]?.extensions?.code,
      );
      expect(refused).toBe('NOT_FOUND');
    }
  });
});
