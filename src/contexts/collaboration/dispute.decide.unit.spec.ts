import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  CREATOR,
  OTHER_CREATOR,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import type { Actor } from '../shared.js';
import { collaborationDecider } from './collaboration.decide.js';

const spec = deciderSpec(collaborationDecider);
const SHA = 'a'.repeat(64);
const FILE = { contentType: 'text/plain', sizeBytes: 2048 };
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const open = (actor: Actor = SELLER, now = day(12), disputeId = 'd1') =>
  command(actor, now, {
    type: 'OpenDispute',
    disputeId,
    reason: 'CONTENT_MISMATCH',
    statement: 'The video shows another product',
  });
const published = () => scenario().upToPublished();
const disputed = (actor: Actor = SELLER) => published().run(actor, day(12), open(actor));

describe('dispute: opening', () => {
  it('opens a dispute and holds every unreleased milestone', () =>
    spec
      .given(published().events)
      .when(open())
      .then([
        {
          type: 'DisputeOpened',
          data: {
            disputeId: 'd1',
            openedBy: 'SELLER',
            reason: 'CONTENT_MISMATCH',
            statement: 'The video shows another product',
          },
        },
        {
          type: 'MilestoneHeld',
          data: { name: 'DEPOSIT', reason: 'DISPUTE_OPEN', disputeId: 'd1', missedTargets: [] },
        },
        {
          type: 'MilestoneHeld',
          data: { name: 'FINAL', reason: 'DISPUTE_OPEN', disputeId: 'd1', missedTargets: [] },
        },
      ]));
  it('does not hold a released milestone', () =>
    spec
      .given(published().run(SELLER, day(10), { type: 'ReleaseMilestone', name: 'DEPOSIT' }).events)
      .when(open(CREATOR))
      .thenEvents((events) => expect(events.filter((e) => e.type === 'MilestoneHeld')).toHaveLength(1)));
  it('allows one open dispute at a time', () =>
    spec
      .given(disputed().events)
      .when(open(CREATOR, day(13), 'd2'))
      .thenThrows('DISPUTE_ALREADY_OPEN'));
  it('refuses a dispute id used before', () =>
    spec
      .given(
        disputed().run(ARBITRATOR, day(13), {
          type: 'ResolveDispute',
          disputeId: 'd1',
          outcome: 'NO_FAULT',
          note: 'Same product, new label',
        }).events,
      )
      .when(open(CREATOR, day(14), 'd1'))
      .thenThrows('DUPLICATE_DISPUTE_ID'));
  it('refuses a dispute on a proposal', () =>
    spec
      .given(scenario().proposed().events)
      .when(open(SELLER, day(1)))
      .thenThrows('INVALID_STATUS'));
  it('allows a dispute within 30 days after completion', () =>
    spec
      .given(scenario().upToCompleted().events)
      .when(open(CREATOR, day(45)))
      .thenEvents(([e]) => expect(e!.type).toBe('DisputeOpened')));
  it('refuses a dispute later than 30 days after completion', () =>
    spec
      .given(scenario().upToCompleted().events)
      .when(open(CREATOR, day(47)))
      .thenThrows('DISPUTE_WINDOW_CLOSED'));
  it('refuses a dispute without a statement', () =>
    spec
      .given(published().events)
      .when({ ...open(), statement: ' ' } as never)
      .thenThrows('STATEMENT_REQUIRED'));
  it('answers someone outside the collaboration as if it did not exist', () =>
    spec.given(published().events).when(open(OTHER_CREATOR)).thenThrows('COLLABORATION_NOT_FOUND'));
});

