import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { CollaborationDoc } from '../../../projections/collaborations/collaborations.projection.js';
import type { CreatorDoc } from '../../../projections/creators/creators.projection.js';
import {
  REVIEW_COLLABORATIONS,
  REVIEW_REPORTS,
  REVIEWS,
  type ReportDoc,
  type ReviewDoc,
} from '../../../projections/reviews/reviews.documents.js';
import type { SellerDoc } from '../../../projections/sellers/sellers.projection.js';
import { SHA256, uploaderKey } from '../../blobStore/blobStore.js';
import { partyIdOf } from '../../access/rules.js';
import { ValidationError } from '../../core/errors.js';
import type { Condition } from '../../readStore/readStore.js';
import { idOr, waitForPosition } from '../common/commands.js';
import { ReportStatus, ReviewSort } from '../common/enums.js';
import { pageSize, toConnection } from '../common/types.js';
import { requireRole, requireViewer, type GraphQLContext } from '../context.js';
import { sendCollaborationCommand } from '../collaborations/collaboration.mutations.js';
import { Creator } from '../creators/creator.type.js';
import { Seller } from '../sellers/seller.type.js';
import {
  ReviewText,
  ReviewReport,
  ReviewReportConnection,
  ReviewReportFilter,
  reportFromDoc,
} from './report.type.js';
import { reviewPage, seesReviewIds, type ReviewArgs } from './reviewQuery.js';
import {
  DecideReviewReportInput,
  RelevanceInput,
  ReplyToReviewInput,
  ReportReviewInput,
  Review,
  ReviewConnection,
  ReviewFilter,
  ReviewPayload,
  Reviewer,
  ReviewSummary,
  reviewFromDoc,
  summaryFromDoc,
} from './review.type.js';
import { verifyReview, ReviewVerification } from './verifyReview.js';

/**
 * DOMAIN.md § Public reviews over the API: a creator's and a seller's reviews and summary (every
 * signed-in user), one review and its check against the log, the arbitrators' queue of reports, and
 * the commands — reply, report, decide — each a thin call into the write side.
 */

type Sort = keyof typeof ReviewSort;

/** The arguments of `Creator.reviews` and `Seller.reviews`, declared once for both. */
@ArgsType()
class ReviewsArgs {
  // type-graphql lists an @ArgsType's fields in the schema last first: declared so, they read as before.
  @Field(() => RelevanceInput, { nullable: true })
  relevance?: RelevanceInput;

  @Field(() => ReviewSort, { nullable: true, defaultValue: 'RECENT' })
  sort?: Sort;

  @Field(() => ReviewFilter, { nullable: true })
  filter?: ReviewFilter;

  @Field(() => String, { nullable: true })
  after?: string;

  @Field(() => Int, { nullable: true })
  first?: number;
}

const reviewsArgs = ({ filter, sort, relevance, first, after }: ReviewsArgs): ReviewArgs => ({
  filter: filter ?? null,
  sort: sort ?? null,
  relevance: relevance ?? null,
  first: first ?? null,
  after: after ?? null,
});

const summary = async (context: GraphQLContext, key: string): Promise<ReviewSummary> =>
  summaryFromDoc((await context.loaders.reviewSummaries.load(key)) as never);

@Resolver(() => Creator)
export class CreatorReviewsResolver {
  @FieldResolver(() => ReviewConnection, {
    description:
      'What sellers wrote of this creator (DOMAIN.md § Public reviews): most recent first by default',
  })
  reviews(
    @Root() creator: Creator,
    @Ctx() context: GraphQLContext,
    @Args(() => ReviewsArgs) args: ReviewsArgs,
  ): Promise<ReviewConnection> {
    return reviewPage(context, requireViewer(context), 'CREATOR', creator.id, reviewsArgs(args));
  }

  @FieldResolver(() => ReviewSummary)
  reviewSummary(@Root() creator: Creator, @Ctx() context: GraphQLContext): Promise<ReviewSummary> {
    requireViewer(context);
    return summary(context, `CREATOR:${creator.id}`);
  }
}

