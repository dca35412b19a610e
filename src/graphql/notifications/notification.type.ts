import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { NOTIFICATION_KINDS } from '../../../projections/notifications/notificationKinds.js';
import type { NotificationDoc } from '../../../projections/notifications/notifications.projection.js';
import { enumOf } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Connection } from '../common/types.js';

export const NotificationKind = enumOf(
  NOTIFICATION_KINDS,
  'NotificationKind',
  'What a notification tells (DOMAIN.md § Notifications): a client words it from its kind and parameters',
);

@ObjectType({
  description: 'Something the other side, the platform or an arbitrator did that concerns the viewer',
})
export class Notification {
  @Field(() => ID, { description: 'The log position of the event it tells of: also its order' }) id!: string;
  @Field(() => NotificationKind) kind!: string;
  @Field(() => GraphQLJSON, { description: 'Its parameters, by name: values, never prose' })
  params!: Record<string, unknown>;
  @Field(() => String, { description: 'The event it tells of' }) eventType!: string;
  @Field(() => ID, { nullable: true }) collaborationId!: string | null;
  @Field(() => String, { nullable: true }) collaborationTitle!: string | null;
  @Field(() => DateTime) occurredAt!: string;
  @Field(() => Boolean) read!: boolean;
}

@ObjectType()
export class NotificationConnection extends Connection('Notification', Notification) {}

@ObjectType({ description: 'How far the viewer has read its notifications' })
export class NotificationsReadPayload {
  @Field(() => String, { description: 'Every notification up to this position is read' }) readUpTo!: string;
  @Field(() => String, { nullable: true, description: 'Where the log recorded it (null: read already)' })
  position!: string | null;
}

export const notificationFromDoc = (doc: NotificationDoc, readUpTo: number): Notification => ({
  id: String(doc.position),
  kind: doc.kind,
  params: { ...doc.params },
  eventType: doc.eventType,
  collaborationId: doc.collaborationId,
  collaborationTitle: doc.title,
  occurredAt: doc.occurredAt,
  read: doc.position <= readUpTo,
});
