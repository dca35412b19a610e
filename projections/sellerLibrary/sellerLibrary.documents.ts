import type { ReportReason } from '../../src/contexts/collaboration/collaboration.events.js';
import type { CreatorProfile } from '../../src/contexts/creator/creator.events.js';
import type { BriefTemplate } from '../../src/contexts/sellerLibrary/sellerLibrary.events.js';
import { collection } from '../../src/readStore/collection.js';
import { ownedId } from '../shared.js';

/** The documents of the seller's library (sellerLibrary.projection.ts) and their collections. */

/** A template id is the seller's own choice: two sellers may both have a template "sop-1". */
export const templateDocId = (sellerId: string, templateId: string): string => ownedId(sellerId, templateId);

export const entryId = (sellerId: string, creatorId: string): string => ownedId(sellerId, creatorId);

export interface OwnRating {
  readonly ratingId: string;
  readonly collaborationId: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly mean: number;
  readonly comment: string;
  readonly ratedAt: string;
  readonly month: string;
  /** Why arbitration removed its text (then `comment` is empty): DOMAIN.md § Public reviews. */
  readonly removedReason: ReportReason | null;
}

export interface Money {
  readonly spendMinor: number;
  readonly gmvMinor: number;
}

export interface LibraryEntryDoc {
  readonly sellerId: string;
  readonly creatorId: string;
  readonly creator: {
    readonly displayName: string;
    readonly country: string;
    readonly categories: readonly string[];
    readonly languages: readonly string[];
    readonly platforms: readonly string[];
    readonly followers: number;
  } | null;
  readonly collaborations: number;
  readonly completed: number;
  readonly collaborationIds: readonly string[];
  /** Spend (released milestones) and GMV (each collaboration's final, else latest, snapshot) per currency. */
  readonly money: Readonly<Record<string, Money>>;
  /** The currency with the largest spend, and its figures: what the library sorts by. */
  readonly currency: string | null;
  readonly spendMinor: number;
  readonly gmvMinor: number;
  readonly roi: number | null;
  readonly ratings: readonly OwnRating[];
  readonly averageRating: number | null;
  readonly ratedMonths: readonly string[];
  readonly lastCollaboration: {
    readonly collaborationId: string;
    readonly at: string;
    readonly status: string;
  } | null;
  readonly lastCollaborationAt: string;
  readonly tags: readonly string[];
  readonly notes: readonly { readonly noteId: string; readonly text: string; readonly at: string }[];
  readonly favourite: boolean;
  readonly blocked: boolean;
  readonly blockReason: string | null;
  readonly markets: readonly string[];
  readonly categories: readonly string[];
  readonly updatedAt: string;
}

/** A seller's brief template (its SOP), by {@link templateDocId}. */
export interface BriefTemplateDoc {
  readonly templateId: string;
  readonly sellerId: string;
  readonly name: string;
  readonly brief: BriefTemplate;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the library keeps of one collaboration, to credit its money to the right entry. */
export interface LibraryLinkDoc {
  readonly sellerId: string;
  readonly creatorId: string;
  readonly currency: string;
  readonly productCategory: string;
  readonly gmvMinor: number;
  readonly gmvCapturedAt: string | null;
  readonly gmvFinal: boolean;
}

/** A creator as the library shows it, and the sellers with an entry for it. */
export interface LibraryCreatorDoc {
  readonly creatorId: string;
  readonly profile: CreatorProfile | null;
  readonly sellers: readonly string[];
}

export const LIBRARY_ENTRIES = collection<LibraryEntryDoc>('libraryEntries', {
  indexes: [
    { field: 'sellerId', type: 'string' },
    { field: 'creatorId', type: 'string' },
    { field: 'tags', type: 'string', multi: true },
    { field: 'categories', type: 'string', multi: true },
    { field: 'markets', type: 'string', multi: true },
    { field: 'ratedMonths', type: 'string', multi: true },
    { field: 'favourite', type: 'number' },
    { field: 'blocked', type: 'number' },
    { field: 'lastCollaborationAt', type: 'string' },
    { field: 'averageRating', type: 'number' },
    { field: 'roi', type: 'number' },
    { field: 'collaborations', type: 'number' },
    { field: 'spendMinor', type: 'number' },
    { field: 'gmvMinor', type: 'number' },
  ],
});
export const BRIEF_TEMPLATES = collection<BriefTemplateDoc>('briefTemplates', {
  indexes: [
    { field: 'sellerId', type: 'string' },
    { field: 'name', type: 'string' },
    { field: 'updatedAt', type: 'string' },
  ],
});
export const LIBRARY_LINKS = collection<LibraryLinkDoc>('libraryLinks');
export const LIBRARY_CREATORS = collection<LibraryCreatorDoc>('libraryCreators');
