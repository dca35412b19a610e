import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/contexts/shared.js';
import {
  CollaborationHistoryDocument,
  CollaborationReviewsDocument,
  CollaborationReviewsUpdatedDocument,
  CreatorReviewsDocument,
  DecideReviewReportDocument,
  DirectoryDocument,
  MyOwnRatingsDocument,
  RateCollaborationDocument,
  ReplyToReviewDocument,
  ReportReviewDocument,
  ReviewDocument,
  ReviewReportsDocument,
  SellerReviewsDocument,
  VerifyReviewDocument,
  type CollaborationReviewsUpdatedSubscription,
} from '../support/generated/graphql.js';
import { completeCollaboration, creatorActor, registerParties, sellerActor } from '../support/drive.js';
import {
  collect,
  startTestServer,
  testClock,
  type GraphQLResponse,
  type TestServer,
} from '../support/server.js';

/**
 * DOMAIN.md § Public reviews through the API, over real HTTP and WebSocket: a rating becomes a public
 * review once revealed, with its collaboration's verified results; the reviewed party replies and
 * reports; an arbitrator decides; every refusal has its code and writes nothing; and what a reader
 * may not see — a hidden rating, a removed text, someone else's report — is on no path.
 */

const START = '2026-03-02T09:00:00.000Z';
const ATTACK = 'The creator insulted our manager in the chat; the video itself was average';
const REPLY = 'We never spoke to a manager: every message is in the collaboration trail';

const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