describe('dispute: evidence and statements', () => {
  const evidence = (
    actor: Actor = CREATOR,
    disputeId = 'd1',
    sha256 = SHA,
    description = 'Chat export of 3 March',
    file: { contentType: string; sizeBytes: number } | null = FILE,
  ) =>
    command(actor, day(13), {
      type: 'AddEvidence',
      disputeId,
      evidenceId: 'e1',
      kind: 'CHAT_LOG',
      description,
      sha256,
      file,
    });

  it('adds evidence by its hash', () =>
    spec
      .given(disputed().events)
      .when(evidence())
      .then([
        {
          type: 'DisputeEvidenceAdded',
          data: {
            disputeId: 'd1',
            evidenceId: 'e1',
            side: 'CREATOR',
            kind: 'CHAT_LOG',
            description: 'Chat export of 3 March',
            sha256: SHA,
            contentType: 'text/plain',
            sizeBytes: 2048,
          },
        },
      ]));
  it('refuses a hash no file was uploaded under', () =>
    spec
      .given(disputed().events)
      .when(evidence(CREATOR, 'd1', SHA, 'Chat export', null))
      .thenThrows('EVIDENCE_NOT_UPLOADED'));
  it('refuses someone outside the collaboration before looking at the file', () =>
    spec
      .given(disputed().events)
      .when(evidence(OTHER_CREATOR, 'd1', SHA, 'Chat export', null))
      .thenThrows('COLLABORATION_NOT_FOUND'));
  it('refuses the same file twice', () =>
    spec
      .given(disputed().run(CREATOR, day(13), evidence()).events)
      .when(evidence(SELLER))
      .thenThrows('DUPLICATE_EVIDENCE'));
  it('refuses an unknown dispute', () =>
    spec.given(disputed().events).when(evidence(CREATOR, 'd9')).thenThrows('DISPUTE_NOT_FOUND'));
  it('refuses evidence after resolution', () =>
    spec
      .given(
        disputed().run(ARBITRATOR, day(13), {
          type: 'ResolveDispute',
          disputeId: 'd1',
          outcome: 'NO_FAULT',
          note: 'Same product',
        }).events,
      )
      .when(evidence())
      .thenThrows('DISPUTE_CLOSED'));
  it('refuses evidence without a description', () =>
    spec
      .given(disputed().events)
      .when(evidence(CREATOR, 'd1', SHA, ' '))
      .thenThrows('DESCRIPTION_REQUIRED'));
  it('refuses evidence from an arbitrator', () =>
    spec.given(disputed().events).when(evidence(ARBITRATOR)).thenThrows('FORBIDDEN'));
  it('adds statements from the parties and the arbitrator', () =>
    spec
      .given(disputed().events)
      .when(
        command(ARBITRATOR, day(13), {
          type: 'AddStatement',
          disputeId: 'd1',
          statementId: 'st1',
          text: 'Please both upload the brief',
        }),
      )
      .then([
        {
          type: 'DisputeStatementAdded',
          data: {
            disputeId: 'd1',
            statementId: 'st1',
            side: 'ARBITRATOR',
            text: 'Please both upload the brief',
          },
        },
      ]));
  it('refuses an empty statement', () =>
    spec
      .given(disputed().events)
      .when(
        command(CREATOR, day(13), { type: 'AddStatement', disputeId: 'd1', statementId: 'st1', text: '' }),
      )
      .thenThrows('STATEMENT_REQUIRED'));
});

