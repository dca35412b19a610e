import { useIntl } from 'react-intl';
import { useSettings } from '../i18n/I18nProvider.js';
import { LOCALES, type Locale } from '../i18n/locales.js';

/** Each language named in itself, so that a reader finds theirs whatever is shown now. */
const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** The apps' language and time zone, chosen here and remembered in this browser. */
export const LanguageSwitch = () => {
  const intl = useIntl();
  const { locale, setLocale, utc, setUtc } = useSettings();
  return (
    <span className="settings">
      <label>
        {intl.formatMessage({ id: 'settings.language' })}{' '}
        <select name="language" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" name="utc" checked={utc} onChange={(e) => setUtc(e.target.checked)} />{' '}
        {intl.formatMessage({ id: 'settings.utc' })}
      </label>
    </span>
  );
};
