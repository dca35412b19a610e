import { LOCALES, localeFor, type Locale } from './locales.js';

/**
 * Which language a visitor gets: the one they chose here before (kept in this browser,
 * localStorage), else the first of the browser's languages that we speak (any Chinese → Simplified
 * Chinese), else English.
 */

const LOCALE_KEY = 'creator-ledger.locale';
const UTC_KEY = 'creator-ledger.utc';

const isLocale = (value: string | null): value is Locale => LOCALES.some((l) => l === value);

const stored = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage refused (a private window's policy): the choice lasts for the page only.
    return null;
  }
};

const store = (key: string, value: string): void => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // As above.
  }
};

export const initialLocale = (): Locale => {
  const chosen = stored(LOCALE_KEY);
  if (isLocale(chosen)) return chosen;
  return localeFor(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
};

export const saveLocale = (locale: Locale): void => store(LOCALE_KEY, locale);

/** Times are shown in the viewer's zone unless they asked for UTC (remembered like the language). */
export const initialUtc = (): boolean => stored(UTC_KEY) === '1';

export const saveUtc = (utc: boolean): void => store(UTC_KEY, utc ? '1' : '0');
