import { DomainError } from '../../core/errors.js';
import { ms, requireRole } from '../shared.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent } from './collaboration.events.js';
import type { CollaborationState, DisputeState } from './collaboration.state.js';
import { compact, nonBlank, requireSide, requireStatus } from './guards.js';
import {
  applyMilestoneDecisions,
  decideHeldMilestones,
  holdForDispute,
  resolutionTotals,
} from './milestones.js';

/** DOMAIN.md § The collaboration 10 (dispute). */

/** A dispute may be opened until 30 days after completion. */
export const DISPUTE_WINDOW_DAYS = 30;

type DisputeCommand = CollaborationCommandOf<
  'OpenDispute' | 'AddEvidence' | 'AddStatement' | 'ResolveDispute' | 'WithdrawDispute'
>;

/** The dispute a command names, which must be the open one. */
const openDispute = (state: CollaborationState, disputeId: string): DisputeState => {
  const dispute = state.disputes.find((d) => d.disputeId === disputeId);
  if (!dispute) throw new DomainError('DISPUTE_NOT_FOUND', `No dispute ${disputeId} on this collaboration`);
  if (state.openDisputeId !== disputeId)
    throw new DomainError('DISPUTE_CLOSED', `Dispute ${disputeId} is resolved`);
  return dispute;
};

const open = (
  command: CollaborationCommandOf<'OpenDispute'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const side = requireSide(state, command.actor);
  requireStatus(state, 'open a dispute', 'ACTIVE', 'SCRIPT_APPROVED', 'PUBLISHED', 'COMPLETED');
  if (state.status === 'COMPLETED' && ms(command.now) > ms(state.disputeWindowClosesAt!)) {
    throw new DomainError(
      'DISPUTE_WINDOW_CLOSED',
      `Disputes could be opened until ${state.disputeWindowClosesAt}`,
    );
  }
  if (state.openDisputeId) {
    throw new DomainError('DISPUTE_ALREADY_OPEN', `Dispute ${state.openDisputeId} is open; one at a time`);
  }
  if (state.disputes.some((d) => d.disputeId === command.disputeId)) {
    throw new DomainError('DUPLICATE_DISPUTE_ID', `Dispute ${command.disputeId} exists`);
  }
  nonBlank(command.statement, 'STATEMENT_REQUIRED', 'Opening a dispute needs a statement');
  return [
    {
      type: 'DisputeOpened',
      data: {
        disputeId: command.disputeId,
        openedBy: side,
        reason: command.reason,
        statement: command.statement,
      },
    },
    // Opening holds every milestone not yet released.
    ...holdForDispute(state, command.disputeId),
  ];
};

const addEvidence = (
  command: CollaborationCommandOf<'AddEvidence'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const side = requireSide(state, command.actor);
  const dispute = openDispute(state, command.disputeId);
  if (dispute.evidenceHashes.includes(command.sha256)) {
    throw new DomainError('DUPLICATE_EVIDENCE', 'This file is already evidence in this dispute');
  }
  nonBlank(command.description, 'DESCRIPTION_REQUIRED', 'Evidence needs a description');
  if (!command.file) {
    throw new DomainError(
      'EVIDENCE_NOT_UPLOADED',
      'You uploaded no file with this SHA-256: POST it to /evidence first',
      { sha256: command.sha256 },
    );
  }
  return [
    {
      type: 'DisputeEvidenceAdded',
      data: compact({
        disputeId: command.disputeId,
        evidenceId: command.evidenceId,
        side,
        kind: command.kind,
        description: command.description,
        sha256: command.sha256,
        fileName: command.fileName,
        contentType: command.file.contentType,
        sizeBytes: command.file.sizeBytes,
      }),
    },
  ];
};

const addStatement = (
  command: CollaborationCommandOf<'AddStatement'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const side = command.actor.role === 'ARBITRATOR' ? 'ARBITRATOR' : requireSide(state, command.actor);
  openDispute(state, command.disputeId);
  nonBlank(command.text, 'STATEMENT_REQUIRED', 'A statement needs a text');
  return [
    {
      type: 'DisputeStatementAdded',
      data: { disputeId: command.disputeId, statementId: command.statementId, side, text: command.text },
    },
  ];
};

const resolve = (
  command: CollaborationCommandOf<'ResolveDispute'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireRole(command.actor, 'ARBITRATOR');
  openDispute(state, command.disputeId);
  if ((command.outcome as string) === 'WITHDRAWN') {
    throw new DomainError('INVALID_OUTCOME', 'Only the opener withdraws a dispute');
  }
  nonBlank(command.note, 'REASON_REQUIRED', 'A resolution needs a note');
  const decisions = decideHeldMilestones(
    state,
    command.disputeId,
    command.outcome,
    command.milestoneDecisions,
  );
  return [
    {
      type: 'DisputeResolved',
      data: {
        disputeId: command.disputeId,
        outcome: command.outcome,
        note: command.note,
        milestoneDecisions: decisions,
        ...resolutionTotals(state, decisions),
      },
    },
    // After the resolution: no milestone moves while its dispute is open.
    ...applyMilestoneDecisions(state, command.disputeId, decisions),
  ];
};

const withdraw = (
  command: CollaborationCommandOf<'WithdrawDispute'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const side = requireSide(state, command.actor);
  const dispute = openDispute(state, command.disputeId);
  if (dispute.openedBy !== side)
    throw new DomainError('NOT_DISPUTE_OPENER', 'Only the opener withdraws a dispute');
  const decisions = decideHeldMilestones(state, command.disputeId, 'WITHDRAWN');
  return [
    {
      type: 'DisputeResolved',
      data: {
        disputeId: command.disputeId,
        outcome: 'WITHDRAWN',
        note: command.note?.trim() || 'Withdrawn by the opener',
        milestoneDecisions: decisions,
        ...resolutionTotals(state, decisions),
      },
    },
    ...applyMilestoneDecisions(state, command.disputeId, decisions),
  ];
};

export const decideDispute = (command: DisputeCommand, state: CollaborationState): CollaborationEvent[] => {
  switch (command.type) {
    case 'OpenDispute':
      return open(command, state);
    case 'AddEvidence':
      return addEvidence(command, state);
    case 'AddStatement':
      return addStatement(command, state);
    case 'ResolveDispute':
      return resolve(command, state);
    case 'WithdrawDispute':
      return withdraw(command, state);
  }
};
