import type { Viewer } from '../access/viewer.js';
import {
  REDACTED_TYPE,
  mayRead,
  redactEvent,
  withheldFrom,
  withholdsAnything,
  type Reader,
  type Withheld,
} from '../contexts/collaboration/redaction.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { StoredEvent } from '../eventStore/storedEvent.js';
import {
  collaborationEvents,
  replayCollaboration,
  type HistoryStep,
  type ReplayProblemCode,
} from './history.js';
import { readerOfHistory } from './parties.js';

/**
 * What one viewer may read of a collaboration's history (DOMAIN.md § The collaboration 9, double-blind
 * ratings), damaged log included: every path that shows a history — the history and as-of queries,
 * the signed export — asks here.
 */

export interface ReadableHistory {
  /** The events as stored, one per step. */
  readonly stored: readonly StoredEvent[];
  readonly steps: readonly HistoryStep[];
  readonly reader: Reader;
  /** What the reader may not read (redaction.ts): hidden ratings, removed texts, others' reports. */
  readonly withheld: Withheld;
}

/**
 * The history its viewer may read, replayed from the log: null when there is none, and when the viewer
 * is not one of its readers (answered alike, so nobody learns which collaborations exist).
 */
export const readableHistory = async (
  store: EventStore,
  viewer: Viewer,
  collaborationId: string,
): Promise<ReadableHistory | null> => {
  const stored = await collaborationEvents(store, collaborationId);
  if (stored.length === 0) return null;
  const reader = await readerOfHistory(store, viewer, collaborationId, stored);
  if (!reader) return null;
  const steps = await replayCollaboration(stored);
  return { stored, steps, reader, withheld: withheldOf(reader, steps) };
};

/**
 * What is withheld from a reader, as the collaboration stands (redaction.ts), with one addition for a
 * damaged log: a rating a readable event names that the replayed state does not show readable (its own
 * event could not be replayed) is hidden too — a party reads only what it is known it may, its own
 * ratings and those revealed.
 */
export const withheldOf = (reader: Reader, steps: readonly HistoryStep[]): Withheld => {
  const state = steps.at(-1)!.state;
  const withheld = withheldFrom(reader, state);
  if (reader.everything) return withheld;
  const readable = new Set(state.ratings.filter((r) => mayRead(reader, r)).map((r) => r.ratingId));
  const ratings = new Set(withheld.ratings);
  for (const { event } of steps) {
    const ratingId = (event?.data as { ratingId?: unknown } | undefined)?.ratingId;
    if (typeof ratingId === 'string' && !readable.has(ratingId)) ratings.add(ratingId);
  }
  return { ...withheld, ratings };
};

/**
 * Event types that speak about one rating or a report on it: shown to a party as `Redacted` when they
 * cannot be read.
 */
const ABOUT_A_RATING = new Set([
  'RatingFlagged',
  'RatingReviewed',
  'ReviewReported',
  'ReviewReportDismissed',
  'ReviewReportEscalated',
]);

/** One step's event as its reader may see it. */
export interface ShownEvent {
  readonly type: string;
  /** As stored (decoded where it decodes), unless `redacted`; null when nothing of it may be shown. */
  readonly data: unknown;
  readonly redacted: boolean;
  /** Data and metadata as stored, for an event that cannot be read (arbitrators and auditors only). */
  readonly storedData: string | null;
  readonly storedMetadata: string | null;
  /** Why it was not replayed; the detail for arbitrators and auditors only. */
  readonly problem: { readonly code: ReplayProblemCode; readonly detail: string | null } | null;
}

/**
 * An event a party cannot read is withheld whole: what it holds cannot be told from what was hidden
 * (its ratingId may be the edited part), so neither its data nor its stored text is shown, and its
 * type only where the type tells nothing of a rating's content.
 */
export const shownEvent = (
  step: HistoryStep,
  stored: StoredEvent,
  reader: Reader,
  withheld: Withheld,
): ShownEvent => {
  const problem = step.problem
    ? { code: step.problem.code, detail: reader.everything ? step.problem.detail : null }
    : null;
  if (step.event) {
    const shown = redactEvent(step.event, withheld);
    return { ...shown, storedData: null, storedMetadata: null, problem };
  }
  if (reader.everything) {
    return {
      type: stored.type,
      data: stored.data ?? null,
      redacted: false,
      storedData: stored.dataText,
      storedMetadata: stored.metadataText,
      problem,
    };
  }
  return {
    type: ABOUT_A_RATING.has(stored.type) ? REDACTED_TYPE : stored.type,
    data: null,
    redacted: true,
    storedData: null,
    storedMetadata: null,
    problem,
  };
};

/**
 * Whether a signed export of this history may go to its reader: always to arbitrators and auditors; to
 * a party once nothing in it is withheld from that party — and nothing in it is unreadable, since what an
 * unreadable event holds cannot be known, and a signed file cannot be redacted.
 */
export const exportableTo = (history: ReadableHistory): boolean =>
  history.reader.everything || (!withholdsAnything(history.withheld) && history.steps.every((s) => s.event));
