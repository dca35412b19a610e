import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { CollaborationCommandBody, CollaborationCommandInput } from '../../contexts/writeSide.js';
import { DomainError } from '../../core/errors.js';
import { commandContext, idOr, resultOf, withoutNulls } from '../common/commands.js';
import { iso } from '../common/scalars.js';
import { requireRole, type GraphQLContext } from '../context.js';
import type { TokenRole } from '../../access/viewer.js';
import { assembleBrief } from './brief.js';
import { CollaborationPayload } from './collaboration.type.js';
import {
  FlagRatingInput,
  PostMessageInput,
  ProposeCollaborationInput,
  PublishContentInput,
  RateCollaborationInput,
  RecordMetricsSnapshotInput,
  ReleaseMilestoneInput,
  ReviewContentInput,
  ReviewRatingInput,
  SubmitScriptInput,
} from './collaboration.input.js';

/**
 * The collaboration commands (DOMAIN.md § The collaboration), each a thin call into the write side:
 * the role is checked here, every rule in the decider. Each returns what it wrote and its position.
 */
export const sendCollaborationCommand = async (
  context: GraphQLContext,
  field: string,
  roles: TokenRole[],
  body: CollaborationCommandBody & { collaborationId: string },
) => {
  requireRole(context, ...roles);
  const { command, options } = commandContext(context, field);
  const result = await context.services.write.collaboration(
    { ...body, ...command } as CollaborationCommandInput,
    options,
  );
  return {
    result,
    payload: { ...resultOf(result), collaborationId: body.collaborationId, status: result.state.status },
  };
};

const send = async (...args: Parameters<typeof sendCollaborationCommand>): Promise<CollaborationPayload> =>
  (await sendCollaborationCommand(...args)).payload;

@Resolver()
export class CollaborationMutations {
  @Mutation(() => CollaborationPayload, {
    description: 'A seller proposes a collaboration with a full brief (or a template)',
  })
  async proposeCollaboration(
    @Arg('input', () => ProposeCollaborationInput) input: ProposeCollaborationInput,
    @Ctx() context: GraphQLContext,
  ) {
    const viewer = requireRole(context, 'SELLER');
    const template = input.templateId
      ? (await context.services.write.sellerLibraryState(viewer.sellerId!)).templates.get(input.templateId)
          ?.brief
      : undefined;
    if (input.templateId && !template) {
      throw new DomainError('TEMPLATE_NOT_FOUND', `No template ${input.templateId} in your library`);
    }
    const brief = assembleBrief(
      withoutNulls({ ...input.brief }) as Record<string, unknown>,
      template,
      context.services.now(),
    );
    return send(context, 'proposeCollaboration', ['SELLER'], {
      type: 'ProposeCollaboration',
      collaborationId: idOr(context, 'proposeCollaboration', input.collaborationId),
      sellerId: viewer.sellerId!,
      creatorId: input.creatorId,
      brief,
      ...(input.templateId ? { templateId: input.templateId } : {}),
    });
  }

  @Mutation(() => CollaborationPayload, { description: 'The creator accepts: the deposit falls due' })
  acceptProposal(@Arg('collaborationId', () => ID) collaborationId: string, @Ctx() context: GraphQLContext) {
    return send(context, 'acceptProposal', ['CREATOR'], { type: 'AcceptProposal', collaborationId });
  }

