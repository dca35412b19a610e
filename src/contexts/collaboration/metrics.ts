import type { MetricTargetName, MetricTargets } from './collaboration.events.js';
import type { CollaborationState, Snapshot } from './collaboration.state.js';
import { DAY_MS, ms } from '../shared.js';

/** DOMAIN.md § The collaboration 6 and § Reputation: what the numbers of a collaboration mean. */

export const COUNTERS = ['views', 'likes', 'comments', 'shares', 'clicks', 'orders'] as const;

export interface Counters {
  readonly views: number;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
  readonly clicks: number;
  readonly orders: number;
  readonly gmv: { readonly amountMinor: number };
}

/** (likes + comments + shares) / views; undefined without views. */
export const engagementRate = (s: Counters): number | null =>
  s.views > 0 ? (s.likes + s.comments + s.shares) / s.views : null;

/** orders / clicks; undefined without clicks. */
export const conversionRate = (s: Counters): number | null => (s.clicks > 0 ? s.orders / s.clicks : null);

/** The instant after which a snapshot is final: publishedAt + measurement window. */
export const finalFrom = (publishedAt: string, windowDays: number): number =>
  ms(publishedAt) + windowDays * DAY_MS;

const byCapture = (a: Snapshot, b: Snapshot) => ms(a.capturedAt) - ms(b.capturedAt);

/**
 * The final metrics: the first snapshot captured at or after the end of the measurement window,
 * the measurement the window asks for.
 */
export const finalSnapshot = (state: CollaborationState): Snapshot | null =>
  [...state.snapshots].filter((s) => s.final).sort(byCapture)[0] ?? null;

/** The latest snapshot by capture time. */
export const latestSnapshot = (state: CollaborationState): Snapshot | null =>
  [...state.snapshots].sort(byCapture).at(-1) ?? null;

/**
 * Counters are cumulative: a snapshot with a counter lower than one captured before it, or higher
 * than one captured after it, is INCONSISTENT_METRICS. Returns the counters that break the rule.
 */
export const inconsistentFields = (
  earlier: readonly Snapshot[],
  candidate: Counters & { capturedAt: string },
) => {
  const fields = new Set<string>();
  const at = ms(candidate.capturedAt);
  for (const other of earlier) {
    const otherAt = ms(other.capturedAt);
    for (const field of COUNTERS) {
      if (otherAt <= at && candidate[field] < other[field]) fields.add(field);
      if (otherAt > at && candidate[field] > other[field]) fields.add(field);
    }
    if (otherAt <= at && candidate.gmv.amountMinor < other.gmv.amountMinor) fields.add('gmv');
    if (otherAt > at && candidate.gmv.amountMinor > other.gmv.amountMinor) fields.add('gmv');
  }
  return [...fields];
};

/** The brief's metric targets not met by `snapshot` (every target is missed without one). */
export const missedTargets = (targets: MetricTargets, snapshot: Counters | null): MetricTargetName[] => {
  const missed: MetricTargetName[] = [];
  const check = (name: MetricTargetName, met: (s: Counters) => boolean) => {
    if (targets[name] !== undefined && (!snapshot || !met(snapshot))) missed.push(name);
  };
  check('minViews', (s) => s.views >= targets.minViews!);
  check('minEngagementRate', (s) => (engagementRate(s) ?? 0) >= targets.minEngagementRate!);
  check('minClicks', (s) => s.clicks >= targets.minClicks!);
  check('minOrders', (s) => s.orders >= targets.minOrders!);
  check('minGmvMinor', (s) => s.gmv.amountMinor >= targets.minGmvMinor!);
  return missed;
};
