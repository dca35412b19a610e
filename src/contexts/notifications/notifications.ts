import { Type } from '@sinclair/typebox';
import type { Decider } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, Enum, Text } from '../../core/schema.js';
import type { Actor, CommandContext } from '../shared.js';

/**
 * A user's notifications (DOMAIN.md § Notifications) are a read model of the log; what the log keeps
 * of them is only how far each recipient has read, one stream per recipient, so that a rebuild of the
 * read model keeps it. A seller's or creator's notifications are its party's (every user acting for
 * it shares them); an auditor's or arbitrator's are its own.
 */

export const RECIPIENT_ROLES = ['SELLER', 'CREATOR', 'ARBITRATOR', 'AUDITOR'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export interface Recipient {
  readonly role: RecipientRole;
  /** The seller or creator id; for an arbitrator or an auditor, the user id. */
  readonly id: string;
}

/** The key a recipient's notifications are kept under in the read model. */
export const recipientKey = (recipient: Recipient): string => `${recipient.role}:${recipient.id}`;

export const notificationInboxStreamId = (recipient: Recipient): string =>
  `notificationInbox-${recipient.role.toLowerCase()}-${recipient.id}`;

export const NotificationsRead = defineEvent(
  'NotificationsRead',
  'A recipient read its notifications up to a log position.',
  Closed({
    recipient: Closed({ role: Enum(RECIPIENT_ROLES), id: Text(200) }),
    upTo: Type.String({ pattern: '^[1-9][0-9]{0,19}$', description: 'Log position' }),
  }),
);

export const notificationEvents = [NotificationsRead];
export type NotificationEvent = EventOf<(typeof notificationEvents)[number]>;

export type NotificationCommand = CommandContext & {
  readonly type: 'MarkNotificationsRead';
  readonly recipient: Recipient;
  readonly upTo: bigint;
};

export interface InboxState {
  readonly readUpTo: bigint;
}

const isRecipient = (actor: Actor, recipient: Recipient): boolean =>
  actor.role === recipient.role &&
  (recipient.role === 'SELLER' || recipient.role === 'CREATOR' ? actor.partyId : actor.userId) ===
    recipient.id;

export const inboxDecider: Decider<NotificationCommand, InboxState, NotificationEvent> = {
  initialState: () => ({ readUpTo: 0n }),
  evolve: (state, event) => ({ readUpTo: BigInt(event.data.upTo) }),
  decide: (command, state) => {
    if (!isRecipient(command.actor, command.recipient)) {
      throw new DomainError('FORBIDDEN', 'Only its recipient reads a notification');
    }
    if (command.upTo < 1n) throw new DomainError('INVALID_POSITION', 'upTo is a log position, 1 or more');
    // Reading is monotonic: what was read stays read.
    if (command.upTo <= state.readUpTo) {
      throw new DomainError('NOTIFICATIONS_ALREADY_READ', `Read up to ${state.readUpTo} already`, {
        readUpTo: state.readUpTo.toString(),
      });
    }
    return [
      {
        type: 'NotificationsRead',
        data: {
          recipient: { role: command.recipient.role, id: command.recipient.id },
          upTo: command.upTo.toString(),
        },
      },
    ];
  },
};