  @Mutation(() => CollaborationPayload)
  declineProposal(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'declineProposal', ['CREATOR'], {
      type: 'DeclineProposal',
      collaborationId,
      reason,
    });
  }

  @Mutation(() => CollaborationPayload)
  withdrawProposal(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Ctx() context: GraphQLContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return send(context, 'withdrawProposal', ['SELLER'], {
      type: 'WithdrawProposal',
      collaborationId,
      ...(reason ? { reason } : {}),
    });
  }

  @Mutation(() => CollaborationPayload)
  cancelCollaboration(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'cancelCollaboration', ['SELLER', 'CREATOR'], {
      type: 'CancelCollaboration',
      collaborationId,
      reason,
    });
  }

  @Mutation(() => CollaborationPayload, { description: 'The creator submits the next script version' })
  submitScript(
    @Arg('input', () => SubmitScriptInput) input: SubmitScriptInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'submitScript', ['CREATOR'], {
      type: 'SubmitScript',
      ...withoutNulls({ ...input }),
    });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'The seller asks for a revision, with concrete feedback',
  })
  requestRevision(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Arg('feedback', () => String) feedback: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'requestRevision', ['SELLER'], {
      type: 'RequestRevision',
      collaborationId,
      feedback,
    });
  }

  @Mutation(() => CollaborationPayload)
  approveScript(@Arg('collaborationId', () => ID) collaborationId: string, @Ctx() context: GraphQLContext) {
    return send(context, 'approveScript', ['SELLER'], { type: 'ApproveScript', collaborationId });
  }

  @Mutation(() => CollaborationPayload, { description: 'The creator publishes; lateness is recorded' })
  publishContent(
    @Arg('input', () => PublishContentInput) input: PublishContentInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'publishContent', ['CREATOR'], {
      type: 'PublishContent',
      collaborationId: input.collaborationId,
      platform: input.platform as 'TIKTOK',
      url: input.url,
      publishedAt: iso(input.publishedAt),
    });
  }

  @Mutation(() => CollaborationPayload)
  reviewContent(
    @Arg('input', () => ReviewContentInput) input: ReviewContentInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'reviewContent', ['SELLER'], {
      type: 'ReviewContent',
      ...withoutNulls({ ...input }),
    } as CollaborationCommandBody & { collaborationId: string });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'Cumulative metrics at one moment; a counter that went down is flagged, not refused',
  })
  recordMetricsSnapshot(
    @Arg('input', () => RecordMetricsSnapshotInput) input: RecordMetricsSnapshotInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'recordMetricsSnapshot', ['SELLER', 'CREATOR'], {
      type: 'RecordMetricsSnapshot',
      collaborationId: input.collaborationId,
      snapshotId: idOr(context, 'recordMetricsSnapshot', input.snapshotId),
      capturedAt: iso(input.capturedAt),
      views: input.views,
      likes: input.likes,
      comments: input.comments,
      shares: input.shares,
      clicks: input.clicks,
      orders: input.orders,
      gmv: { amountMinor: input.gmv.amountMinor, currency: input.gmv.currency },
      ...(input.integration ? { integration: input.integration } : {}),
    });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'A message on the collaboration: the trail that later serves as evidence',
  })
  postMessage(@Arg('input', () => PostMessageInput) input: PostMessageInput, @Ctx() context: GraphQLContext) {
    return send(context, 'postMessage', ['SELLER', 'CREATOR', 'ARBITRATOR'], {
      type: 'PostMessage',
      collaborationId: input.collaborationId,
      messageId: idOr(context, 'postMessage', input.messageId),
      body: input.body,
      attachments: input.attachments ?? [],
    });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'The seller completes: the FINAL milestone is released or held, the rating window opens',
  })
  completeCollaboration(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'completeCollaboration', ['SELLER'], {
      type: 'CompleteCollaboration',
      collaborationId,
    });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'The seller releases a due milestone (waiving missed targets if it must)',
  })
  releaseMilestone(
    @Arg('input', () => ReleaseMilestoneInput) input: ReleaseMilestoneInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'releaseMilestone', ['SELLER'], {
      type: 'ReleaseMilestone',
      ...withoutNulls({ ...input }),
    });
  }

  @Mutation(() => CollaborationPayload, { description: 'A double-blind rating of the other side' })
  rateCollaboration(
    @Arg('input', () => RateCollaborationInput) input: RateCollaborationInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'rateCollaboration', ['SELLER', 'CREATOR'], {
      type: 'RateCollaboration',
      collaborationId: input.collaborationId,
      ratingId: idOr(context, 'rateCollaboration', input.ratingId),
      scores: Object.fromEntries(input.scores.map((s) => [s.dimension, s.score])),
      comment: input.comment,
      tags: input.tags ?? [],
    });
  }

  @Mutation(() => CollaborationPayload, { description: 'An arbitrator upholds or removes a flagged rating' })
  reviewRating(
    @Arg('input', () => ReviewRatingInput) input: ReviewRatingInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'reviewRating', ['ARBITRATOR'], {
      type: 'ReviewRating',
      collaborationId: input.collaborationId,
      ratingId: input.ratingId,
      decision: input.decision as 'UPHOLD' | 'REMOVE',
      note: input.note,
    });
  }

  @Mutation(() => CollaborationPayload, { description: 'An arbitrator flags a rating for review' })
  flagRating(@Arg('input', () => FlagRatingInput) input: FlagRatingInput, @Ctx() context: GraphQLContext) {
    return send(context, 'flagRating', ['ARBITRATOR'], {
      type: 'FlagRating',
      ...withoutNulls({ ...input }),
    } as CollaborationCommandBody & { collaborationId: string });
  }
}
