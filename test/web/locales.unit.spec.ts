import { describe, expect, it } from 'vitest';
import { localeFor } from '../../web/i18n/locales.js';

describe("the language a visitor gets from the browser's", () => {
  it('is the first of them the apps speak, any Chinese read as Simplified Chinese', () => {
    expect(localeFor(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(localeFor(['zh-TW'])).toBe('zh-CN');
    expect(localeFor(['zh'])).toBe('zh-CN');
    expect(localeFor(['en-GB', 'zh-CN'])).toBe('en');
    expect(localeFor(['fr-FR', 'zh-Hans-CN', 'en'])).toBe('zh-CN');
  });

  it('is English when the browser speaks neither', () => {
    expect(localeFor(['fr-FR', 'de'])).toBe('en');
    expect(localeFor([])).toBe('en');
  });
});
