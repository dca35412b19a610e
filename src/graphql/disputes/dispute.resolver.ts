import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import { SHA256, uploaderKey } from '../../blobStore/blobStore.js';
import type { Condition } from '../../readStore/readStore.js';
import { partyIdOf, visibleTo } from '../../access/rules.js';
import { idOr, waitForPosition } from '../common/commands.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { sendCollaborationCommand } from '../collaborations/collaboration.mutations.js';
import {
  AddEvidenceInput,
  AddStatementInput,
  OpenDisputeInput,
  ResolveDisputeInput,
  WithdrawDisputeInput,
} from '../collaborations/collaboration.input.js';
import type { CollaborationCommandBody } from '../../contexts/writeSide.js';
import type { TokenRole } from '../../access/viewer.js';
import { Dispute, DisputeConnection, DisputeFilter, DisputePayload, disputeFromDoc } from './dispute.type.js';

const send = async (
  context: GraphQLContext,
  field: string,
  roles: TokenRole[],
  disputeId: string,
  body: CollaborationCommandBody & { collaborationId: string },
): Promise<DisputePayload> => ({
  ...(await sendCollaborationCommand(context, field, roles, body)).payload,
  disputeId,
});

@Resolver(() => Dispute)
export class DisputeResolver {
  @Query(() => Dispute, {
    nullable: true,
    description: 'A dispute’s evidence trail: for its parties, arbitrators and auditors',
  })
  async dispute(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Dispute | null> {
    const viewer = requireViewer(context);
    const doc = visibleTo(viewer, await context.loaders.disputes.load(id));
    return doc ? disputeFromDoc(doc) : null;
  }

  @Query(() => DisputeConnection, { description: 'Disputes the viewer may see, latest activity first' })
  async disputes(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => DisputeFilter, { nullable: true }) filter?: DisputeFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DisputeConnection> {
    const viewer = requireViewer(context);
    const where: Condition[] = [];
    let { sellerId, creatorId } = filter ?? {};
    if (viewer.role === 'SELLER') {
      if (sellerId && sellerId !== viewer.sellerId)
        throw new ForbiddenError('A seller sees only its own disputes');
      sellerId = viewer.sellerId;
    }
    if (viewer.role === 'CREATOR') {
      if (creatorId && creatorId !== viewer.creatorId)
        throw new ForbiddenError('A creator sees only its own disputes');
      creatorId = viewer.creatorId;
    }
    if (sellerId) where.push({ field: 'sellerId', op: 'eq', value: sellerId });
    if (creatorId) where.push({ field: 'creatorId', op: 'eq', value: creatorId });
    if (filter?.status) where.push({ field: 'status', op: 'eq', value: filter.status });
    if (filter?.reason) where.push({ field: 'reason', op: 'eq', value: filter.reason });
    if (typeof filter?.escalated === 'boolean')
      where.push({ field: 'escalated', op: 'eq', value: filter.escalated ? 1 : 0 });
    if (filter?.collaborationId)
      where.push({ field: 'collaborationId', op: 'eq', value: filter.collaborationId });
    const [page, total] = await Promise.all([
      context.services.readStore.query('disputes', {
        where,
        orderBy: [{ field: 'updatedAt', direction: 'desc' }],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count('disputes', where),
    ]);
    return toConnection(page, total, disputeFromDoc);
  }

  @Mutation(() => DisputePayload, {
    description: 'A party opens a dispute; every unreleased milestone is held',
  })
  async openDispute(
    @Arg('input', () => OpenDisputeInput) input: OpenDisputeInput,
    @Ctx() context: GraphQLContext,
  ) {
    const disputeId = idOr(context, 'openDispute', input.disputeId);
    return send(context, 'openDispute', ['SELLER', 'CREATOR'], disputeId, {
      type: 'OpenDispute',
      collaborationId: input.collaborationId,
      disputeId,
      reason: input.reason as 'OTHER',
      statement: input.statement,
    });
  }

  @Mutation(() => DisputePayload, {
    description: 'A party adds evidence: the SHA-256 of a file uploaded to POST /evidence',
  })
  async addEvidence(
    @Arg('input', () => AddEvidenceInput) input: AddEvidenceInput,
    @Ctx() context: GraphQLContext,
  ) {
    const viewer = requireRole(context, 'SELLER', 'CREATOR');
    if (!SHA256.test(input.sha256)) {
      throw new ValidationError('sha256 is 64 lowercase hex digits, as POST /evidence returned it', {
        field: 'sha256',
      });
    }
    // The file's type and size are the blob store's facts, not the caller's; the decider refuses
    // a hash this party did not upload (after it has checked who asks). A hash is no secret — the
    // other party of a dispute sees it — so citing one takes having uploaded its bytes: nobody can
    // cite someone else's file into a dispute of their own to read it.
    const { blobs } = context.services;
    const mine = await blobs.uploadedBy(input.sha256, uploaderKey(viewer.role, partyIdOf(viewer)!));
    const info = mine ? await blobs.info(input.sha256) : undefined;
    return send(context, 'addEvidence', ['SELLER', 'CREATOR'], input.disputeId, {
      type: 'AddEvidence',
      collaborationId: input.collaborationId,
      disputeId: input.disputeId,
      evidenceId: idOr(context, 'addEvidence', input.evidenceId),
      kind: input.kind as 'OTHER',
      description: input.description,
      sha256: input.sha256,
      ...(input.fileName ? { fileName: input.fileName } : {}),
      file: info ? { contentType: info.contentType, sizeBytes: info.size } : null,
    });
  }

  @Mutation(() => DisputePayload)
  addStatement(
    @Arg('input', () => AddStatementInput) input: AddStatementInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'addStatement', ['SELLER', 'CREATOR', 'ARBITRATOR'], input.disputeId, {
      type: 'AddStatement',
      collaborationId: input.collaborationId,
      disputeId: input.disputeId,
      statementId: idOr(context, 'addStatement', input.statementId),
      text: input.text,
    });
  }

  @Mutation(() => DisputePayload, {
    description: 'An arbitrator resolves a dispute, deciding each held milestone',
  })
  resolveDispute(
    @Arg('input', () => ResolveDisputeInput) input: ResolveDisputeInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'resolveDispute', ['ARBITRATOR'], input.disputeId, {
      type: 'ResolveDispute',
      collaborationId: input.collaborationId,
      disputeId: input.disputeId,
      outcome: input.outcome as 'NO_FAULT',
      note: input.note,
      ...(input.milestoneDecisions
        ? {
            milestoneDecisions: input.milestoneDecisions.map((d) => ({
              name: d.name,
              action: d.action as 'RESUME',
            })),
          }
        : {}),
    });
  }

  @Mutation(() => DisputePayload, { description: 'The opener withdraws a dispute; its holds are lifted' })
  withdrawDispute(
    @Arg('input', () => WithdrawDisputeInput) input: WithdrawDisputeInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'withdrawDispute', ['SELLER', 'CREATOR'], input.disputeId, {
      type: 'WithdrawDispute',
      collaborationId: input.collaborationId,
      disputeId: input.disputeId,
      ...(input.note ? { note: input.note } : {}),
    });
  }
}

@Resolver(() => DisputePayload)
export class DisputePayloadResolver {
  @FieldResolver(() => Dispute, {
    nullable: true,
    description: 'The dispute as of this command (waits, bounded, for the trail)',
  })
  async dispute(@Root() payload: DisputePayload, @Ctx() context: GraphQLContext): Promise<Dispute | null> {
    const viewer = requireViewer(context);
    await waitForPosition(context, BigInt(payload.position), ['disputes']);
    context.loaders.disputes.clear(payload.disputeId);
    // The same sight rule as the query, and the dispute of this collaboration only.
    const doc = visibleTo(viewer, await context.loaders.disputes.load(payload.disputeId));
    return doc && doc.collaborationId === payload.collaborationId ? disputeFromDoc(doc) : null;
  }
}
