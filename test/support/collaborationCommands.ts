import fc from 'fast-check';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';
import { addDays, type Actor } from '../../src/contexts/shared.js';
import type { CollaborationCommandBody } from '../../src/contexts/writeSide.js';
import {
  ARBITRATOR,
  AUDITOR,
  CREATOR,
  OTHER_CREATOR,
  OTHER_SELLER,
  PLATFORM,
  SELLER,
  aBrief,
} from './collaborationFixtures.js';

/**
 * Random collaboration commands for the property tests: each step either advances a collaboration
 * with a command that fits its state (so runs reach completion, ratings and disputes) or sends any
 * command from anyone (so refusals are exercised).
 */

export const ACTORS: Actor[] = [SELLER, CREATOR, OTHER_SELLER, OTHER_CREATOR, ARBITRATOR, AUDITOR, PLATFORM];
export type Step = {
  kind: 'advance' | 'random';
  pick: number;
  actor: number;
  hours: number;
  values: number[];
};

export const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(
    { weight: 3, arbitrary: fc.constant('advance' as const) },
    { weight: 1, arbitrary: fc.constant('random' as const) },
  ),
  pick: fc.nat(1000),
  actor: fc.nat(ACTORS.length - 1),
  hours: fc.integer({ min: 0, max: 100 }),
  values: fc.array(fc.nat(100), { minLength: 8, maxLength: 8 }),
});

const scores = (v: number[], dims: string[]) =>
  Object.fromEntries(dims.map((d, i) => [d, 1 + ((v[i] ?? 0) % 5)]));
const SELLER_DIMS = ['CONTENT_QUALITY', 'TIMELINESS', 'COMMUNICATION', 'COMPLIANCE', 'BRAND_FIT'];
const CREATOR_DIMS = ['BRIEF_CLARITY', 'FEEDBACK_QUALITY', 'PAYMENT_RELIABILITY', 'COMMUNICATION'];

/** Every kind of collaboration command, parameterised by a step's random values. */
export const commandsFor = (step: Step, now: string, n: number): Record<string, CollaborationCommandBody> => {
  const v = step.values;
  const disputeId = `d${Math.floor(n / 10)}`;
  return {
    propose: {
      type: 'ProposeCollaboration',
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief({
        scriptDueAt: addDays(now, 3 + (v[0]! % 5)),
        publishDueAt: addDays(now, 9 + (v[1]! % 5)),
        revisionLimit: v[2]! % 3,
        measurementWindowDays: 7 + (v[3]! % 8),
      }),
    },
    accept: { type: 'AcceptProposal' },
    decline: { type: 'DeclineProposal', reason: 'Fully booked' },
    withdraw: { type: 'WithdrawProposal' },
    cancel: { type: 'CancelCollaboration', reason: 'Plans changed' },
    submit: { type: 'SubmitScript', text: `Script draft ${n}` },
    revise: { type: 'RequestRevision', feedback: 'Show the product texture closer' },
    approve: { type: 'ApproveScript' },
    publish: {
      type: 'PublishContent',
      platform: 'TIKTOK',
      url: 'https://www.tiktok.com/@c1/video/9',
      publishedAt: now,
    },
    review:
      v[0]! % 2
        ? { type: 'ReviewContent', accepted: true, issues: [] }
        : { type: 'ReviewContent', accepted: false, issues: ['OFF_BRIEF'] },
    metrics: {
      type: 'RecordMetricsSnapshot',
      snapshotId: `m${n}`,
      capturedAt: now,
      views: v[0]! * 500,
      likes: v[1]! * 10,
      comments: v[2]!,
      shares: v[3]!,
      clicks: v[4]! * 5,
      orders: v[5]!,
      gmv: { amountMinor: v[6]! * 1000, currency: 'USD' },
    },
    message: { type: 'PostMessage', messageId: `msg${n}`, body: 'Checking in on the schedule' },
    complete: { type: 'CompleteCollaboration' },
    rateCreator: {
      type: 'RateCollaboration',
      ratingId: `r${n}`,
      scores: scores(v, SELLER_DIMS),
      comment: 'Script was creative, the publish came two days late',
    },
    rateSeller: {
      type: 'RateCollaboration',
      ratingId: `r${n}`,
      scores: scores(v, CREATOR_DIMS),
      comment: 'Brief was clear and the deposit arrived on time',
    },
    flag: { type: 'FlagRating', ratingId: `r${v[7]}`, rule: 'RATING_BURST', detail: 'burst' },
    reviewRating: {
      type: 'ReviewRating',
      ratingId: `r${v[7]}`,
      decision: v[0]! % 2 ? 'UPHOLD' : 'REMOVE',
      note: 'Checked',
    },
    open: {
      type: 'OpenDispute',
      disputeId,
      reason: 'CONTENT_MISMATCH',
      statement: 'Not the product we sent',
    },
    evidence: {
      type: 'AddEvidence',
      disputeId,
      evidenceId: `e${n}`,
      kind: 'SCREENSHOT',
      description: 'Screenshot',
      sha256: (n % 16).toString(16).repeat(64),
      file: { contentType: 'image/png', sizeBytes: 1000 + n },
    },
    statement: { type: 'AddStatement', disputeId, statementId: `st${n}`, text: 'Our side of the story' },
    resolve: {
      type: 'ResolveDispute',
      disputeId,
      outcome: (['CREATOR_AT_FAULT', 'SELLER_AT_FAULT', 'NO_FAULT', 'SHARED'] as const)[v[0]! % 4]!,
      note: 'Decided on the evidence',
      ...(v[0]! % 4 === 3 ? { milestoneDecisions: [] } : {}),
    },
    withdrawDispute: { type: 'WithdrawDispute', disputeId },
    releaseDeposit: { type: 'ReleaseMilestone', name: 'DEPOSIT' },
    releaseFinal: { type: 'ReleaseMilestone', name: 'FINAL', waiveMissedTargets: v[1]! % 2 === 0 },
    expire: { type: 'FireDeadline', rule: 'PROPOSAL_EXPIRED' },
    autoApprove: { type: 'FireDeadline', rule: 'SCRIPT_AUTO_APPROVED' },
    autoAccept: { type: 'FireDeadline', rule: 'CONTENT_AUTO_ACCEPTED' },
    closeWindow: { type: 'FireDeadline', rule: 'RATING_WINDOW_CLOSED' },
  };
};

