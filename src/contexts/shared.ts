import type { Role } from '../core/event.js';
import { DomainError } from '../core/errors.js';

/** Who sends a command: the authenticated user, the role they act in, and the party they act for. */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The seller id (role SELLER) or creator id (role CREATOR) the user acts for. */
  readonly partyId?: string;
}

/** Every command carries who sends it and when: deciders read no clock. */
export interface CommandContext {
  readonly actor: Actor;
  /** ISO-8601 UTC. */
  readonly now: string;
}

export const PLATFORM_ACTOR: Actor = { userId: 'platform', role: 'PLATFORM' };

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const ms = (instant: string): number => Date.parse(instant);
export const addDays = (instant: string, days: number): string =>
  new Date(ms(instant) + days * DAY_MS).toISOString();

/** Refuses unless the actor has one of the roles. */
export const requireRole = (actor: Actor, ...roles: Role[]): void => {
  if (!roles.includes(actor.role)) {
    throw new DomainError('FORBIDDEN', `Only ${roles.join(' or ')} may do this`, { role: actor.role });
  }
};

/** Refuses unless the actor acts, in that role, for that party. */
export const requireParty = (actor: Actor, role: 'SELLER' | 'CREATOR', partyId: string): void => {
  if (actor.role !== role || actor.partyId !== partyId) {
    throw new DomainError('FORBIDDEN', `Only the ${role.toLowerCase()} of this collaboration may do this`, {
      role: actor.role,
    });
  }
};
