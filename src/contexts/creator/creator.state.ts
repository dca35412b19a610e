import { assertNever, type EventTime } from '../../core/decider.js';
import type { CreatorEvent, CreatorProfile } from './creator.events.js';
import { accountKey, creatorVerification, NO_MARKS, type CreatorMarks } from './verification.js';

/** A creator's request to be checked, while open, and the last one declined. */
export interface VerificationRequest {
  readonly requestedAt: string | null;
  readonly declined: { readonly reason: string; readonly at: string } | null;
}

export type CreatorState =
  | { readonly status: 'UNREGISTERED' }
  | {
      readonly status: 'REGISTERED';
      readonly creatorId: string;
      readonly profile: CreatorProfile;
      // Verification (DOMAIN.md § Public reviews, verified parties)
      readonly marks: CreatorMarks;
      readonly request: VerificationRequest;
    };

export const initialCreatorState = (): CreatorState => ({ status: 'UNREGISTERED' });

const NO_REQUEST: VerificationRequest = { requestedAt: null, declined: null };

export const evolveCreator = (state: CreatorState, event: CreatorEvent, at: EventTime): CreatorState => {
  switch (event.type) {
    case 'CreatorRegistered':
      return {
        status: 'REGISTERED',
        creatorId: event.data.creatorId,
        profile: event.data.profile,
        marks: NO_MARKS,
        request: NO_REQUEST,
      };
    case 'CreatorProfileUpdated':
      if (state.status !== 'REGISTERED') return state;
      return { ...state, profile: event.data.profile };
    case 'CreatorVerificationRequested':
      if (state.status !== 'REGISTERED') return state;
      return { ...state, request: { ...state.request, requestedAt: at.occurredAt } };
    case 'CreatorAccountVerified':
    case 'CreatorLanguageVerified': {
      if (state.status !== 'REGISTERED') return state;
      const mark = { verifiedAt: at.occurredAt, check: event.data.check };
      const marks =
        event.type === 'CreatorAccountVerified'
          ? {
              ...state.marks,
              accounts: {
                ...state.marks.accounts,
                [accountKey(event.data.platform, event.data.handle)]: mark,
              },
            }
          : { ...state.marks, languages: { ...state.marks.languages, [event.data.language]: mark } };
      // A request is answered once everything the profile lists is checked.
      const done = creatorVerification(state.profile, marks).verified;
      return { ...state, marks, request: done ? { ...state.request, requestedAt: null } : state.request };
    }
    case 'CreatorVerificationDeclined':
      if (state.status !== 'REGISTERED') return state;
      return {
        ...state,
        request: { requestedAt: null, declined: { reason: event.data.reason, at: at.occurredAt } },
      };
    default:
      return assertNever(event);
  }
};
