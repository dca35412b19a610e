import type { CreatorProfile } from '../../src/contexts/creator/creator.events.js';
import type { BriefTemplate } from '../../src/contexts/sellerLibrary/sellerLibrary.events.js';
import type { RecordedEvent } from '../../src/core/event.js';
import {
  put,
  remove,
  type DocKey,
  type DocReader,
  type DocUpdate,
  type Projection,
} from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { sellerOfLibraryStream } from '../../src/contexts/sellerLibrary/sellerLibrary.decide.js';
import {
  asCollaborationEvent,
  at,
  collaborationIdOf,
  isCollaborationEvent,
  mean,
  ownedId,
} from '../shared.js';

/**
 * The seller's private creator library (DOMAIN.md § The seller's private creator library): per seller
 * and creator, the collaborations, spend, GMV, ROI, the seller's own ratings and the last
 * collaboration, with the seller's tags, notes, favourite and block; and the seller's brief
 * templates. It answers "who should I hire again". Only its seller ever reads an entry (the API
 * enforces it; every entry carries its sellerId).
 */

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
}

interface Money {
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

const newEntry = (
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

const creatorSummary = (profile: CreatorProfile | null): LibraryEntryDoc['creator'] =>
  profile && {
    displayName: profile.displayName,
    country: profile.country,
    categories: profile.categories,
    languages: profile.languages,
    platforms: [...new Set(profile.platformAccounts.map((a) => a.platform))],
    followers: profile.platformAccounts.reduce((sum, a) => sum + a.followers, 0),
  };

/** Recomputes the figures derived from money and ratings. */
const withFigures = (entry: LibraryEntryDoc): LibraryEntryDoc => {
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

const LIBRARY_TYPES = [
  'CreatorTagged',
  'CreatorUntagged',
  'CreatorNoteAdded',
  'CreatorFavourited',
  'CreatorUnfavourited',
  'CreatorBlocked',
  'CreatorUnblocked',
];
const COLLABORATION_TYPES = [
  'CollaborationProposed',
  'ProposalAccepted',
  'ProposalDeclined',
  'ProposalWithdrawn',
  'ProposalExpired',
  'CollaborationCancelled',
  'ContentPublished',
  'CollaborationCompleted',
  'MetricsSnapshotRecorded',
  'MilestoneReleased',
  'CollaborationRated',
];

const linkOf = (event: RecordedEvent, docs: DocReader): LibraryLinkDoc | undefined =>
  docs.get(LIBRARY_LINKS, collaborationIdOf(event));

export const sellerLibraryProjection: Projection = {
  name: 'sellerLibrary',
  // 2: brief templates keyed by seller and template id (ids are chosen per seller).
  version: 2,
  collections: [LIBRARY_ENTRIES, BRIEF_TEMPLATES, LIBRARY_LINKS, LIBRARY_CREATORS],
  rebuildCost: 66,
  eventTypes: [
    'CreatorRegistered',
    'CreatorProfileUpdated',
    'BriefTemplateSaved',
    'BriefTemplateDeleted',
    ...LIBRARY_TYPES,
    ...COLLABORATION_TYPES,
  ],

  touches(event, docs) {
    const data = event.data as { creatorId?: string; templateId?: string };
    if (event.type === 'CreatorRegistered' || event.type === 'CreatorProfileUpdated') {
      const creator = docs.get(LIBRARY_CREATORS, data.creatorId!);
      return [
        { collection: LIBRARY_CREATORS, id: data.creatorId! },
        ...(creator?.sellers ?? []).map((s) => ({
          collection: LIBRARY_ENTRIES,
          id: entryId(s, data.creatorId!),
        })),
      ];
    }
    if (event.type === 'BriefTemplateSaved' || event.type === 'BriefTemplateDeleted') {
      return [
        {
          collection: BRIEF_TEMPLATES,
          id: templateDocId(sellerOfLibraryStream(event.streamId), data.templateId!),
        },
      ];
    }
    if (LIBRARY_TYPES.includes(event.type)) {
      const sellerId = sellerOfLibraryStream(event.streamId);
      return [
        { collection: LIBRARY_ENTRIES, id: entryId(sellerId, data.creatorId!) },
        { collection: LIBRARY_CREATORS, id: data.creatorId! },
      ];
    }
    if (!isCollaborationEvent(event)) return [];
    const keys: DocKey[] = [{ collection: LIBRARY_LINKS, id: collaborationIdOf(event) }];
    const parties =
      event.type === 'CollaborationProposed'
        ? (event.data as { sellerId: string; creatorId: string })
        : linkOf(event, docs);
    if (parties) {
      keys.push({ collection: LIBRARY_ENTRIES, id: entryId(parties.sellerId, parties.creatorId) });
      keys.push({ collection: LIBRARY_CREATORS, id: parties.creatorId });
    }
    return keys;
  },

  evolve(event, docs) {
    const now = at(event);
    const updates: DocUpdate[] = [];
    const creatorDoc = (creatorId: string): LibraryCreatorDoc =>
      docs.get(LIBRARY_CREATORS, creatorId) ?? { creatorId, profile: null, sellers: [] };
    /** The entry, created (and its seller remembered on the creator) when it is the first. */
    const entryFor = (sellerId: string, creatorId: string): LibraryEntryDoc => {
      const existing = docs.get(LIBRARY_ENTRIES, entryId(sellerId, creatorId));
      if (existing) return existing;
      const creator = creatorDoc(creatorId);
      if (!creator.sellers.includes(sellerId))
        updates.push(
          put(LIBRARY_CREATORS, creatorId, { ...creator, sellers: [...creator.sellers, sellerId] }),
        );
      return newEntry(sellerId, creatorId, creator, now);
    };
    const saveEntry = (entry: LibraryEntryDoc) =>
      updates.push(
        put(LIBRARY_ENTRIES, entryId(entry.sellerId, entry.creatorId), { ...entry, updatedAt: now }),
      );

    switch (event.type) {
      case 'CreatorRegistered':
      case 'CreatorProfileUpdated': {
        const { creatorId, profile } = event.data as { creatorId: string; profile: CreatorProfile };
        const creator = creatorDoc(creatorId);
        updates.push(put(LIBRARY_CREATORS, creatorId, { ...creator, profile }));
        for (const sellerId of creator.sellers) {
          const entry = docs.get(LIBRARY_ENTRIES, entryId(sellerId, creatorId));
          if (!entry) continue;
          const categories = new Set([...profile.categories, ...entry.categories]);
          saveEntry({ ...entry, creator: creatorSummary(profile), categories: [...categories].sort() });
        }
        return updates;
      }
      case 'BriefTemplateSaved': {
        const data = event.data as { templateId: string; name: string; brief: BriefTemplate };
        const id = templateDocId(sellerOfLibraryStream(event.streamId), data.templateId);
        const existing = docs.get(BRIEF_TEMPLATES, id);
        updates.push(
          put(BRIEF_TEMPLATES, id, {
            templateId: data.templateId,
            sellerId: sellerOfLibraryStream(event.streamId),
            name: data.name,
            brief: data.brief,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
          }),
        );
        return updates;
      }
      case 'BriefTemplateDeleted':
        updates.push(
          remove(
            BRIEF_TEMPLATES,
            templateDocId(
              sellerOfLibraryStream(event.streamId),
              (event.data as { templateId: string }).templateId,
            ),
          ),
        );
        return updates;
    }

    if (LIBRARY_TYPES.includes(event.type)) {
      const data = event.data as {
        creatorId: string;
        tag?: string;
        noteId?: string;
        text?: string;
        reason?: string;
      };
      const entry = entryFor(sellerOfLibraryStream(event.streamId), data.creatorId);
      switch (event.type) {
        case 'CreatorTagged':
          saveEntry({ ...entry, tags: [...new Set([...entry.tags, data.tag!])].sort() });
          break;
        case 'CreatorUntagged':
          saveEntry({ ...entry, tags: entry.tags.filter((t) => t !== data.tag) });
          break;
        case 'CreatorNoteAdded':
          saveEntry({
            ...entry,
            notes: [...entry.notes, { noteId: data.noteId!, text: data.text!, at: now }],
          });
          break;
        case 'CreatorFavourited':
        case 'CreatorUnfavourited':
          saveEntry({ ...entry, favourite: event.type === 'CreatorFavourited' });
          break;
        case 'CreatorBlocked':
          saveEntry({ ...entry, blocked: true, blockReason: data.reason ?? null });
          break;
        case 'CreatorUnblocked':
          saveEntry({ ...entry, blocked: false, blockReason: null });
          break;
      }
      return updates;
    }

    if (!isCollaborationEvent(event)) return updates;
    const collaborationId = collaborationIdOf(event);
    const e = asCollaborationEvent(event);
    if (e.type === 'CollaborationProposed') {
      const link: LibraryLinkDoc = {
        sellerId: e.data.sellerId,
        creatorId: e.data.creatorId,
        currency: e.data.brief.fee.currency,
        productCategory: e.data.brief.product.category,
        gmvMinor: 0,
        gmvCapturedAt: null,
        gmvFinal: false,
      };
      updates.push(put(LIBRARY_LINKS, collaborationId, link));
      const entry = entryFor(e.data.sellerId, e.data.creatorId);
      saveEntry(
        withFigures({
          ...entry,
          collaborations: entry.collaborations + 1,
          collaborationIds: [...entry.collaborationIds, collaborationId],
          lastCollaboration: { collaborationId, at: now, status: 'PROPOSED' },
          lastCollaborationAt: now,
          markets: [...new Set([...entry.markets, ...e.data.brief.targetMarkets])].sort(),
          categories: [...new Set([...entry.categories, e.data.brief.product.category])].sort(),
        }),
      );
      return updates;
    }
    const link = linkOf(event, docs);
    if (!link) return updates;
    const entry = entryFor(link.sellerId, link.creatorId);
    const statusOf: Partial<Record<string, string>> = {
      ProposalAccepted: 'ACTIVE',
      ProposalDeclined: 'DECLINED',
      ProposalWithdrawn: 'CANCELLED',
      ProposalExpired: 'EXPIRED',
      CollaborationCancelled: 'CANCELLED',
      ContentPublished: 'PUBLISHED',
      CollaborationCompleted: 'COMPLETED',
    };
    const touchLast = (current: LibraryEntryDoc): LibraryEntryDoc =>
      current.lastCollaboration?.collaborationId === collaborationId && statusOf[e.type]
        ? { ...current, lastCollaboration: { ...current.lastCollaboration, status: statusOf[e.type]! } }
        : current;

    switch (e.type) {
      case 'CollaborationCompleted':
        saveEntry(touchLast({ ...entry, completed: entry.completed + 1 }));
        break;
      case 'MilestoneReleased':
        saveEntry(addMoney(entry, e.data.amount.currency, { spendMinor: e.data.amount.amountMinor }));
        break;
      case 'MetricsSnapshotRecorded': {
        // A collaboration's GMV is that of its final snapshot (the first at or after the window end),
        // else of its latest: replace what was counted for it before.
        const replaces =
          link.gmvCapturedAt === null ||
          (e.data.final && (!link.gmvFinal || e.data.capturedAt < link.gmvCapturedAt)) ||
          (!e.data.final && !link.gmvFinal && e.data.capturedAt >= link.gmvCapturedAt);
        if (!replaces) break;
        updates.push(
          put(LIBRARY_LINKS, collaborationId, {
            ...link,
            gmvMinor: e.data.gmv.amountMinor,
            gmvCapturedAt: e.data.capturedAt,
            gmvFinal: e.data.final,
          }),
        );
        saveEntry(addMoney(entry, e.data.gmv.currency, { gmvMinor: e.data.gmv.amountMinor - link.gmvMinor }));
        break;
      }
      case 'CollaborationRated': {
        if (e.data.direction !== 'SELLER_TO_CREATOR') break;
        const scores = Object.values(e.data.scores);
        const rating: OwnRating = {
          ratingId: e.data.ratingId,
          collaborationId,
          scores: e.data.scores,
          mean: scores.reduce((a, b) => a + b, 0) / scores.length,
          comment: e.data.comment,
          ratedAt: now,
          month: now.slice(0, 7),
        };
        saveEntry(withFigures({ ...entry, ratings: [...entry.ratings, rating] }));
        break;
      }
      default:
        if (statusOf[e.type]) saveEntry(touchLast(entry));
    }
    return updates;
  },
};
