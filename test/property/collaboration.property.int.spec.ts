import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import type { CollaborationEvent } from '../../src/contexts/collaboration/collaboration.events.js';
import { collaborationStreamId } from '../../src/contexts/collaboration/collaboration.decide.js';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';
import { addDays, type Actor } from '../../src/contexts/shared.js';
import {
  createWriteSide,
  type CollaborationCommandBody,
  type CollaborationCommandInput,
} from '../../src/contexts/writeSide.js';
import { DomainError } from '../../src/core/errors.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import type { RecordedEvent } from '../../src/core/event.js';
import {
  ARBITRATOR,
  AUDITOR,
  CREATOR,
  OTHER_CREATOR,
  OTHER_SELLER,
  PLATFORM,
  SELLER,
  T0,
  aBrief,
} from '../support/collaborationFixtures.js';

/**
 * Random command sequences through the real command path (write side + event store) never reach a
 * state that breaks an invariant of DOMAIN.md. Each step either advances the collaboration with a
 * command that fits its state (so runs reach completion, ratings and disputes) or sends any command
 * from anyone (so refusals are exercised); refused commands must append nothing.
 */

const ACTORS: Actor[] = [SELLER, CREATOR, OTHER_SELLER, OTHER_CREATOR, ARBITRATOR, AUDITOR, PLATFORM];
const ID = 'p1';

type Step = { kind: 'advance' | 'random'; pick: number; actor: number; hours: number; values: number[] };

const stepArb: fc.Arbitrary<Step> = fc.record({
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
const commandsFor = (step: Step, now: string, n: number): Record<string, CollaborationCommandBody> => {
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
const plausible = (state: CollaborationState | undefined): [string, Actor][] => {
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

/** The invariants, checked over the stream in order. Returns the violations found. */
const violations = (events: readonly RecordedEvent[], revisionLimit: number): string[] => {
  const found: string[] = [];
  let status = 'NONE';
  let openDispute: string | null = null;
  events.forEach((recorded, i) => {
    const event = recorded as unknown as CollaborationEvent;
    if (recorded.revision !== BigInt(i)) found.push(`revision gap at ${i}`);
    switch (event.type) {
      case 'CollaborationRated':
        if (status !== 'COMPLETED') found.push(`rating while ${status}`);
        break;
      case 'RevisionRequested':
        if (event.data.revisionNumber > revisionLimit)
          found.push(`revision ${event.data.revisionNumber} over limit ${revisionLimit}`);
        break;
      case 'DisputeOpened':
        if (openDispute) found.push('second open dispute');
        openDispute = event.data.disputeId;
        break;
      case 'DisputeResolved':
        openDispute = null;
        break;
      case 'MilestoneReleased':
        if (openDispute) found.push(`milestone ${event.data.name} released during dispute ${openDispute}`);
        break;
      case 'CollaborationProposed':
        status = 'PROPOSED';
        break;
      case 'ProposalAccepted':
        status = 'ACTIVE';
        break;
      case 'ScriptApproved':
      case 'ScriptAutoApproved':
        status = 'SCRIPT_APPROVED';
        break;
      case 'ContentPublished':
        status = 'PUBLISHED';
        break;
      case 'CollaborationCompleted':
        status = 'COMPLETED';
        break;
      case 'ProposalDeclined':
      case 'ProposalWithdrawn':
      case 'CollaborationCancelled':
      case 'ProposalExpired':
        status = event.type;
        break;
      default:
        break;
    }
  });
  return found;
};

describe('collaboration invariants under random command sequences', () => {
  it('never breaks an invariant, and refusals append nothing', async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 20, maxLength: 120 }), async (steps) => {
        const catalog = createEventCatalog();
        const store = getInMemoryEventStore({ catalog });
        const write = createWriteSide({ store, catalog });
        await write.seller({
          type: 'RegisterSeller',
          sellerId: 's1',
          profile: { name: 'Glow Labs', country: 'CN' },
          actor: SELLER,
          now: T0,
        });
        await write.creator({
          type: 'RegisterCreator',
          creatorId: 'c1',
          profile: {
            displayName: 'Mia',
            country: 'US',
            languages: ['en'],
            categories: ['BEAUTY'],
            platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 5000 }],
          },
          actor: CREATOR,
          now: T0,
        });
        let now = T0;
        let state: CollaborationState | undefined;
        for (const [n, step] of steps.entries()) {
          now = new Date(Date.parse(now) + step.hours * 3_600_000).toISOString();
          const all = commandsFor(step, now, n);
          const [name, actor] =
            step.kind === 'advance'
              ? plausible(state)[step.pick % plausible(state).length]!
              : [Object.keys(all)[step.pick % Object.keys(all).length]!, ACTORS[step.actor]!];
          const head = await store.headPosition();
          try {
            const result = await write.collaboration({
              ...all[name]!,
              collaborationId: ID,
              actor,
              now,
            } as CollaborationCommandInput);
            state = result.state;
            reached.add(state.status);
            if (state.openDisputeId) reached.add('DISPUTE_OPEN');
            if (state.ratings.some((r) => r.revealed)) reached.add('RATING_REVEALED');
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            expect(await store.headPosition(), `refused ${name} appended something`).toBe(head);
          }
        }
        const events = await store.readStream(collaborationStreamId(ID));
        const limit = state?.brief?.revisionLimit ?? 0;
        expect(violations(events, limit)).toEqual([]);
        expect(await store.verifyStream(collaborationStreamId(ID))).toMatchObject({ valid: true });
      }),
      // A fixed seed (FC_SEED explores others): the check below, that the generator reached the deep
      // states, must not depend on the draw.
      { numRuns: 200, seed: Number(process.env.FC_SEED ?? 20261202) },
    );
    // The generator must reach the deep states for the property to mean something.
    expect([...reached]).toEqual(
      expect.arrayContaining(['COMPLETED', 'DISPUTE_OPEN', 'RATING_REVEALED', 'CANCELLED']),
    );
  }, 120_000);
});
