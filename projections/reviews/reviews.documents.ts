import {
  CREATOR_TO_SELLER_DIMENSIONS,
  SELLER_TO_CREATOR_DIMENSIONS,
  type METRICS_SOURCES,
  type RatingDirection,
  type ReportReason,
  type Side,
} from '../../src/contexts/collaboration/collaboration.events.js';
import { collection } from '../../src/readStore/collection.js';

/**
 * The documents of public reviews (DOMAIN.md § Public reviews): what the reviews projection keeps
 * to follow each collaboration (never served), the public reviews themselves, each reviewed party's
 * summary, what it knows of parties (verified, a seller's usual category and market), and the
 * arbitrators' queue of reports.
 */

/** Every dimension of either direction: each an index, for the filters by score. */
export const DIMENSIONS = [...new Set([...SELLER_TO_CREATOR_DIMENSIONS, ...CREATOR_TO_SELLER_DIMENSIONS])];

/** A reviewed (or reviewing) party's key: `CREATOR:c1`, `SELLER:s1`. */
export const partyKey = (side: Side, id: string): string => `${side}:${id}`;

/** The measurement a review shows: the collaboration's last stable snapshot, and where it is in the log. */
export interface Outcome {
  readonly views: number;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
  readonly clicks: number;
  readonly orders: number;
  readonly engagementRate: number | null;
  readonly conversionRate: number | null;
  readonly capturedAt: string;
  readonly source: (typeof METRICS_SOURCES)[number];
  readonly snapshotId: string;
  readonly position: number;
}

/** A rating as the projection follows it, hidden ones included (this document is never served). */
export interface RatingEntry {
  readonly ratingId: string;
  readonly direction: RatingDirection;
  readonly raterId: string;
  readonly rateeId: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly comment: string;
  readonly tags: readonly string[];
  readonly position: number;
  /** Whether the reviewer was verified when it rated. */
  readonly reviewerVerified: boolean;
  readonly revealed: boolean;
  readonly revealedAt: string | null;
  readonly revealedPosition: number | null;
  readonly review: 'NONE' | 'PENDING' | 'UPHELD' | 'REMOVED';
  readonly reply: { readonly text: string; readonly repliedAt: string } | null;
  readonly removal: { readonly reason: ReportReason; readonly removedAt: string } | null;
}

/** One collaboration as its reviews need it. */
export interface ReviewCollaborationDoc {
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly category: string;
  readonly markets: readonly string[];
  readonly platform: string;
  readonly completedAt: string | null;
  readonly publish: { readonly onTime: boolean; readonly daysLate: number } | null;
  readonly outcome: Outcome | null;
  readonly ratings: Readonly<Record<string, RatingEntry>>;
}

/** A public review: only what every signed-in user may read (and the ids only its readers are shown). */
export interface ReviewDoc {
  /** Public: the rating's log position. */
  readonly reviewId: string;
  /** For the collaboration's parties, arbitrators and auditors only (the API hides them from others). */
  readonly collaborationId: string;
  readonly ratingId: string;
  readonly direction: RatingDirection;
  /** The reviewed party (partyKey), and the reviewer's. */
  readonly rateeKey: string;
  readonly reviewerKey: string;
  readonly reviewerVerified: boolean;
  readonly scores: Readonly<Record<string, number>>;
  readonly mean: number;
  /** The mean rounded half up: the review's place in the summary's distribution. */
  readonly stars: number;
  /** Null once arbitration removed the text. */
  readonly comment: string | null;
  readonly tags: readonly string[];
  readonly hasComment: boolean;
  readonly reply: { readonly text: string; readonly repliedAt: string } | null;
  readonly removal: { readonly reason: ReportReason; readonly removedAt: string } | null;
  readonly category: string;
  readonly markets: readonly string[];
  /** `|US|GB|`: the markets as one indexed value, read without the document (relevance). */
  readonly marketsKey: string;
  readonly platform: string;
  /** YYYY-MM: when the collaboration completed, never the day. */
  readonly month: string;
  readonly publish: { readonly onTime: boolean; readonly daysLate: number } | null;
  readonly outcome: Outcome | null;
  readonly position: number;
  readonly revealedPosition: number;
}

/** A reviewed party's reviews in figures. */
export interface ReviewSummaryDoc {
  readonly rateeKey: string;
  readonly count: number;
  /** How many reviews have 1 … 5 stars (index 0 is one star). */
  readonly stars: readonly number[];
  readonly sums: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
  /** Tags of reviews whose text stands, with how often each is used. */
  readonly tags: Readonly<Record<string, number>>;
}

/** What reviews need to know of a party. */
export interface ReviewPartyDoc {
  readonly key: string;
  readonly verified: boolean;
  /** A seller's proposals, by product category and by target market (its usual ones lead "most relevant"). */
  readonly categories: Readonly<Record<string, number>>;
  readonly markets: Readonly<Record<string, number>>;
  /** A creator's profile items and the checks of them (verified is derived from these). */
  readonly profile: { readonly accounts: readonly string[]; readonly languages: readonly string[] } | null;
  readonly marks: { readonly accounts: readonly string[]; readonly languages: readonly string[] };
}

/** A report, as arbitrators and auditors see it in their queue. */
export interface ReportDoc {
  readonly collaborationId: string;
  readonly reportId: string;
  readonly ratingId: string;
  /** The review it is about (its public id), while the rating is known. */
  readonly reviewId: string;
  readonly reason: ReportReason;
  readonly statement: string;
  readonly side: Side;
  readonly reporterId: string;
  readonly evidence: readonly {
    readonly sha256: string;
    readonly fileName: string | null;
    readonly contentType: string;
    readonly sizeBytes: number;
  }[];
  readonly status: 'OPEN' | 'DISMISSED' | 'TEXT_REMOVED';
  readonly reportedAt: string;
  readonly dueAt: string;
  readonly escalated: boolean;
  readonly escalatedAt: string | null;
  readonly decidedAt: string | null;
  readonly decision: { readonly reason: ReportReason | null; readonly note: string } | null;
}

export const REVIEW_COLLABORATIONS = collection<ReviewCollaborationDoc>('reviewCollaborations');
export const REVIEWS = collection<ReviewDoc>('reviews', {
  indexes: [
    { field: 'rateeKey', type: 'string' },
    { field: 'revealedPosition', type: 'number' },
    { field: 'mean', type: 'number' },
    { field: 'hasComment', type: 'number' },
    { field: 'category', type: 'string' },
    { field: 'markets', type: 'string', multi: true },
    { field: 'marketsKey', type: 'string' },
    { field: 'platform', type: 'string' },
    ...DIMENSIONS.map((d) => ({ field: `scores.${d}`, type: 'number' as const })),
  ],
  // A party's page of reviews: most recent, or lowest / highest first.
  compoundIndexes: [
    ['rateeKey', 'revealedPosition'],
    ['rateeKey', 'mean'],
  ],
});
export const REVIEW_SUMMARIES = collection<ReviewSummaryDoc>('reviewSummaries');
export const REVIEW_PARTIES = collection<ReviewPartyDoc>('reviewParties');
export const REVIEW_REPORTS = collection<ReportDoc>('reviewReports', {
  indexes: [
    { field: 'status', type: 'string' },
    { field: 'escalated', type: 'number' },
    { field: 'reportedAt', type: 'string' },
  ],
});
