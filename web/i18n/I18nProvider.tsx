import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { initialLocale, initialUtc, saveLocale, saveUtc } from './locale.js';
import type { Locale } from './locales.js';
import { catalog } from './messages/index.js';

/** What the viewer chose: the language, and UTC instead of their own time zone. */
export interface Settings {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
  readonly utc: boolean;
  readonly setUtc: (utc: boolean) => void;
}

const SettingsContext = createContext<Settings | null>(null);

export const useSettings = (): Settings => {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSettings outside I18nProvider');
  return settings;
};

/**
 * The apps' language and time zone: react-intl (FormatJS) with the catalog of the chosen language,
 * `<html lang>` kept equal to it. A message missing from the catalog shows its id (a dotted name the
 * browser tests look for) and is reported on the console.
 */
export const I18nProvider = ({ children }: { children: ReactNode }) => {
  const [locale, setLocale] = useState(initialLocale);
  const [utc, setUtc] = useState(initialUtc);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const settings = useMemo<Settings>(
    () => ({
      locale,
      setLocale: (next) => {
        saveLocale(next);
        setLocale(next);
      },
      utc,
      setUtc: (next) => {
        saveUtc(next);
        setUtc(next);
      },
    }),
    [locale, utc],
  );
  const messages = useMemo(() => catalog(locale), [locale]);
  return (
    <SettingsContext.Provider value={settings}>
      <IntlProvider
        locale={locale}
        defaultLocale="en"
        messages={messages}
        {...(utc ? { timeZone: 'UTC' } : {})}
        onError={(error) => console.error(`[i18n] ${error.message}`)}
      >
        {children}
      </IntlProvider>
    </SettingsContext.Provider>
  );
};
