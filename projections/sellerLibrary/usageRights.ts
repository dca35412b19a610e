import { addMonths } from '../../src/contexts/collaboration/calendar.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded } from '../../src/core/event.js';
import { collection } from '../../src/readStore/collection.js';
import type { EventOfType } from '../shared.js';

/**
 * The usage rights of a seller's published content, one document per collaboration (DOMAIN.md
 * § Usage rights): what the seller may do with it, where, until when, and any extension awaiting the
 * creator. Its library lists those whose rights end soon (`live` and `endsAt`), so nobody learns too
 * late that the rights to a video it reuses have ended.
 */

export interface UsageRightsDoc {
  readonly collaborationId: string;
  readonly sellerId: string;
  readonly creatorId: string;
  readonly title: string;
  readonly scope: readonly string[];
  readonly platforms: readonly string[];
  /** Months after publish, until publish makes them a date. */
  readonly months: number | null;
  readonly endsAt: string | null;
  readonly ended: boolean;
  /** The content the rights are to: its last link (a fix may give a new one). */
  readonly content: { readonly platform: string; readonly url: string; readonly publishedAt: string } | null;
  readonly extensions: number;
  readonly pendingExtension: {
    readonly extensionId: string;
    readonly endsAt: string;
    readonly fee: { readonly amountMinor: number; readonly currency: string } | null;
    readonly proposedAt: string;
  } | null;
  /** 1 while rights run to content that exists: published, with a scope, not ended. */
  readonly live: number;
  readonly updatedAt: string;
}

export const USAGE_RIGHTS = collection<UsageRightsDoc>('usageRights', {
  indexes: [
    { field: 'sellerId', type: 'string' },
    { field: 'live', type: 'number' },
    // Rights whose end is not known yet sort after every instant.
    { field: 'endsAt', type: 'string', missing: '~' },
  ],
  compoundIndexes: [['sellerId', 'live', 'endsAt']],
});

/** The events of a collaboration its usage rights follow. */
export const USAGE_RIGHTS_EVENTS = [
  'ContentPublished',
  'ContentFixed',
  'UsageRightsEnded',
  'UsageRightsExtensionProposed',
  'UsageRightsExtended',
  'UsageRightsExtensionDeclined',
] as const;
export type UsageRightsEvent = EventOfType<(typeof USAGE_RIGHTS_EVENTS)[number]>;

const withLive = (doc: UsageRightsDoc): UsageRightsDoc => ({
  ...doc,
  live: doc.content && doc.scope.length > 0 && doc.endsAt && !doc.ended ? 1 : 0,
});

/** The document a proposal starts (the rights as the brief gives them, nothing published yet). */
export const proposedRights = (
  event: Recorded<EventOfType<'CollaborationProposed'>>,
  collaborationId: string,
): UsageRightsDoc => {
  const { sellerId, creatorId, brief } = event.data;
  return withLive({
    collaborationId,
    sellerId,
    creatorId,
    title: brief.title,
    scope: brief.usageRights.scope,
    platforms: brief.usageRights.platforms,
    months: brief.usageRights.months ?? null,
    endsAt: brief.usageRights.endsAt ?? null,
    ended: false,
    content: null,
    extensions: 0,
    pendingExtension: null,
    live: 0,
    updatedAt: event.metadata.occurredAt,
  });
};

/** The rights after an event of their collaboration; undefined when it changes nothing. */
export const rightsAfter = (
  doc: UsageRightsDoc,
  event: Recorded<UsageRightsEvent>,
): UsageRightsDoc | undefined => {
  const updatedAt = event.metadata.occurredAt;
  switch (event.type) {
    case 'ContentPublished': {
      const { platform, url, publishedAt } = event.data;
      const endsAt = doc.endsAt ?? (doc.months ? addMonths(publishedAt, doc.months) : null);
      return withLive({ ...doc, content: { platform, url, publishedAt }, endsAt, updatedAt });
    }
    case 'ContentFixed':
      return event.data.url && doc.content
        ? { ...doc, content: { ...doc.content, url: event.data.url }, updatedAt }
        : undefined;
    case 'UsageRightsEnded':
      return withLive({ ...doc, ended: true, updatedAt });
    case 'UsageRightsExtensionProposed': {
      const { extensionId, endsAt, fee } = event.data;
      return {
        ...doc,
        pendingExtension: { extensionId, endsAt, fee: fee ?? null, proposedAt: updatedAt },
        updatedAt,
      };
    }
    case 'UsageRightsExtended':
      return withLive({
        ...doc,
        scope: event.data.scope,
        platforms: event.data.platforms,
        endsAt: event.data.endsAt,
        ended: false,
        extensions: doc.extensions + 1,
        pendingExtension: null,
        updatedAt,
      });
    case 'UsageRightsExtensionDeclined':
      return { ...doc, pendingExtension: null, updatedAt };
    default:
      return assertNever(event);
  }
};
