import {
  collaborationView,
  type CollaborationDoc,
} from '../../../projections/collaborations/collaborations.projection.js';
import type { RatingState } from '../../contexts/collaboration/collaboration.state.js';
import type { Viewer } from '../auth/viewer.js';
import { isParty, partyIdOf, seesEverything } from '../access.js';
import type { Collaboration, Rating } from './collaboration.type.js';

/**
 * Double-blind (DOMAIN.md § The collaboration 9): a rating is shown to the other side only once
 * revealed; its author always sees it; arbitrators and auditors see all, with `revealed`.
 */
export const visibleRatings = (viewer: Viewer, doc: CollaborationDoc): RatingState[] =>
  doc.state.ratings.filter(
    (r) => r.revealed || seesEverything(viewer) || (isParty(viewer, doc) && r.raterId === partyIdOf(viewer)),
  );

const ratingOf = (r: RatingState): Rating => {
  const values = Object.values(r.scores);
  return {
    id: r.ratingId,
    direction: r.direction,
    raterId: r.raterId,
    rateeId: r.rateeId,
    scores: Object.entries(r.scores).map(([dimension, score]) => ({ dimension, score })),
    mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100,
    comment: r.comment,
    tags: [...r.tags],
    ratedAt: r.ratedAt,
    revealed: r.revealed,
    review: r.review,
    flags: [...r.flags],
  };
};

/** A property computed on first read: list pages ask for a few fields of many collaborations. */
const lazy = <T extends object>(target: T, fields: Record<string, () => unknown>): T => {
  for (const [name, compute] of Object.entries(fields)) {
    Object.defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = compute();
        Object.defineProperty(target, name, { value, enumerable: true });
        return value;
      },
    });
  }
  return target;
};

export const collaborationFromDoc = (doc: CollaborationDoc, viewer: Viewer): Collaboration => {
  const state = doc.state;
  let computed: ReturnType<typeof collaborationView> | undefined;
  const view = () => (computed ??= collaborationView(doc));
  const base = {
    id: doc.collaborationId,
    status: doc.status,
    sellerId: doc.sellerId,
    creatorId: doc.creatorId,
    revisionCount: state.revisionsRequested,
    contentReview: state.contentReview,
    openDisputeId: state.openDisputeId,
    messageCount: state.messages,
    proposedAt: doc.proposedAt,
    acceptedAt: doc.acceptedAt,
    completedAt: state.completedAt,
    updatedAt: doc.updatedAt,
    revision: doc.revision,
    position: String(doc.lastPosition),
  };
  return lazy(base, {
    brief: () => {
      const brief = state.brief!;
      return {
        ...brief,
        product: { ...brief.product, url: brief.product.url ?? null },
        paymentMilestones: [...brief.paymentMilestones],
        metricTargets: { ...brief.metricTargets },
        disclosure: { ...brief.disclosure, tag: brief.disclosure.tag ?? null },
        tracking: {
          utmLink: brief.tracking.utmLink ?? null,
          discountCode: brief.tracking.discountCode ?? null,
        },
        notes: brief.notes ?? null,
        targetMarkets: [...brief.targetMarkets],
        platforms: [...brief.platforms],
        deliverables: [...brief.deliverables],
        usageRights: { ...brief.usageRights, channels: [...brief.usageRights.channels] },
      };
    },
    deadlines: () => view().deadlines,
    scripts: () => state.scripts.map((s) => ({ ...s })),
    publish: () => (state.publish ? { ...state.publish } : null),
    metrics: () => view().metrics,
    milestones: () =>
      view().milestones.map((m) => ({
        name: m.name,
        percent: m.percent,
        dueOn: m.dueOn,
        amount: m.amount,
        status: m.status,
        heldByDispute: m.disputeHold,
        missedTargets: [...(m.targetsMissed ?? [])],
      })),
    disputes: () => doc.disputes.map((d) => ({ ...d })),
    ratings: () => visibleRatings(viewer, doc).map(ratingOf),
  }) as unknown as Collaboration;
};
