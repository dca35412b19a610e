import type { Locale } from '../locales.js';
import { DATA_ENUMS, enumKey, SCHEMA_ENUMS } from './enums.js';
import { ERRORS, errorKey } from './errors.js';
import { causeKey, eventKey, EVENTS } from './events.js';
import { fieldMessages } from './fields.js';
import { FIGURE_MESSAGES } from './figures.js';
import { LIFECYCLE } from './lifecycle.js';
import type { Message } from './message.js';
import { REVIEWS } from './reviews.js';
import { notificationKey, NOTIFICATIONS } from './notifications.js';
import { NOTIFICATIONS_UI, WEBHOOKS_UI } from './reach.js';
import { CONSOLE, EXPLORER, SHARED } from './ui.js';

/**
 * Every message of the apps, by id, in both languages: the words of the screens (ui.ts), and the
 * domain's names made from their sources (enums, events, fields, figures, errors). Where a new
 * feature's words go, and what the checks enforce: web/README.md.
 */
const build = (): Readonly<Record<string, Message>> => {
  const all: Record<string, Message> = {};
  const add = (id: string, message: Message) => {
    if (Object.hasOwn(all, id)) throw new Error(`Message ${id} is defined twice`);
    all[id] = message;
  };
  for (const group of [
    SHARED,
    EXPLORER,
    CONSOLE,
    REVIEWS,
    LIFECYCLE,
    NOTIFICATIONS_UI,
    WEBHOOKS_UI,
    FIGURE_MESSAGES,
    fieldMessages(),
  ]) {
    for (const [id, message] of Object.entries(group)) add(id, message);
  }
  for (const enums of [SCHEMA_ENUMS, DATA_ENUMS]) {
    for (const [type, values] of Object.entries(enums)) {
      for (const [value, message] of Object.entries(values)) add(enumKey(type as never, value), message);
    }
  }
  for (const [type, words] of Object.entries(EVENTS)) {
    add(eventKey(type), words.name);
    if (words.cause) add(causeKey(type), words.cause);
  }
  for (const [code, message] of Object.entries(ERRORS)) add(errorKey(code), message);
  for (const [kind, message] of Object.entries(NOTIFICATIONS)) add(notificationKey(kind), message);
  return all;
};

export const MESSAGES = build();

const LANGUAGE: Record<Locale, keyof Message> = { en: 'en', 'zh-CN': 'zh' };

/** The catalog react-intl is given for a language: message id → ICU message. */
export const catalog = (locale: Locale): Record<string, string> =>
  Object.fromEntries(Object.entries(MESSAGES).map(([id, message]) => [id, message[LANGUAGE[locale]]]));
