import { assertNever } from '../../core/decider.js';
import type { CreatorEvent, CreatorProfile } from './creator.events.js';

export type CreatorState =
  | { readonly status: 'UNREGISTERED' }
  | { readonly status: 'REGISTERED'; readonly creatorId: string; readonly profile: CreatorProfile };

export const initialCreatorState = (): CreatorState => ({ status: 'UNREGISTERED' });

export const evolveCreator = (state: CreatorState, event: CreatorEvent): CreatorState => {
  switch (event.type) {
    case 'CreatorRegistered':
    case 'CreatorProfileUpdated':
      return { status: 'REGISTERED', creatorId: event.data.creatorId, profile: event.data.profile };
    default:
      return assertNever(event);
  }
};
