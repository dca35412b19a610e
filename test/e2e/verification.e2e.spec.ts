import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/contexts/shared.js';
import {
  CreatorReviewsDocument,
  CreatorVerificationDocument,
  DecideSellerVerificationDocument,
  DeclineCreatorVerificationDocument,
  DirectoryDocument,
  RateCollaborationDocument,
  RequestCreatorVerificationDocument,
  SellerVerificationDocument,
  SubmitSellerVerificationDocument,
  VerificationQueueDocument,
  VerifyCreatorAccountDocument,
  VerifyCreatorLanguageDocument,
} from '../support/generated/graphql.js';
import { completeCollaboration, registerParties } from '../support/drive.js';
import { startTestServer, testClock, type GraphQLResponse, type TestServer } from '../support/server.js';

/**
 * Verified parties (DOMAIN.md § Public reviews) through the API: a seller's business verification
 * and a creator's checked accounts and languages, decided by arbitrators only; the status public,
 * the documents the party's, arbitrators' and auditors'; a review says whether its reviewer was
 * verified when it wrote it; the directory filters verified creators.
 */

const START = '2026-03-02T09:00:00.000Z';
const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

describe('verified parties, through the API', () => {
  let api: TestServer;
  const clock = testClock(new Date(START));
  const tokens = {} as Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor', string>;
  let licence: string;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    await registerParties(api.services.write, addDays(START, -60), {
      sellers: ['s1', 's2'],
      creators: ['c1', 'c2'],
    });
    tokens.s1 = await api.token('SELLER', 's1');
    tokens.s2 = await api.token('SELLER', 's2');
    tokens.c1 = await api.token('CREATOR', 'c1');
    tokens.c2 = await api.token('CREATOR', 'c2');
    tokens.arbitrator = await api.token('ARBITRATOR');
    tokens.auditor = await api.token('AUDITOR');
  });
  afterAll(() => api.close());

  const submit = (token: string, sha256: string, overrides: object = {}) =>
    api.request(token, SubmitSellerVerificationDocument, {
      input: {
        registrationNumber: '91440300MA5F0ABC12',
        country: 'CN',
        storeUrl: 'https://shop.example.com/s1',
        licence: { sha256, fileName: 'licence.pdf' },
        ...overrides,
      },
    });

  it('takes a seller’s submission with a licence it uploaded; the status is public, the documents are not', async () => {
    licence = await api.evidence(tokens.s1, '%PDF-1.4 business licence of s1', 'application/pdf');
    const someoneElses = await api.evidence(tokens.s2, '%PDF-1.4 business licence of s2', 'application/pdf');
    expect(codeOf(await submit(tokens.s1, someoneElses))).toBe('EVIDENCE_NOT_UPLOADED');
    expect(codeOf(await submit(tokens.s1, licence, { storeUrl: 'not a link' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await submit(tokens.c1, licence))).toBe('FORBIDDEN');
    const submitted = await submit(tokens.s1, licence);
    expect(submitted.data!.submitSellerVerification).toMatchObject({
      events: ['SellerVerificationSubmitted'],
      seller: {
        verification: {
          status: 'PENDING',
          since: clock.now(),
          submission: {
            submission: 1,
            registrationNumber: '91440300MA5F0ABC12',
            licence: { sha256: licence, fileName: 'licence.pdf', contentType: 'application/pdf' },
          },
        },
      },
    });
    expect(codeOf(await submit(tokens.s1, licence))).toBe('VERIFICATION_PENDING');
    const seen = async (token: string) =>
      (await api.ok(token, SellerVerificationDocument, { id: 's1' })).seller!.verification;
    expect(await seen(tokens.s2)).toEqual({ status: 'PENDING', since: clock.now(), submission: null });
    expect(await seen(tokens.c2)).toMatchObject({ submission: null });
    expect((await seen(tokens.auditor)).submission).toMatchObject({
      registrationNumber: '91440300MA5F0ABC12',
    });
    const file = async (token: string) =>
      (
        await fetch(new URL(`/evidence/${licence}`, api.url), {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    expect([await file(tokens.s1), await file(tokens.arbitrator), await file(tokens.auditor)]).toEqual([
      200, 200, 200,
    ]);
    expect([await file(tokens.s2), await file(tokens.c1)]).toEqual([404, 404]);
  });

  it('queues it for arbitrators and auditors; only an arbitrator decides', async () => {
    const queue = await api.ok(tokens.arbitrator, VerificationQueueDocument, {});
    expect(queue.verificationQueue.edges.map((e) => e.node)).toMatchObject([
      {
        id: 'SELLER:s1',
        side: 'SELLER',
        status: 'PENDING',
        seller: { submission: { storeUrl: 'https://shop.example.com/s1' } },
      },
    ]);
    expect(codeOf(await api.request(tokens.s1, VerificationQueueDocument, {}))).toBe('FORBIDDEN');
    const decide = (
      token: string,
      decision: 'APPROVE' | 'REJECT',
      text = 'Licence matches the registry entry',
    ) => api.request(token, DecideSellerVerificationDocument, { input: { sellerId: 's1', decision, text } });
    for (const token of [tokens.s1, tokens.s2, tokens.c1, tokens.auditor]) {
      expect(codeOf(await decide(token, 'APPROVE'))).toBe('FORBIDDEN');
    }
    expect(codeOf(await decide(tokens.arbitrator, 'REJECT', ' '))).toBe('REASON_REQUIRED');
    clock.advanceDays(1);
    const approved = await decide(tokens.arbitrator, 'APPROVE');
    expect(approved.data!.decideSellerVerification.seller!.verification).toEqual({
      status: 'VERIFIED',
      since: clock.now(),
    });
    expect(codeOf(await decide(tokens.arbitrator, 'APPROVE'))).toBe('NO_VERIFICATION_PENDING');
    expect(codeOf(await submit(tokens.s1, licence))).toBe('ALREADY_VERIFIED');
    expect(
      (await api.ok(tokens.arbitrator, VerificationQueueDocument, {})).verificationQueue.totalCount,
    ).toBe(0);
  });

  it('verifies a creator once every account and language is checked; the checks are private', async () => {
    expect(
      codeOf(await api.request(tokens.c1, RequestCreatorVerificationDocument, { note: 'Ready for a call' })),
    ).toBeUndefined();
    expect(codeOf(await api.request(tokens.c1, RequestCreatorVerificationDocument, {}))).toBe(
      'VERIFICATION_PENDING',
    );
    const account = (token: string, handle = '@c1') =>
      api.request(token, VerifyCreatorAccountDocument, {
        input: { creatorId: 'c1', platform: 'TIKTOK', handle, check: 'A code posted in the bio' },
      });
    const language = (token: string, lang = 'en') =>
      api.request(token, VerifyCreatorLanguageDocument, {
        input: { creatorId: 'c1', language: lang, check: 'A ten-minute call in English' },
      });
    expect(codeOf(await account(tokens.c1))).toBe('FORBIDDEN');
    expect(codeOf(await account(tokens.auditor))).toBe('FORBIDDEN');
    expect(codeOf(await account(tokens.arbitrator, '@someone'))).toBe('ACCOUNT_NOT_IN_PROFILE');
    expect(codeOf(await language(tokens.arbitrator, 'fr'))).toBe('LANGUAGE_NOT_IN_PROFILE');
    expect(
      (
        await api.ok(tokens.arbitrator, VerificationQueueDocument, { filter: { side: 'CREATOR' } })
      ).verificationQueue.edges.map((e) => e.node.id),
    ).toEqual(['CREATOR:c1']);
    await account(tokens.arbitrator);
    const done = await language(tokens.arbitrator);
    expect(done.data!.verifyCreatorLanguage.creator).toMatchObject({
      verified: true,
      verification: { status: 'VERIFIED', verified: true },
    });
    const seen = async (token: string) =>
      (await api.ok(token, CreatorVerificationDocument, { id: 'c1' })).creator!;
    expect((await seen(tokens.s2)).verification).toMatchObject({
      accounts: [{ platform: 'TIKTOK', handle: '@c1', verified: true, check: null }],
      languages: [{ language: 'en', verified: true, check: null }],
    });
    expect((await seen(tokens.c1)).verification.accounts[0]!.check).toBe('A code posted in the bio');
    expect((await seen(tokens.auditor)).verification.languages[0]!.check).toBe(
      'A ten-minute call in English',
    );
    const directory = async (verified: boolean) =>
      (await api.ok(tokens.s2, DirectoryDocument, { filter: { verified } })).creators.edges.map(
        (e) => e.node.id,
      );
    expect(await directory(true)).toEqual(['c1']);
    expect(await directory(false)).toEqual(['c2']);
  });

  it('declines a creator’s request with a reason, seen by the creator and the staff', async () => {
    await api.ok(tokens.c2, RequestCreatorVerificationDocument, {});
    const decline = (token: string) =>
      api.request(token, DeclineCreatorVerificationDocument, {
        input: { creatorId: 'c2', reason: 'No answer to the call' },
      });
    expect(codeOf(await decline(tokens.s1))).toBe('FORBIDDEN');
    expect((await decline(tokens.arbitrator)).data!.declineCreatorVerification.events).toEqual([
      'CreatorVerificationDeclined',
    ]);
    const seen = async (token: string) =>
      (await api.ok(token, CreatorVerificationDocument, { id: 'c2' })).creator!.verification;
    expect(await seen(tokens.c2)).toMatchObject({
      status: 'DECLINED',
      declinedReason: 'No answer to the call',
    });
    expect(await seen(tokens.s1)).toMatchObject({ status: 'DECLINED', declinedReason: null });
  });

  it('shows on a review whether its reviewer was verified when it wrote it', async () => {
    // s1 is verified now; s2 is not.
    const rate = async (collaborationId: string, seller: 's1' | 's2') => {
      await completeCollaboration(api.services.write, {
        collaborationId,
        sellerId: seller,
        creatorId: 'c2',
        start: addDays(clock.now(), -20),
      });
      await api.ok(tokens[seller], RateCollaborationDocument, {
        input: {
          collaborationId,
          scores: ['CONTENT_QUALITY', 'TIMELINESS', 'COMMUNICATION', 'COMPLIANCE', 'BRAND_FIT'].map(
            (dimension) => ({
              dimension,
              score: 4,
            }),
          ),
          comment: 'Clear demo and a strong hook, posted on the due date',
        },
      });
      return api.ok(tokens.c2, RateCollaborationDocument, {
        input: {
          collaborationId,
          scores: ['BRIEF_CLARITY', 'FEEDBACK_QUALITY', 'PAYMENT_RELIABILITY', 'COMMUNICATION'].map(
            (dimension) => ({
              dimension,
              score: 4,
            }),
          ),
          comment: 'Clear brief and the deposit was paid on acceptance',
        },
      });
    };
    await rate('k1', 's1');
    const last = await rate('k2', 's2');
    const page = await api.request(
      tokens.c1,
      CreatorReviewsDocument,
      { id: 'c2' },
      { 'x-ledger-min-position': last.rateCollaboration.position },
    );
    expect(
      page.data!.creator!.reviews.edges.map((e) => [e.node.reviewer.id, e.node.reviewer.verified]),
    ).toEqual([
      ['s2', false],
      ['s1', true],
    ]);
  });
});
