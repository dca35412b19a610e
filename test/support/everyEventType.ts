import type { CollaborationCommandBody, WriteSide } from '../../src/contexts/writeSide.js';
import { addDays, type Actor } from '../../src/contexts/shared.js';
import { aBrief } from './collaborationFixtures.js';
import { creatorActor, registerParties, sellerActor } from './drive.js';

/**
 * Collaborations between seller s1 and creator c1 that together hold every event type of a
 * collaboration stream, written through the write side (the real command path and store):
 *
 * - `k-every`: accepted, disputed before the deposit was paid (evidence, statements, a shared fault:
 *   the deposit refunded, the other holds lifted), a script revised then approved by its deadline, a
 *   publish 49 h late, a milestone released, the content accepted by its deadline, metrics,
 *   completion, the seller's rating flagged (its timeliness contradicts the late publish) and upheld,
 *   the creator's rating: both revealed; the creator's reply to the seller's review, a report by each
 *   side, one dismissed, the other escalated and the review's text removed.
 * - `k-blind`: completed with the script approved and the content reviewed by the seller; only the
 *   seller rated, flagged by an arbitrator: that rating is hidden from c1 ({@link HIDDEN_COMMENT}).
 * - `k-window`: completed, the seller's rating revealed when the rating window closed.
 * - `k-lifecycle`: a counter-offer accepted, content fixed after its deadline and accepted by silence,
 *   completed by the platform, usage rights extended (one amendment declined, one accepted) and ended.
 * - `k-silent`: a dispute the other side never answered, escalated when nobody decided it.
 * - `k-declined`, `k-withdrawn`, `k-expired`, `k-cancelled`: proposals that ended so.
 *
 * Sellers s1, s2 and creators c1, c2 are registered (s2 and c2 have nothing to do with these).
 */
export const HIDDEN_COMMENT = 'Hidden from the creator until revealed: the hook ran long';

export const EVERY_EVENT_COLLABORATIONS = [
  'k-every',
  'k-blind',
  'k-window',
  'k-declined',
  'k-withdrawn',
  'k-expired',
  'k-cancelled',
  'k-lifecycle',
  'k-silent',
] as const;

const T0 = '2026-03-01T00:00:00.000Z';
const day = (n: number, hours = 0) => new Date(Date.parse(addDays(T0, n)) + hours * 3_600_000).toISOString();
const SELLER = sellerActor('s1');
const CREATOR = creatorActor('c1');
const ARBITRATOR: Actor = { userId: 'user-arbitrator', role: 'ARBITRATOR' };
const PLATFORM: Actor = { userId: 'platform', role: 'PLATFORM' };
const SELLER_SCORES = { CONTENT_QUALITY: 4, TIMELINESS: 5, COMMUNICATION: 4, COMPLIANCE: 4, BRAND_FIT: 4 };
const CREATOR_SCORES = { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 3, COMMUNICATION: 4 };

