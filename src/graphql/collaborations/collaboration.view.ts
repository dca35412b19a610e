import type { IndexedFields } from '../../readStore/readStore.js';
import {
  collaborationView,
  type CollaborationDoc,
  type CollaborationView,
} from '../../../projections/collaborations/collaborations.projection.js';
import type { RatingState } from '../../contexts/collaboration/collaboration.state.js';
import type { Viewer } from '../../access/viewer.js';
import {
  readableRatings,
  readerOf,
  withheldFrom,
  type Reader,
  type Withheld,
} from '../../contexts/collaboration/redaction.js';
import { partyIdOf, type Parties } from '../../access/rules.js';
import {
  Collaboration,
  type Brief,
  type CollaborationReport,
  type Milestone,
  type Rating,
} from './collaboration.type.js';

/** The reader a viewer is of a collaboration (null: none; its views are refused before this). */
export const readerOfViewer = (viewer: Viewer, doc: Parties): Reader | null =>
  readerOf(viewer.role, partyIdOf(viewer), doc);

/**
 * What a viewer may not read of a collaboration (src/contexts/collaboration/redaction.ts), unless it
 * is decided elsewhere (`withheld`: a past view, redacted as the collaboration stands now).
 */
export const withheldFromViewer = (
  viewer: Viewer,
  doc: CollaborationDoc,
  withheld?: Withheld,
): Withheld | null => {
  const reader = readerOfViewer(viewer, doc);
  return reader ? (withheld ?? withheldFrom(reader, doc.state)) : null;
};

/**
 * The ratings a viewer may read, each as it may read it: the author always, the other side once
 * revealed, arbitrators and auditors all; a text arbitration removed, only arbitrators and auditors.
 */
export const visibleRatings = (viewer: Viewer, doc: CollaborationDoc, withheld?: Withheld): RatingState[] => {
  const shown = withheldFromViewer(viewer, doc, withheld);
  return shown ? readableRatings(doc.state, shown) : [];
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
    revealedAt: r.revealedAt,
    reply: r.reply && { ...r.reply },
    removal: r.removal && { reason: r.removal.reason, note: r.removal.note, removedAt: r.removal.removedAt },
  };
};

/** The brief a collaboration was proposed with, its absent optional parts shown as null. */
export const briefOf = (doc: CollaborationDoc): Brief => {
  const brief = doc.state.brief!;
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
    usageRights: {
      scope: [...brief.usageRights.scope],
      platforms: [...brief.usageRights.platforms],
      months: brief.usageRights.months ?? null,
      endsAt: brief.usageRights.endsAt ?? null,
    },
  };
};

export const milestonesOf = (view: CollaborationView): Milestone[] =>
  view.milestones.map((m) => ({
    name: m.name,
    percent: m.percent,
    dueOn: m.dueOn,
    amount: m.amount,
    status: m.status,
    heldByDispute: m.disputeHold,
    missedTargets: [...(m.targetsMissed ?? [])],
    heldForContent: m.contentHold,
    extensionId: m.extensionId ?? null,
  }));

/** A field computed from a collaboration's document: at once when it is at hand, else once it has loaded. */
export type Computed<T> = T | Promise<T>;

/**
 * What a collaboration's fields beyond its summary are computed from (CollaborationResolver): its
 * read-model document, at hand or loaded once when a query first asks for one of them, and who
 * reads it, as the ratings shown depend on the reader.
 */
export class CollaborationSource {
  #doc: CollaborationDoc | undefined;
  #loading: Promise<CollaborationDoc> | undefined;
  #view: CollaborationView | undefined;
  readonly #load: (() => Promise<CollaborationDoc>) | undefined;

  constructor(
    readonly viewer: Viewer,
    document: CollaborationDoc | (() => Promise<CollaborationDoc>),
    /** What to withhold when decided elsewhere (see {@link visibleRatings}). */
    readonly withheld?: Withheld,
  ) {
    if (typeof document === 'function') this.#load = document;
    else this.#doc = document;
  }

  /** `compute` over the document. */
  read<T>(compute: (doc: CollaborationDoc) => T): Computed<T> {
    if (this.#doc) return compute(this.#doc);
    this.#loading ??= this.#load!().then((doc) => (this.#doc = doc));
    return this.#loading.then(compute);
  }

  /** `compute` over the projection's view (deadlines, metrics, milestones), derived once for them all. */
  readView<T>(compute: (view: CollaborationView) => T): Computed<T> {
    return this.read((doc) => compute((this.#view ??= collaborationView(doc))));
  }

  /** The ratings its reader may see. */
  ratings(): Computed<Rating[]> {
    return this.read((doc) => visibleRatings(this.viewer, doc, this.withheld).map(ratingOf));
  }

  /** The reports of its reviews its reader may see: its own, or all for arbitrators and auditors. */
  reports(): Computed<CollaborationReport[]> {
    return this.read((doc) => {
      const withheld = withheldFromViewer(this.viewer, doc, this.withheld);
      if (!withheld) return [];
      return doc.state.reports
        .filter((r) => !withheld.reports.has(r.reportId))
        .map((r) => ({ ...r, evidence: [...r.evidence] }));
    });
  }
}

/** The fields of a collaboration its read model's indexes hold. */
export const COLLABORATION_SUMMARY = ['status', 'sellerId', 'creatorId', 'updatedAt', 'proposedAt'] as const;

export type CollaborationSummary = { readonly id: string } & {
  readonly [K in (typeof COLLABORATION_SUMMARY)[number]]: string;
};

/** A summary from the values the collaborations' indexes hold (`topPerGroup` with `select`). */
export const summaryFromIndexes = (fields: IndexedFields): CollaborationSummary => {
  const text = (field: (typeof COLLABORATION_SUMMARY)[number]): string => {
    const value = fields[field];
    if (typeof value !== 'string')
      throw new Error(`Collaboration ${fields.id}: its ${field} index is not text`);
    return value;
  };
  return {
    id: fields.id,
    status: text('status'),
    sellerId: text('sellerId'),
    creatorId: text('creatorId'),
    updatedAt: text('updatedAt'),
    proposedAt: text('proposedAt'),
  };
};

/** A collaboration from its whole document, as `viewer` may see it. */
export const collaborationFromDoc = (
  doc: CollaborationDoc,
  viewer: Viewer,
  withheld?: Withheld,
): Collaboration =>
  new Collaboration(
    {
      id: doc.collaborationId,
      status: doc.status,
      sellerId: doc.sellerId,
      creatorId: doc.creatorId,
      updatedAt: doc.updatedAt,
      proposedAt: doc.proposedAt,
    },
    new CollaborationSource(viewer, doc, withheld),
  );

/**
 * A collaboration from its summary (a list page of many: the indexes' values, no document parsed):
 * any other field loads the whole document, once and only when the query asks for one, and shows it
 * as {@link collaborationFromDoc} would to this viewer.
 */
export const collaborationFromSummary = (
  summary: CollaborationSummary,
  viewer: Viewer,
  load: () => Promise<CollaborationDoc | undefined>,
): Collaboration =>
  new Collaboration(
    summary,
    new CollaborationSource(viewer, async () => {
      const doc = await load();
      if (!doc) throw new Error(`Collaboration ${summary.id} is no longer in the read model`);
      return doc;
    }),
  );
