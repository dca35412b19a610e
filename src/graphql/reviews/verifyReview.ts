import equal from 'fast-deep-equal';
import { Field, ObjectType } from 'type-graphql';
import type { ReviewDoc } from '../../../projections/reviews/reviews.documents.js';
import { collaborationStreamId } from '../../contexts/collaboration/collaboration.decide.js';
import type {
  CollaborationEvent,
  CollaborationEventOfType,
} from '../../contexts/collaboration/collaboration.events.js';
import type { RecordedEvent } from '../../core/event.js';
import type { EventStore } from '../../eventStore/eventStore.js';

/**
 * DOMAIN.md § Public reviews: anyone may ask the service to check a review against the log itself —
 * never a read model — without learning which collaboration it is about: the answer holds positions,
 * hashes and whether each matched, nothing else.
 */

@ObjectType({ description: 'One event a review rests on, as the log holds it' })
export class LogProof {
  @Field(() => String) position!: string;
  @Field(() => String, { nullable: true, description: 'The event’s SHA-256 (null when none is there)' })
  hash!: string | null;
  @Field(() => Boolean, { description: 'The event at this position says what the review shows' })
  matches!: boolean;
}

@ObjectType({ description: 'A review checked against the hash-chained log' })
export class ReviewVerification {
  @Field(() => Boolean, { description: 'Everything below matches and the chain holds' }) valid!: boolean;
  @Field(() => Boolean, { description: 'The collaboration’s hash chain holds, every event' })
  chainValid!: boolean;
  @Field(() => LogProof) rating!: LogProof;
  @Field(() => LogProof) reveal!: LogProof;
  @Field(() => LogProof, { nullable: true, description: 'Null when the review shows no results' })
  results!: LogProof | null;
}

type Data<T extends CollaborationEvent['type']> = CollaborationEventOfType<T>['data'];

const proof = (event: RecordedEvent | undefined, position: number, matches: boolean): LogProof => ({
  position: String(position),
  hash: event?.hash ?? null,
  matches: Boolean(event) && matches,
});

export const verifyReview = async (store: EventStore, review: ReviewDoc): Promise<ReviewVerification> => {
  const streamId = collaborationStreamId(review.collaborationId);
  const [events, chain] = await Promise.all([store.readStream(streamId), store.verifyStream(streamId)]);
  const at = (position: number) => events.find((e) => e.position === BigInt(position));

  const rated = at(review.position);
  const ratedData = rated?.data as Data<'CollaborationRated'> | undefined;
  const ratingMatches =
    rated?.type === 'CollaborationRated' &&
    ratedData!.ratingId === review.ratingId &&
    ratedData!.direction === review.direction &&
    equal(ratedData!.scores, review.scores) &&
    // A removed text is not shown: what is shown must be what was written.
    (review.comment === null ||
      (ratedData!.comment === review.comment && equal(ratedData!.tags, review.tags)));

  const revealed = at(review.revealedPosition);
  const revealMatches =
    revealed?.type === 'RatingsRevealed' &&
    (revealed.data as Data<'RatingsRevealed'>).ratingIds.includes(review.ratingId);

  let results: LogProof | null = null;
  if (review.outcome) {
    const snapshot = at(review.outcome.position);
    const s = snapshot?.data as Data<'MetricsSnapshotRecorded'> | undefined;
    results = proof(
      snapshot,
      review.outcome.position,
      snapshot?.type === 'MetricsSnapshotRecorded' &&
        s!.final &&
        !s!.inconsistent &&
        (['views', 'clicks', 'orders', 'likes', 'comments', 'shares'] as const).every(
          (field) => s![field] === review.outcome![field],
        ),
    );
  }
  const rating = proof(rated, review.position, ratingMatches);
  const reveal = proof(revealed, review.revealedPosition, revealMatches);
  return {
    valid: chain.valid && rating.matches && reveal.matches && (results?.matches ?? true),
    chainValid: chain.valid,
    rating,
    reveal,
    results,
  };
};
