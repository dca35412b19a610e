import type { CollaborationEvent } from '../src/contexts/collaboration/collaboration.events.js';
import type { RecordedEvent } from '../src/core/event.js';

/** Helpers every projection uses. */

export const COLLABORATION_PREFIX = 'collaboration-';
export const SELLER_LIBRARY_PREFIX = 'sellerLibrary-';

/** The collaboration id of an event of a collaboration stream. */
export const collaborationIdOf = (event: RecordedEvent): string =>
  event.streamId.slice(COLLABORATION_PREFIX.length);

export const isCollaborationEvent = (event: RecordedEvent): boolean =>
  event.streamId.startsWith(COLLABORATION_PREFIX);

/** The event as the domain union, for exhaustive switches. */
export const asCollaborationEvent = (event: RecordedEvent): CollaborationEvent =>
  event as unknown as CollaborationEvent;

export const at = (event: RecordedEvent): string => event.metadata.occurredAt;

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/** Rounds for display and storage: figures are shown with their breakdown, not with float noise. */
export const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;
