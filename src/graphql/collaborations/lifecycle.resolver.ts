import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { CollaborationDoc } from '../../../projections/collaborations/collaborations.projection.js';
import { awaitedSide, counterOffersLeft } from '../../contexts/collaboration/negotiation.js';
import type { Platform } from '../../contexts/vocabulary.js';
import type { UsageScope } from '../../contexts/collaboration/collaboration.events.js';
import { idOr, withoutNulls } from '../common/commands.js';
import { iso } from '../common/scalars.js';
import type { GraphQLContext } from '../context.js';
import { sendCollaborationCommand } from './collaboration.mutations.js';
import { Collaboration, CollaborationPayload } from './collaboration.type.js';
import type { Computed } from './collaboration.view.js';
import {
  ContentFix,
  CounterOfferInput,
  Negotiation,
  ProposeUsageRightsExtensionInput,
  RecordContentFixInput,
  UsageRightsStatus,
} from './lifecycle.type.js';

/** DOMAIN.md § Negotiation, § Acceptance, § Usage rights: what a collaboration shows of them. */

const negotiationOf = (doc: CollaborationDoc): Negotiation => {
  const { state } = doc;
  return {
    offers: state.negotiation.offers.map((o) => ({
      round: o.round,
      by: o.by,
      fee: o.fee,
      scriptDueAt: o.scriptDueAt,
      publishDueAt: o.publishDueAt,
      deliverables: o.deliverables.map((d) => ({ ...d })),
      note: o.note ?? null,
      offeredAt: o.at,
    })),
    counterOffersAllowed: state.brief!.negotiationRounds,
    counterOffersLeft: state.status === 'PROPOSED' ? counterOffersLeft(state) : 0,
    awaiting: state.status === 'PROPOSED' ? awaitedSide(state) : null,
    agreedRound: state.negotiation.agreedRound,
  };
};

const contentFixOf = (doc: CollaborationDoc): ContentFix => {
  const fix = doc.state.contentFix;
  return {
    issues: [...fix.issues],
    fixRequired: fix.required,
    reviewedAt: fix.reviewedAt,
    fixDueAt: fix.dueAt,
    fixes: fix.fixes,
    fixedAt: fix.fixedAt,
    overdue: fix.overdue,
  };
};

const usageRightsOf = (doc: CollaborationDoc): UsageRightsStatus => {
  const rights = doc.state.usageRights;
  const pending = rights.pendingExtension;
  return {
    scope: [...rights.scope],
    platforms: [...rights.platforms],
    endsAt: rights.endsAt,
    ended: rights.ended,
    extensions: rights.extensions,
    pendingExtension: pending && {
      id: pending.extensionId,
      scope: [...pending.scope],
      platforms: [...pending.platforms],
      endsAt: pending.endsAt,
      fee: pending.fee,
      note: pending.note,
      proposedAt: pending.proposedAt,
    },
  };
};

@Resolver(() => Collaboration)
export class CollaborationLifecycleResolver {
  @FieldResolver(() => Negotiation, { description: 'The proposal and every counter-offer, in order' })
  negotiation(@Root() collaboration: Collaboration): Computed<Negotiation> {
    return collaboration.source.read(negotiationOf);
  }

  @FieldResolver(() => ContentFix, { description: 'Content reviewed with issues, its fix and its deadline' })
  contentFix(@Root() collaboration: Collaboration): Computed<ContentFix> {
    return collaboration.source.read(contentFixOf);
  }

  @FieldResolver(() => UsageRightsStatus, { description: 'The usage rights as they stand now' })
  usageRights(@Root() collaboration: Collaboration): Computed<UsageRightsStatus> {
    return collaboration.source.read(usageRightsOf);
  }
}

const send = async (...args: Parameters<typeof sendCollaborationCommand>): Promise<CollaborationPayload> =>
  (await sendCollaborationCommand(...args)).payload;

/** The lifecycle's commands, each a thin call into the write side (the rules are the decider's). */
@Resolver()
export class LifecycleMutations {
  @Mutation(() => CollaborationPayload, {
    description: 'Before acceptance, either side counters the latest offer (fee, dates, deliverables)',
  })
  counterOffer(
    @Arg('input', () => CounterOfferInput) input: CounterOfferInput,
    @Ctx() context: GraphQLContext,
  ) {
    const { collaborationId, fee, scriptDueAt, publishDueAt, deliverables, note } = input;
    return send(context, 'counterOffer', ['SELLER', 'CREATOR'], {
      type: 'CounterOffer',
      collaborationId,
      ...(fee ? { fee: { amountMinor: fee.amountMinor, currency: fee.currency } } : {}),
      ...(scriptDueAt ? { scriptDueAt: iso(scriptDueAt) } : {}),
      ...(publishDueAt ? { publishDueAt: iso(publishDueAt) } : {}),
      ...(deliverables
        ? { deliverables: deliverables.map((d) => ({ description: d.description, quantity: d.quantity })) }
        : {}),
      ...(note ? { note } : {}),
    });
  }

  @Mutation(() => CollaborationPayload, {
    description:
      'The seller accepts the creator’s counter-offer: its terms become the brief, the deposit falls due',
  })
  acceptCounterOffer(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'acceptCounterOffer', ['SELLER'], { type: 'AcceptCounterOffer', collaborationId });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'The creator records the fix of content reviewed with issues',
  })
  recordContentFix(
    @Arg('input', () => RecordContentFixInput) input: RecordContentFixInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'recordContentFix', ['CREATOR'], {
      type: 'RecordContentFix',
      ...withoutNulls({ ...input }),
    });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'The seller proposes to extend the usage rights (a fee may come with it)',
  })
  proposeUsageRightsExtension(
    @Arg('input', () => ProposeUsageRightsExtensionInput) input: ProposeUsageRightsExtensionInput,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'proposeUsageRightsExtension', ['SELLER'], {
      type: 'ProposeUsageRightsExtension',
      collaborationId: input.collaborationId,
      extensionId: idOr(context, 'proposeUsageRightsExtension', input.extensionId),
      endsAt: iso(input.endsAt),
      ...(input.scope ? { scope: input.scope as UsageScope[] } : {}),
      ...(input.platforms ? { platforms: input.platforms as Platform[] } : {}),
      ...(input.fee ? { fee: { amountMinor: input.fee.amountMinor, currency: input.fee.currency } } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
  }

  @Mutation(() => CollaborationPayload, {
    description: 'The creator accepts the extension: the rights end later; its fee falls due',
  })
  acceptUsageRightsExtension(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Arg('extensionId', () => ID) extensionId: string,
    @Ctx() context: GraphQLContext,
  ) {
    return send(context, 'acceptUsageRightsExtension', ['CREATOR'], {
      type: 'AcceptUsageRightsExtension',
      collaborationId,
      extensionId,
    });
  }

  @Mutation(() => CollaborationPayload, { description: 'The creator declines the extension' })
  declineUsageRightsExtension(
    @Arg('collaborationId', () => ID) collaborationId: string,
    @Arg('extensionId', () => ID) extensionId: string,
    @Ctx() context: GraphQLContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return send(context, 'declineUsageRightsExtension', ['CREATOR'], {
      type: 'DeclineUsageRightsExtension',
      collaborationId,
      extensionId,
      ...(reason ? { reason } : {}),
    });
  }
}
