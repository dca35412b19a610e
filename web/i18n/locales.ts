/** The languages the browser apps speak. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The first of `languages` (BCP 47 tags, most preferred first) that the apps speak. */
export const localeFor = (languages: readonly string[]): Locale => {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
};
