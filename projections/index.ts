import type { Projection } from '../src/projectionRunner/projection.js';
import type { LinkReaction } from './collaborationLinks/collaborationLinks.reactor.js';
import type { FlagReaction } from './ratingReview/ratingReview.reactor.js';
import { collaborationLinksReactor } from './collaborationLinks/collaborationLinks.reactor.js';
import { collaborationsProjection } from './collaborations/collaborations.projection.js';
import { creatorsProjection } from './creators/creators.projection.js';
import { disputesProjection } from './disputes/disputes.projection.js';
import { ratingReviewReactor } from './ratingReview/ratingReview.reactor.js';
import { reviewsProjection } from './reviews/reviews.projection.js';
import { sellerLibraryProjection } from './sellerLibrary/sellerLibrary.projection.js';
import { sellersProjection } from './sellers/sellers.projection.js';
import { verificationsProjection } from './verifications/verifications.projection.js';
import { notificationsProjection } from './notifications/notifications.projection.js';
import { webhookEndpointsProjection } from './webhookEndpoints/webhookEndpoints.projection.js';

/** Every read model of the service, the rating review policy, and the collaboration linker. */
export const projections: readonly Projection[] = [
  collaborationsProjection,
  creatorsProjection,
  disputesProjection,
  sellerLibraryProjection,
  sellersProjection,
  reviewsProjection,
  verificationsProjection,
  ratingReviewReactor,
  collaborationLinksReactor,
  notificationsProjection,
  webhookEndpointsProjection,
];

export {
  collaborationLinksReactor,
  collaborationsProjection,
  creatorsProjection,
  disputesProjection,
  notificationsProjection,
  ratingReviewReactor,
  reviewsProjection,
  sellerLibraryProjection,
  sellersProjection,
  verificationsProjection,
  webhookEndpointsProjection,
};

/** What the service's reactors decide to do: each a command, told apart by its `type`. */
export type ServiceReaction = FlagReaction | LinkReaction;
