/**
 * A message in both languages, side by side: ICU MessageFormat (FormatJS), English first. Written
 * with the glossary's terms (`t`), so one word means one thing everywhere.
 */
export interface Message {
  readonly en: string;
  readonly zh: string;
}

export type Messages = Readonly<Record<string, Message>>;

export const m = (en: string, zh: string): Message => ({ en, zh });

/** A term at the start of an English sentence. */
export const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export { TERMS as t } from '../glossary.js';
