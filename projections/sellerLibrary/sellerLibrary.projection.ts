import { sellerOfLibraryStream } from '../../src/contexts/sellerLibrary/sellerLibrary.decide.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded, RecordedEvent } from '../../src/core/event.js';
import {
  put,
  remove,
  type DocKey,
  type DocReader,
  type DocUpdate,
  type Projection,
} from '../../src/projectionRunner/projection.js';
import { at, collaborationIdOf, handledTypes, isCollaborationEvent, type EventOfType } from '../shared.js';
import {
  BRIEF_TEMPLATES,
  LIBRARY_CREATORS,
  LIBRARY_ENTRIES,
  LIBRARY_LINKS,
  entryId,
  templateDocId,
  type LibraryCreatorDoc,
  type LibraryEntryDoc,
  type LibraryLinkDoc,
} from './sellerLibrary.documents.js';
import {
  countsGmv,
  creatorSummary,
  entryAfter,
  marked,
  newEntry,
  withFigures,
  type LinkedEvent,
} from './sellerLibrary.entry.js';
import {
  USAGE_RIGHTS,
  USAGE_RIGHTS_EVENTS,
  proposedRights,
  rightsAfter,
  type UsageRightsEvent,
} from './usageRights.js';

/**
 * The seller's private creator library (DOMAIN.md § The seller's private creator library): per seller
 * and creator, the collaborations, spend, GMV, ROI, the seller's own ratings and the last
 * collaboration, with the seller's tags, notes, favourite and block; and the seller's brief
 * templates. It answers "who should I hire again". Only its seller ever reads an entry (the API
 * enforces it; every entry carries its sellerId).
 */

export { USAGE_RIGHTS, type UsageRightsDoc } from './usageRights.js';
export {
  BRIEF_TEMPLATES,
  LIBRARY_CREATORS,
  LIBRARY_ENTRIES,
  LIBRARY_LINKS,
  entryId,
  templateDocId,
  type BriefTemplateDoc,
  type LibraryCreatorDoc,
  type LibraryEntryDoc,
  type LibraryLinkDoc,
  type OwnRating,
} from './sellerLibrary.documents.js';

const EVENT_TYPES = handledTypes(
  'CreatorRegistered',
  'CreatorProfileUpdated',
  'BriefTemplateSaved',
  'BriefTemplateDeleted',
  // The seller's own marks on a creator.
  'CreatorTagged',
  'CreatorUntagged',
  'CreatorNoteAdded',
  'CreatorFavourited',
  'CreatorUnfavourited',
  'CreatorBlocked',
  'CreatorUnblocked',
  // The seller's collaborations with a creator.
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
  // A removal of its own review's text (DOMAIN.md § Public reviews).
  'ReviewTextRemoved',
  // The usage rights of its published content.
  ...USAGE_RIGHTS_EVENTS,
);
type LibraryEvent = EventOfType<(typeof EVENT_TYPES)[number]>;

const linkOf = (event: RecordedEvent, docs: DocReader): LibraryLinkDoc | undefined =>
  docs.get(LIBRARY_LINKS, collaborationIdOf(event));

/** A collaboration's link, and its parties' entry and creator (none of a collaboration never proposed). */
const collaborationKeys = (
  event: Recorded<EventOfType<'CollaborationProposed'> | LinkedEvent | UsageRightsEvent>,
  docs: DocReader,
): DocKey[] => {
  if (!isCollaborationEvent(event)) return [];
  const keys: DocKey[] = [
    { collection: LIBRARY_LINKS, id: collaborationIdOf(event) },
    { collection: USAGE_RIGHTS, id: collaborationIdOf(event) },
  ];
  const parties = event.type === 'CollaborationProposed' ? event.data : linkOf(event, docs);
  if (parties) {
    keys.push({ collection: LIBRARY_ENTRIES, id: entryId(parties.sellerId, parties.creatorId) });
    keys.push({ collection: LIBRARY_CREATORS, id: parties.creatorId });
  }
  return keys;
};

