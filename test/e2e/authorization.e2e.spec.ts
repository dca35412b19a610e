import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptProposalDocument,
  OpenDisputeDocument,
  ProposeCollaborationDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
} from '../support/generated/graphql.js';
import { startTestServer, testClock, type TestServer, type Token } from '../support/server.js';
import { aBriefInput } from '../support/briefInput.js';

/**
 * Every query and mutation × every role × own / someone else's (DOMAIN.md § Who uses it): anonymous →
 * UNAUTHENTICATED; a role that may not → FORBIDDEN; a seller or creator who is not a party of the
 * collaboration → exactly the answer it would get for an id nobody used (nothing tells it exists);
 * the right party → no auth error (its command may still meet a rule of the domain). Nothing refused
 * appends anything.
 */
type Who = 'anonymous' | 's1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor';
const EVERYONE: Who[] = ['anonymous', 's1', 's2', 'c1', 'c2', 'arbitrator', 'auditor'];

interface Case {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Who gets through auth; everyone else authenticated gets FORBIDDEN, but for `hidden`. */
  readonly allowed: readonly Who[];
  /** Who is answered as for an unknown id (k1 → k-none, d1 → d-none): they are not parties of k1. */
  readonly hidden?: readonly Who[];
}

const K = 'collaborationId: "k1"';
const DIMS =
  '[{dimension:"CONTENT_QUALITY",score:4},{dimension:"TIMELINESS",score:4},{dimension:"COMMUNICATION",score:4},{dimension:"COMPLIANCE",score:4},{dimension:"BRAND_FIT",score:4}]';
const AUTHENTICATED: Who[] = ['s1', 's2', 'c1', 'c2', 'arbitrator', 'auditor'];
const SELLERS: Who[] = ['s1', 's2'];
const CREATORS: Who[] = ['c1', 'c2'];
const PARTIES: Who[] = ['s1', 'c1'];
const SEE_K1: Who[] = ['s1', 'c1', 'arbitrator', 'auditor'];

const queries: Case[] = [
  { name: 'me', query: '{ me { userId } }', allowed: AUTHENTICATED },
  {
    name: 'creator (public)',
    query: '{ creator(id: "c1") { id reputation { grade } } }',
    allowed: AUTHENTICATED,
  },
  { name: 'creators (public)', query: '{ creators(first: 5) { totalCount } }', allowed: AUTHENTICATED },
  { name: 'seller (public)', query: '{ seller(id: "s1") { id } }', allowed: AUTHENTICATED },
  {
    name: 'collaboration',
    query: '{ collaboration(id: "k1") { id } }',
    allowed: SEE_K1,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'collaborations of seller s1',
    query: '{ collaborations(filter: { sellerId: "s1" }) { totalCount } }',
    allowed: ['s1', 'c1', 'c2', 'arbitrator', 'auditor'],
  },
  {
    name: 'collaborations of creator c1',
    query: '{ collaborations(filter: { creatorId: "c1" }) { totalCount } }',
    allowed: ['s1', 's2', 'c1', 'arbitrator', 'auditor'],
  },
  { name: 'dispute', query: '{ dispute(id: "d1") { id } }', allowed: SEE_K1, hidden: ['s2', 'c2'] },
  {
    name: 'collaborationHistory',
    query: '{ collaborationHistory(id: "k1") { collaborationId } }',
    allowed: SEE_K1,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'collaborationAsOf',
    query: '{ collaborationAsOf(id: "k1", revision: 0) { revision } }',
    allowed: SEE_K1,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'verifyCollaboration',
    query: '{ verifyCollaboration(id: "k1") { valid } }',
    allowed: SEE_K1,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'creatorReputationAsOf',
    query: '{ creatorReputationAsOf(creatorId: "c1", at: "2026-03-03T00:00:00Z") { at } }',
    allowed: ['c1', 'arbitrator', 'auditor'],
  },
  { name: 'disputes', query: '{ disputes { totalCount } }', allowed: AUTHENTICATED },
  { name: 'myCreatorLibrary', query: '{ myCreatorLibrary { totalCount } }', allowed: SELLERS },
  {
    name: "s1's library",
    query: '{ sellerCreatorLibrary(sellerId: "s1") { totalCount } }',
    allowed: ['s1', 'auditor'],
  },
  {
    name: 'monthlyTopCreators',
    query: '{ monthlyTopCreators(month: "2026-03") { rank } }',
    allowed: SELLERS,
  },
  { name: 'briefTemplates', query: '{ briefTemplates { id } }', allowed: SELLERS },
];