@Resolver(() => Seller)
export class SellerReviewsResolver {
  @FieldResolver(() => ReviewConnection, {
    description:
      'What creators wrote of this seller (DOMAIN.md § Public reviews): most recent first by default',
  })
  reviews(
    @Root() seller: Seller,
    @Ctx() context: GraphQLContext,
    @Args(() => ReviewsArgs) args: ReviewsArgs,
  ): Promise<ReviewConnection> {
    return reviewPage(context, requireViewer(context), 'SELLER', seller.id, reviewsArgs(args));
  }

  @FieldResolver(() => ReviewSummary)
  reviewSummary(@Root() seller: Seller, @Ctx() context: GraphQLContext): Promise<ReviewSummary> {
    requireViewer(context);
    return summary(context, `SELLER:${seller.id}`);
  }
}

@Resolver(() => Reviewer)
export class ReviewerResolver {
  @FieldResolver(() => String, { nullable: true })
  async displayName(@Root() reviewer: Reviewer, @Ctx() context: GraphQLContext): Promise<string | null> {
    if (reviewer.side === 'SELLER') {
      const doc = (await context.loaders.sellers.load(reviewer.id)) as unknown as SellerDoc | undefined;
      return doc?.profile?.name ?? null;
    }
    const doc = (await context.loaders.creators.load(reviewer.id)) as unknown as CreatorDoc | undefined;
    return doc?.profile?.displayName ?? null;
  }
}

@Resolver(() => ReviewReport)
export class ReviewReportResolver {
  @FieldResolver(() => Review, { nullable: true, description: 'The review, as the public reads it now' })
  async review(@Root() report: ReviewReport, @Ctx() context: GraphQLContext): Promise<Review | null> {
    const viewer = requireViewer(context);
    const doc = (await context.loaders.reviews.load(report.reviewId)) as unknown as ReviewDoc | undefined;
    return doc ? reviewFromDoc(doc, seesReviewIds(viewer, doc)) : null;
  }

  @FieldResolver(() => ReviewText, {
    nullable: true,
    description: 'The text as written, whatever became of it (arbitration’s to read)',
  })
  async text(@Root() report: ReviewReport, @Ctx() context: GraphQLContext): Promise<ReviewText | null> {
    requireRole(context, 'ARBITRATOR', 'AUDITOR');
    const doc = (await context.loaders.collaborations.load(report.collaborationId)) as
      CollaborationDoc | undefined;
    const rating = doc?.state.ratings.find((r) => r.ratingId === report.ratingId);
    return rating
      ? { comment: rating.comment, tags: [...rating.tags], reply: rating.reply?.text ?? null }
      : null;
  }
}

