import type { Viewer } from '../access/viewer.js';
import { seesEverything } from '../access/rules.js';
import { EVERYTHING, type Reader } from '../contexts/collaboration/redaction.js';
import { creatorLinksStreamId } from '../contexts/links/collaborationLinks.js';
import { eventHash } from '../core/hash.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { StoredEvent } from '../eventStore/storedEvent.js';

/**
 * Who may read a collaboration's history when its log may be damaged (DOMAIN.md § Who uses it,
 * § Audit): arbitrators and auditors always; a party only when the log itself establishes that party's
 * id — never from content that was changed, and never when the log names two parties for one side.
 *
 * A party id is taken from events whose content still gives their own hash (a proposal names both
 * parties; a rating names rater and ratee), and from the creator's link stream
 * (src/contexts/links), written with the proposal in one append and kept apart from the collaboration's
 * stream: an edit of the collaboration's stream, even one re-chained after it, then meets a link that
 * names the parties it was proposed to. A side named differently by two of these is established for
 * nobody. What cannot be read, or no longer gives its hash, names nobody; an id read from it only
 * says which creator's link stream to look in.
 */

export interface Parties {
  /** The seller, when the log establishes it. */
  readonly sellerId: string | undefined;
  /** The creator, when the log establishes it. */
  readonly creatorId: string | undefined;
}

/** Whether a stored event's content still gives its hash: then what it says was said. */
const intact = (e: StoredEvent): boolean =>
  !e.damage &&
  eventHash({
    streamId: e.streamId,
    revision: e.revision,
    id: e.id,
    type: e.type,
    version: e.version,
    dataJson: e.dataText,
    metadataJson: e.metadataText,
    prevHash: e.prevHash,
  }) === e.hash;

interface Naming {
  readonly sellerId?: string;
  readonly creatorId?: string;
}

const string = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Who an intact event of the collaboration's stream names as its parties. */
const namedBy = (e: StoredEvent): Naming | undefined => {
  const data = e.data as Record<string, unknown>;
  if (e.type === 'CollaborationProposed') {
    return { sellerId: string(data.sellerId), creatorId: string(data.creatorId) };
  }
  if (e.type === 'CollaborationRated') {
    const [seller, creator] =
      data.direction === 'SELLER_TO_CREATOR' ? [data.raterId, data.rateeId] : [data.rateeId, data.raterId];
    return { sellerId: string(seller), creatorId: string(creator) };
  }
  return undefined;
};

/** The one id every naming agrees on, or undefined (none named, or two). */
const agreed = (names: readonly (string | undefined)[]): string | undefined => {
  const distinct = new Set(names.filter((n): n is string => n !== undefined));
  return distinct.size === 1 ? [...distinct][0] : undefined;
};

/**
 * The parties the log establishes for a collaboration whose stored events are `stored`. `creatorHint`
 * names one more creator whose link stream to look in (a creator asking: its own).
 */
export const establishParties = async (
  store: EventStore,
  collaborationId: string,
  stored: readonly StoredEvent[],
  creatorHint?: string,
): Promise<Parties> => {
  const namings: Naming[] = stored.filter(intact).flatMap((e) => namedBy(e) ?? []);
  // Which creators' link streams to read: those named, even by a damaged proposal, and the hint.
  const candidates = new Set<string>();
  for (const e of stored) {
    const creatorId =
      e.type === 'CollaborationProposed' ? string((e.data as Naming | null)?.creatorId) : undefined;
    if (creatorId) candidates.add(creatorId);
  }
  for (const n of namings) if (n.creatorId) candidates.add(n.creatorId);
  if (creatorHint) candidates.add(creatorHint);
  for (const creatorId of candidates) {
    for (const link of await store.readStoredStream(creatorLinksStreamId(creatorId))) {
      const data = link.data as { collaborationId?: unknown; sellerId?: unknown } | null;
      if (link.type === 'CollaborationLinked' && intact(link) && data?.collaborationId === collaborationId) {
        namings.push({ sellerId: string(data.sellerId), creatorId });
      }
    }
  }
  return {
    sellerId: agreed(namings.map((n) => n.sellerId)),
    creatorId: agreed(namings.map((n) => n.creatorId)),
  };
};

/** The reader a viewer is of a collaboration with these parties, or null when none. */
export const readerAmong = (viewer: Viewer, parties: Parties): Reader | null => {
  if (seesEverything(viewer)) return EVERYTHING;
  if (viewer.role === 'SELLER' && parties.sellerId !== undefined && viewer.sellerId === parties.sellerId)
    return { everything: false, side: 'SELLER' };
  if (viewer.role === 'CREATOR' && parties.creatorId !== undefined && viewer.creatorId === parties.creatorId)
    return { everything: false, side: 'CREATOR' };
  return null;
};

/**
 * The reader a viewer is of a collaboration's history, from what the log holds of it (`stored`), or
 * null when the viewer may not read it (answered as if it did not exist). Arbitrators and auditors
 * read any, without a look at the parties.
 */
export const readerOfHistory = async (
  store: EventStore,
  viewer: Viewer,
  collaborationId: string,
  stored: readonly StoredEvent[],
): Promise<Reader | null> => {
  if (seesEverything(viewer)) return EVERYTHING;
  const hint = viewer.role === 'CREATOR' ? viewer.creatorId : undefined;
  return readerAmong(viewer, await establishParties(store, collaborationId, stored, hint));
};
