import type { IntlShape } from 'react-intl';
import { formatters } from './format.js';
import type { EnumType } from './messages/enums.js';
import { notificationKey } from './messages/notifications.js';

type Params = Readonly<Record<string, unknown>>;

/** Which enum a kind's `reason` is: the same name means a different thing in each. */
const REASONS: Readonly<Record<string, EnumType>> = {
  PAYMENT_HELD: 'HoldReason',
  RATINGS_REVEALED: 'RevealReason',
  DISPUTE_OPENED: 'DisputeReason',
  WEBHOOK_ENDPOINT_DISABLED: 'WebhookDisableReason',
  REVIEW_TEXT_REMOVED: 'ReportReason',
};

/** The words of each parameter a notification may carry (projections/notifications/notificationKinds.ts). */
const words = (intl: IntlShape, kind: string, params: Params): Record<string, string> => {
  const f = formatters(intl);
  const value = (type: EnumType) => (v: unknown) =>
    f.list((Array.isArray(v) ? v : [v]).map((item) => f.enumValue(type, String(item))));
  const instant = (v: unknown) => f.when(String(v));
  const yesNo = (v: unknown) => (v === true ? 'yes' : 'no');
  const count = (v: unknown) => f.number(Number(v));
  const read: Record<string, (v: unknown) => string> = {
    scriptDueAt: instant,
    publishDueAt: instant,
    endsAt: instant,
    dueAt: instant,
    ratingWindowClosesAt: instant,
    failingSince: instant,
    platform: value('Platform'),
    issues: value('ContentIssue'),
    milestone: value('MilestoneName'),
    decision: value('RatingReviewState'),
    evidenceKind: value('EvidenceKind'),
    outcome: value('DisputeOutcome'),
    rule: value('DeadlineRule'),
    reason: value(REASONS[kind] ?? 'DisputeReason'),
    late: yesNo,
    accepted: yesNo,
    final: yesNo,
    inconsistent: yesNo,
    targetsMet: yesNo,
    version: count,
    scriptVersion: count,
    revisionNumber: count,
    round: count,
    fixNumber: count,
    hoursBefore: count,
    lateByHours: count,
  };
  // A `select` on a parameter a notification may lack reads it as `none`.
  const out: Record<string, string> = {
    failingSince: 'none',
    amount: 'none',
    platform: 'none',
    language: 'none',
  };
  for (const [name, v] of Object.entries(params)) out[name] = read[name] ? read[name](v) : String(v);
  if (typeof params.amountMinor === 'number' && typeof params.currency === 'string') {
    out.amount = f.money({ amountMinor: params.amountMinor, currency: params.currency });
  }
  return out;
};

/**
 * A notification in the viewer's words, from its kind and parameters (DOMAIN.md § Notifications);
 * a kind this console does not know yet (a newer service) reads as its short name, if any.
 */
export const notificationText = (intl: IntlShape, kind: string, params: Params): string => {
  const id = notificationKey(kind);
  if (!Object.hasOwn(intl.messages, id)) return formatters(intl).enumValue('NotificationKind', kind);
  return intl.formatMessage({ id }, words(intl, kind, params));
};
