import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Every event type of the log (the catalog), and the one that stands for a withheld event. */
const EVENT_TYPES: readonly string[] = [
  ...(
    JSON.parse(readFileSync(new URL('../../schema/events/index.json', import.meta.url), 'utf8')) as {
      events: { type: string }[];
    }
  ).events.map((e) => e.type),
  'Redacted',
];

/**
 * What the code calls things, never what people do: an enum code (UPPER_SNAKE), an event type
 * (PascalCase, from the catalog), a field path or a message id (dotted), a field name (camelCase).
 */
const RAW: readonly [string, RegExp][] = [
  ['enum code', /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g],
  ['event type', new RegExp(`\\b(?:${EVENT_TYPES.join('|')})\\b`, 'g')],
  ['field path or message id', /\b[a-z][a-zA-Z0-9]+(?:\.(?:\d+|[A-Za-z_][A-Za-z0-9_]+))+\b/g],
  ['field name', /\b[a-z]+[A-Z][a-zA-Z0-9]*\b/g],
];

/**
 * The text a person reads on the page: every rendered text node, the options of every list, and
 * placeholders, tooltips and accessible names — but not what is shown as written (code, raw JSON,
 * what a party wrote, ids: `code`, `pre`, `[data-verbatim]`) nor what is not rendered (a closed
 * disclosure, a hidden element).
 */
export const shownText = (page: Page): Promise<string[]> => page.evaluate(SHOWN_TEXT);

// Runs in the page (written as text: the tests are compiled without the DOM's types).
const SHOWN_TEXT = `(() => {
  const verbatim = 'code, pre, [data-verbatim], [data-raw], script, style, noscript';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent.trim();
    if (!parent || !text || parent.closest(verbatim)) continue;
    if (parent.closest('option') || parent.checkVisibility({ visibilityProperty: true })) texts.push(text);
  }
  for (const element of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (element.closest(verbatim)) continue;
    for (const name of ['placeholder', 'title', 'aria-label']) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts;
})()`;

/** The code's names a person would read on the page now, each with what it looks like. */
export const rawNames = async (page: Page): Promise<string[]> => {
  const found = new Set<string>();
  for (const text of await shownText(page)) {
    for (const [kind, pattern] of RAW) {
      for (const match of text.matchAll(pattern)) found.add(`${kind}: ${match[0]} (in “${text}”)`);
    }
  }
  return [...found];
};
