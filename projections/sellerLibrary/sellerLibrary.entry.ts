import type { CollaborationEventOfType } from '../../src/contexts/collaboration/collaboration.events.js';
import type { CreatorProfile } from '../../src/contexts/creator/creator.events.js';
import type { SellerLibraryEvent } from '../../src/contexts/sellerLibrary/sellerLibrary.events.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded } from '../../src/core/event.js';
import { mean, type EventOfType } from '../shared.js';
import type {
  LibraryCreatorDoc,
  LibraryEntryDoc,
  LibraryLinkDoc,
  Money,
  OwnRating,
} from './sellerLibrary.documents.js';

/** How a library entry changes (sellerLibrary.projection.ts): pure functions of the entry and an event. */

/** The seller's own marks on a creator: its library's events about one creator. */
export type MarkEvent = Extract<SellerLibraryEvent, { readonly data: { readonly creatorId: string } }>;

/** A collaboration's events after its proposal that its entry shows. */
export type LinkedEvent = EventOfType<
  | 'ProposalAccepted'
  | 'ProposalDeclined'
  | 'ProposalWithdrawn'
  | 'ProposalExpired'
  | 'CollaborationCancelled'
  | 'ContentPublished'
  | 'CollaborationCompleted'
  | 'MetricsSnapshotRecorded'
  | 'MilestoneReleased'
  | 'CollaborationRated'
  | 'ReviewTextRemoved'
>;

export const newEntry = (
  sellerId: string,
  creatorId: string,
  creator: LibraryCreatorDoc | undefined,
  now: string,
): LibraryEntryDoc => ({
  sellerId,
  creatorId,
  creator: creatorSummary(creator?.profile ?? null),
  collaborations: 0,
  completed: 0,
  collaborationIds: [],
  money: {},
  currency: null,
  spendMinor: 0,
  gmvMinor: 0,
  roi: null,
  ratings: [],
  averageRating: null,
  ratedMonths: [],
  lastCollaboration: null,
  lastCollaborationAt: '',
  tags: [],
  notes: [],
  favourite: false,
  blocked: false,
  blockReason: null,
  markets: [],
  categories: creator?.profile?.categories ?? [],
  updatedAt: now,
});

export const creatorSummary = (profile: CreatorProfile | null): LibraryEntryDoc['creator'] =>
  profile && {
    displayName: profile.displayName,
    country: profile.country,
    categories: profile.categories,
    languages: profile.languages,
    platforms: [...new Set(profile.platformAccounts.map((a) => a.platform))],
    followers: profile.platformAccounts.reduce((sum, a) => sum + a.followers, 0),
  };

/** Recomputes the figures derived from money and ratings. */
export const withFigures = (entry: LibraryEntryDoc): LibraryEntryDoc => {
  const [currency, money] =
    Object.entries(entry.money).sort(
      ([, a], [, b]) => b.spendMinor - a.spendMinor || b.gmvMinor - a.gmvMinor,
    )[0] ?? [];
  const average = mean(entry.ratings.map((r) => r.mean));
  return {
    ...entry,
    currency: currency ?? null,
    spendMinor: money?.spendMinor ?? 0,
    gmvMinor: money?.gmvMinor ?? 0,
    // ROI = GMV / spend, in the main currency; none before any spend.
    roi: money && money.spendMinor > 0 ? money.gmvMinor / money.spendMinor : null,
    averageRating: average,
    ratedMonths: [...new Set(entry.ratings.map((r) => r.month))].sort(),
  };
};

const addMoney = (entry: LibraryEntryDoc, currency: string, change: Partial<Money>): LibraryEntryDoc => {
  const current = entry.money[currency] ?? { spendMinor: 0, gmvMinor: 0 };
  return withFigures({
    ...entry,
    money: {
      ...entry.money,
      [currency]: {
        spendMinor: current.spendMinor + (change.spendMinor ?? 0),
        gmvMinor: current.gmvMinor + (change.gmvMinor ?? 0),
      },
    },
  });
};

type MetricsSnapshot = CollaborationEventOfType<'MetricsSnapshotRecorded'>['data'];

/** The status a collaboration's event leaves it in, as its entry's last collaboration shows it. */
const STATUS_AFTER = {
  ProposalAccepted: 'ACTIVE',
  ProposalDeclined: 'DECLINED',
  ProposalWithdrawn: 'CANCELLED',
  ProposalExpired: 'EXPIRED',
  CollaborationCancelled: 'CANCELLED',
  ContentPublished: 'PUBLISHED',
  CollaborationCompleted: 'COMPLETED',
} as const;