export const sellerLibraryProjection: Projection<LibraryEvent> = {
  name: 'sellerLibrary',
  // 2: brief templates keyed by seller and template id (ids are chosen per seller).
  // 3: a review text arbitration removed leaves the seller's own ratings too; usage rights.
  version: 3,
  collections: [LIBRARY_ENTRIES, BRIEF_TEMPLATES, LIBRARY_LINKS, LIBRARY_CREATORS, USAGE_RIGHTS],
  rebuildCost: 66,
  eventTypes: EVENT_TYPES,

  touches(event, docs) {
    switch (event.type) {
      case 'CreatorRegistered':
      case 'CreatorProfileUpdated': {
        const { creatorId } = event.data;
        const creator = docs.get(LIBRARY_CREATORS, creatorId);
        return [
          { collection: LIBRARY_CREATORS, id: creatorId },
          ...(creator?.sellers ?? []).map((s) => ({
            collection: LIBRARY_ENTRIES,
            id: entryId(s, creatorId),
          })),
        ];
      }
      case 'BriefTemplateSaved':
      case 'BriefTemplateDeleted':
        return [
          {
            collection: BRIEF_TEMPLATES,
            id: templateDocId(sellerOfLibraryStream(event.streamId), event.data.templateId),
          },
        ];
      case 'CreatorTagged':
      case 'CreatorUntagged':
      case 'CreatorNoteAdded':
      case 'CreatorFavourited':
      case 'CreatorUnfavourited':
      case 'CreatorBlocked':
      case 'CreatorUnblocked':
        return [
          {
            collection: LIBRARY_ENTRIES,
            id: entryId(sellerOfLibraryStream(event.streamId), event.data.creatorId),
          },
          { collection: LIBRARY_CREATORS, id: event.data.creatorId },
        ];
      case 'CollaborationProposed':
      case 'ProposalAccepted':
      case 'ProposalDeclined':
      case 'ProposalWithdrawn':
      case 'ProposalExpired':
      case 'CollaborationCancelled':
      case 'ContentPublished':
      case 'CollaborationCompleted':
      case 'MetricsSnapshotRecorded':
      case 'MilestoneReleased':
      case 'CollaborationRated':
      case 'ReviewTextRemoved':
      case 'ContentFixed':
      case 'UsageRightsEnded':
      case 'UsageRightsExtensionProposed':
      case 'UsageRightsExtended':
      case 'UsageRightsExtensionDeclined':
        return collaborationKeys(event, docs);
      default:
        return assertNever(event);
    }
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
        const { creatorId, profile } = event.data;
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
        const sellerId = sellerOfLibraryStream(event.streamId);
        const id = templateDocId(sellerId, event.data.templateId);
        const existing = docs.get(BRIEF_TEMPLATES, id);
        updates.push(
          put(BRIEF_TEMPLATES, id, {
            templateId: event.data.templateId,
            sellerId,
            name: event.data.name,
            brief: event.data.brief,
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
            templateDocId(sellerOfLibraryStream(event.streamId), event.data.templateId),
          ),
        );
        return updates;
      case 'CreatorTagged':
      case 'CreatorUntagged':
      case 'CreatorNoteAdded':
      case 'CreatorFavourited':
      case 'CreatorUnfavourited':
      case 'CreatorBlocked':
      case 'CreatorUnblocked':
        saveEntry(marked(entryFor(sellerOfLibraryStream(event.streamId), event.data.creatorId), event, now));
        return updates;
      case 'CollaborationProposed': {
        if (!isCollaborationEvent(event)) return updates;
        const collaborationId = collaborationIdOf(event);
        const { sellerId, creatorId, brief } = event.data;
        updates.push(
          put(LIBRARY_LINKS, collaborationId, {
            sellerId,
            creatorId,
            currency: brief.fee.currency,
            productCategory: brief.product.category,
            gmvMinor: 0,
            gmvCapturedAt: null,
            gmvFinal: false,
          }),
        );
        updates.push(put(USAGE_RIGHTS, collaborationId, proposedRights(event, collaborationId)));
        const entry = entryFor(sellerId, creatorId);
        saveEntry(
          withFigures({
            ...entry,
            collaborations: entry.collaborations + 1,
            collaborationIds: [...entry.collaborationIds, collaborationId],
            lastCollaboration: { collaborationId, at: now, status: 'PROPOSED' },
            lastCollaborationAt: now,
            markets: [...new Set([...entry.markets, ...brief.targetMarkets])].sort(),
            categories: [...new Set([...entry.categories, brief.product.category])].sort(),
          }),
        );
        return updates;
      }
      case 'ProposalAccepted':
      case 'ProposalDeclined':
      case 'ProposalWithdrawn':
      case 'ProposalExpired':
      case 'CollaborationCancelled':
      case 'ContentPublished':
      case 'CollaborationCompleted':
      case 'MetricsSnapshotRecorded':
      case 'MilestoneReleased':
      case 'CollaborationRated':
      case 'ReviewTextRemoved': {
        if (!isCollaborationEvent(event)) return updates;
        const link = linkOf(event, docs);
        if (!link) return updates;
        const collaborationId = collaborationIdOf(event);
        if (event.type === 'ContentPublished') updates.push(...rightsUpdate(event, docs));
        const entry = entryFor(link.sellerId, link.creatorId);
        if (event.type === 'MetricsSnapshotRecorded' && countsGmv(link, event.data)) {
          updates.push(
            put(LIBRARY_LINKS, collaborationId, {
              ...link,
              gmvMinor: event.data.gmv.amountMinor,
              gmvCapturedAt: event.data.capturedAt,
              gmvFinal: event.data.final,
            }),
          );
        }
        const next = entryAfter(entry, link, event, collaborationId, now);
        if (next) saveEntry(next);
        return updates;
      }
      case 'ContentFixed':
      case 'UsageRightsEnded':
      case 'UsageRightsExtensionProposed':
      case 'UsageRightsExtended':
      case 'UsageRightsExtensionDeclined':
        return rightsUpdate(event, docs);
      default:
        return assertNever(event);
    }
  },
};

/** The usage rights of the event's collaboration after it (none of a collaboration never proposed). */
const rightsUpdate = (event: Recorded<UsageRightsEvent>, docs: DocReader): DocUpdate[] => {
  if (!isCollaborationEvent(event)) return [];
  const id = collaborationIdOf(event);
  const doc = docs.get(USAGE_RIGHTS, id);
  const next = doc && rightsAfter(doc, event);
  return next ? [put(USAGE_RIGHTS, id, next)] : [];
};
