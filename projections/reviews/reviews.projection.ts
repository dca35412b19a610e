import equal from 'fast-deep-equal';
import { escalationDueAt } from '../../src/contexts/collaboration/reviews.js';
import { conversionRate, engagementRate } from '../../src/contexts/collaboration/metrics.js';
import { accountKey } from '../../src/contexts/creator/verification.js';
import { DAY_MS } from '../../src/contexts/shared.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded } from '../../src/core/event.js';
import {
  put,
  remove,
  type DocKey,
  type DocUpdate,
  type Projection,
} from '../../src/projectionRunner/projection.js';
import {
  at,
  collaborationIdOf,
  handledTypes,
  isCollaborationEvent,
  ownedId,
  type EventOfType,
} from '../shared.js';
import { contributeReview, emptySummary, publicReview } from './review.js';
import {
  partyKey,
  REVIEW_COLLABORATIONS,
  REVIEW_PARTIES,
  REVIEW_REPORTS,
  REVIEW_SUMMARIES,
  REVIEWS,
  type RatingEntry,
  type ReportDoc,
  type ReviewCollaborationDoc,
  type ReviewPartyDoc,
} from './reviews.documents.js';

/**
 * Public reviews (DOMAIN.md § Public reviews): each revealed rating that rating review does not hold
 * or remove, with its reply, its removal and the collaboration's verified results; each reviewed
 * party's summary; the arbitrators' queue of reports. A rating that stops being a review (flagged
 * after its reveal) leaves the collection, and comes back once upheld: nothing here is ever what
 * the public may not read.
 */

const EVENT_TYPES = handledTypes(
  // Whether a reviewer is verified when it writes.
  'CreatorRegistered',
  'CreatorProfileUpdated',
  'CreatorAccountVerified',
  'CreatorLanguageVerified',
  'SellerVerificationApproved',
  // The collaboration a review is about.
  'CollaborationProposed',
  'ContentPublished',
  'MetricsSnapshotRecorded',
  'CollaborationCompleted',
  // The ratings, their reveal and their review.
  'CollaborationRated',
  'RatingsRevealed',
  'RatingFlagged',
  'RatingReviewed',
  // Replies and reports.
  'ReviewReplied',
  'ReviewReported',
  'ReviewReportDismissed',
  'ReviewTextRemoved',
  'ReviewReportEscalated',
);
type ReviewsEvent = EventOfType<(typeof EVENT_TYPES)[number]>;
type PartyEvent = EventOfType<
  | 'CreatorRegistered'
  | 'CreatorProfileUpdated'
  | 'CreatorAccountVerified'
  | 'CreatorLanguageVerified'
  | 'SellerVerificationApproved'
>;
type CollaborationFact = Exclude<ReviewsEvent, PartyEvent>;
type ReportEvent = EventOfType<
  'ReviewReported' | 'ReviewReportDismissed' | 'ReviewTextRemoved' | 'ReviewReportEscalated'
>;

const isPartyEvent = (event: Recorded<ReviewsEvent>): event is Recorded<PartyEvent> =>
  event.type.startsWith('Creator') || event.type.startsWith('Seller');
const isReportEvent = (event: Recorded<ReviewsEvent>): event is Recorded<ReportEvent> =>
  event.type.startsWith('ReviewReport') || event.type === 'ReviewTextRemoved';

const partyKeyOf = (event: Recorded<PartyEvent>): string =>
  event.type === 'SellerVerificationApproved'
    ? partyKey('SELLER', event.data.sellerId)
    : partyKey('CREATOR', event.data.creatorId);

const newParty = (key: string): ReviewPartyDoc => ({
  key,
  verified: false,
  categories: {},
  markets: {},
  profile: null,
  marks: { accounts: [], languages: [] },
});