/** The entry with its last collaboration's status, when that collaboration is this one. */
const withLastStatus = (entry: LibraryEntryDoc, collaborationId: string, status: string): LibraryEntryDoc =>
  entry.lastCollaboration?.collaborationId === collaborationId
    ? { ...entry, lastCollaboration: { ...entry.lastCollaboration, status } }
    : entry;

/** The seller's own mark on a creator's entry. */
export const marked = (entry: LibraryEntryDoc, event: Recorded<MarkEvent>, now: string): LibraryEntryDoc => {
  switch (event.type) {
    case 'CreatorTagged':
      return { ...entry, tags: [...new Set([...entry.tags, event.data.tag])].sort() };
    case 'CreatorUntagged':
      return { ...entry, tags: entry.tags.filter((t) => t !== event.data.tag) };
    case 'CreatorNoteAdded':
      return {
        ...entry,
        notes: [...entry.notes, { noteId: event.data.noteId, text: event.data.text, at: now }],
      };
    case 'CreatorFavourited':
      return { ...entry, favourite: true };
    case 'CreatorUnfavourited':
      return { ...entry, favourite: false };
    case 'CreatorBlocked':
      return { ...entry, blocked: true, blockReason: event.data.reason };
    case 'CreatorUnblocked':
      return { ...entry, blocked: false, blockReason: null };
    default:
      return assertNever(event);
  }
};

/**
 * Whether a snapshot's GMV is the one counted for its collaboration: that of its final snapshot (the
 * first at or after the window end), else of its latest.
 */
export const countsGmv = (link: LibraryLinkDoc, snapshot: MetricsSnapshot): boolean =>
  link.gmvCapturedAt === null ||
  (snapshot.final && (!link.gmvFinal || snapshot.capturedAt < link.gmvCapturedAt)) ||
  (!snapshot.final && !link.gmvFinal && snapshot.capturedAt >= link.gmvCapturedAt);

/** The entry after an event of its seller's collaboration with its creator; undefined when unchanged. */
export const entryAfter = (
  entry: LibraryEntryDoc,
  link: LibraryLinkDoc,
  event: Recorded<LinkedEvent>,
  collaborationId: string,
  now: string,
): LibraryEntryDoc | undefined => {
  switch (event.type) {
    case 'ProposalAccepted':
    case 'ProposalDeclined':
    case 'ProposalWithdrawn':
    case 'ProposalExpired':
    case 'CollaborationCancelled':
    case 'ContentPublished':
      return withLastStatus(entry, collaborationId, STATUS_AFTER[event.type]);
    case 'CollaborationCompleted':
      return withLastStatus(
        { ...entry, completed: entry.completed + 1 },
        collaborationId,
        STATUS_AFTER[event.type],
      );
    case 'MilestoneReleased':
      return addMoney(entry, event.data.amount.currency, { spendMinor: event.data.amount.amountMinor });
    case 'MetricsSnapshotRecorded':
      // Replaces what was counted for the collaboration before.
      return countsGmv(link, event.data)
        ? addMoney(entry, event.data.gmv.currency, { gmvMinor: event.data.gmv.amountMinor - link.gmvMinor })
        : undefined;
    case 'CollaborationRated': {
      if (event.data.direction !== 'SELLER_TO_CREATOR') return undefined;
      const scores = Object.values(event.data.scores);
      const rating: OwnRating = {
        ratingId: event.data.ratingId,
        collaborationId,
        scores: event.data.scores,
        mean: scores.reduce((a, b) => a + b, 0) / scores.length,
        comment: event.data.comment,
        ratedAt: now,
        month: now.slice(0, 7),
        removedReason: null,
      };
      return withFigures({ ...entry, ratings: [...entry.ratings, rating] });
    }
    case 'ReviewTextRemoved': {
      // Arbitration removed the text of the seller's own review: gone from its library too
      // (DOMAIN.md § Public reviews, sight); the scores stay.
      const { ratingId, reason } = event.data;
      const own = (r: OwnRating) => r.ratingId === ratingId && r.collaborationId === collaborationId;
      if (!entry.ratings.some(own)) return undefined;
      return {
        ...entry,
        ratings: entry.ratings.map((r) => (own(r) ? { ...r, comment: '', removedReason: reason } : r)),
      };
    }
    default:
      return assertNever(event);
  }
};
