import type { EnumType } from '../i18n/messages/enums.js';
import { STATE_FIELDS, type FieldNode, type ItemNode } from '../i18n/messages/fields.js';

/** One part of a field's name: a message, an enum value's words, or text as it was written. */
export type LabelPart =
  | { readonly id: string; readonly values?: Readonly<Record<string, unknown>> }
  | { readonly enumType: EnumType; readonly value: string }
  | { readonly text: string };

export interface DescribedPath {
  /** The field's name from the top of the state down, e.g. Payment milestones › Deposit › Settlement. */
  readonly labels: readonly LabelPart[];
  /** The node the path ends at: its value's kind, or its fields when the value is an object. */
  readonly node: ItemNode | undefined;
  /** Its place in the tree of words (`field.<key>` names it; its fields are `field.<key>.<name>`). */
  readonly key: string;
  /** False when part of the path is not in web/i18n/messages/fields.ts (a field added since). */
  readonly known: boolean;
}

const ROOT: ItemNode = { fields: STATE_FIELDS };

type Segment = string | number;

const child = (value: unknown, segment: Segment): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;

/**
 * The words for a path into a collaboration's state (a change microdiff found), naming each list
 * element by what it is in `state` (the state the element is read from: after the change, or before
 * it for a removal).
 */
export const describePath = (path: readonly Segment[], state: unknown): DescribedPath => {
  const labels: LabelPart[] = [];
  let node: ItemNode | FieldNode | undefined = ROOT;
  let key = '';
  let cursor: unknown = state;
  for (const [i, segment] of path.entries()) {
    if (node?.fields && typeof segment === 'string' && Object.hasOwn(node.fields, segment)) {
      key = key ? `${key}.${segment}` : segment;
      node = node.fields[segment];
      labels.push({ id: `field.${key}` });
    } else if (node?.items && node.keys && typeof segment === 'string') {
      labels.push({ enumType: node.keys, value: segment });
      node = node.items;
    } else if (node?.value?.kind === 'money' && (segment === 'amountMinor' || segment === 'currency')) {
      // One part of an amount changed (a fee agreed in a negotiation): the amount is named as a whole,
      // and its part read in the fee's currency, which a negotiation never changes.
      node = { value: segment === 'amountMinor' ? { kind: 'minorOfFee' } : { kind: 'text' } };
    } else if (node?.items && typeof segment === 'number') {
      const element = child(cursor, segment);
      const name = node.itemName;
      if (name && 'enumOf' in name) {
        labels.push({ enumType: name.type, value: String(child(element, name.enumOf)) });
      } else if (name) {
        labels.push({ id: `field.${key}.item`, values: name.params(asRecord(element), segment) });
      }
      node = node.items;
    } else {
      labels.push({ text: path.slice(i).join('.') });
      return { labels, node: undefined, key, known: false };
    }
    cursor = child(cursor, segment);
  }
  return { labels, node, key, known: true };
};

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
