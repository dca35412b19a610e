import {
  collaborationEvents,
  type CollaborationEvent,
  type Side,
} from '../../src/contexts/collaboration/collaboration.events.js';
import { recipientKey, type Recipient } from '../../src/contexts/notifications/notifications.js';
import type { Recorded, RecordedEvent } from '../../src/core/event.js';
import { put, type DocKey, type DocUpdate, type Projection } from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { at, collaborationIdOf, handledTypes, isCollaborationEvent, type EventOfType } from '../shared.js';
import {
  isExcluded,
  NOTICES,
  type About,
  type CollaborationNotice,
  type NotificationKind,
  type NotificationParams,
  type OwnNotice,
} from './notificationKinds.js';

/**
 * Each user's notifications (DOMAIN.md § Notifications), from the table in notificationKinds.ts: one
 * document per notification, a stable kind and its parameters, keyed by its recipient and the log
 * position of the event it tells of (which is also its id and its order). Whether one is read follows
 * from how far its recipient has read (`NotificationsRead`, one stream per recipient), so a rebuild
 * keeps it.
 */

export interface NotificationDoc {
  readonly recipientKey: string;
  /** The log position of the event it tells of: its id among the recipient's, and its order. */
  readonly position: number;
  readonly kind: NotificationKind;
  readonly params: NotificationParams;
  readonly eventType: string;
  readonly collaborationId: string | null;
  /** The collaboration's title, when it is about one. */
  readonly title: string | null;
  readonly occurredAt: string;
}

/** How far a recipient has read. */
export interface InboxDoc {
  readonly recipientKey: string;
  readonly readUpTo: number;
}

/** What notifying a collaboration's sides needs to know of it. */
export interface CollaborationPartiesDoc extends About {
  readonly collaborationId: string;
  readonly title: string;
}

export const NOTIFICATIONS = collection<NotificationDoc>('notifications', {
  indexes: [
    { field: 'recipientKey', type: 'string' },
    { field: 'position', type: 'number' },
  ],
  compoundIndexes: [['recipientKey', 'position']],
});
export const NOTIFICATION_INBOXES = collection<InboxDoc>('notificationInboxes');
export const NOTIFICATION_PARTIES = collection<CollaborationPartiesDoc>('notificationParties');

export const notificationId = (recipient: string, position: number): string => `${recipient}/${position}`;

const TYPES = handledTypes(
  ...collaborationEvents.map((e) => e.type),
  'WebhookEndpointDisabled',
  'NotificationsRead',
);
type Handled = EventOfType<(typeof TYPES)[number]>;

const sideRecipient = (side: Side, about: About): Recipient =>
  side === 'SELLER' ? { role: 'SELLER', id: about.sellerId } : { role: 'CREATOR', id: about.creatorId };

/** The parties document after a collaboration event (what later notices of it need). */
const partiesAfter = (
  event: Recorded<CollaborationEvent>,
  before: CollaborationPartiesDoc | undefined,
): CollaborationPartiesDoc | undefined => {
  if (event.type === 'CollaborationProposed') {
    return {
      collaborationId: event.data.collaborationId,
      sellerId: event.data.sellerId,
      creatorId: event.data.creatorId,
      title: event.data.brief.title,
      ratingAuthors: {},
    };
  }
  if (event.type === 'CollaborationRated' && before) {
    const author: Side = event.data.direction === 'SELLER_TO_CREATOR' ? 'SELLER' : 'CREATOR';
    return { ...before, ratingAuthors: { ...before.ratingAuthors, [event.data.ratingId]: author } };
  }
  return before;
};

const item = (
  recipient: Recipient,
  event: RecordedEvent,
  kind: NotificationKind,
  params: NotificationParams,
  about: { collaborationId: string; title: string } | null,
): DocUpdate => {
  const key = recipientKey(recipient);
  const position = Number(event.position);
  return put(NOTIFICATIONS, notificationId(key, position), {
    recipientKey: key,
    position,
    kind,
    params,
    eventType: event.type,
    collaborationId: about?.collaborationId ?? null,
    title: about?.title ?? null,
    occurredAt: at(event),
  });
};

/** The notifications an event makes, by the table (pure; the live subscription uses it too). */
export const noticesOf = (
  event: Recorded<Handled>,
  parties: CollaborationPartiesDoc | undefined,
): { recipient: Recipient; kind: NotificationKind; params: NotificationParams }[] => {
  const entry = NOTICES[event.type];
  if (isExcluded(entry)) return [];
  if (isCollaborationEvent(event)) {
    const about = partiesAfter(event as Recorded<CollaborationEvent>, parties);
    if (!about) return [];
    const notice = entry as CollaborationNotice<CollaborationEvent>;
    const sides = notice.sides(event as Recorded<CollaborationEvent>, about);
    const params = notice.params?.(event as Recorded<CollaborationEvent>) ?? {};
    return [...new Set(sides)].map((side) => ({
      recipient: sideRecipient(side, about),
      kind: notice.kind,
      params,
    }));
  }
  const notice = entry as OwnNotice<Handled>;
  const params = notice.params?.(event) ?? {};
  return notice.recipients(event).map((recipient) => ({ recipient, kind: notice.kind, params }));
};

export const notificationsProjection: Projection<Handled> = {
  name: 'notifications',
  version: 1,
  collections: [NOTIFICATIONS, NOTIFICATION_INBOXES, NOTIFICATION_PARTIES],
  eventTypes: TYPES,
  rebuildCost: 20,
  touches: (event): DocKey[] => {
    if (event.type === 'NotificationsRead') {
      return [{ collection: NOTIFICATION_INBOXES, id: recipientKey(event.data.recipient) }];
    }
    return isCollaborationEvent(event)
      ? [{ collection: NOTIFICATION_PARTIES, id: collaborationIdOf(event) }]
      : [];
  },
  evolve: (event, docs) => {
    if (event.type === 'NotificationsRead') {
      const key = recipientKey(event.data.recipient);
      const readUpTo = Math.max(docs.get(NOTIFICATION_INBOXES, key)?.readUpTo ?? 0, Number(event.data.upTo));
      return [put(NOTIFICATION_INBOXES, key, { recipientKey: key, readUpTo })];
    }
    if (!isCollaborationEvent(event)) {
      return noticesOf(event, undefined).map((n) => item(n.recipient, event, n.kind, n.params, null));
    }
    const id = collaborationIdOf(event);
    const before = docs.get(NOTIFICATION_PARTIES, id);
    const after = partiesAfter(event as Recorded<CollaborationEvent>, before);
    if (!after) return [];
    const updates = noticesOf(event, before).map((n) =>
      item(n.recipient, event, n.kind, n.params, { collaborationId: id, title: after.title }),
    );
    return after === before ? updates : [put(NOTIFICATION_PARTIES, id, after), ...updates];
  },
};
