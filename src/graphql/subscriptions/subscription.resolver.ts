import { Arg, Ctx, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { CollaborationStatus } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { requireViewer, type GraphQLContext } from '../context.js';
import { Collaboration } from '../collaborations/collaboration.type.js';
import { collaborationFromDoc } from '../collaborations/collaboration.view.js';
import { Dispute, disputeFromDoc } from '../disputes/dispute.type.js';
import {
  collaborationUpdates,
  disputeUpdates,
  isRefusal,
  myCollaborationUpdates,
  type CollaborationUpdate,
  type DisputeUpdate,
  type Refusal,
} from './sources.js';

@ObjectType({ description: 'An event of a collaboration and the collaboration right after it' })
export class CollaborationUpdateType {
  @Field(() => String) position!: string;
  @Field(() => Int) revision!: number;
  @Field(() => String) eventType!: string;
  @Field(() => DateTime) occurredAt!: string;
  @Field(() => CollaborationStatus) status!: string;
  @Field(() => CollaborationStatus, { nullable: true }) previousStatus!: string | null;
  @Field(() => Collaboration) collaboration!: Collaboration;
}

@ObjectType({ description: 'An event of a dispute and the dispute right after it' })
export class DisputeUpdateType {
  @Field(() => String) position!: string;
  @Field(() => String) eventType!: string;
  @Field(() => DateTime) occurredAt!: string;
  @Field(() => Dispute) dispute!: Dispute;
}

type Args<T> = { args: T; context: GraphQLContext };

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => CollaborationUpdateType, {
    description:
      'Every event of one collaboration, in order, from now on (its parties, arbitrators, auditors)',
    subscribe: ({ args, context }: Args<{ id: string }>) => collaborationUpdates(context, args.id),
  })
  collaborationUpdated(
    @Root() update: CollaborationUpdate | Refusal,
    @Arg('id', () => ID) _id: string,
    @Ctx() context: GraphQLContext,
  ): CollaborationUpdateType {
    return toUpdate(update, context);
  }

  @Subscription(() => CollaborationUpdateType, {
    description:
      'Every status change of the viewer’s collaborations (all of them for arbitrators and auditors)',
    subscribe: ({ context }: Args<object>) => myCollaborationUpdates(context),
  })
  myCollaborations(
    @Root() update: CollaborationUpdate | Refusal,
    @Ctx() context: GraphQLContext,
  ): CollaborationUpdateType {
    return toUpdate(update, context);
  }

  @Subscription(() => DisputeUpdateType, {
    description: 'Every change of one dispute’s trail, in order, from now on',
    subscribe: ({ args, context }: Args<{ id: string }>) => disputeUpdates(context, args.id),
  })
  disputeUpdated(
    @Root() update: DisputeUpdate | Refusal,
    @Arg('id', () => ID) _id: string,
  ): DisputeUpdateType {
    if (isRefusal(update)) throw update.refused;
    return {
      position: update.event.position.toString(),
      eventType: update.event.type,
      occurredAt: update.event.metadata.occurredAt,
      dispute: disputeFromDoc(update.doc),
    };
  }
}

const toUpdate = (
  update: CollaborationUpdate | Refusal,
  context: GraphQLContext,
): CollaborationUpdateType => {
  if (isRefusal(update)) throw update.refused;
  return toCollaborationUpdate(update, context);
};

const toCollaborationUpdate = (
  update: CollaborationUpdate,
  context: GraphQLContext,
): CollaborationUpdateType => ({
  position: update.event.position.toString(),
  revision: Number(update.event.revision),
  eventType: update.event.type,
  occurredAt: update.event.metadata.occurredAt,
  status: update.doc.status,
  previousStatus: update.previousStatus,
  collaboration: collaborationFromDoc(update.doc, requireViewer(context)),
});
