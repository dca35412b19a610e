import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { commandContext, resultOf, waitForPosition, withoutNulls } from '../common/commands.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { RegisterSellerInput, Seller, SellerPayload, sellerFromDoc } from './seller.type.js';

@Resolver(() => Seller)
export class SellerResolver {
  @Query(() => Seller, { nullable: true, description: 'A seller’s public profile and how creators rated it' })
  async seller(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Seller | null> {
    requireViewer(context);
    const doc = await context.loaders.sellers.load(id);
    return doc?.profile ? sellerFromDoc(doc) : null;
  }

  @Mutation(() => SellerPayload, {
    description: 'A seller registers itself (the seller id comes from the token)',
  })
  async registerSeller(
    @Arg('input', () => RegisterSellerInput) input: RegisterSellerInput,
    @Ctx() context: GraphQLContext,
  ) {
    const viewer = requireRole(context, 'SELLER');
    const { command, options } = commandContext(context, 'registerSeller');
    const result = await context.services.write.seller(
      { type: 'RegisterSeller', sellerId: viewer.sellerId!, profile: withoutNulls({ ...input }), ...command },
      options,
    );
    return { ...resultOf(result), sellerId: viewer.sellerId! };
  }
}

@Resolver(() => SellerPayload)
export class SellerPayloadResolver {
  @FieldResolver(() => Seller, {
    nullable: true,
    description: 'The seller as of this command (waits, bounded)',
  })
  async seller(@Root() payload: SellerPayload, @Ctx() context: GraphQLContext): Promise<Seller | null> {
    requireViewer(context);
    await waitForPosition(context, BigInt(payload.position), ['sellers', 'verifications']);
    context.loaders.sellers.clear(payload.sellerId);
    const doc = await context.loaders.sellers.load(payload.sellerId);
    return doc ? sellerFromDoc(doc) : null;
  }
}