describe('dispute: resolution', () => {
  const resolve = (
    outcome: 'CREATOR_AT_FAULT' | 'SELLER_AT_FAULT' | 'SHARED' | 'NO_FAULT',
    milestoneDecisions?: { name: string; action: 'RELEASE' | 'REFUND' | 'RESUME' }[],
    actor = ARBITRATOR,
  ) =>
    command(actor, day(14), {
      type: 'ResolveDispute',
      disputeId: 'd1',
      outcome,
      note: 'Reviewed the evidence',
      ...(milestoneDecisions ? { milestoneDecisions } : {}),
    });

  it('refunds held milestones when the creator is at fault', () =>
    spec
      .given(disputed().events)
      .when(resolve('CREATOR_AT_FAULT'))
      .then([
        {
          type: 'DisputeResolved',
          data: {
            disputeId: 'd1',
            outcome: 'CREATOR_AT_FAULT',
            note: 'Reviewed the evidence',
            milestoneDecisions: [
              { name: 'DEPOSIT', action: 'REFUND' },
              { name: 'FINAL', action: 'REFUND' },
            ],
            refund: USD(100_000),
            payout: USD(0),
          },
        },
        { type: 'MilestoneRefunded', data: { name: 'DEPOSIT', amount: USD(30_000), disputeId: 'd1' } },
        { type: 'MilestoneRefunded', data: { name: 'FINAL', amount: USD(70_000), disputeId: 'd1' } },
      ]));
  it('releases held milestones when the seller is at fault', () =>
    spec
      .given(disputed(CREATOR).events)
      .when(resolve('SELLER_AT_FAULT'))
      .thenEvents((events) =>
        expect(events.slice(1).map((e) => e.type)).toEqual(['MilestoneReleased', 'MilestoneReleased']),
      ));
  it('needs a decision per milestone for a shared fault', () =>
    spec.given(disputed().events).when(resolve('SHARED')).thenThrows('MILESTONE_DECISION_REQUIRED'));
  it('carries out the decisions given for a shared fault', () =>
    spec
      .given(disputed().events)
      .when(
        resolve('SHARED', [
          { name: 'DEPOSIT', action: 'RELEASE' },
          { name: 'FINAL', action: 'REFUND' },
        ]),
      )
      .thenEvents(([resolved, ...rest]) => {
        expect(resolved!.data).toMatchObject({ refund: USD(70_000), payout: USD(30_000) });
        expect(rest.map((e) => e.type)).toEqual(['MilestoneReleased', 'MilestoneRefunded']);
      }));
  it('refuses a decision on a milestone the dispute does not hold', () =>
    spec
      .given(disputed().events)
      .when(resolve('SHARED', [{ name: 'BONUS', action: 'RELEASE' }]))
      .thenThrows('INVALID_MILESTONE_DECISION'));
  it('holds nothing when every milestone is already released', () =>
    spec
      .given(
        scenario().upToCompleted().run(SELLER, day(18), { type: 'ReleaseMilestone', name: 'DEPOSIT' }).events,
      )
      .when(open(CREATOR, day(18)))
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['DisputeOpened'])));
  it('resumes and settles a completion milestone held by the dispute at completion', () => {
    const s = published()
      .metrics(day(16))
      .run(CREATOR, day(16), open(CREATOR, day(16)))
      .completed(day(16));
    spec
      .given(s.events)
      .when(resolve('NO_FAULT'))
      .thenEvents((events) =>
        expect(events.map((e) => [e.type, (e.data as { name?: string }).name])).toEqual([
          ['DisputeResolved', undefined],
          ['MilestoneHoldLifted', 'DEPOSIT'],
          ['MilestoneHoldLifted', 'FINAL'],
          ['MilestoneReleased', 'FINAL'],
        ]),
      );
  });
  it('refuses WITHDRAWN from the arbitrator', () =>
    spec
      .given(disputed().events)
      .when({ ...resolve('NO_FAULT'), outcome: 'WITHDRAWN' } as never)
      .thenThrows('INVALID_OUTCOME'));
  it('refuses a resolution without a note', () =>
    spec
      .given(disputed().events)
      .when({ ...resolve('NO_FAULT'), note: '' } as never)
      .thenThrows('REASON_REQUIRED'));
  it('refuses a party resolving', () =>
    spec
      .given(disputed().events)
      .when(resolve('NO_FAULT', undefined, SELLER))
      .thenThrows('FORBIDDEN'));
  it('lets the opener withdraw, lifting the holds', () =>
    spec
      .given(disputed().events)
      .when(command(SELLER, day(13), { type: 'WithdrawDispute', disputeId: 'd1' }))
      .thenEvents(([resolved, ...rest]) => {
        expect(resolved!.data).toMatchObject({ outcome: 'WITHDRAWN', note: 'Withdrawn by the opener' });
        expect(rest.map((e) => e.type)).toEqual(['MilestoneHoldLifted', 'MilestoneHoldLifted']);
      }));
  it('refuses the other party withdrawing', () =>
    spec
      .given(disputed().events)
      .when(command(CREATOR, day(13), { type: 'WithdrawDispute', disputeId: 'd1' }))
      .thenThrows('NOT_DISPUTE_OPENER'));
});
