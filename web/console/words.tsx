import { Fragment } from 'react';
import { useIntl } from 'react-intl';
import { useFormat, type Format } from '../i18n/format.js';
import type { EnumType } from '../i18n/messages/enums.js';
import type { ItemNode, ValueKind } from '../i18n/messages/fields.js';
import type { LabelPart } from './describe.js';
import { Hash } from './Hash.js';
import { Raw } from './raw.js';

/** An enum value in words, its code beside it when code names are on. */
export const EnumText = ({ type, value }: { type: EnumType; value: string }) => {
  const f = useFormat();
  return (
    <>
      {f.enumValue(type, value)}
      <Raw>{value}</Raw>
    </>
  );
};

/** A field's name, from the top of the state down: Payment milestones › Deposit › Settlement. */
export const FieldName = ({ parts }: { parts: readonly LabelPart[] }) => {
  const intl = useIntl();
  const f = useFormat();
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && ' › '}
          {'id' in part
            ? intl.formatMessage({ id: part.id }, part.values as Record<string, string>)
            : 'enumType' in part
              ? f.enumValue(part.enumType, part.value)
              : part.text}
        </Fragment>
      ))}
    </>
  );
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A leaf's value as people read it. */
const leafText = (value: unknown, kind: ValueKind, f: Format, currency: string | undefined): string => {
  const n = Number(value);
  switch (kind.kind) {
    case 'date':
      return f.when(String(value));
    case 'count':
      return f.number(n);
    case 'hours':
      return f.unit(n, 'hour', 1);
    case 'days':
      return f.unit(n, 'day');
    case 'months':
      return f.unit(n, 'month');
    case 'money':
      return isObject(value) ? f.money(value as { amountMinor: number; currency: string }) : String(value);
    case 'minorOfFee':
      return currency ? f.money({ amountMinor: n, currency }) : f.number(n);
    case 'percentInt':
      return f.percent(n / 100);
    case 'ratio':
      return f.percent(n, 1);
    case 'score':
      return f.score(n);
    case 'country':
      return f.country(String(value));
    case 'language':
      return f.language(String(value));
    case 'boolean':
      return f.yesNo(Boolean(value));
    case 'enum':
      return f.enumValue(kind.type, String(value));
    case 'text':
    case 'id':
    case 'url':
    case 'hash':
      return String(value);
    default:
      return assertNever(kind);
  }
};

const assertNever = (value: never): never => {
  throw new Error(`Unexpected ${JSON.stringify(value)}`);
};

/**
 * A value of the state in words: a leaf by its kind, a list item by item, an object field by field
 * (named as the state's fields are). Text people wrote is shown as they wrote it.
 */
export const Value = ({
  value,
  node,
  fieldKey,
  currency,
}: {
  value: unknown;
  node: ItemNode | undefined;
  /** The node's place in the tree of words (DescribedPath.key). */
  fieldKey: string;
  /** The brief's currency, for amounts kept in minor units without one. */
  currency?: string | undefined;
}) => {
  const intl = useIntl();
  const f = useFormat();
  if (value === null || value === undefined) return <>{f.none}</>;
  if (!node) return <code className="unknown-value">{JSON.stringify(value)}</code>;
  if (node.value) {
    const kind = node.value;
    if (Array.isArray(value)) {
      return <>{value.length === 0 ? f.none : f.list(value.map((v) => leafText(v, kind, f, currency)))}</>;
    }
    if (kind.kind === 'hash') return <Hash value={String(value)} />;
    const text = leafText(value, kind, f, currency);
    return kind.kind === 'text' || kind.kind === 'id' || kind.kind === 'url' ? (
      <span data-verbatim>{text}</span>
    ) : (
      <>{text}</>
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <>{f.none}</>;
    return (
      <ol className="value-list">
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} node={node.items} fieldKey={fieldKey} currency={currency} />
          </li>
        ))}
      </ol>
    );
  }
  if (isObject(value) && node.keys && node.items) {
    const keys = node.keys;
    return (
      <dl className="value-fields">
        {Object.entries(value).map(([key, item]) => (
          <Fragment key={key}>
            <dt>{f.enumValue(keys, key)}</dt>
            <dd>
              <Value value={item} node={node.items} fieldKey={fieldKey} currency={currency} />
            </dd>
          </Fragment>
        ))}
      </dl>
    );
  }
  if (isObject(value) && node.fields) {
    const fields = node.fields;
    return (
      <dl className="value-fields">
        {Object.entries(value).map(([key, item]) => {
          const field = fields[key];
          const childKey = fieldKey ? `${fieldKey}.${key}` : key;
          return (
            <Fragment key={key}>
              <dt>{field ? intl.formatMessage({ id: `field.${childKey}` }) : key}</dt>
              <dd>
                <Value value={item} node={field} fieldKey={childKey} currency={currency} />
              </dd>
            </Fragment>
          );
        })}
      </dl>
    );
  }
  return <code className="unknown-value">{JSON.stringify(value)}</code>;
};
