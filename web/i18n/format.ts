import { useMemo } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { enumKey, type EnumType } from './messages/enums.js';
import { eventKey } from './messages/events.js';

/** An instant: date and 24-hour time to the second, with its zone, in the viewer's zone or UTC. */
const WHEN: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
};

/** Digits after the point of a currency's minor unit (JPY 0, USD 2, BHD 3). */
const minorDigits = (currency: string): number => {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
};

/** Words made from a code no message names (a milestone or tag a party made up): `ON_PUBLISH` → "on publish". */
export const humanize = (code: string): string => code.toLowerCase().replace(/_+/g, ' ').trim();

const OPEN_ENUMS: ReadonlySet<EnumType> = new Set(['MilestoneName', 'RatingTag']);
const RIGHTS_FEE = /^RIGHTS_(\d+)$/;

/** Everything the apps show that is not a sentence: instants, numbers, money, sizes, the domain's names. */
export const formatters = (intl: IntlShape) => {
  const none = intl.formatMessage({ id: 'value.none' });
  const has = (id: string): boolean => Object.hasOwn(intl.messages, id);
  return {
    none,
    when: (iso: string | null | undefined): string => (iso ? intl.formatDate(iso, WHEN) : none),
    number: (value: number, digits = 0): string =>
      intl.formatNumber(value, { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
    /** A share 0..1 as a percentage. */
    percent: (ratio: number, digits = 0): string =>
      intl.formatNumber(ratio, { style: 'percent', maximumFractionDigits: digits }),
    money: (money: { amountMinor: number; currency: string }): string =>
      intl.formatNumber(money.amountMinor / 10 ** minorDigits(money.currency), {
        style: 'currency',
        currency: money.currency,
      }),
    bytes: (bytes: number): string =>
      bytes < 1024
        ? intl.formatNumber(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' })
        : bytes < 1024 * 1024
          ? intl.formatNumber(bytes / 1024, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 })
          : intl.formatNumber(bytes / 1024 / 1024, {
              style: 'unit',
              unit: 'megabyte',
              maximumFractionDigits: 1,
            }),
    /** A quantity with its unit (hour, day, month), in the language's words for it. */
    unit: (value: number, unit: 'hour' | 'day' | 'month', digits = 0): string =>
      intl.formatNumber(value, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: digits }),
    /** A rating score out of 5. */
    score: (value: number, digits = 0): string =>
      intl.formatMessage(
        { id: 'value.score' },
        { score: intl.formatNumber(value, { maximumFractionDigits: digits, minimumFractionDigits: digits }) },
      ),
    yesNo: (value: boolean): string => intl.formatMessage({ id: value ? 'value.yes' : 'value.no' }),
    list: (items: readonly string[]): string => intl.formatList(items, { type: 'conjunction' }),
    /**
     * An enum value in words. Milestone names and rating tags are open (a party may make one up): one
     * without words of its own reads in words made from it. Any other value without words shows its
     * message id, which the checks catch.
     */
    enumValue: (type: EnumType, value: string): string => {
      // The fee of a usage rights extension is a milestone the rules name RIGHTS_1, RIGHTS_2, …
      const rights = type === 'MilestoneName' ? RIGHTS_FEE.exec(value) : null;
      if (rights) return intl.formatMessage({ id: 'rights.feeMilestone' }, { n: rights[1] });
      return OPEN_ENUMS.has(type) && !has(enumKey(type, value))
        ? humanize(value)
        : intl.formatMessage({ id: enumKey(type, value) });
    },
    /** Whether an enum value has its own words (not made from its code). */
    knows: (type: EnumType, value: string): boolean => has(enumKey(type, value)),
    /** An event type in words; one the service does not know (a damaged log) says so. */
    event: (type: string): string =>
      intl.formatMessage({ id: has(eventKey(type)) ? eventKey(type) : 'value.unknownEvent' }),
    country: (code: string): string => intl.formatDisplayName(code, { type: 'region' }) ?? code,
    language: (code: string): string => intl.formatDisplayName(code, { type: 'language' }) ?? code,
  };
};

export type Format = ReturnType<typeof formatters>;

export const useFormat = (): Format => {
  const intl = useIntl();
  return useMemo(() => formatters(intl), [intl]);
};