/** A creator is verified while every account and language of its profile was checked (creator/verification.ts). */
const withVerified = (party: ReviewPartyDoc): ReviewPartyDoc => {
  if (!party.profile) return party;
  const items = [...party.profile.accounts, ...party.profile.languages];
  const checked = new Set([...party.marks.accounts, ...party.marks.languages]);
  return { ...party, verified: items.length > 0 && items.every((item) => checked.has(item)) };
};

const evolveParty = (party: ReviewPartyDoc, event: Recorded<PartyEvent>): ReviewPartyDoc => {
  switch (event.type) {
    case 'SellerVerificationApproved':
      return { ...party, verified: true };
    case 'CreatorRegistered':
    case 'CreatorProfileUpdated': {
      const { platformAccounts, languages } = event.data.profile;
      const accounts = platformAccounts.map((a) => accountKey(a.platform, a.handle));
      return withVerified({ ...party, profile: { accounts, languages: languages.map((l) => `lang:${l}`) } });
    }
    case 'CreatorAccountVerified':
      return withVerified({
        ...party,
        marks: {
          ...party.marks,
          accounts: [...party.marks.accounts, accountKey(event.data.platform, event.data.handle)],
        },
      });
    case 'CreatorLanguageVerified':
      return withVerified({
        ...party,
        marks: { ...party.marks, languages: [...party.marks.languages, `lang:${event.data.language}`] },
      });
    default:
      return assertNever(event);
  }
};

const updateRating = (
  doc: ReviewCollaborationDoc,
  ratingId: string,
  change: (r: RatingEntry) => RatingEntry,
): ReviewCollaborationDoc => {
  const rating = doc.ratings[ratingId];
  return rating ? { ...doc, ratings: { ...doc.ratings, [ratingId]: change(rating) } } : doc;
};

/** A collaboration's document after one of its events (the reviewer's party doc, for a rating). */
const evolveCollaboration = (
  doc: ReviewCollaborationDoc,
  event: Recorded<Exclude<CollaborationFact, { type: 'CollaborationProposed' }>>,
  reviewer: ReviewPartyDoc | undefined,
): ReviewCollaborationDoc => {
  switch (event.type) {
    case 'ContentPublished': {
      const lateMs = Date.parse(event.data.publishedAt) - Date.parse(event.data.publishDueAt);
      return {
        ...doc,
        platform: event.data.platform,
        publish: { onTime: !event.data.late, daysLate: event.data.late ? Math.ceil(lateMs / DAY_MS) : 0 },
      };
    }
    case 'MetricsSnapshotRecorded': {
      const s = event.data;
      // The last stable snapshot: final, consistent, captured last (the later in the log on a tie).
      if (!s.final || s.inconsistent) return doc;
      if (doc.outcome && s.capturedAt < doc.outcome.capturedAt) return doc;
      return {
        ...doc,
        outcome: {
          views: s.views,
          likes: s.likes,
          comments: s.comments,
          shares: s.shares,
          clicks: s.clicks,
          orders: s.orders,
          engagementRate: engagementRate(s),
          conversionRate: conversionRate(s),
          capturedAt: s.capturedAt,
          source: s.source,
          snapshotId: s.snapshotId,
          position: Number(event.position),
        },
      };
    }
    case 'CollaborationCompleted':
      return { ...doc, completedAt: at(event) };
    case 'CollaborationRated':
      return {
        ...doc,
        ratings: {
          ...doc.ratings,
          [event.data.ratingId]: {
            ratingId: event.data.ratingId,
            direction: event.data.direction,
            raterId: event.data.raterId,
            rateeId: event.data.rateeId,
            scores: event.data.scores,
            comment: event.data.comment,
            tags: event.data.tags,
            position: Number(event.position),
            reviewerVerified: reviewer?.verified ?? false,
            revealed: false,
            revealedAt: null,
            revealedPosition: null,
            review: 'NONE',
            reply: null,
            removal: null,
          },
        },
      };
    case 'RatingsRevealed':
      return event.data.ratingIds.reduce(
        (d, id) =>
          updateRating(d, id, (r) =>
            r.revealed
              ? r
              : { ...r, revealed: true, revealedAt: at(event), revealedPosition: Number(event.position) },
          ),
        doc,
      );
    case 'RatingFlagged':
      return updateRating(doc, event.data.ratingId, (r) => ({ ...r, review: 'PENDING' }));
    case 'RatingReviewed':
      return updateRating(doc, event.data.ratingId, (r) => ({ ...r, review: event.data.decision }));
    case 'ReviewReplied':
      return updateRating(doc, event.data.ratingId, (r) => ({
        ...r,
        reply: { text: event.data.text, repliedAt: at(event) },
      }));
    case 'ReviewTextRemoved':
      return updateRating(doc, event.data.ratingId, (r) => ({
        ...r,
        removal: { reason: event.data.reason, removedAt: at(event) },
      }));
    case 'ReviewReported':
    case 'ReviewReportDismissed':
    case 'ReviewReportEscalated':
      return doc;
    default:
      return assertNever(event);
  }
};

