import type { Decider } from '../../core/decider.js';
import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import type { Platform } from '../vocabulary.js';
import { requireParty, requireRole, type CommandContext } from '../shared.js';
import type { CreatorEvent, CreatorProfile } from './creator.events.js';
import { evolveCreator, initialCreatorState, type CreatorState } from './creator.state.js';
import { accountKey, creatorVerification } from './verification.js';

export const creatorStreamId = (creatorId: string): string => `creator-${creatorId}`;

type C<Type extends string, Fields> = CommandContext & {
  readonly type: Type;
  readonly creatorId: string;
} & Fields;

export type CreatorCommand =
  | C<'RegisterCreator', { readonly profile: CreatorProfile }>
  /** Only the fields given change. */
  | C<'UpdateCreatorProfile', { readonly changes: Partial<CreatorProfile> }>
  // Verification (DOMAIN.md § Public reviews, verified parties)
  | C<'RequestCreatorVerification', { readonly note?: string }>
  | C<
      'VerifyCreatorAccount',
      { readonly platform: Platform; readonly handle: string; readonly check: string }
    >
  | C<'VerifyCreatorLanguage', { readonly language: string; readonly check: string }>
  | C<'DeclineCreatorVerification', { readonly reason: string }>;

/** DOMAIN.md § Who uses it: a creator registers and keeps its own profile. */
const checkProfile = (profile: CreatorProfile): void => {
  const seen = new Set<string>();
  for (const account of profile.platformAccounts) {
    const key = accountKey(account.platform, account.handle);
    if (seen.has(key)) {
      throw new DomainError(
        'DUPLICATE_PLATFORM_ACCOUNT',
        `${account.platform} account ${account.handle} listed twice`,
      );
    }
    seen.add(key);
  }
};

const registered = (state: CreatorState, creatorId: string) => {
  if (state.status !== 'REGISTERED') {
    throw new DomainError('CREATOR_NOT_FOUND', `Creator ${creatorId} is not registered`);
  }
  return state;
};

/** An arbitrator's check names how it was done: the badge is worth what the check was. */
const requireCheck = (check: string) => {
  if (!check.trim()) throw new DomainError('CHECK_REQUIRED', 'Record how it was checked');
};

export const decideCreator = (command: CreatorCommand, state: CreatorState): CreatorEvent[] => {
  const { creatorId } = command;
  switch (command.type) {
    case 'RegisterCreator': {
      requireParty(command.actor, 'CREATOR', creatorId);
      if (state.status === 'REGISTERED') {
        throw new DomainError('CREATOR_ALREADY_REGISTERED', `Creator ${creatorId} is already registered`);
      }
      checkProfile(command.profile);
      return [{ type: 'CreatorRegistered', data: { creatorId, profile: command.profile } }];
    }
    case 'UpdateCreatorProfile': {
      requireParty(command.actor, 'CREATOR', creatorId);
      const current = registered(state, creatorId);
      const defined = Object.fromEntries(Object.entries(command.changes).filter(([, v]) => v !== undefined));
      const profile = { ...current.profile, ...defined } as CreatorProfile;
      checkProfile(profile);
      return [{ type: 'CreatorProfileUpdated', data: { creatorId, profile } }];
    }
    case 'RequestCreatorVerification': {
      requireParty(command.actor, 'CREATOR', creatorId);
      const current = registered(state, creatorId);
      if (creatorVerification(current.profile, current.marks).verified) {
        throw new DomainError('ALREADY_VERIFIED', 'Every account and language of the profile is verified');
      }
      if (current.request.requestedAt) {
        throw new DomainError('VERIFICATION_PENDING', 'A request already waits for an arbitrator');
      }
      const note = command.note?.trim();
      return [{ type: 'CreatorVerificationRequested', data: { creatorId, ...(note ? { note } : {}) } }];
    }
    case 'VerifyCreatorAccount': {
      requireRole(command.actor, 'ARBITRATOR');
      const current = registered(state, creatorId);
      const account = current.profile.platformAccounts.find(
        (a) => accountKey(a.platform, a.handle) === accountKey(command.platform, command.handle),
      );
      if (!account) {
        throw new DomainError(
          'ACCOUNT_NOT_IN_PROFILE',
          `The profile lists no ${command.platform} account ${command.handle}`,
        );
      }
      if (current.marks.accounts[accountKey(account.platform, account.handle)]) {
        throw new DomainError(
          'ALREADY_VERIFIED',
          `${account.platform} account ${account.handle} is verified`,
        );
      }
      requireCheck(command.check);
      return [
        {
          type: 'CreatorAccountVerified',
          data: { creatorId, platform: account.platform, handle: account.handle, check: command.check },
        },
      ];
    }
    case 'VerifyCreatorLanguage': {
      requireRole(command.actor, 'ARBITRATOR');
      const current = registered(state, creatorId);
      if (!current.profile.languages.includes(command.language)) {
        throw new DomainError('LANGUAGE_NOT_IN_PROFILE', `The profile lists no language ${command.language}`);
      }
      if (current.marks.languages[command.language]) {
        throw new DomainError('ALREADY_VERIFIED', `Language ${command.language} is verified`);
      }
      requireCheck(command.check);
      return [
        {
          type: 'CreatorLanguageVerified',
          data: { creatorId, language: command.language, check: command.check },
        },
      ];
    }
    case 'DeclineCreatorVerification': {
      requireRole(command.actor, 'ARBITRATOR');
      const current = registered(state, creatorId);
      if (!current.request.requestedAt) {
        throw new DomainError('NO_VERIFICATION_PENDING', 'This creator has no request waiting');
      }
      if (!command.reason.trim()) throw new DomainError('REASON_REQUIRED', 'Declining needs a reason');
      return [{ type: 'CreatorVerificationDeclined', data: { creatorId, reason: command.reason } }];
    }
    default:
      return assertNever(command);
  }
};

export const creatorDecider: Decider<CreatorCommand, CreatorState, CreatorEvent> = {
  initialState: initialCreatorState,
  evolve: evolveCreator,
  decide: decideCreator,
};
