import { PLATFORMS } from '../vocabulary.js';

/**
 * How a brief written at version 1 reads at version 2 (DOMAIN.md § Usage rights, § Negotiation,
 * § Acceptance). The log keeps what was written; readers see this.
 *
 * Version 1 gave usage rights as free-text channels, a number of months and whether paid ads may
 * reuse the content. Version 2 names a scope, the platforms and an end:
 * - 0 months granted nothing: no scope, no platforms;
 * - otherwise the scope is ORGANIC, and PAID_ADS when paid ads were allowed; the platforms are the
 *   channels that name one (TikTok, Instagram, YouTube, in any case), else the brief's own; the
 *   months, as before, run from publish.
 * A version 1 brief had no fix deadline or negotiation bound: it gets the rules' defaults.
 */

export const DEFAULT_FIX_DAYS = 5;
export const DEFAULT_NEGOTIATION_ROUNDS = 3;

interface UsageRightsV1 {
  readonly channels: readonly string[];
  readonly months: number;
  readonly paidAdsAllowed: boolean;
}

export const usageRightsFromV1 = (rights: UsageRightsV1, briefPlatforms: readonly string[] = []) => {
  if (rights.months === 0) return { scope: [], platforms: [] };
  const named = rights.channels
    .map((channel) => channel.trim().toUpperCase())
    .filter((channel) => (PLATFORMS as readonly string[]).includes(channel));
  return {
    scope: rights.paidAdsAllowed ? ['ORGANIC', 'PAID_ADS'] : ['ORGANIC'],
    platforms: [...new Set(named.length > 0 ? named : briefPlatforms)],
    months: rights.months,
  };
};

type BriefV1 = Record<string, unknown> & { usageRights?: UsageRightsV1; platforms?: readonly string[] };

/** A whole version 1 brief (or any part of one, as a template holds) at version 2. */
export const briefFromV1 = (brief: BriefV1, options: { partial: boolean }): Record<string, unknown> => {
  const { usageRights, ...rest } = brief;
  return {
    ...rest,
    ...(usageRights ? { usageRights: usageRightsFromV1(usageRights, brief.platforms) } : {}),
    ...(options.partial ? {} : { fixDays: DEFAULT_FIX_DAYS, negotiationRounds: DEFAULT_NEGOTIATION_ROUNDS }),
  };
};
