import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  VERIFICATIONS,
  verificationKey,
  type VerificationDoc,
} from '../../../projections/verifications/verifications.projection.js';
import { SHA256, uploaderKey } from '../../blobStore/blobStore.js';
import { seesEverything } from '../../access/rules.js';
import type { Viewer } from '../../access/viewer.js';
import type { CreatorCommand } from '../../contexts/creator/creator.decide.js';
import type { SellerCommand } from '../../contexts/seller/seller.decide.js';
import type { Platform } from '../../contexts/vocabulary.js';
import { ValidationError } from '../../core/errors.js';
import type { Condition } from '../../readStore/readStore.js';
import { commandContext, resultOf } from '../common/commands.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { CreatorPayload } from '../creators/creator.input.js';
import { Creator } from '../creators/creator.type.js';
import { Seller, SellerPayload } from '../sellers/seller.type.js';
import {
  CreatorVerification,
  creatorVerificationOf,
  DeclineCreatorVerificationInput,
  DecideSellerVerificationInput,
  requestFromDoc,
  SellerVerification,
  sellerVerificationOf,
  SubmitSellerVerificationInput,
  VerificationQueueFilter,
  VerificationRequestConnection,
  VerifyCreatorAccountInput,
  VerifyCreatorLanguageInput,
} from './verification.type.js';

/** Verified parties over the API (DOMAIN.md § Public reviews): status public, documents private. */

type Body<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;

const load = async (context: GraphQLContext, key: string) =>
  (await context.loaders.verifications.load(key)) as unknown as VerificationDoc | undefined;

const privyTo = (viewer: Viewer, side: 'SELLER' | 'CREATOR', id: string): boolean =>
  seesEverything(viewer) ||
  (side === 'SELLER'
    ? viewer.role === 'SELLER' && viewer.sellerId === id
    : viewer.role === 'CREATOR' && viewer.creatorId === id);

const sendSeller = async (context: GraphQLContext, field: string, command: Body<SellerCommand>) => {
  const { command: who, options } = commandContext(context, field);
  const result = await context.services.write.seller({ ...command, ...who } as SellerCommand, options);
  return { ...resultOf(result), sellerId: command.sellerId };
};

const sendCreator = async (context: GraphQLContext, field: string, command: Body<CreatorCommand>) => {
  const { command: who, options } = commandContext(context, field);
  const result = await context.services.write.creator({ ...command, ...who } as CreatorCommand, options);
  return { ...resultOf(result), creatorId: command.creatorId };
};

@Resolver(() => Seller)
export class SellerVerificationResolver {
  @FieldResolver(() => SellerVerification, {
    description: 'Business verification: status public; the submission the seller’s, arbitrators’, auditors’',
  })
  async verification(@Root() seller: Seller, @Ctx() context: GraphQLContext): Promise<SellerVerification> {
    const viewer = requireViewer(context);
    return sellerVerificationOf(
      await load(context, verificationKey('SELLER', seller.id)),
      privyTo(viewer, 'SELLER', seller.id),
    );
  }
}

@Resolver(() => Creator)
export class CreatorVerificationResolver {
  @FieldResolver(() => CreatorVerification, {
    description:
      'Which accounts and languages are verified (public); how, the creator’s, arbitrators’, auditors’',
  })
  async verification(@Root() creator: Creator, @Ctx() context: GraphQLContext): Promise<CreatorVerification> {
    const viewer = requireViewer(context);
    return creatorVerificationOf(
      await load(context, verificationKey('CREATOR', creator.id)),
      privyTo(viewer, 'CREATOR', creator.id),
    );
  }
}