@Resolver()
export class ReviewResolver {
  @Query(() => Review, { nullable: true, description: 'One public review, by its id' })
  async review(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Review | null> {
    const viewer = requireViewer(context);
    const doc = (await context.loaders.reviews.load(id)) as unknown as ReviewDoc | undefined;
    return doc ? reviewFromDoc(doc, seesReviewIds(viewer, doc)) : null;
  }

  @Query(() => ReviewVerification, {
    nullable: true,
    description:
      'Checks a public review against the log itself: its rating, its reveal and its verified results are the ' +
      'events at the positions it shows, and its collaboration’s hash chain holds',
  })
  async verifyReview(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext) {
    requireViewer(context);
    const doc = (await context.loaders.reviews.load(id)) as unknown as ReviewDoc | undefined;
    return doc ? verifyReview(context.services.eventStore, doc) : null;
  }

  @Query(() => ReviewReportConnection, {
    description: 'Reports of reviews (arbitrators, auditors): escalated first, then oldest first',
  })
  async reviewReports(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => ReviewReportFilter, { nullable: true }) filter?: ReviewReportFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ReviewReportConnection> {
    requireRole(context, 'ARBITRATOR', 'AUDITOR');
    const where: Condition[] = [
      { field: 'status', op: 'eq', value: filter?.status ?? ReportStatus.OPEN },
      ...(filter?.escalated === undefined || filter.escalated === null
        ? []
        : [{ field: 'escalated', op: 'eq' as const, value: filter.escalated ? 1 : 0 }]),
    ];
    const [page, total] = await Promise.all([
      context.services.readStore.query(REVIEW_REPORTS.name, {
        where,
        orderBy: [
          { field: 'escalated', direction: 'desc' },
          { field: 'reportedAt', direction: 'asc' },
        ],
        first: pageSize(first),
        ...(after ? { after } : {}),
      }),
      context.services.readStore.count(REVIEW_REPORTS.name, where),
    ]);
    return toConnection(page, total, (doc: ReportDoc) => reportFromDoc(doc));
  }

  @Mutation(() => ReviewPayload, {
    description: 'The reviewed party replies to a review: once, within 14 days of its reveal, never edited',
  })
  async replyToReview(
    @Arg('input', () => ReplyToReviewInput) input: ReplyToReviewInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ReviewPayload> {
    const { payload } = await sendCollaborationCommand(context, 'replyToReview', ['SELLER', 'CREATOR'], {
      type: 'ReplyToReview',
      collaborationId: input.collaborationId,
      ratingId: input.ratingId,
      text: input.text,
    });
    return { ...payload, ratingId: input.ratingId, reportId: null };
  }

  @Mutation(() => ReviewPayload, {
    description:
      'The reviewed party reports a review, once, with a statement and files it uploaded to POST /evidence',
  })
  async reportReview(
    @Arg('input', () => ReportReviewInput) input: ReportReviewInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ReviewPayload> {
    const viewer = requireRole(context, 'SELLER', 'CREATOR');
    // The files' types and sizes are the blob store's facts; a hash this party did not upload is
    // refused by the decider (EVIDENCE_NOT_UPLOADED), after it has checked who asks.
    const uploader = uploaderKey(viewer.role, partyIdOf(viewer)!);
    const evidence = await Promise.all(
      input.evidence.map(async ({ sha256, fileName }) => {
        if (!SHA256.test(sha256)) {
          throw new ValidationError('sha256 is 64 lowercase hex digits, as POST /evidence returned it', {
            field: 'evidence',
          });
        }
        const mine = await context.services.blobs.uploadedBy(sha256, uploader);
        const info = mine ? await context.services.blobs.info(sha256) : undefined;
        return {
          sha256,
          ...(fileName ? { fileName } : {}),
          file: info ? { contentType: info.contentType, sizeBytes: info.size } : null,
        };
      }),
    );
    const reportId = idOr(context, 'reportReview', input.reportId);
    const { payload } = await sendCollaborationCommand(context, 'reportReview', ['SELLER', 'CREATOR'], {
      type: 'ReportReview',
      collaborationId: input.collaborationId,
      reportId,
      ratingId: input.ratingId,
      reason: input.reason as 'PERSONAL_ATTACK',
      statement: input.statement,
      evidence,
    });
    return { ...payload, ratingId: input.ratingId, reportId };
  }

  @Mutation(() => ReviewPayload, {
    description: 'An arbitrator dismisses a report, or removes the review’s text with a public reason',
  })
  async decideReviewReport(
    @Arg('input', () => DecideReviewReportInput) input: DecideReviewReportInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ReviewPayload> {
    const { payload, result } = await sendCollaborationCommand(
      context,
      'decideReviewReport',
      ['ARBITRATOR'],
      {
        type: 'DecideReviewReport',
        collaborationId: input.collaborationId,
        reportId: input.reportId,
        decision: input.decision as 'DISMISS',
        ...(input.reason ? { reason: input.reason as 'PERSONAL_ATTACK' } : {}),
        note: input.note,
      },
    );
    const report = result.state.reports.find((r) => r.reportId === input.reportId);
    return { ...payload, ratingId: report?.ratingId ?? '', reportId: input.reportId };
  }
}

@Resolver(() => ReviewPayload)
export class ReviewPayloadResolver {
  @FieldResolver(() => Review, {
    nullable: true,
    description: 'The review as of this command, as the public reads it (waits, bounded, for the reviews)',
  })
  async review(@Root() payload: ReviewPayload, @Ctx() context: GraphQLContext): Promise<Review | null> {
    const viewer = requireViewer(context);
    await waitForPosition(context, BigInt(payload.position), ['reviews']);
    const [collaboration] = await context.services.readStore.getMany(REVIEW_COLLABORATIONS.name, [
      payload.collaborationId,
    ]);
    const rating = collaboration?.ratings[payload.ratingId];
    if (!rating) return null;
    const [doc] = await context.services.readStore.getMany(REVIEWS.name, [String(rating.position)]);
    return doc ? reviewFromDoc(doc, seesReviewIds(viewer, doc)) : null;
  }
}