const mutations: Case[] = [
  {
    name: 'registerSeller',
    query: 'mutation { registerSeller(input: { name: "X", country: "CN" }) { position } }',
    allowed: SELLERS,
  },
  {
    name: 'registerCreator',
    query:
      'mutation { registerCreator(input: { displayName: "X", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@x", followers: 1 }] }) { position } }',
    allowed: CREATORS,
  },
  {
    name: 'proposeCollaboration',
    query:
      'mutation { proposeCollaboration(input: { creatorId: "c1", brief: { title: "T" } }) { position } }',
    allowed: SELLERS,
  },
  {
    name: 'acceptProposal',
    query: `mutation { acceptProposal(${K}) { position } }`,
    allowed: ['c1'],
    hidden: ['c2'],
  },
  {
    name: 'declineProposal',
    query: `mutation { declineProposal(${K}, reason: "busy") { position } }`,
    allowed: ['c1'],
    hidden: ['c2'],
  },
  {
    name: 'withdrawProposal',
    query: `mutation { withdrawProposal(${K}) { position } }`,
    allowed: ['s1'],
    hidden: ['s2'],
  },
  {
    name: 'cancelCollaboration',
    query: `mutation { cancelCollaboration(${K}, reason: "r") { position } }`,
    allowed: PARTIES,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'submitScript',
    query: `mutation { submitScript(input: { ${K}, text: "t" }) { position } }`,
    allowed: ['c1'],
    hidden: ['c2'],
  },
  {
    name: 'requestRevision',
    query: `mutation { requestRevision(${K}, feedback: "Show the product") { position } }`,
    allowed: ['s1'],
    hidden: ['s2'],
  },
  {
    name: 'approveScript',
    query: `mutation { approveScript(${K}) { position } }`,
    allowed: ['s1'],
    hidden: ['s2'],
  },
  {
    name: 'publishContent',
    query: `mutation { publishContent(input: { ${K}, platform: TIKTOK, url: "https://t.tk/v/1", publishedAt: "2026-03-01T00:00:00.000Z" }) { position } }`,
    allowed: ['c1'],
    hidden: ['c2'],
  },
  {
    name: 'reviewContent',
    query: `mutation { reviewContent(input: { ${K}, accepted: true }) { position } }`,
    allowed: ['s1'],
    hidden: ['s2'],
  },
  {
    name: 'recordMetricsSnapshot',
    query: `mutation { recordMetricsSnapshot(input: { ${K}, capturedAt: "2026-03-01T00:00:00.000Z", views: 1, likes: 1, comments: 0, shares: 0, clicks: 0, orders: 0, gmv: { amountMinor: 0, currency: "USD" } }) { position } }`,
    allowed: PARTIES,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'postMessage',
    query: `mutation { postMessage(input: { ${K}, body: "hello" }) { position } }`,
    allowed: ['s1', 'c1', 'arbitrator'],
    hidden: ['s2', 'c2'],
  },
  {
    name: 'completeCollaboration',
    query: `mutation { completeCollaboration(${K}) { position } }`,
    allowed: ['s1'],
    hidden: ['s2'],
  },
  {
    name: 'releaseMilestone',
    query: `mutation { releaseMilestone(input: { ${K}, name: "DEPOSIT" }) { position } }`,
    allowed: ['s1'],
    hidden: ['s2'],
  },
  {
    name: 'rateCollaboration',
    query: `mutation { rateCollaboration(input: { ${K}, scores: ${DIMS}, comment: "A specific comment about the work" }) { position } }`,
    allowed: PARTIES,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'reviewRating',
    query: `mutation { reviewRating(input: { ${K}, ratingId: "r", decision: UPHOLD, note: "n" }) { position } }`,
    allowed: ['arbitrator'],
  },
  {
    name: 'flagRating',
    query: `mutation { flagRating(input: { ${K}, ratingId: "r", rule: RATING_BURST, detail: "d" }) { position } }`,
    allowed: ['arbitrator'],
  },
  {
    name: 'openDispute',
    query: `mutation { openDispute(input: { ${K}, reason: OTHER, statement: "s" }) { position } }`,
    allowed: PARTIES,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'addEvidence',
    query: `mutation { addEvidence(input: { ${K}, disputeId: "d1", kind: SCREENSHOT, description: "d", sha256: "${'a'.repeat(64)}" }) { position } }`,
    allowed: PARTIES,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'addStatement',
    query: `mutation { addStatement(input: { ${K}, disputeId: "d1", text: "t" }) { position } }`,
    allowed: ['s1', 'c1', 'arbitrator'],
    hidden: ['s2', 'c2'],
  },
  {
    name: 'resolveDispute',
    query: `mutation { resolveDispute(input: { ${K}, disputeId: "d1", outcome: NO_FAULT, note: "n" }) { position } }`,
    allowed: ['arbitrator'],
  },
  {
    name: 'withdrawDispute',
    query: `mutation { withdrawDispute(input: { ${K}, disputeId: "d1" }) { position } }`,
    allowed: PARTIES,
    hidden: ['s2', 'c2'],
  },
  {
    name: 'tagCreator',
    query: 'mutation { tagCreator(creatorId: "c1", tag: "fast") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'untagCreator',
    query: 'mutation { untagCreator(creatorId: "c1", tag: "fast") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'addCreatorNote',
    query: 'mutation { addCreatorNote(creatorId: "c1", text: "note") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'favouriteCreator',
    query: 'mutation { favouriteCreator(creatorId: "c1") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'unfavouriteCreator',
    query: 'mutation { unfavouriteCreator(creatorId: "c1") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'blockCreator',
    query: 'mutation { blockCreator(creatorId: "c2", reason: "r") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'unblockCreator',
    query: 'mutation { unblockCreator(creatorId: "c2") { position } }',
    allowed: SELLERS,
  },
  {
    name: 'saveBriefTemplate',
    query:
      'mutation { saveBriefTemplate(input: { name: "SOP", brief: { contentFormat: UNBOXING } }) { position } }',
    allowed: SELLERS,
  },
  {
    name: 'deleteBriefTemplate',
    query: 'mutation { deleteBriefTemplate(templateId: "t-none") { position } }',
    allowed: SELLERS,
  },
];