@Resolver()
export class VerificationResolver {
  @Query(() => VerificationRequestConnection, {
    description: 'Verifications (arbitrators, auditors): what waits, oldest first, with its documents',
  })
  async verificationQueue(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => VerificationQueueFilter, { nullable: true }) filter?: VerificationQueueFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<VerificationRequestConnection> {
    requireRole(context, 'ARBITRATOR', 'AUDITOR');
    const where: Condition[] = [
      { field: 'status', op: 'eq', value: filter?.status ?? 'PENDING' },
      ...(filter?.side ? [{ field: 'side', op: 'eq' as const, value: filter.side }] : []),
    ];
    const [page, total] = await Promise.all([
      context.services.readStore.query(VERIFICATIONS.name, {
        where,
        orderBy: [{ field: 'waitingSince', direction: 'asc' }],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count(VERIFICATIONS.name, where),
    ]);
    return toConnection(page, total, requestFromDoc);
  }

  @Mutation(() => SellerPayload, {
    description: 'A seller submits its business verification, with its licence uploaded to POST /evidence',
  })
  async submitSellerVerification(
    @Arg('input', () => SubmitSellerVerificationInput) input: SubmitSellerVerificationInput,
    @Ctx() context: GraphQLContext,
  ) {
    const viewer = requireRole(context, 'SELLER');
    const { sha256, fileName } = input.licence;
    if (!SHA256.test(sha256)) {
      throw new ValidationError('sha256 is 64 lowercase hex digits, as POST /evidence returned it', {
        field: 'licence',
      });
    }
    // The file's type and size are the blob store's; one this seller did not upload is refused by the decider.
    const mine = await context.services.blobs.uploadedBy(sha256, uploaderKey('SELLER', viewer.sellerId!));
    const info = mine ? await context.services.blobs.info(sha256) : undefined;
    return sendSeller(context, 'submitSellerVerification', {
      type: 'SubmitSellerVerification',
      sellerId: viewer.sellerId!,
      registrationNumber: input.registrationNumber,
      country: input.country,
      storeUrl: input.storeUrl,
      licence: {
        sha256,
        ...(fileName ? { fileName } : {}),
        file: info ? { contentType: info.contentType, sizeBytes: info.size } : null,
      },
    });
  }

  @Mutation(() => SellerPayload, { description: 'An arbitrator approves or rejects a seller’s submission' })
  decideSellerVerification(
    @Arg('input', () => DecideSellerVerificationInput) input: DecideSellerVerificationInput,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, 'ARBITRATOR');
    return sendSeller(context, 'decideSellerVerification', {
      type: 'DecideSellerVerification',
      sellerId: input.sellerId,
      decision: input.decision as 'APPROVE',
      text: input.text,
    });
  }

  @Mutation(() => CreatorPayload, {
    description: 'A creator asks arbitrators to check its accounts and languages',
  })
  requestCreatorVerification(
    @Ctx() context: GraphQLContext,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    const viewer = requireRole(context, 'CREATOR');
    return sendCreator(context, 'requestCreatorVerification', {
      type: 'RequestCreatorVerification',
      creatorId: viewer.creatorId!,
      ...(note ? { note } : {}),
    });
  }

  @Mutation(() => CreatorPayload, {
    description: 'An arbitrator marks a platform account verified, saying how',
  })
  verifyCreatorAccount(
    @Arg('input', () => VerifyCreatorAccountInput) input: VerifyCreatorAccountInput,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, 'ARBITRATOR');
    return sendCreator(context, 'verifyCreatorAccount', {
      type: 'VerifyCreatorAccount',
      creatorId: input.creatorId,
      platform: input.platform as Platform,
      handle: input.handle,
      check: input.check,
    });
  }

  @Mutation(() => CreatorPayload, {
    description: 'An arbitrator marks a language verified, saying how it was tested',
  })
  verifyCreatorLanguage(
    @Arg('input', () => VerifyCreatorLanguageInput) input: VerifyCreatorLanguageInput,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, 'ARBITRATOR');
    return sendCreator(context, 'verifyCreatorLanguage', {
      type: 'VerifyCreatorLanguage',
      creatorId: input.creatorId,
      language: input.language,
      check: input.check,
    });
  }

  @Mutation(() => CreatorPayload, {
    description: 'An arbitrator declines a creator’s request, with the reason',
  })
  declineCreatorVerification(
    @Arg('input', () => DeclineCreatorVerificationInput) input: DeclineCreatorVerificationInput,
    @Ctx() context: GraphQLContext,
  ) {
    requireRole(context, 'ARBITRATOR');
    return sendCreator(context, 'declineCreatorVerification', {
      type: 'DeclineCreatorVerification',
      creatorId: input.creatorId,
      reason: input.reason,
    });
  }
}