export const writeEveryEventType = async (write: WriteSide): Promise<void> => {
  await registerParties(write, T0, { sellers: ['s1', 's2'], creators: ['c1', 'c2'] });
  const on = (collaborationId: string) => (actor: Actor, now: string, body: CollaborationCommandBody) =>
    write.collaboration({ ...body, collaborationId, actor, now } as Parameters<
      WriteSide['collaboration']
    >[0]);
  const propose = (collaborationId: string) =>
    write.collaboration({
      type: 'ProposeCollaboration',
      collaborationId,
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief({
        scriptDueAt: day(5),
        publishDueAt: day(10),
        paymentMilestones: [
          { name: 'DEPOSIT', percent: 30, dueOn: 'ACCEPT' },
          { name: 'LAUNCH', percent: 20, dueOn: 'PUBLISH' },
          { name: 'FINAL', percent: 50, dueOn: 'COMPLETION' },
        ],
      }),
      actor: SELLER,
      now: T0,
    });
  const metrics = (at: string): CollaborationCommandBody => ({
    type: 'RecordMetricsSnapshot',
    snapshotId: `m-${at}`,
    capturedAt: at,
    views: 20_000,
    likes: 900,
    comments: 100,
    shares: 50,
    clicks: 400,
    orders: 40,
    gmv: { amountMinor: 50_000, currency: 'USD' },
  });
  const rate = (
    ratingId: string,
    scores: Record<string, number>,
    comment: string,
  ): CollaborationCommandBody => ({
    type: 'RateCollaboration',
    ratingId,
    scores,
    comment,
    tags: [],
  });

  const every = on('k-every');
  await propose('k-every');
  await every(CREATOR, day(1), { type: 'AcceptProposal' });
  await every(SELLER, day(1), {
    type: 'PostMessage',
    messageId: 'msg-1',
    body: 'Welcome aboard',
    attachments: [],
  });
  await every(CREATOR, day(1, 2), {
    type: 'OpenDispute',
    disputeId: 'd-every',
    reason: 'NON_PAYMENT',
    statement: 'The deposit is late',
  });
  await every(CREATOR, day(1, 3), {
    type: 'AddEvidence',
    disputeId: 'd-every',
    evidenceId: 'e-1',
    kind: 'CHAT_LOG',
    description: 'The chat about the deposit',
    sha256: 'a'.repeat(64),
    fileName: 'chat.txt',
    file: { contentType: 'text/plain', sizeBytes: 120 },
  });
  await every(SELLER, day(1, 4), {
    type: 'AddStatement',
    disputeId: 'd-every',
    statementId: 'st-1',
    text: 'The bank transfer is on its way',
  });
  await every(ARBITRATOR, day(1, 5), {
    type: 'ResolveDispute',
    disputeId: 'd-every',
    outcome: 'SHARED',
    note: 'Deposit refunded, the rest goes on',
    milestoneDecisions: [
      { name: 'DEPOSIT', action: 'REFUND' },
      { name: 'LAUNCH', action: 'RESUME' },
      { name: 'FINAL', action: 'RESUME' },
    ],
  });
  await every(CREATOR, day(2), { type: 'SubmitScript', text: 'Hook, demo, call to action' });
  await every(SELLER, day(3), { type: 'RequestRevision', feedback: 'Show the texture closer' });
  await every(CREATOR, day(3, 1), { type: 'SubmitScript', text: 'Hook, close-up demo, call to action' });
  await every(PLATFORM, day(11), { type: 'FireDeadline', rule: 'SCRIPT_AUTO_APPROVED' });
  await every(CREATOR, day(12, 1), {
    type: 'PublishContent',
    platform: 'TIKTOK',
    url: 'https://www.tiktok.com/@c1/video/every',
    publishedAt: day(12, 1),
  });
  await every(SELLER, day(12, 2), { type: 'ReleaseMilestone', name: 'LAUNCH' });
  await every(PLATFORM, day(20), { type: 'FireDeadline', rule: 'CONTENT_AUTO_ACCEPTED' });
  await every(SELLER, day(20), metrics(day(20)));
  await every(SELLER, day(20, 1), { type: 'CompleteCollaboration' });
  await every(SELLER, day(21), rate('r-every-s', SELLER_SCORES, 'On time as far as I am concerned'));
  await every(ARBITRATOR, day(22), {
    type: 'ReviewRating',
    ratingId: 'r-every-s',
    decision: 'UPHOLD',
    note: 'The seller agreed to the later date',
  });
  await every(CREATOR, day(23), rate('r-every-c', CREATOR_SCORES, 'Clear brief, the deposit came late'));
  // Public reviews (DOMAIN.md § Public reviews): the creator answers the seller's review, each side
  // reports the other's; one report dismissed, the other escalated by its deadline, then its text removed.
  await every(CREATOR, day(24), {
    type: 'ReplyToReview',
    ratingId: 'r-every-s',
    text: 'The later date was agreed in writing',
  });
  await every(SELLER, day(24, 1), {
    type: 'ReportReview',
    reportId: 'rp-every-s',
    ratingId: 'r-every-c',
    reason: 'FALSE_ACCUSATION',
    statement: 'The deposit was paid on the agreed day',
    evidence: [],
  });
  await every(CREATOR, day(25), {
    type: 'ReportReview',
    reportId: 'rp-every-c',
    ratingId: 'r-every-s',
    reason: 'IRRELEVANT',
    statement: 'The review speaks of another collaboration',
    evidence: [],
  });
  await every(ARBITRATOR, day(26), {
    type: 'DecideReviewReport',
    reportId: 'rp-every-s',
    decision: 'DISMISS',
    note: 'The payment record shows the deposit two days late',
  });
  await every(PLATFORM, day(36), { type: 'FireDeadline', rule: 'REPORT_ESCALATED' });
  await every(ARBITRATOR, day(37), {
    type: 'DecideReviewReport',
    reportId: 'rp-every-c',
    decision: 'REMOVE_TEXT',
    note: 'The text names a campaign this collaboration was not',
  });

  const blind = on('k-blind');
  await propose('k-blind');
  await blind(CREATOR, day(1), { type: 'AcceptProposal' });
  await blind(CREATOR, day(2), { type: 'SubmitScript', text: 'Hook, demo, call to action' });
  await blind(SELLER, day(3), { type: 'ApproveScript' });
  await blind(CREATOR, day(9), {
    type: 'PublishContent',
    platform: 'TIKTOK',
    url: 'https://www.tiktok.com/@c1/video/blind',
    publishedAt: day(9),
  });
  await blind(SELLER, day(9, 2), { type: 'ReviewContent', accepted: true, issues: [] });
  await blind(SELLER, day(16), metrics(day(16)));
  await blind(SELLER, day(16, 1), { type: 'CompleteCollaboration' });
  await blind(SELLER, day(17), rate('r-blind-s', { ...SELLER_SCORES, TIMELINESS: 3 }, HIDDEN_COMMENT));
  await blind(ARBITRATOR, day(18), {
    type: 'FlagRating',
    ratingId: 'r-blind-s',
    rule: 'CONTRADICTS_METRICS',
    detail: 'Scores far below what the metrics show',
  });

  const window = on('k-window');
  await propose('k-window');
  await window(CREATOR, day(1), { type: 'AcceptProposal' });
  await window(CREATOR, day(2), { type: 'SubmitScript', text: 'Hook, demo, call to action' });
  await window(SELLER, day(3), { type: 'ApproveScript' });
  await window(CREATOR, day(9), {
    type: 'PublishContent',
    platform: 'TIKTOK',
    url: 'https://www.tiktok.com/@c1/video/window',
    publishedAt: day(9),
  });
  await window(SELLER, day(16), metrics(day(16)));
  await window(SELLER, day(16, 1), { type: 'CompleteCollaboration' });
  await window(SELLER, day(17), rate('r-window-s', SELLER_SCORES, 'Solid work, delivered as briefed'));
  await window(PLATFORM, day(31), { type: 'FireDeadline', rule: 'RATING_WINDOW_CLOSED' });

  // The lifecycle after the first steps (DOMAIN.md § Negotiation, § Acceptance, § Usage rights): a
  // counter-offer accepted, a fix after its deadline, the fix accepted by silence, completion by the
  // platform, an extension of the usage rights declined, another accepted, the rights ended.
  const life = on('k-lifecycle');
  await propose('k-lifecycle');
  await life(CREATOR, day(1), {
    type: 'CounterOffer',
    fee: { amountMinor: 95_000, currency: 'USD' },
    note: 'Two takes of the demo',
  });
  await life(SELLER, day(1, 2), { type: 'AcceptCounterOffer' });
  await life(CREATOR, day(2), { type: 'SubmitScript', text: 'Hook, demo, call to action' });
  await life(SELLER, day(3), { type: 'ApproveScript' });
  await life(CREATOR, day(9), {
    type: 'PublishContent',
    platform: 'TIKTOK',
    url: 'https://www.tiktok.com/@c1/video/lifecycle',
    publishedAt: day(9),
  });
  await life(SELLER, day(9, 2), {
    type: 'ReviewContent',
    accepted: false,
    issues: ['OFF_BRIEF'],
    comment: 'The demo is missing',
  });
  await life(PLATFORM, day(16), { type: 'FireDeadline', rule: 'CONTENT_FIX_OVERDUE' });
  await life(CREATOR, day(16, 1), {
    type: 'RecordContentFix',
    url: 'https://www.tiktok.com/@c1/video/lifecycle-2',
    note: 'Demo at 0:08',
  });
  await life(PLATFORM, day(24), { type: 'FireDeadline', rule: 'CONTENT_AUTO_ACCEPTED' });
  await life(PLATFORM, day(60), { type: 'FireDeadline', rule: 'COLLABORATION_AUTO_COMPLETED' });
  await life(SELLER, day(61), {
    type: 'ProposeUsageRightsExtension',
    extensionId: 'x-1',
    endsAt: day(400),
    fee: { amountMinor: 30_000, currency: 'USD' },
  });
  await life(CREATOR, day(62), {
    type: 'DeclineUsageRightsExtension',
    extensionId: 'x-1',
    reason: 'Too long',
  });
  await life(SELLER, day(63), {
    type: 'ProposeUsageRightsExtension',
    extensionId: 'x-2',
    endsAt: day(300),
    fee: { amountMinor: 20_000, currency: 'USD' },
  });
  await life(CREATOR, day(64), { type: 'AcceptUsageRightsExtension', extensionId: 'x-2' });
  await life(PLATFORM, day(301), { type: 'FireDeadline', rule: 'USAGE_RIGHTS_ENDED' });

  // A dispute nobody answers, then nobody decides (DOMAIN.md § Deadlines).
  const silent = on('k-silent');
  await propose('k-silent');
  await silent(CREATOR, day(1), { type: 'AcceptProposal' });
  await silent(SELLER, day(2), {
    type: 'OpenDispute',
    disputeId: 'd-silent',
    reason: 'NON_PAYMENT',
    statement: 'The creator stopped answering',
  });
  await silent(PLATFORM, day(8), { type: 'FireDeadline', rule: 'DISPUTE_RESPONSE_MISSED' });
  await silent(PLATFORM, day(33), { type: 'FireDeadline', rule: 'DISPUTE_ESCALATED' });

  await propose('k-declined');
  await on('k-declined')(CREATOR, day(1), { type: 'DeclineProposal', reason: 'Fully booked this month' });
  await propose('k-withdrawn');
  await on('k-withdrawn')(SELLER, day(1), { type: 'WithdrawProposal', reason: 'Budget moved' });
  await propose('k-expired');
  // The creator reminded 24 h before the proposal expires in its place (DOMAIN.md § Reminders).
  await on('k-expired')(PLATFORM, day(4, 1), {
    type: 'SendDeadlineReminder',
    rule: 'PROPOSAL_EXPIRED',
    dueAt: day(5),
    hoursBefore: 24,
  });
  await on('k-expired')(PLATFORM, day(5), { type: 'FireDeadline', rule: 'PROPOSAL_EXPIRED' });
  await propose('k-cancelled');
  await on('k-cancelled')(CREATOR, day(1), { type: 'AcceptProposal' });
  await on('k-cancelled')(SELLER, day(2), {
    type: 'CancelCollaboration',
    reason: 'The product launch moved',
  });
};
