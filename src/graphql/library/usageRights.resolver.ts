import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { UsageRightsDoc } from '../../../projections/sellerLibrary/sellerLibrary.projection.js';
import { addDays, ms } from '../../contexts/shared.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import type { Condition } from '../../readStore/readStore.js';
import { Platform, UsageScope } from '../common/enums.js';
import { DateTime } from '../common/scalars.js';
import { Connection, Money, pageSize, toConnection } from '../common/types.js';
import { requireViewer, type GraphQLContext } from '../context.js';

/** DOMAIN.md § Usage rights: the seller's library lists the content whose rights end soon. */

@ObjectType({ description: 'The content the usage rights are to: its last link' })
export class RightsContent {
  @Field(() => Platform) platform!: string;
  @Field(() => String) url!: string;
  @Field(() => DateTime) publishedAt!: string;
}

@ObjectType()
export class ProposedExtension {
  @Field(() => ID) id!: string;
  @Field(() => DateTime) endsAt!: string;
  @Field(() => Money, { nullable: true }) fee!: Money | null;
  @Field(() => DateTime) proposedAt!: string;
}

@ObjectType({ description: 'Usage rights to a seller’s published content, and when they end' })
export class UsageRightsEntry {
  @Field(() => ID) collaborationId!: string;
  @Field(() => ID) creatorId!: string;
  @Field(() => String) title!: string;
  @Field(() => [UsageScope]) scope!: string[];
  @Field(() => [Platform]) platforms!: string[];
  @Field(() => DateTime) endsAt!: string;
  @Field(() => Int, { description: 'Whole days left, rounded up' }) daysLeft!: number;
  @Field(() => RightsContent) content!: RightsContent;
  @Field(() => Int) extensions!: number;
  @Field(() => ProposedExtension, { nullable: true, description: 'An extension awaiting the creator' })
  pendingExtension!: ProposedExtension | null;
}

@ObjectType()
export class UsageRightsEntryConnection extends Connection('UsageRightsEntry', UsageRightsEntry) {}

const entryOf =
  (now: string) =>
  (doc: UsageRightsDoc): UsageRightsEntry => ({
    collaborationId: doc.collaborationId,
    creatorId: doc.creatorId,
    title: doc.title,
    scope: [...doc.scope],
    platforms: [...doc.platforms],
    endsAt: doc.endsAt!,
    daysLeft: Math.max(0, Math.ceil((ms(doc.endsAt!) - ms(now)) / 86_400_000)),
    content: { ...doc.content! },
    extensions: doc.extensions,
    pendingExtension: doc.pendingExtension && {
      id: doc.pendingExtension.extensionId,
      endsAt: doc.pendingExtension.endsAt,
      fee: doc.pendingExtension.fee,
      proposedAt: doc.pendingExtension.proposedAt,
    },
  });

@Resolver()
export class UsageRightsResolver {
  @Query(() => UsageRightsEntryConnection, {
    description:
      'Content whose usage rights run and end within `withinDays` (30 by default), soonest first: the seller’s own, or for an auditor a seller’s',
  })
  async usageRightsEnding(
    @Ctx() context: GraphQLContext,
    @Arg('withinDays', () => Int, { nullable: true, defaultValue: 30 }) withinDays?: number,
    @Arg('sellerId', () => ID, { nullable: true }) sellerId?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<UsageRightsEntryConnection> {
    const viewer = requireViewer(context);
    // DOMAIN.md § The seller's private creator library: no other seller reads it; auditors read all.
    let owner: string;
    if (viewer.role === 'SELLER') {
      if (sellerId && sellerId !== viewer.sellerId)
        throw new ForbiddenError('A library is private to its seller');
      owner = viewer.sellerId!;
    } else if (viewer.role === 'AUDITOR') {
      if (!sellerId) throw new ValidationError('An auditor names the seller (sellerId)', { sellerId });
      owner = sellerId;
    } else {
      throw new ForbiddenError('A library is private to its seller');
    }
    const days = withinDays ?? 30;
    if (!Number.isInteger(days) || days < 1 || days > 366) {
      throw new ValidationError('withinDays is 1 to 366', { withinDays });
    }
    const now = context.services.now();
    const where: Condition[] = [
      { field: 'sellerId', op: 'eq', value: owner },
      { field: 'live', op: 'eq', value: 1 },
      { field: 'endsAt', op: 'lte', value: addDays(now, days) },
    ];
    const [page, total] = await Promise.all([
      context.services.readStore.query('usageRights', {
        where,
        orderBy: [{ field: 'endsAt', direction: 'asc' }],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count('usageRights', where),
    ]);
    return toConnection(page, total, entryOf(now));
  }
}
