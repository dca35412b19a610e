import {
  AcceptProposalDocument,
  AddEvidenceDocument,
  AddStatementDocument,
  ApproveScriptDocument,
  CompleteCollaborationDocument,
  OpenDisputeDocument,
  ProposeCollaborationDocument,
  PublishContentDocument,
  RateCollaborationDocument,
  RecordMetricsSnapshotDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
  ReleaseMilestoneDocument,
  ResolveDisputeDocument,
  ReviewContentDocument,
  SubmitScriptDocument,
} from './generated/graphql.js';
import type { TestServer, testClock } from './server.js';
import { aBriefInput } from './briefInput.js';

/** The chat export the creator cites as evidence in {@link seedDisputedCollaboration}. */
export const CHAT_TEXT = 'Mar 4 10:02 seller: the draft is fine\nMar 6 09:15 creator: posting Friday\n';

/**
 * Collaboration k1 between seller s1 and creator c1, through the API: proposed, accepted, deposit
 * released, script approved, published a day late, disputed by the seller (d1) with the creator's
 * chat export (chat.txt) and an arbitrator's statement, resolved NO_FAULT, metrics recorded,
 * completed, then rated by the seller and (unless `creatorRates: false`, which leaves the seller's
 * rating hidden from the creator) by the creator. Sellers s1, s2 and creators c1, c2 are registered.
 */
export const seedDisputedCollaboration = async (
  api: TestServer,
  tokens: Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator', string>,
  options: {
    clock: ReturnType<typeof testClock>;
    at: (days: number) => string;
    creatorRates?: boolean;
  },
): Promise<{ chatExport: string }> => {
  const { clock, at } = options;
  const { s1, s2, c1, c2, arbitrator } = tokens;
  for (const [token, name] of [
    [s1, 'Glow Labs'],
    [s2, 'Other Shop'],
  ] as const)
    await api.ok(token, RegisterSellerDocument, { input: { name, country: 'CN' } });
  for (const [token, handle] of [
    [c1, '@mia'],
    [c2, '@leo'],
  ] as const)
    await api.ok(token, RegisterCreatorDocument, {
      input: {
        displayName: handle.slice(1),
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle, followers: 40_000 }],
      },
    });
  await api.ok(s1, ProposeCollaborationDocument, {
    input: {
      collaborationId: 'k1',
      creatorId: 'c1',
      brief: aBriefInput(at(0)),
    },
  });
  clock.advance(3_600_000);
  await api.ok(c1, AcceptProposalDocument, { id: 'k1' });
  await api.ok(s1, ReleaseMilestoneDocument, { input: { collaborationId: 'k1', name: 'DEPOSIT' } });
  clock.advanceDays(2);
  await api.ok(c1, SubmitScriptDocument, { input: { collaborationId: 'k1', text: 'Hook, demo, code' } });
  await api.ok(s1, ApproveScriptDocument, { id: 'k1' });
  clock.advanceDays(9);
  await api.ok(c1, PublishContentDocument, {
    input: {
      collaborationId: 'k1',
      platform: 'TIKTOK',
      url: 'https://www.tiktok.com/@mia/video/1',
      publishedAt: clock.now(),
    },
  });
  await api.ok(s1, ReviewContentDocument, { input: { collaborationId: 'k1', accepted: true, issues: [] } });
  clock.advanceDays(1);
  await api.ok(s1, OpenDisputeDocument, {
    input: {
      collaborationId: 'k1',
      disputeId: 'd1',
      reason: 'NOT_PUBLISHED_ON_TIME',
      statement: 'A day late',
    },
  });
  const chatExport = await api.evidence(c1, CHAT_TEXT);
  await api.ok(c1, AddEvidenceDocument, {
    input: {
      collaborationId: 'k1',
      disputeId: 'd1',
      kind: 'CHAT_LOG',
      description: 'Chat export of 6 March',
      sha256: chatExport,
      fileName: 'chat.txt',
    },
  });
  await api.ok(arbitrator, AddStatementDocument, {
    input: { collaborationId: 'k1', disputeId: 'd1', text: 'The seller agreed to Friday' },
  });
  clock.advanceDays(1);
  await api.ok(arbitrator, ResolveDisputeDocument, {
    input: { collaborationId: 'k1', disputeId: 'd1', outcome: 'NO_FAULT', note: 'Agreed in the chat' },
  });
  clock.advanceDays(6);
  await api.ok(s1, RecordMetricsSnapshotDocument, {
    input: {
      collaborationId: 'k1',
      capturedAt: clock.now(),
      views: 30_000,
      likes: 1_500,
      comments: 90,
      shares: 30,
      clicks: 500,
      orders: 25,
      gmv: { amountMinor: 150_000, currency: 'USD' },
    },
  });
  await api.ok(s1, CompleteCollaborationDocument, { id: 'k1' });
  clock.advanceDays(1);
  const scores = (dimensions: string[], score: number) =>
    dimensions.map((dimension) => ({ dimension, score }));
  await api.ok(s1, RateCollaborationDocument, {
    input: {
      collaborationId: 'k1',
      scores: scores(['CONTENT_QUALITY', 'TIMELINESS', 'COMMUNICATION', 'COMPLIANCE', 'BRAND_FIT'], 4),
      comment: 'Good video, a day late as agreed',
    },
  });
  if (options.creatorRates === false) return { chatExport };
  await api.ok(c1, RateCollaborationDocument, {
    input: {
      collaborationId: 'k1',
      scores: scores(['BRIEF_CLARITY', 'FEEDBACK_QUALITY', 'PAYMENT_RELIABILITY', 'COMMUNICATION'], 5),
      comment: 'Clear brief, the deposit was paid on the day we accepted',
    },
  });
  return { chatExport };
};