describe('authorization matrix', () => {
  let api: TestServer;
  const tokens = new Map<Who, Token>();

  beforeAll(async () => {
    api = await startTestServer({ clock: testClock(new Date('2026-03-02T09:00:00.000Z')) });
    tokens.set('anonymous', null);
    for (const id of ['s1', 's2'] as const) tokens.set(id, await api.token('SELLER', id));
    for (const id of ['c1', 'c2'] as const) tokens.set(id, await api.token('CREATOR', id));
    tokens.set('arbitrator', await api.token('ARBITRATOR'));
    tokens.set('auditor', await api.token('AUDITOR'));
    for (const id of ['s1', 's2'] as const)
      await api.ok(tokens.get(id)!, RegisterSellerDocument, {
        input: { name: `Seller ${id}`, country: 'CN' },
      });
    for (const id of ['c1', 'c2'] as const) {
      await api.ok(tokens.get(id)!, RegisterCreatorDocument, {
        input: {
          displayName: id,
          country: 'US',
          languages: ['en'],
          categories: ['BEAUTY'],
          platformAccounts: [{ platform: 'TIKTOK', handle: `@${id}`, followers: 5000 }],
        },
      });
    }
    await api.ok(tokens.get('s1')!, ProposeCollaborationDocument, {
      input: {
        collaborationId: 'k1',
        creatorId: 'c1',
        brief: aBriefInput('2026-03-04T00:00:00.000Z'),
      },
    });
    await api.ok(tokens.get('c1')!, AcceptProposalDocument, { id: 'k1' });
    await api.ok(tokens.get('s1')!, OpenDisputeDocument, {
      input: { collaborationId: 'k1', disputeId: 'd1', reason: 'OTHER', statement: 'Testing access' },
    });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
  });
  afterAll(() => api.close());

  const send = async (operation: Case, who: Who, query = operation.query) => {
    const response = await api.raw(tokens.get(who)!, { query, variables: operation.variables });
    return {
      status: response.status,
      data: response.data,
      errors: (response.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code })),
    };
  };
  /** The same answer, once the ids it names are set aside. */
  const unnamed = (answer: unknown) =>
    JSON.parse(JSON.stringify(answer).replace(/\b(k1|k-none|d1|d-none)\b/g, '<id>')) as unknown;

  const check = async (operation: Case, who: Who) => {
    const head = await api.services.eventStore.headPosition();
    const response = await api.raw(tokens.get(who)!, {
      query: operation.query,
      variables: operation.variables,
    });
    const codes = (response.errors ?? []).map((e) => e.extensions?.code);
    if (who === 'anonymous') {
      expect(codes, `${operation.name} as ${who}`).toEqual(['UNAUTHENTICATED']);
    } else if (operation.hidden?.includes(who)) {
      const unknown = operation.query.replace(/"k1"/g, '"k-none"').replace(/"d1"/g, '"d-none"');
      expect(unknown, 'the case names k1 or d1').not.toBe(operation.query);
      const [asked, asUnknown] = [await send(operation, who), await send(operation, who, unknown)];
      expect(unnamed(asked), `${operation.name} as ${who}: answered as for an unknown id`).toEqual(
        unnamed(asUnknown),
      );
      expect(codes, `${operation.name} as ${who}`).not.toContain('FORBIDDEN');
    } else if (!operation.allowed.includes(who)) {
      expect(codes, `${operation.name} as ${who}`).toEqual(['FORBIDDEN']);
    } else {
      expect(
        codes.filter((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED'),
        `${operation.name} as ${who}: ${JSON.stringify(response.errors)}`,
      ).toEqual([]);
      return;
    }
    expect(await api.services.eventStore.headPosition(), `${operation.name} as ${who} appended`).toBe(head);
  };

  describe.each(queries.map((q) => [q.name, q] as const))('query %s', (_, operation) => {
    it.each(EVERYONE)('as %s', (who) => check(operation, who));
  });

  describe.each(mutations.map((m) => [m.name, m] as const))('mutation %s', (_, operation) => {
    it.each(EVERYONE)('as %s', (who) => check(operation, who));
  });
});