const reportId = (collaborationId: string, id: string) => ownedId(collaborationId, id);

const evolveReport = (
  report: ReportDoc | undefined,
  event: Recorded<ReportEvent>,
  collaboration: ReviewCollaborationDoc,
): ReportDoc | undefined => {
  switch (event.type) {
    case 'ReviewReported': {
      const rating = collaboration.ratings[event.data.ratingId];
      const reportedAt = at(event);
      return {
        collaborationId: collaboration.collaborationId,
        reportId: event.data.reportId,
        ratingId: event.data.ratingId,
        reviewId: rating ? String(rating.position) : '',
        reason: event.data.reason,
        statement: event.data.statement,
        side: event.data.side,
        reporterId: event.data.side === 'SELLER' ? collaboration.sellerId : collaboration.creatorId,
        evidence: event.data.evidence.map((e) => ({
          sha256: e.sha256,
          fileName: e.fileName ?? null,
          contentType: e.contentType,
          sizeBytes: e.sizeBytes,
        })),
        status: 'OPEN',
        reportedAt,
        dueAt: escalationDueAt({ reportedAt }),
        escalated: false,
        escalatedAt: null,
        decidedAt: null,
        decision: null,
      };
    }
    case 'ReviewReportDismissed':
      return (
        report && {
          ...report,
          status: 'DISMISSED',
          decidedAt: at(event),
          decision: { reason: null, note: event.data.note },
        }
      );
    case 'ReviewTextRemoved':
      return (
        report && {
          ...report,
          status: 'TEXT_REMOVED',
          decidedAt: at(event),
          decision: { reason: event.data.reason, note: event.data.note },
        }
      );
    case 'ReviewReportEscalated':
      return report && { ...report, escalated: true, escalatedAt: event.data.firedAt };
    default:
      return assertNever(event);
  }
};

/** The public reviews a collaboration's ratings make (by review id) and the summaries they count in. */
const reviewKeys = (doc: ReviewCollaborationDoc | undefined): DocKey[] =>
  Object.values(doc?.ratings ?? {}).flatMap((r) => {
    const review = doc && publicReview(doc, r);
    const summary = partyKey(r.direction === 'SELLER_TO_CREATOR' ? 'CREATOR' : 'SELLER', r.rateeId);
    return [
      ...(review ? [{ collection: REVIEWS, id: review.reviewId }] : []),
      { collection: REVIEW_SUMMARIES, id: summary },
    ];
  });

