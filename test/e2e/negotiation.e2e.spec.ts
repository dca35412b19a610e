import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptCounterOfferDocument,
  AcceptProposalDocument,
  AcceptUsageRightsExtensionDocument,
  ApproveScriptDocument,
  CollaborationAsOfDocument,
  CollaborationHistoryTypesDocument,
  CollaborationLifecycleDocument,
  CollaborationUpdatedDocument,
  CompleteCollaborationDocument,
  CounterOfferDocument,
  DeclineUsageRightsExtensionDocument,
  ProposeCollaborationDocument,
  ProposeUsageRightsExtensionDocument,
  PublishContentDocument,
  RateCollaborationDocument,
  RecordContentFixDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
  ReviewContentDocument,
  SubmitScriptDocument,
  type CollaborationUpdatedSubscription,
} from '../support/generated/graphql.js';
import { aBriefInput } from '../support/briefInput.js';
import { collect, startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * DOMAIN.md § Negotiation through the API, and who sees the lifecycle's new events (DOMAIN.md § Who
 * uses it, § The collaboration 9): the two parties, arbitrators and auditors, on every path; nobody
 * else, and never a rating still hidden.
 */
describe('negotiation and who sees the lifecycle, through the API', () => {
  const START = '2026-04-01T09:00:00.000Z';
  const clock = testClock(new Date(START));
  const day = (n: number) => new Date(Date.parse(START) + n * 86_400_000).toISOString();
  let api: TestServer;
  let seller: string;
  let creator: string;
  let stranger: string;
  let otherCreator: string;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    seller = await api.token('SELLER', 's1');
    creator = await api.token('CREATOR', 'c1');
    stranger = await api.token('SELLER', 's2');
    otherCreator = await api.token('CREATOR', 'c2');
    await api.ok(seller, RegisterSellerDocument, { input: { name: 'Glow Labs', country: 'CN' } });
    await api.ok(stranger, RegisterSellerDocument, { input: { name: 'Other Shop', country: 'CN' } });
    for (const [token, handle] of [
      [creator, '@mia'],
      [otherCreator, '@leo'],
    ] as const) {
      await api.ok(token, RegisterCreatorDocument, {
        input: {
          displayName: handle,
          country: 'US',
          languages: ['en'],
          categories: ['BEAUTY'],
          platformAccounts: [{ platform: 'TIKTOK', handle, followers: 85_000 }],
        },
      });
    }
  });
  afterAll(() => api.close());

  const code = (response: { errors?: { extensions?: { code?: string } }[] }) =>
    response.errors?.[0]?.extensions?.code;

  it('counters, counters back and accepts: the agreed terms are the brief, every round is kept', async () => {
    await api.ok(seller, ProposeCollaborationDocument, {
      input: {
        collaborationId: 'n1',
        creatorId: 'c1',
        brief: aBriefInput(clock.now(), {
          fee: { amountMinor: 100_000, currency: 'USD' },
          negotiationRounds: 2,
        }),
      },
    });
    clock.advance(3_600_000);
    const countered = await api.ok(creator, CounterOfferDocument, {
      input: {
        collaborationId: 'n1',
        fee: { amountMinor: 150_000, currency: 'USD' },
        deliverables: [{ description: 'Two 30 s videos', quantity: 2 }],
        note: 'Two videos cost more',
      },
    });
    expect(countered.counterOffer).toMatchObject({
      status: 'PROPOSED',
      events: ['CounterOfferMade'],
      collaboration: { negotiation: { awaiting: 'SELLER', counterOffersLeft: 1, counterOffersAllowed: 2 } },
    });
    // Not its turn; not its collaboration; not its role.
    expect(code(await api.request(creator, AcceptProposalDocument, { id: 'n1' }))).toBe(
      'AWAITING_OTHER_SIDE',
    );
    expect(
      code(
        await api.request(otherCreator, CounterOfferDocument, {
          input: { collaborationId: 'n1', note: 'x' },
        }),
      ),
    ).toBe('COLLABORATION_NOT_FOUND');
    expect(code(await api.request(creator, AcceptCounterOfferDocument, { id: 'n1' }))).toBe('FORBIDDEN');
    expect(
      code(
        await api.request(creator, CounterOfferDocument, {
          input: { collaborationId: 'n1', fee: { amountMinor: 150_000, currency: 'EUR' } },
        }),
      ),
    ).toBe('AWAITING_OTHER_SIDE');

    await api.ok(seller, CounterOfferDocument, {
      input: { collaborationId: 'n1', fee: { amountMinor: 120_000, currency: 'USD' } },
    });
    // The rounds the brief allows are used: the creator accepts or declines.
    expect(
      code(
        await api.request(creator, CounterOfferDocument, {
          input: { collaborationId: 'n1', fee: { amountMinor: 130_000, currency: 'USD' } },
        }),
      ),
    ).toBe('NEGOTIATION_ROUNDS_EXHAUSTED');
    const accepted = await api.ok(creator, AcceptProposalDocument, { id: 'n1' });
    expect(accepted.acceptProposal.events).toEqual([
      'CounterOfferAccepted',
      'ProposalAccepted',
      'MilestoneDue',
    ]);
    const view = (await api.ok(seller, CollaborationLifecycleDocument, { id: 'n1' })).collaboration!;
    expect(view).toMatchObject({
      status: 'ACTIVE',
      brief: {
        fee: { amountMinor: 120_000 },
        deliverables: [{ description: 'Two 30 s videos', quantity: 2 }],
        negotiationRounds: 2,
        fixDays: 5,
      },
      negotiation: { awaiting: null, agreedRound: 2, counterOffersLeft: 0 },
      milestones: [
        { name: 'DEPOSIT', status: 'DUE', amount: { amountMinor: 36_000 } },
        { name: 'FINAL', status: 'PENDING', amount: { amountMinor: 84_000 } },
      ],
    });
    expect(view.negotiation.offers.map((o) => [o.round, o.by, o.fee.amountMinor])).toEqual([
      [0, 'SELLER', 100_000],
      [1, 'CREATOR', 150_000],
      [2, 'SELLER', 120_000],
    ]);
    expect(
      code(
        await api.request(seller, CounterOfferDocument, {
          input: { collaborationId: 'n1', fee: { amountMinor: 90_000, currency: 'USD' } },
        }),
      ),
    ).toBe('INVALID_STATUS');
  });

  it('the seller accepts the creator’s counter-offer', async () => {
    await api.ok(seller, ProposeCollaborationDocument, {
      input: { collaborationId: 'n2', creatorId: 'c1', brief: aBriefInput(clock.now()) },
    });
    expect(code(await api.request(seller, AcceptCounterOfferDocument, { id: 'n2' }))).toBe(
      'AWAITING_OTHER_SIDE',
    );
    await api.ok(creator, CounterOfferDocument, {
      input: { collaborationId: 'n2', fee: { amountMinor: 90_000, currency: 'USD' } },
    });
    const accepted = await api.ok(seller, AcceptCounterOfferDocument, { id: 'n2' });
    expect(accepted.acceptCounterOffer).toMatchObject({
      status: 'ACTIVE',
      events: ['CounterOfferAccepted', 'ProposalAccepted', 'MilestoneDue'],
      collaboration: { brief: { fee: { amountMinor: 90_000 } }, negotiation: { agreedRound: 1 } },
    });
  });

  it('shows the new events to the parties on every path, to nobody else, and never a hidden rating', async () => {
    const id = 'v1';
    await api.ok(seller, ProposeCollaborationDocument, {
      input: {
        collaborationId: id,
        creatorId: 'c1',
        brief: aBriefInput(clock.now(), {
          usageRights: { scope: ['ORGANIC'], platforms: ['TIKTOK'], months: 3 },
        }),
      },
    });
    const subscription = api.ws(creator).iterate<CollaborationUpdatedSubscription>({
      query: print(CollaborationUpdatedDocument),
      variables: { id },
    });
    const received = collect(subscription, 4, 20_000);
    for (let i = 0; api.server.hub!.listeners === 0 && i < 200; i++)
      await new Promise((r) => setTimeout(r, 10));
    await api.ok(creator, CounterOfferDocument, {
      input: { collaborationId: id, fee: { amountMinor: 95_000, currency: 'USD' } },
    });
    await api.ok(seller, AcceptCounterOfferDocument, { id });
    expect((await received).map((u) => u.data!.collaborationUpdated.eventType)).toEqual([
      'CounterOfferMade',
      'CounterOfferAccepted',
      'ProposalAccepted',
      'MilestoneDue',
    ]);

    await api.ok(creator, SubmitScriptDocument, { input: { collaborationId: id, text: 'Hook, demo, code' } });
    await api.ok(seller, ApproveScriptDocument, { id });
    await api.ok(creator, PublishContentDocument, {
      input: {
        collaborationId: id,
        platform: 'TIKTOK',
        url: 'https://www.tiktok.com/@mia/video/v1',
        publishedAt: clock.now(),
      },
    });
    await api.ok(seller, ReviewContentDocument, {
      input: { collaborationId: id, accepted: false, issues: ['BRAND_SAFETY'] },
    });
    await api.ok(creator, RecordContentFixDocument, {
      input: { collaborationId: id, note: 'Removed the competitor logo' },
    });
    await api.ok(seller, ReviewContentDocument, {
      input: { collaborationId: id, accepted: true, issues: [] },
    });
    clock.advanceDays(8);
    await api.ok(seller, CompleteCollaborationDocument, { id });
    // The seller's rating stays hidden from the creator until the creator rates or the window closes.
    await api.ok(seller, RateCollaborationDocument, {
      input: {
        collaborationId: id,
        scores: [
          { dimension: 'CONTENT_QUALITY', score: 3 },
          { dimension: 'TIMELINESS', score: 4 },
          { dimension: 'COMMUNICATION', score: 4 },
          { dimension: 'COMPLIANCE', score: 2 },
          { dimension: 'BRAND_FIT', score: 3 },
        ],
        comment: 'A competitor logo showed until the fix; quick to fix it',
      },
    });
    await api.ok(seller, ProposeUsageRightsExtensionDocument, {
      input: {
        collaborationId: id,
        extensionId: 'x1',
        endsAt: day(400),
        fee: { amountMinor: 5_000, currency: 'USD' },
      },
    });
    await api.ok(creator, DeclineUsageRightsExtensionDocument, {
      id,
      extensionId: 'x1',
      reason: 'Not beyond a year',
    });
    await api.ok(seller, ProposeUsageRightsExtensionDocument, {
      input: { collaborationId: id, extensionId: 'x2', endsAt: day(300) },
    });
    await api.ok(creator, AcceptUsageRightsExtensionDocument, { id, extensionId: 'x2' });

    const lifecycleTypes = new Set([
      'CounterOfferMade',
      'CounterOfferAccepted',
      'ContentFixed',
      'UsageRightsExtensionProposed',
      'UsageRightsExtensionDeclined',
      'UsageRightsExtended',
    ]);
    const history = (await api.ok(creator, CollaborationHistoryTypesDocument, { id })).collaborationHistory!
      .events;
    // Every new event is the creator's to read, whole; the seller's hidden rating is not.
    expect(history.filter((e) => lifecycleTypes.has(e.type)).map((e) => [e.type, e.redacted])).toEqual([
      ['CounterOfferMade', false],
      ['CounterOfferAccepted', false],
      ['ContentFixed', false],
      ['UsageRightsExtensionProposed', false],
      ['UsageRightsExtensionDeclined', false],
      ['UsageRightsExtensionProposed', false],
      ['UsageRightsExtended', false],
    ]);
    const rated = history.find((e) => e.type === 'CollaborationRated')!;
    expect(rated.redacted).toBe(true);
    expect(rated.data).not.toHaveProperty('scores');
    const asOf = (await api.ok(creator, CollaborationAsOfDocument, { id, at: clock.now() }))
      .collaborationAsOf!;
    expect(asOf.state).toMatchObject({
      ratings: [],
      usageRights: { endsAt: day(300), extensions: 1 },
      negotiation: { agreedRound: 1 },
      contentFix: { fixes: 1 },
    });
    const live = (await api.ok(creator, CollaborationLifecycleDocument, { id })).collaboration!;
    expect(live.usageRights).toMatchObject({ endsAt: day(300), pendingExtension: null });

    // Nobody else sees any of it: not another seller, not another creator.
    for (const token of [stranger, otherCreator]) {
      expect((await api.ok(token, CollaborationLifecycleDocument, { id })).collaboration).toBeNull();
      expect(
        (await api.ok(token, CollaborationHistoryTypesDocument, { id })).collaborationHistory,
      ).toBeNull();
      expect(
        (await api.ok(token, CollaborationAsOfDocument, { id, at: clock.now() })).collaborationAsOf,
      ).toBeNull();
    }
    expect(
      code(
        await api.request(stranger, ProposeUsageRightsExtensionDocument, {
          input: { collaborationId: id, extensionId: 'x9', endsAt: day(500) },
        }),
      ),
    ).toBe('COLLABORATION_NOT_FOUND');
  });
});
