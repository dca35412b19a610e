import {
  collaborationIdOfStream,
  isCollaborationStream,
} from '../src/contexts/collaboration/collaboration.decide.js';
import type { CollaborationEvent } from '../src/contexts/collaboration/collaboration.events.js';
import type { CreatorEvent } from '../src/contexts/creator/creator.events.js';
import type { SellerEvent } from '../src/contexts/seller/seller.events.js';
import type { SellerLibraryEvent } from '../src/contexts/sellerLibrary/sellerLibrary.events.js';
import type { NotificationEvent } from '../src/contexts/notifications/notifications.js';
import type { WebhookEvent } from '../src/contexts/webhooks/webhooks.events.js';
import type { RecordedEvent } from '../src/core/event.js';

/** Helpers every projection uses. */

/** The events the read models follow: the domain's own unions. */
export type ProjectedEvent =
  CreatorEvent | SellerEvent | CollaborationEvent | SellerLibraryEvent | WebhookEvent | NotificationEvent;

/** The events of these types: a projection's union, from the types it hands the runner. */
export type EventOfType<T extends ProjectedEvent['type']> = Extract<ProjectedEvent, { readonly type: T }>;

/**
 * The event types a projection handles, each a type of the domain's; its union follows from them
 * (`EventOfType<(typeof TYPES)[number]>`), so the runner's filter and `evolve`'s exhaustive switch
 * are over the same list: a type added here and not handled, or handled and not listed, does not compile.
 */
export const handledTypes = <const T extends readonly ProjectedEvent['type'][]>(...types: T): T => types;

/** The collaboration id of an event of a collaboration stream. */
export const collaborationIdOf = (event: RecordedEvent): string => collaborationIdOfStream(event.streamId);

export const isCollaborationEvent = (event: RecordedEvent): boolean => isCollaborationStream(event.streamId);

export const at = (event: RecordedEvent): string => event.metadata.occurredAt;

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/**
 * The document id of something whose own id its owner chose (a seller's template, a rating in a
 * collaboration): unique per owner only, so the owner is part of the key. `/` never occurs in an id
 * (src/core/schema.ts § Id), so two pairs never give the same key.
 */
export const ownedId = (owner: string, id: string): string => `${owner}/${id}`;
