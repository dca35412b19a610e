import {
  collaborationView,
  type CollaborationDoc,
} from '../../../projections/collaborations/collaborations.projection.js';
import type { RatingState } from '../../contexts/collaboration/collaboration.state.js';
import type { Viewer } from '../../access/viewer.js';
import { hiddenRatingIds, readerOf, type Reader } from '../../contexts/collaboration/redaction.js';
import { partyIdOf, type Parties } from '../../access/rules.js';
import type { Collaboration, Rating } from './collaboration.type.js';

/** The reader a viewer is of a collaboration (null: none; its views are refused before this). */
export const readerOfViewer = (viewer: Viewer, doc: Parties): Reader | null =>
  readerOf(viewer.role, partyIdOf(viewer), doc);

/**
 * The ratings a viewer may read (src/contexts/collaboration/redaction.ts): the author always, the
 * other side once revealed, arbitrators and auditors all, with `revealed`. `hidden` names what to
 * withhold when it is decided elsewhere (a past view, redacted as the collaboration stands now).
 */
export const visibleRatings = (
  viewer: Viewer,
  doc: CollaborationDoc,
  hidden?: ReadonlySet<string>,
): RatingState[] => {
  const reader = readerOfViewer(viewer, doc);
  if (!reader) return [];
  const withheld = hidden ?? hiddenRatingIds(reader, doc.state);
  return doc.state.ratings.filter((r) => !withheld.has(r.ratingId));
};

const ratingOf = (r: RatingState): Rating => {
  const values = Object.values(r.scores);
  return {
    id: r.ratingId,
    direction: r.direction,
    raterId: r.raterId,
    rateeId: r.rateeId,
    scores: Object.entries(r.scores).map(([dimension, score]) => ({ dimension, score })),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
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

export const collaborationFromDoc = (
  doc: CollaborationDoc,
  viewer: Viewer,
  hidden?: ReadonlySet<string>,
): Collaboration => {
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
    ratings: () => visibleRatings(viewer, doc, hidden).map(ratingOf),
  }) as unknown as Collaboration;
};

/** The fields of a collaboration its read model's indexes hold. */
export const COLLABORATION_SUMMARY = ['status', 'sellerId', 'creatorId', 'updatedAt', 'proposedAt'] as const;

export type CollaborationSummary = { readonly id: string } & {
  readonly [K in (typeof COLLABORATION_SUMMARY)[number]]: string;
};

/** Every other field: read from the whole document. */
const FROM_DOCUMENT = [
  'brief',
  'deadlines',
  'scripts',
  'revisionCount',
  'publish',
  'contentReview',
  'metrics',
  'milestones',
  'disputes',
  'openDisputeId',
  'ratings',
  'messageCount',
  'acceptedAt',
  'completedAt',
  'revision',
  'position',
] as const satisfies readonly (keyof Collaboration)[];

// Every field of the type is either in the summary or read from the document.
type Unlisted = Exclude<keyof Collaboration, keyof CollaborationSummary | (typeof FROM_DOCUMENT)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/**
 * A collaboration from its summary (a list page of many: the indexes' values, no document parsed):
 * the summary's fields at once, and any other field from the whole document, loaded once and only
 * when the query asks for one — then exactly as {@link collaborationFromDoc} shows it to this viewer.
 * Its fields are getters of the class, defined once: a page builds many of these.
 */
class SummaryCollaboration {
  readonly id: string;
  readonly status: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly updatedAt: string;
  readonly proposedAt: string;
  #whole: Promise<Collaboration> | undefined;

  constructor(
    summary: CollaborationSummary,
    private readonly viewer: Viewer,
    private readonly load: () => Promise<CollaborationDoc | undefined>,
  ) {
    this.id = summary.id;
    this.status = summary.status;
    this.sellerId = summary.sellerId;
    this.creatorId = summary.creatorId;
    this.updatedAt = summary.updatedAt;
    this.proposedAt = summary.proposedAt;
  }

  whole(): Promise<Collaboration> {
    return (this.#whole ??= this.load().then((doc) => {
      if (!doc) throw new Error(`Collaboration ${this.id} is no longer in the read model`);
      return collaborationFromDoc(doc, this.viewer);
    }));
  }
}
for (const field of FROM_DOCUMENT) {
  Object.defineProperty(SummaryCollaboration.prototype, field, {
    get(this: SummaryCollaboration) {
      return this.whole().then((c) => c[field]);
    },
  });
}

export const collaborationFromSummary = (
  summary: CollaborationSummary,
  viewer: Viewer,
  load: () => Promise<CollaborationDoc | undefined>,
): Collaboration => new SummaryCollaboration(summary, viewer, load) as unknown as Collaboration;
