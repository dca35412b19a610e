import { DomainError } from '../../core/errors.js';
import { ms } from '../shared.js';
import { DEFAULT_FIX_DAYS, DEFAULT_NEGOTIATION_ROUNDS } from './briefVersions.js';
import type { Brief, Milestone } from './collaboration.events.js';

/** A brief as a seller writes it: the rules' defaults apply to what is left out (DOMAIN.md § The collaboration 1). */
export type BriefInput = Omit<
  Brief,
  | 'revisionLimit'
  | 'measurementWindowDays'
  | 'paymentMilestones'
  | 'metricTargets'
  | 'usageRights'
  | 'disclosure'
  | 'tracking'
  | 'fixDays'
  | 'negotiationRounds'
> &
  Partial<
    Pick<
      Brief,
      | 'revisionLimit'
      | 'measurementWindowDays'
      | 'paymentMilestones'
      | 'metricTargets'
      | 'usageRights'
      | 'disclosure'
      | 'tracking'
      | 'fixDays'
      | 'negotiationRounds'
    >
  >;

export const DEFAULT_REVISION_LIMIT = 2;
export const DEFAULT_MEASUREMENT_WINDOW_DAYS = 7;
/** DOMAIN.md: e.g. DEPOSIT 30% on accept, FINAL 70% on conditions. */
export const DEFAULT_MILESTONES: Brief['paymentMilestones'] = [
  { name: 'DEPOSIT', percent: 30, dueOn: 'ACCEPT' },
  { name: 'FINAL', percent: 70, dueOn: 'COMPLETION' },
];

export const withBriefDefaults = (input: BriefInput): Brief => ({
  ...input,
  revisionLimit: input.revisionLimit ?? DEFAULT_REVISION_LIMIT,
  measurementWindowDays: input.measurementWindowDays ?? DEFAULT_MEASUREMENT_WINDOW_DAYS,
  paymentMilestones: input.paymentMilestones ?? DEFAULT_MILESTONES,
  metricTargets: input.metricTargets ?? {},
  usageRights: input.usageRights ?? { scope: [], platforms: [] },
  disclosure: input.disclosure ?? { required: true },
  tracking: input.tracking ?? {},
  fixDays: input.fixDays ?? DEFAULT_FIX_DAYS,
  negotiationRounds: input.negotiationRounds ?? DEFAULT_NEGOTIATION_ROUNDS,
});

/** The rules a brief must meet beyond its shape. */
export const checkBrief = (brief: Brief, now: string): void => {
  const scriptDue = ms(brief.scriptDueAt);
  const publishDue = ms(brief.publishDueAt);
  if (!(scriptDue > ms(now))) {
    throw new DomainError('INVALID_BRIEF_DATES', 'The script due date must be in the future', {
      scriptDueAt: brief.scriptDueAt,
    });
  }
  if (!(publishDue > scriptDue)) {
    throw new DomainError('INVALID_BRIEF_DATES', 'The publish due date must come after the script due date', {
      scriptDueAt: brief.scriptDueAt,
      publishDueAt: brief.publishDueAt,
    });
  }
  if (!Number.isSafeInteger(brief.fee.amountMinor) || brief.fee.amountMinor <= 0) {
    throw new DomainError('INVALID_FEE', 'The fee must be a positive integer amount of minor units');
  }
  if (brief.measurementWindowDays < 7 || brief.measurementWindowDays > 14) {
    throw new DomainError('INVALID_MEASUREMENT_WINDOW', 'The measurement window is 7 to 14 days');
  }
  if (brief.revisionLimit < 0 || brief.revisionLimit > 10) {
    throw new DomainError('INVALID_REVISION_LIMIT', 'The revision limit is 0 to 10');
  }
  if (!Number.isInteger(brief.fixDays) || brief.fixDays < 1 || brief.fixDays > 30) {
    throw new DomainError('INVALID_FIX_DAYS', 'The creator has 1 to 30 days to fix content');
  }
  if (
    !Number.isInteger(brief.negotiationRounds) ||
    brief.negotiationRounds < 0 ||
    brief.negotiationRounds > 10
  ) {
    throw new DomainError('INVALID_NEGOTIATION_ROUNDS', 'A negotiation allows 0 to 10 counter-offers');
  }
  checkUsageRights(brief);
  const names = new Set(brief.paymentMilestones.map((m) => m.name));
  if (names.size !== brief.paymentMilestones.length) {
    throw new DomainError('DUPLICATE_MILESTONE', 'Payment milestone names must be unique');
  }
  const total = brief.paymentMilestones.reduce((sum, m) => sum + m.percent, 0);
  if (total !== 100) {
    throw new DomainError('MILESTONES_MUST_TOTAL_100', `Payment milestones add up to ${total}%, not 100%`, {
      total,
    });
  }
};

/**
 * Splits the fee into the milestones' amounts in minor units. Each gets the floor of its share; the
 * cents left over go to the last milestone, so the amounts always add up to the fee exactly.
 */
export const allocateMilestones = (brief: Brief): Milestone[] => {
  const { amountMinor, currency } = brief.fee;
  let allocated = 0;
  return brief.paymentMilestones.map((m, i) => {
    const last = i === brief.paymentMilestones.length - 1;
    const amount = last ? amountMinor - allocated : Math.floor((amountMinor * m.percent) / 100);
    allocated += amount;
    return { name: m.name, percent: m.percent, dueOn: m.dueOn, amount: { amountMinor: amount, currency } };
  });
};

/**
 * DOMAIN.md § Usage rights: no scope grants nothing (and names no platform or end); a scope names
 * its platforms and exactly one end, months from publish or a date after the publish due date.
 */
const checkUsageRights = (brief: Brief): void => {
  const { scope, platforms, months, endsAt } = brief.usageRights;
  const refuse = (message: string) => {
    throw new DomainError('INVALID_USAGE_RIGHTS', message, { usageRights: brief.usageRights });
  };
  if (scope.length === 0) {
    if (platforms.length > 0 || months !== undefined || endsAt !== undefined)
      refuse('Usage rights without a scope grant nothing: name a scope, or no platforms and no end');
    return;
  }
  if (platforms.length === 0) refuse('Usage rights name the platforms they cover');
  if ((months === undefined) === (endsAt === undefined))
    refuse('Usage rights end either a number of months after publish or on a date');
  if (endsAt !== undefined && !(ms(endsAt) > ms(brief.publishDueAt)))
    refuse('Usage rights end after the publish due date');
};