/** Commands that fit a state, each with the actor who would send it. */
export const plausible = (state: CollaborationState | undefined): [string, Actor][] => {
  const dispute: [string, Actor][] = state?.openDisputeId
    ? [
        ['evidence', CREATOR],
        ['evidence', SELLER],
        ['statement', SELLER],
        ['resolve', ARBITRATOR],
        ['withdrawDispute', SELLER],
        ['withdrawDispute', CREATOR],
      ]
    : [
        ['open', SELLER],
        ['open', CREATOR],
      ];
  switch (state?.status ?? 'NONE') {
    case 'NONE':
      return [['propose', SELLER]];
    case 'PROPOSED':
      return [
        ['accept', CREATOR],
        ['accept', CREATOR],
        ['decline', CREATOR],
        ['withdraw', SELLER],
        ['expire', PLATFORM],
      ];
    case 'ACTIVE':
      return [
        ['submit', CREATOR],
        ['submit', CREATOR],
        ['revise', SELLER],
        ['approve', SELLER],
        ['approve', SELLER],
        ['cancel', SELLER],
        ['releaseDeposit', SELLER],
        ['autoApprove', PLATFORM],
        ...dispute,
      ];
    case 'SCRIPT_APPROVED':
      return [
        ['publish', CREATOR],
        ['publish', CREATOR],
        ['cancel', CREATOR],
        ['releaseDeposit', SELLER],
        ...dispute,
      ];
    case 'PUBLISHED':
      return [
        ['metrics', SELLER],
        ['metrics', CREATOR],
        ['review', SELLER],
        ['complete', SELLER],
        ['complete', SELLER],
        ['autoAccept', PLATFORM],
        ['releaseDeposit', SELLER],
        ...dispute,
      ];
    case 'COMPLETED':
      return [
        ['rateCreator', SELLER],
        ['rateSeller', CREATOR],
        ['flag', PLATFORM],
        ['reviewRating', ARBITRATOR],
        ['closeWindow', PLATFORM],
        ['releaseFinal', SELLER],
        ['metrics', CREATOR],
        ...dispute,
      ];
    default:
      return [['message', SELLER]];
  }
};
