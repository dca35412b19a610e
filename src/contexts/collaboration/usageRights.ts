import { DomainError } from '../../core/errors.js';
import { ms } from '../shared.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent } from './collaboration.events.js';
import type { CollaborationState } from './collaboration.state.js';
import { compact, requireSide, requireStatus } from './guards.js';

/**
 * DOMAIN.md § Usage rights: the guide warns against leaving the content's rights unclear
 * (未明确内容版权归属：在合作前确认视频使用权，避免后期无法二次传播). The brief's rights have a scope,
 * platforms and an end; their end is an event (a deadline); an extension is an amendment the seller
 * proposes and the creator accepts or declines, a fee with it if the seller offers one.
 */

type UsageRightsCommand = CollaborationCommandOf<
  'ProposeUsageRightsExtension' | 'AcceptUsageRightsExtension' | 'DeclineUsageRightsExtension'
>;

/** The name of the payment milestone an extension's fee becomes: RIGHTS_1, RIGHTS_2, … unused in the brief. */
const feeMilestoneName = (state: CollaborationState): string => {
  const taken = new Set(state.milestones.map((m) => m.name));
  let n = state.usageRights.extensions + 1;
  while (taken.has(`RIGHTS_${n}`)) n++;
  return `RIGHTS_${n}`;
};

const propose = (
  command: CollaborationCommandOf<'ProposeUsageRightsExtension'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireSide(state, command.actor, 'SELLER');
  requireStatus(state, 'extend usage rights', 'PUBLISHED', 'COMPLETED');
  const rights = state.usageRights;
  if (rights.extensionIds.includes(command.extensionId)) {
    throw new DomainError('DUPLICATE_EXTENSION_ID', `Extension ${command.extensionId} exists`);
  }
  const scope = command.scope ?? [...rights.scope];
  const platforms = command.platforms ?? [...rights.platforms];
  const refuse = (message: string) => {
    throw new DomainError('INVALID_EXTENSION', message, { endsAt: rights.endsAt });
  };
  if (scope.length === 0 || platforms.length === 0) refuse('An extension names a scope and its platforms');
  const endsAt = ms(command.endsAt);
  if (Number.isNaN(endsAt) || endsAt <= ms(command.now)) refuse('An extension ends in the future');
  if (rights.endsAt && endsAt <= ms(rights.endsAt)) refuse(`An extension ends after ${rights.endsAt}`);
  const currency = state.brief!.fee.currency;
  if (command.fee) {
    if (command.fee.currency !== currency) {
      throw new DomainError(
        'FEE_CURRENCY_FIXED',
        `An extension's fee is in the brief's currency, ${currency}`,
      );
    }
    if (!Number.isSafeInteger(command.fee.amountMinor) || command.fee.amountMinor <= 0) {
      throw new DomainError('INVALID_FEE', 'The fee must be a positive integer amount of minor units');
    }
  }
  return [
    {
      type: 'UsageRightsExtensionProposed',
      data: compact({
        extensionId: command.extensionId,
        scope,
        platforms,
        endsAt: new Date(endsAt).toISOString(),
        fee: command.fee,
        note: command.note?.trim() ? command.note : undefined,
      }),
    },
  ];
};

const pendingExtension = (state: CollaborationState, extensionId: string) => {
  const pending = state.usageRights.pendingExtension;
  if (!pending || pending.extensionId !== extensionId) {
    throw new DomainError('EXTENSION_NOT_FOUND', `No extension ${extensionId} awaits an answer`);
  }
  return pending;
};

const accept = (
  command: CollaborationCommandOf<'AcceptUsageRightsExtension'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireSide(state, command.actor, 'CREATOR');
  requireStatus(state, 'accept an extension', 'PUBLISHED', 'COMPLETED');
  const pending = pendingExtension(state, command.extensionId);
  if (ms(pending.endsAt) <= ms(command.now)) {
    throw new DomainError('EXTENSION_LAPSED', `The extension would have ended at ${pending.endsAt}`);
  }
  const milestoneName = pending.fee ? feeMilestoneName(state) : undefined;
  return [
    {
      type: 'UsageRightsExtended',
      data: compact({
        extensionId: pending.extensionId,
        scope: [...pending.scope],
        platforms: [...pending.platforms],
        endsAt: pending.endsAt,
        fee: pending.fee ?? undefined,
        milestoneName,
      }),
    },
    // The amendment's fee is due once the creator accepts it.
    ...(pending.fee && milestoneName
      ? [{ type: 'MilestoneDue', data: { name: milestoneName, amount: pending.fee } } as const]
      : []),
  ];
};

const decline = (
  command: CollaborationCommandOf<'DeclineUsageRightsExtension'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  requireSide(state, command.actor, 'CREATOR');
  pendingExtension(state, command.extensionId);
  return [
    {
      type: 'UsageRightsExtensionDeclined',
      data: compact({
        extensionId: command.extensionId,
        reason: command.reason?.trim() ? command.reason : undefined,
      }),
    },
  ];
};

export const decideUsageRights = (
  command: UsageRightsCommand,
  state: CollaborationState,
): CollaborationEvent[] => {
  switch (command.type) {
    case 'ProposeUsageRightsExtension':
      return propose(command, state);
    case 'AcceptUsageRightsExtension':
      return accept(command, state);
    case 'DeclineUsageRightsExtension':
      return decline(command, state);
  }
};