export const reviewsProjection: Projection<ReviewsEvent> = {
  name: 'reviews',
  version: 1,
  collections: [REVIEW_COLLABORATIONS, REVIEWS, REVIEW_SUMMARIES, REVIEW_PARTIES, REVIEW_REPORTS],
  eventTypes: EVENT_TYPES,

  touches(event, docs) {
    if (isPartyEvent(event)) return [{ collection: REVIEW_PARTIES, id: partyKeyOf(event) }];
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    const keys: DocKey[] = [{ collection: REVIEW_COLLABORATIONS, id: collaborationId }];
    if (event.type === 'CollaborationProposed') {
      keys.push({ collection: REVIEW_PARTIES, id: partyKey('SELLER', event.data.sellerId) });
    }
    if (event.type === 'CollaborationRated') {
      const side = event.data.direction === 'SELLER_TO_CREATOR' ? 'SELLER' : 'CREATOR';
      keys.push({ collection: REVIEW_PARTIES, id: partyKey(side, event.data.raterId) });
    }
    if (isReportEvent(event)) {
      keys.push({ collection: REVIEW_REPORTS, id: reportId(collaborationId, event.data.reportId) });
    }
    const doc = docs.get(REVIEW_COLLABORATIONS, collaborationId);
    return [...keys, ...reviewKeys(doc)];
  },

  evolve(event, docs) {
    if (isPartyEvent(event)) {
      const key = partyKeyOf(event);
      return [put(REVIEW_PARTIES, key, evolveParty(docs.get(REVIEW_PARTIES, key) ?? newParty(key), event))];
    }
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    const updates: DocUpdate[] = [];
    if (event.type === 'CollaborationProposed') {
      const { sellerId, creatorId, brief } = event.data;
      const key = partyKey('SELLER', sellerId);
      const seller = docs.get(REVIEW_PARTIES, key) ?? newParty(key);
      const count = (counts: Readonly<Record<string, number>>, values: readonly string[]) =>
        Object.fromEntries([
          ...Object.entries(counts),
          ...values.map((v) => [v, (counts[v] ?? 0) + 1] as const),
        ]);
      return [
        put(REVIEW_COLLABORATIONS, collaborationId, {
          collaborationId,
          sellerId,
          creatorId,
          category: brief.product.category,
          markets: brief.targetMarkets,
          platform: brief.platforms[0]!,
          completedAt: null,
          publish: null,
          outcome: null,
          ratings: {},
        }),
        put(REVIEW_PARTIES, key, {
          ...seller,
          categories: count(seller.categories, [brief.product.category]),
          markets: count(seller.markets, brief.targetMarkets),
        }),
      ];
    }
    const before = docs.get(REVIEW_COLLABORATIONS, collaborationId);
    if (!before) return [];
    const reviewer =
      event.type === 'CollaborationRated'
        ? docs.get(
            REVIEW_PARTIES,
            partyKey(event.data.direction === 'SELLER_TO_CREATOR' ? 'SELLER' : 'CREATOR', event.data.raterId),
          )
        : undefined;
    const after = evolveCollaboration(before, event, reviewer);
    if (isReportEvent(event)) {
      const id = reportId(collaborationId, event.data.reportId);
      const report = evolveReport(docs.get(REVIEW_REPORTS, id), event, after);
      if (report) updates.push(put(REVIEW_REPORTS, id, report));
    }
    if (after === before) return updates;
    updates.push(put(REVIEW_COLLABORATIONS, collaborationId, after));
    // Each rating's public review before and after: put, changed or gone, and its summary moved.
    const summaries = new Map<string, ReturnType<typeof emptySummary>>();
    const summaryOf = (key: string) =>
      summaries.get(key) ?? docs.get(REVIEW_SUMMARIES, key) ?? emptySummary(key);
    for (const ratingId of Object.keys(after.ratings)) {
      const old = before.ratings[ratingId] ? publicReview(before, before.ratings[ratingId]) : null;
      const next = publicReview(after, after.ratings[ratingId]!);
      if (equal(old, next)) continue;
      if (old) summaries.set(old.rateeKey, contributeReview(summaryOf(old.rateeKey), old, -1));
      if (next) summaries.set(next.rateeKey, contributeReview(summaryOf(next.rateeKey), next, 1));
      if (next) updates.push(put(REVIEWS, next.reviewId, next));
      else if (old) updates.push(remove(REVIEWS, old.reviewId));
    }
    for (const [key, summary] of summaries) updates.push(put(REVIEW_SUMMARIES, key, summary));
    return updates;
  },
};
