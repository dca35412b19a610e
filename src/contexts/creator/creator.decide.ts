import type { Decider } from '../../core/decider.js';
import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { requireParty, type CommandContext } from '../shared.js';
import type { CreatorEvent, CreatorProfile } from './creator.events.js';
import { evolveCreator, initialCreatorState, type CreatorState } from './creator.state.js';

export const creatorStreamId = (creatorId: string): string => `creator-${creatorId}`;

export type CreatorCommand =
  | (CommandContext & {
      readonly type: 'RegisterCreator';
      readonly creatorId: string;
      readonly profile: CreatorProfile;
    })
  | (CommandContext & {
      readonly type: 'UpdateCreatorProfile';
      readonly creatorId: string;
      /** Only the fields given change. */
      readonly changes: Partial<CreatorProfile>;
    });

/** DOMAIN.md § Who uses it: a creator registers and keeps its own profile. */
const checkProfile = (profile: CreatorProfile): void => {
  const seen = new Set<string>();
  for (const account of profile.platformAccounts) {
    const key = `${account.platform}:${account.handle.toLowerCase()}`;
    if (seen.has(key)) {
      throw new DomainError(
        'DUPLICATE_PLATFORM_ACCOUNT',
        `${account.platform} account ${account.handle} listed twice`,
      );
    }
    seen.add(key);
  }
};

export const decideCreator = (command: CreatorCommand, state: CreatorState): CreatorEvent[] => {
  requireParty(command.actor, 'CREATOR', command.creatorId);
  switch (command.type) {
    case 'RegisterCreator': {
      if (state.status === 'REGISTERED') {
        throw new DomainError(
          'CREATOR_ALREADY_REGISTERED',
          `Creator ${command.creatorId} is already registered`,
        );
      }
      checkProfile(command.profile);
      return [
        { type: 'CreatorRegistered', data: { creatorId: command.creatorId, profile: command.profile } },
      ];
    }
    case 'UpdateCreatorProfile': {
      if (state.status !== 'REGISTERED') {
        throw new DomainError('CREATOR_NOT_FOUND', `Creator ${command.creatorId} is not registered`);
      }
      const defined = Object.fromEntries(Object.entries(command.changes).filter(([, v]) => v !== undefined));
      const profile = { ...state.profile, ...defined } as CreatorProfile;
      checkProfile(profile);
      return [{ type: 'CreatorProfileUpdated', data: { creatorId: command.creatorId, profile } }];
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
