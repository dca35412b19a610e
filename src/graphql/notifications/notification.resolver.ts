import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import {
  NOTIFICATION_INBOXES,
  NOTIFICATION_PARTIES,
  NOTIFICATIONS,
  noticesOf,
  notificationsProjection,
  type CollaborationPartiesDoc,
  type NotificationDoc,
} from '../../../projections/notifications/notifications.projection.js';
import type { Viewer } from '../../access/viewer.js';
import { collaborationIdOfStream } from '../../contexts/collaboration/collaboration.decide.js';
import { recipientKey, type Recipient } from '../../contexts/notifications/notifications.js';
import type { Recorded } from '../../core/event.js';
import { DomainError, ValidationError } from '../../core/errors.js';
import type { Condition, Page } from '../../readStore/readStore.js';
import type { ViewListener } from '../../live/sharedViews.js';
import { commandContext } from '../common/commands.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireViewer, type GraphQLContext } from '../context.js';
import { delivered, isRefusal, steps, stillValid, type Refusal } from '../subscriptions/sources.js';
import { Me } from '../viewer/viewer.resolver.js';
import {
  Notification,
  NotificationConnection,
  notificationFromDoc,
  NotificationsReadPayload,
} from './notification.type.js';

/** Whose notifications the viewer reads: its seller's or creator's, or its own (DOMAIN.md § Notifications). */
export const recipientOf = (viewer: Viewer): Recipient => {
  if (viewer.role === 'SELLER' && viewer.sellerId) return { role: 'SELLER', id: viewer.sellerId };
  if (viewer.role === 'CREATOR' && viewer.creatorId) return { role: 'CREATOR', id: viewer.creatorId };
  return { role: viewer.role, id: viewer.userId };
};

const readUpTo = async (context: GraphQLContext, key: string): Promise<number> =>
  (await context.services.readStore.getMany(NOTIFICATION_INBOXES.name, [key]))[0]?.readUpTo ?? 0;

const unread = (key: string, upTo: number): Condition[] => [
  { field: 'recipientKey', op: 'eq', value: key },
  { field: 'position', op: 'gt', value: upTo },
];

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: 'The viewer’s notifications, the latest first' })
  async notifications(
    @Ctx() context: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('unreadOnly', () => Boolean, { nullable: true, defaultValue: false }) unreadOnly?: boolean,
  ): Promise<NotificationConnection> {
    const key = recipientKey(recipientOf(requireViewer(context)));
    const upTo = await readUpTo(context, key);
    const where: Condition[] = unreadOnly
      ? unread(key, upTo)
      : [{ field: 'recipientKey', op: 'eq', value: key }];
    const [page, total] = await Promise.all([
      context.services.readStore.query(NOTIFICATIONS.name, {
        where,
        orderBy: [{ field: 'position', direction: 'desc' }],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count(NOTIFICATIONS.name, where),
    ]);
    return toConnection(page as unknown as Page, total, (doc: NotificationDoc) =>
      notificationFromDoc(doc, upTo),
    );
  }

  @Mutation(() => NotificationsReadPayload, {
    description:
      'Marks the viewer’s notifications read up to a position (a notification’s id); what is read stays read',
  })
  async markNotificationsRead(
    @Arg('upTo', () => String) upTo: string,
    @Ctx() context: GraphQLContext,
  ): Promise<NotificationsReadPayload> {
    const viewer = requireViewer(context);
    if (!/^[1-9][0-9]{0,19}$/.test(upTo))
      throw new ValidationError('upTo is a log position (1 or more)', { upTo });
    const position = BigInt(upTo);
    const head = await context.services.eventStore.headPosition();
    if (position > head) {
      throw new ValidationError(`upTo is past the head of the log (${head})`, {
        upTo,
        head: head.toString(),
      });
    }
    const { command, options } = commandContext(context, 'markNotificationsRead');
    try {
      const result = await context.services.write.notifications(
        { ...command, type: 'MarkNotificationsRead', recipient: recipientOf(viewer), upTo: position },
        options,
      );
      return { readUpTo: result.state.readUpTo.toString(), position: result.position.toString() };
    } catch (error) {
      // Read that far already: nothing to record, and nothing wrong.
      if (error instanceof DomainError && error.code === 'NOTIFICATIONS_ALREADY_READ') {
        return { readUpTo: String(error.details.readUpTo), position: null };
      }
      throw error;
    }
  }

  @Subscription(() => Notification, {
    description: 'Each new notification of the viewer, from now on, as it happens',
    subscribe: ({ context }: { context: GraphQLContext }) => notificationsAdded(context),
  })
  notificationAdded(@Root() added: Notification | Refusal): Notification {
    if (isRefusal(added)) throw added.refused;
    return added;
  }
}

@Resolver(() => Me)
export class MeNotificationsResolver {
  @FieldResolver(() => Int, { description: 'How many of the viewer’s notifications are unread' })
  async unreadNotifications(@Ctx() context: GraphQLContext): Promise<number> {
    const key = recipientKey(recipientOf(requireViewer(context)));
    return context.services.readStore.count(NOTIFICATIONS.name, unread(key, await readUpTo(context, key)));
  }
}

/**
 * The viewer's notifications as the log makes them (through the hub's shared views of every
 * collaboration, evolved by the notifications projection itself): the same table as the read model,
 * each delivered only to its recipient. Nothing in a notification is hidden from its recipient
 * (notificationKinds.ts).
 */
const notificationsAdded = (context: GraphQLContext): AsyncIterableIterator<Notification | Refusal> => {
  const viewer = requireViewer(context);
  const key = recipientKey(recipientOf(viewer));
  const queued = steps<CollaborationPartiesDoc>();
  const followed = context.services.views.followAll<CollaborationPartiesDoc>(
    notificationsProjection,
    (event) => ({ collection: NOTIFICATION_PARTIES, id: collaborationIdOfStream(event.streamId) }),
    queued.listener as ViewListener<CollaborationPartiesDoc>,
  );
  return delivered(queued, followed, (step) => {
    if ('failed' in step) return undefined;
    stillValid(viewer);
    const event = step.event as Recorded<Parameters<typeof noticesOf>[0]>;
    const notice = noticesOf(event, step.before).find((n) => recipientKey(n.recipient) === key);
    if (!notice) return undefined;
    return {
      id: event.position.toString(),
      kind: notice.kind,
      params: { ...notice.params },
      eventType: event.type,
      collaborationId: collaborationIdOfStream(event.streamId),
      collaborationTitle: step.after?.title ?? null,
      occurredAt: event.metadata.occurredAt,
      read: false,
    };
  });
};
