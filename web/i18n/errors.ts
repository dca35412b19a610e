import type { IntlShape } from 'react-intl';
import type { LedgerError } from '../shared/session.js';
import { formatters } from './format.js';
import type { EnumType } from './messages/enums.js';
import { errorKey } from './messages/errors.js';

/** The parameters a code's message reads, put in words, from the `extensions` the service sent beside it. */
const params = (intl: IntlShape, extensions: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const f = formatters(intl);
  const words = (type: EnumType, value: unknown): string =>
    f.list((Array.isArray(value) ? value : [value]).map((v) => f.enumValue(type, String(v))));
  const read: Record<string, (value: unknown) => string> = {
    status: (v) => words('CollaborationStatus', v),
    allowed: (v) => words('CollaborationStatus', v),
    missing: (v) => words('Platform', v),
    missedTargets: (v) => words('MetricTarget', v),
    windowEndsAt: (v) => f.when(String(v)),
    fixDueAt: (v) => f.when(String(v)),
    quotaBytes: (v) => f.bytes(Number(v)),
  };
  return Object.fromEntries(
    Object.entries(extensions).map(([name, value]) => [name, read[name] ? read[name](value) : value]),
  );
};

/**
 * A refusal of the service in the viewer's words: its code's message with its parameters, or, for a
 * code that has none (a newer service), a plain sentence that it was refused.
 */
export const errorText = (intl: IntlShape, error: LedgerError): string => {
  const id = Object.hasOwn(intl.messages, errorKey(error.code)) ? errorKey(error.code) : errorKey('UNKNOWN');
  return intl.formatMessage({ id }, params(intl, error.extensions) as Record<string, string>);
};