describe('public reviews, through the API', () => {
  let api: TestServer;
  const clock = testClock(new Date(START));
  const tokens = {} as Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor', string>;
  let sellerReviewId: string;
  let creatorReviewId: string;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    const write = api.services.write;
    await registerParties(write, addDays(START, -40), { sellers: ['s1', 's2'], creators: ['c1', 'c2'] });
    // Published 30 h late; completed 11.75 days ago: the rating window is open.
    await completeCollaboration(write, {
      collaborationId: 'k1',
      sellerId: 's1',
      creatorId: 'c1',
      start: addDays(START, -30),
      lateHours: 30,
    });
    tokens.s1 = await api.token('SELLER', 's1');
    tokens.s2 = await api.token('SELLER', 's2');
    tokens.c1 = await api.token('CREATOR', 'c1');
    tokens.c2 = await api.token('CREATOR', 'c2');
    tokens.arbitrator = await api.token('ARBITRATOR');
    tokens.auditor = await api.token('AUDITOR');
  });
  afterAll(() => api.close());

  const fresh = (position: string) => ({ 'x-ledger-min-position': position });
  const creatorReviews = async (token: string, position: string) =>
    (await api.request(token, CreatorReviewsDocument, { id: 'c1' }, fresh(position))).data!.creator!;

  it('shows no review while a rating is hidden: not listed, not counted, not found by its id', async () => {
    const rated = await api.ok(tokens.s1, RateCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        ratingId: 'r-s',
        scores: [
          { dimension: 'CONTENT_QUALITY', score: 3 },
          { dimension: 'TIMELINESS', score: 2 },
          { dimension: 'COMMUNICATION', score: 2 },
          { dimension: 'COMPLIANCE', score: 4 },
          { dimension: 'BRAND_FIT', score: 3 },
        ],
        comment: ATTACK,
        tags: ['LATE_PUBLISH'],
      },
    });
    const position = rated.rateCollaboration.position;
    sellerReviewId = position;
    const page = await creatorReviews(tokens.s2, position);
    expect(page).toMatchObject({ reviewCount: 0, reviews: { totalCount: 0, edges: [] } });
    expect(page.reviewSummary).toMatchObject({ count: 0, distribution: [0, 0, 0, 0, 0], topTags: [] });
    for (const token of [tokens.s2, tokens.c1, tokens.arbitrator]) {
      expect((await api.ok(token, ReviewDocument, { id: position })).review).toBeNull();
      expect((await api.ok(token, VerifyReviewDocument, { id: position })).verifyReview).toBeNull();
    }
    const directory = await api.request(
      tokens.s2,
      DirectoryDocument,
      { filter: { minReviews: 1 } },
      fresh(position),
    );
    expect(directory.data!.creators.edges.map((e) => e.node.id)).toEqual([]);
  });

  it('makes both ratings public reviews once revealed, with the verified results from the log', async () => {
    const both = await api.ok(tokens.c1, RateCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        ratingId: 'r-c',
        scores: [
          { dimension: 'BRIEF_CLARITY', score: 5 },
          { dimension: 'FEEDBACK_QUALITY', score: 4 },
          { dimension: 'PAYMENT_RELIABILITY', score: 5 },
          { dimension: 'COMMUNICATION', score: 4 },
        ],
        comment: 'Clear brief, samples early, the deposit was paid on acceptance',
      },
    });
    creatorReviewId = String(BigInt(both.rateCollaboration.position) - 1n);
    const page = await creatorReviews(tokens.s2, both.rateCollaboration.position);
    expect(page.reviewCount).toBe(1);
    const [review] = page.reviews.edges.map((e) => e.node);
    expect(review).toMatchObject({
      id: sellerReviewId,
      direction: 'SELLER_TO_CREATOR',
      reviewer: { side: 'SELLER', id: 's1', displayName: 'Seller s1', verified: false },
      revieweeId: 'c1',
      mean: 2.8,
      stars: 3,
      comment: ATTACK,
      tags: ['LATE_PUBLISH'],
      category: 'BEAUTY',
      markets: ['US', 'GB'],
      platform: 'TIKTOK',
      month: addDays(START, -11.75).slice(0, 7),
      publish: { onTime: false, daysLate: 2 },
      results: {
        views: 20_000,
        clicks: 400,
        orders: 40,
        engagementRate: 0.0525,
        conversionRate: 0.1,
        source: 'SELLER',
      },
      // Which collaboration it is about is for its parties, arbitrators and auditors.
      collaborationId: null,
      ratingId: null,
    });
    expect(page.reviewSummary).toMatchObject({
      count: 1,
      distribution: [0, 0, 1, 0, 0],
      topTags: [{ tag: 'LATE_PUBLISH', count: 1 }],
    });
    expect((await api.ok(tokens.c1, ReviewDocument, { id: sellerReviewId })).review).toMatchObject({
      collaborationId: 'k1',
      ratingId: 'r-s',
    });
    const seller = await api.ok(tokens.c2, SellerReviewsDocument, { id: 's1' });
    expect(seller.seller!.reviews.edges.map((e) => e.node)).toMatchObject([
      { id: creatorReviewId, reviewer: { side: 'CREATOR', id: 'c1', displayName: 'Creator c1' }, mean: 4.5 },
    ]);

    // Anyone may have it checked against the log: the rating, its reveal and the snapshot are there.
    const check = (await api.ok(tokens.s2, VerifyReviewDocument, { id: sellerReviewId })).verifyReview!;
    expect(check).toMatchObject({
      valid: true,
      chainValid: true,
      rating: { position: sellerReviewId, matches: true },
      reveal: { matches: true },
      results: { position: review!.results!.position, matches: true },
    });
    // …and the parties find the same events in the collaboration's history.
    const history = await api.ok(tokens.c1, CollaborationHistoryDocument, { id: 'k1' });
    const at = (position: string) =>
      history.collaborationHistory!.events.find((e) => e.position === position)!;
    expect(at(sellerReviewId)).toMatchObject({ type: 'CollaborationRated', hash: check.rating.hash });
    expect(at(review!.results!.position)).toMatchObject({
      type: 'MetricsSnapshotRecorded',
      hash: check.results!.hash,
    });

    const directory = async (minReviews: number) =>
      (await api.ok(tokens.s2, DirectoryDocument, { filter: { minReviews } })).creators.edges.map(
        (e) => e.node.id,
      );
    expect(await directory(1)).toEqual(['c1']);
    expect(await directory(2)).toEqual([]);
  });

  it('takes one reply from the reviewed party, and refuses the rest', async () => {
    const reply = (token: string, ratingId: string, text = REPLY) =>
      api.request(token, ReplyToReviewDocument, { input: { collaborationId: 'k1', ratingId, text } });
    // Wrong party: the author; a stranger is told the collaboration does not exist; staff may not.
    expect(codeOf(await reply(tokens.s1, 'r-s'))).toBe('FORBIDDEN');
    expect(codeOf(await reply(tokens.c2, 'r-s'))).toBe('COLLABORATION_NOT_FOUND');
    expect(codeOf(await reply(tokens.arbitrator, 'r-s'))).toBe('FORBIDDEN');
    expect(codeOf(await reply(tokens.c1, 'r-s', '  '))).toBe('REPLY_EMPTY');
    const replied = await reply(tokens.c1, 'r-s');
    expect(replied.data!.replyToReview).toMatchObject({
      events: ['ReviewReplied'],
      review: { id: sellerReviewId, reply: { text: REPLY, repliedAt: clock.now() } },
    });
    expect(codeOf(await reply(tokens.c1, 'r-s', 'And one more thing'))).toBe('REPLY_ALREADY_GIVEN');
    // The window is 14 days from the reveal.
    clock.advanceDays(14);
    expect(codeOf(await reply(tokens.s1, 'r-c', 'Thank you, see you at the next launch'))).toBe(
      'REPLY_WINDOW_CLOSED',
    );
    const history = await api.ok(tokens.auditor, CollaborationHistoryDocument, { id: 'k1' });
    expect(history.collaborationHistory!.events.filter((e) => e.type === 'ReviewReplied')).toHaveLength(1);
  });

  let evidence: string;
  it('takes one report from the reviewed party, with files it uploaded, and shows it to it and the staff only', async () => {
    evidence = await api.evidence(tokens.c1, 'Chat export: no message from a manager, Mar 1–20\n');
    const sellersFile = await api.evidence(tokens.s1, 'The seller’s own notes\n');
    const report = (token: string, overrides: object = {}) =>
      api.request(token, ReportReviewDocument, {
        input: {
          collaborationId: 'k1',
          ratingId: 'r-s',
          reportId: 'rep-1',
          reason: 'PERSONAL_ATTACK',
          statement: 'An insult that names nobody and nothing of the work',
          evidence: [{ sha256: evidence, fileName: 'chat.txt' }],
          ...overrides,
        },
      });
    expect(codeOf(await report(tokens.s1))).toBe('FORBIDDEN');
    expect(codeOf(await report(tokens.c2))).toBe('COLLABORATION_NOT_FOUND');
    expect(codeOf(await report(tokens.auditor))).toBe('FORBIDDEN');
    expect(codeOf(await report(tokens.c1, { evidence: [{ sha256: sellersFile }] }))).toBe(
      'EVIDENCE_NOT_UPLOADED',
    );
    expect(codeOf(await report(tokens.c1, { statement: '' }))).toBe('STATEMENT_REQUIRED');
    const reported = await report(tokens.c1);
    expect(reported.data!.reportReview).toMatchObject({ events: ['ReviewReported'], reportId: 'rep-1' });
    expect(codeOf(await report(tokens.c1, { reportId: 'rep-2' }))).toBe('REVIEW_ALREADY_REPORTED');

    const position = reported.data!.reportReview.position;
    const view = async (token: string) =>
      (await api.request(token, CollaborationReviewsDocument, { id: 'k1' }, fresh(position))).data!
        .collaboration!;
    expect((await view(tokens.c1)).reports).toMatchObject([
      { reportId: 'rep-1', reason: 'PERSONAL_ATTACK', status: 'OPEN', evidence: [evidence] },
    ]);
    expect((await view(tokens.arbitrator)).reports).toHaveLength(1);
    // The reviewer learns nothing of it: not in its view, and in its history not even the event's kind.
    expect((await view(tokens.s1)).reports).toEqual([]);
    const sellersHistory = await api.ok(tokens.s1, CollaborationHistoryDocument, { id: 'k1' });
    const reportEvent = sellersHistory.collaborationHistory!.events.find((e) => e.position === position)!;
    expect(reportEvent).toMatchObject({ type: 'Redacted', data: null });
    expect(JSON.stringify(sellersHistory)).not.toContain('An insult that names nobody');
    // The files: its uploader and the staff read them; the reviewer is told there is none.
    const file = async (token: string) =>
      (
        await fetch(new URL(`/evidence/${evidence}`, api.url), {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    expect(await file(tokens.c1)).toBe(200);
    expect(await file(tokens.arbitrator)).toBe(200);
    expect(await file(tokens.s1)).toBe(404);

    // The queue is the staff's.
    const queue = await api.request(tokens.arbitrator, ReviewReportsDocument, {}, fresh(position));
    expect(queue.data!.reviewReports.edges.map((e) => e.node)).toMatchObject([
      {
        id: 'rep-1',
        collaborationId: 'k1',
        reviewId: sellerReviewId,
        reporterId: 'c1',
        status: 'OPEN',
        escalated: false,
        evidence: [{ sha256: evidence, fileName: 'chat.txt', contentType: 'text/plain' }],
        text: { comment: ATTACK, tags: ['LATE_PUBLISH'], reply: REPLY },
        review: { id: sellerReviewId, comment: ATTACK },
      },
    ]);
    for (const token of [tokens.s1, tokens.c1]) {
      expect(codeOf(await api.request(token, ReviewReportsDocument, {}))).toBe('FORBIDDEN');
    }
  });

  it('lets only an arbitrator decide; a removed text is gone from every path but the staff’s', async () => {
    const subscription = api.ws(tokens.s1).iterate<CollaborationReviewsUpdatedSubscription>({
      query: print(CollaborationReviewsUpdatedDocument),
      variables: { id: 'k1' },
    });
    const delivered = collect(subscription, 1, 20_000);
    for (let i = 0; api.server.hub!.listeners === 0 && i < 200; i++)
      await new Promise((r) => setTimeout(r, 10));

    const decide = (token: string, decision: 'DISMISS' | 'REMOVE_TEXT' = 'REMOVE_TEXT') =>
      api.request(token, DecideReviewReportDocument, {
        input: {
          collaborationId: 'k1',
          reportId: 'rep-1',
          decision,
          note: 'An insult, not an account of the work',
        },
      });
    for (const token of [tokens.s1, tokens.c1, tokens.auditor, tokens.s2]) {
      expect(codeOf(await decide(token))).toBe('FORBIDDEN');
    }
    const decided = await decide(tokens.arbitrator);
    expect(decided.data!.decideReviewReport).toMatchObject({
      events: ['ReviewTextRemoved'],
      review: {
        id: sellerReviewId,
        comment: null,
        tags: [],
        reply: null,
        removal: { reason: 'PERSONAL_ATTACK' },
        mean: 2.8,
      },
    });
    expect(codeOf(await decide(tokens.arbitrator, 'DISMISS'))).toBe('REPORT_ALREADY_DECIDED');
    const position = decided.data!.decideReviewReport.position;

    // The subscriber (the reviewer) gets the removal, without the text, and never got the report.
    const [update] = (await delivered).map((u) => u.data!.collaborationUpdated);
    expect(update).toMatchObject({ eventType: 'ReviewTextRemoved', collaboration: { reports: [] } });
    expect(JSON.stringify(update)).not.toContain('insulted');
    expect(JSON.stringify(update)).not.toContain(REPLY);

    const leaks = (value: unknown) => {
      const text = JSON.stringify(value);
      return ['insulted', REPLY, 'LATE_PUBLISH'].filter((t) => text.includes(t));
    };
    // Public: the list, the review by id, the check, the summary's tags.
    for (const token of [tokens.s2, tokens.c1, tokens.s1]) {
      const page = await creatorReviews(token, position);
      expect(leaks(page)).toEqual([]);
      expect(page.reviews.edges[0]!.node.removal).toMatchObject({ reason: 'PERSONAL_ATTACK' });
      expect(leaks(await api.ok(token, ReviewDocument, { id: sellerReviewId }))).toEqual([]);
      expect(leaks(await api.ok(token, VerifyReviewDocument, { id: sellerReviewId }))).toEqual([]);
    }
    expect((await creatorReviews(tokens.s2, position)).reviewSummary).toMatchObject({
      count: 1,
      topTags: [],
    });
    // The parties: the collaboration view, the history (events redacted, states), the library.
    for (const token of [tokens.s1, tokens.c1]) {
      const view = await api.request(token, CollaborationReviewsDocument, { id: 'k1' }, fresh(position));
      expect(leaks(view.data)).toEqual([]);
      expect(view.data!.collaboration!.ratings.find((r) => r.id === 'r-s')).toMatchObject({
        comment: '',
        removal: { reason: 'PERSONAL_ATTACK', note: 'An insult, not an account of the work' },
      });
      const history = await api.ok(token, CollaborationHistoryDocument, { id: 'k1' });
      expect(leaks(history)).toEqual([]);
      expect(history.collaborationHistory!.events.find((e) => e.position === sellerReviewId)).toMatchObject({
        type: 'CollaborationRated',
      });
      // Its signed export holds every event as written: withheld.
      const exported = await fetch(new URL('/audit/export/k1', api.url), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(exported.status).toBe(403);
      expect(
        ((await exported.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions
          .code,
      ).toBe('EXPORT_WITHHELD');
    }
    const library = await api.request(tokens.s1, MyOwnRatingsDocument, {}, fresh(position));
    expect(library.data!.myCreatorLibrary.edges[0]!.node.ratings).toEqual([
      { ratingId: 'r-s', comment: '', removedReason: 'PERSONAL_ATTACK' },
    ]);
    // The staff still read it all, and the auditor's export holds it.
    for (const token of [tokens.arbitrator, tokens.auditor]) {
      const history = await api.ok(token, CollaborationHistoryDocument, { id: 'k1' });
      expect(leaks(history)).toHaveLength(3);
    }
    const audited = await fetch(new URL('/audit/export/k1', api.url), {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect(audited.status).toBe(200);
    expect(await audited.text()).toContain('insulted');
  });

  it('escalates a report nobody decided in 10 days, through the scheduler; auditors see it', async () => {
    await completeCollaboration(api.services.write, {
      collaborationId: 'k2',
      sellerId: 's2',
      creatorId: 'c1',
      start: addDays(clock.now(), -20),
    });
    const rate = (token: string, ratingId: string, scores: Record<string, number>, comment: string) =>
      api.ok(token, RateCollaborationDocument, {
        input: {
          collaborationId: 'k2',
          ratingId,
          scores: Object.entries(scores).map(([dimension, score]) => ({ dimension, score })),
          comment,
        },
      });
    await rate(
      tokens.s2,
      'r-s',
      { CONTENT_QUALITY: 4, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 4, BRAND_FIT: 4 },
      'Solid demo, posted on the due date',
    );
    await rate(
      tokens.c1,
      'r-c',
      { BRIEF_CLARITY: 2, FEEDBACK_QUALITY: 2, PAYMENT_RELIABILITY: 3, COMMUNICATION: 2 },
      'The brief changed twice after we had filmed',
    );
    const reported = await api.ok(tokens.s2, ReportReviewDocument, {
      input: {
        collaborationId: 'k2',
        ratingId: 'r-c',
        reportId: 'rep-k2',
        reason: 'FALSE_ACCUSATION',
        statement: 'The brief never changed: it is one event in the log',
        evidence: [],
      },
    });
    await api.services.runner.waitFor(BigInt(reported.reportReview.position), 10_000);
    const escalations = async () =>
      (
        await api.ok(tokens.auditor, CollaborationHistoryDocument, { id: 'k2' })
      ).collaborationHistory!.events.filter((e) => e.type === 'ReviewReportEscalated');
    // Whatever else is due fires now (content reviews nobody made); the report is not due yet.
    await api.services.scheduler.fireDue();
    expect(await escalations()).toEqual([]);
    clock.advanceDays(10);
    await api.services.scheduler.fireDue();
    const [escalated] = await escalations();
    expect(escalated).toMatchObject({ metadata: { actorRole: 'PLATFORM' } });
    expect(escalated!.data).toMatchObject({ reportId: 'rep-k2', rule: 'REPORT_ESCALATED' });
    const queue = await api.request(
      tokens.auditor,
      ReviewReportsDocument,
      { filter: { escalated: true } },
      fresh(escalated!.position),
    );
    expect(queue.data!.reviewReports.edges.map((e) => e.node)).toMatchObject([
      { id: 'rep-k2', escalated: true, escalatedAt: clock.now(), status: 'OPEN' },
    ]);
    // The reviewer (the creator) is not told its review was reported, nor escalated.
    const creatorsHistory = await api.ok(tokens.c1, CollaborationHistoryDocument, { id: 'k2' });
    const types = creatorsHistory.collaborationHistory!.events.map((e) => e.type);
    expect(types.filter((type) => type.startsWith('ReviewReport'))).toEqual([]);
    expect(types.filter((type) => type === 'Redacted')).toHaveLength(2);
    // Fired once, however often the scheduler looks.
    await api.services.runner.waitFor(BigInt(escalated!.position), 10_000);
    await api.services.scheduler.fireDue();
    expect(await escalations()).toHaveLength(1);
  });
});

describe('reviews: filters, orders and pages', () => {
  let api: TestServer;
  const clock = testClock(new Date(START));
  let reader: string;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    const write = api.services.write;
    await registerParties(write, addDays(START, -400), { sellers: ['s1', 's2', 's3'], creators: ['c1'] });
    // Five collaborations of c1, each completed and rated by both sides, revealed one after another.
    const stories = [
      {
        id: 'k1',
        seller: 's1',
        category: 'BEAUTY',
        markets: ['US'],
        scores: [5, 5, 5, 5, 5],
        comment: 'Best launch video we had this year, on time',
      },
      {
        id: 'k2',
        seller: 's2',
        category: 'HOME',
        markets: ['DE'],
        scores: [2, 3, 3, 3, 3],
        comment: 'Slow replies and the demo missed the diffuser',
      },
      {
        id: 'k3',
        seller: 's3',
        category: 'BEAUTY',
        markets: ['DE', 'FR'],
        scores: [4, 4, 3, 4, 4],
        comment: 'Good texture shots, the hook was a bit slow',
      },
      {
        id: 'k4',
        seller: 's1',
        category: 'HOME',
        markets: ['US'],
        scores: [3, 3, 4, 3, 3],
        comment: 'Fine video for the vacuum bags, nothing more',
      },
      {
        id: 'k5',
        seller: 's2',
        category: 'BEAUTY',
        markets: ['US', 'GB'],
        scores: [4, 5, 4, 5, 4],
        comment: 'Clear demo of the serum, posted a day early',
      },
    ];
    for (const [i, story] of stories.entries()) {
      const start = addDays(START, -300 + i * 40);
      const { completedAt } = await completeCollaboration(write, {
        collaborationId: story.id,
        sellerId: story.seller,
        creatorId: 'c1',
        start,
        brief: {
          product: { name: 'Product', category: story.category as 'BEAUTY' },
          targetMarkets: story.markets,
        },
      });
      const [q, t, c, p, b] = story.scores;
      const rate = (actor: ReturnType<typeof sellerActor>, body: object) =>
        write.collaboration({
          collaborationId: story.id,
          actor,
          now: addDays(completedAt, 1),
          ...body,
        } as never);
      await rate(sellerActor(story.seller), {
        type: 'RateCollaboration',
        ratingId: 'r-s',
        scores: { CONTENT_QUALITY: q, TIMELINESS: t, COMMUNICATION: c, COMPLIANCE: p, BRAND_FIT: b },
        comment: story.comment,
        tags: i % 2 ? ['FAST_RESPONSE'] : ['CREATIVE_SCRIPT'],
      });
      await rate(creatorActor('c1'), {
        type: 'RateCollaboration',
        ratingId: 'r-c',
        scores: { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 4, COMMUNICATION: 4 },
        comment: 'Clear brief and the payment arrived on time',
      });
    }
    reader = await api.token('SELLER', 's2');
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 20_000);
  });
  afterAll(() => api.close());

  const sellersOf = async (variables: Record<string, unknown>, token = reader) =>
    (await api.ok(token, CreatorReviewsDocument, { id: 'c1', ...variables })).creator!.reviews.edges.map(
      (e) => `${e.node.reviewer.id}/${e.node.category}`,
    );

  it('orders by the most recent reveal, the lowest or the highest mean', async () => {
    expect(await sellersOf({})).toEqual(['s2/BEAUTY', 's1/HOME', 's3/BEAUTY', 's2/HOME', 's1/BEAUTY']);
    expect(await sellersOf({ sort: 'LOWEST' })).toEqual([
      's2/HOME',
      's1/HOME',
      's3/BEAUTY',
      's2/BEAUTY',
      's1/BEAUTY',
    ]);
    expect(await sellersOf({ sort: 'HIGHEST' })).toEqual([
      's1/BEAUTY',
      's2/BEAUTY',
      's3/BEAUTY',
      's1/HOME',
      's2/HOME',
    ]);
  });

  it('filters by a dimension’s score, the mean, category, market, platform', async () => {
    expect(await sellersOf({ filter: { dimension: 'CONTENT_QUALITY', maxScore: 3 } })).toEqual([
      's1/HOME',
      's2/HOME',
    ]);
    expect(await sellersOf({ filter: { minScore: 4.2 } })).toEqual(['s2/BEAUTY', 's1/BEAUTY']);
    expect(await sellersOf({ filter: { category: 'BEAUTY', market: 'DE' } })).toEqual(['s3/BEAUTY']);
    expect(await sellersOf({ filter: { platform: 'TIKTOK', withComment: true } })).toHaveLength(5);
    expect(await sellersOf({ filter: { platform: 'INSTAGRAM' } })).toEqual([]);
    const refused = await api.request(reader, CreatorReviewsDocument, {
      id: 'c1',
      filter: { dimension: 'BRIEF_CLARITY', minScore: 3 },
    });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(
      codeOf(await api.request(reader, CreatorReviewsDocument, { id: 'c1', filter: { minScore: 6 } })),
    ).toBe('BAD_USER_INPUT');
  });

  it('puts the reader’s category and market first: named, or its own (a seller’s usual ones)', async () => {
    expect(
      await sellersOf({ sort: 'MOST_RELEVANT', relevance: { category: 'BEAUTY', market: 'US' } }),
    ).toEqual([
      's2/BEAUTY', // both
      's1/BEAUTY', // both, revealed earlier
      's3/BEAUTY', // category only
      's1/HOME', // market only
      's2/HOME', // neither
    ]);
    // s3 proposed one BEAUTY collaboration in DE and FR: its own category and market lead.
    const s3 = await api.token('SELLER', 's3');
    expect(await sellersOf({ sort: 'MOST_RELEVANT' }, s3)).toEqual([
      's3/BEAUTY',
      's2/BEAUTY',
      's1/BEAUTY',
      's2/HOME',
      's1/HOME',
    ]);
  });

  it('pages every order with its cursors, each review once', async () => {
    for (const sort of ['RECENT', 'LOWEST', 'HIGHEST', 'MOST_RELEVANT'] as const) {
      const seen: string[] = [];
      let after: string | null | undefined;
      do {
        const page = (
          await api.ok(reader, CreatorReviewsDocument, {
            id: 'c1',
            sort,
            first: 2,
            ...(after ? { after } : {}),
          })
        ).creator!.reviews;
        seen.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen, sort).toEqual(
        (await api.ok(reader, CreatorReviewsDocument, { id: 'c1', sort })).creator!.reviews.edges.map(
          (e) => e.node.id,
        ),
      );
      expect(new Set(seen).size).toBe(5);
    }
  });
});
