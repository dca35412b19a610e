import { DomainError } from '../../core/errors.js';
import type { Actor } from '../shared.js';
import type { CollaborationEvent, Side } from './collaboration.events.js';
import {
  evolveCollaboration,
  sideOf,
  type CollaborationState,
  type CollaborationStatus,
} from './collaboration.state.js';

/** Checks every collaboration command starts with: status, party, non-blank text. */

/** Drops keys whose value is undefined, so optional fields are absent rather than undefined in the log. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export const requireStatus = (
  state: CollaborationState,
  action: string,
  ...allowed: CollaborationStatus[]
): void => {
  if (!allowed.includes(state.status)) {
    throw new DomainError('INVALID_STATUS', `Cannot ${action} while the collaboration is ${state.status}`, {
      status: state.status,
      allowed,
    });
  }
};

/** The side the actor acts for; refuses anyone who is not one of the two parties (or one of `only`). */
export const requireSide = (state: CollaborationState, actor: Actor, ...only: Side[]): Side => {
  const side = sideOf(state, actor.role, actor.partyId);
  const allowed = only.length > 0 ? only : (['SELLER', 'CREATOR'] as Side[]);
  if (!side || !allowed.includes(side)) {
    throw new DomainError(
      'FORBIDDEN',
      `Only the ${allowed.join(' or ').toLowerCase()} of this collaboration may do this`,
    );
  }
  return side;
};

export const nonBlank = (text: string | undefined, code: string, message: string, min = 1): void => {
  if (!text || text.trim().length < min) throw new DomainError(code, message);
};

/** The submitted script awaiting the seller's answer. */
export const pendingScript = (state: CollaborationState) => {
  const pending = state.scripts.find((s) => s.outcome === 'PENDING');
  if (!pending) throw new DomainError('NO_SCRIPT_PENDING', 'No submitted script awaits a response');
  return pending;
};

/** The events applied to a state, as the decision that produced them will leave it. */
export const after = (
  state: CollaborationState,
  events: readonly CollaborationEvent[],
  now: string,
): CollaborationState =>
  events.reduce((s, event) => evolveCollaboration(s, event, { occurredAt: now }), state);
