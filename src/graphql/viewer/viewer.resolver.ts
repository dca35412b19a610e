import { Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../common/enums.js';
import { requireViewer, type GraphQLContext } from '../context.js';
import { Creator, creatorFromDoc } from '../creators/creator.type.js';
import { Seller, sellerFromDoc } from '../sellers/seller.type.js';

@ObjectType({ description: 'Who is asking, as the bearer token says' })
export class Me {
  @Field(() => ID) userId!: string;
  @Field(() => Role) role!: string;
  @Field(() => ID, { nullable: true }) sellerId!: string | null;
  @Field(() => ID, { nullable: true }) creatorId!: string | null;
}

@Resolver(() => Me)
export class ViewerResolver {
  @Query(() => Me)
  me(@Ctx() context: GraphQLContext): Me {
    const viewer = requireViewer(context);
    return {
      userId: viewer.userId,
      role: viewer.role,
      sellerId: viewer.sellerId ?? null,
      creatorId: viewer.creatorId ?? null,
    };
  }

  @FieldResolver(() => Seller, {
    nullable: true,
    description: 'The seller the viewer acts for, once registered',
  })
  async seller(@Root() me: Me, @Ctx() context: GraphQLContext): Promise<Seller | null> {
    if (!me.sellerId) return null;
    const doc = await context.loaders.sellers.load(me.sellerId);
    return doc?.profile ? sellerFromDoc(doc) : null;
  }

  @FieldResolver(() => Creator, {
    nullable: true,
    description: 'The creator the viewer acts for, once registered',
  })
  async creator(@Root() me: Me, @Ctx() context: GraphQLContext): Promise<Creator | null> {
    if (!me.creatorId) return null;
    const doc = await context.loaders.creators.load(me.creatorId);
    return doc?.registered ? creatorFromDoc(doc) : null;
  }
}
