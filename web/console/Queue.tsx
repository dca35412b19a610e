import { useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useFormat } from '../i18n/format.js';
import type { EnumType } from '../i18n/messages/enums.js';

export interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/** A queue's status filter and page: the cursors before, so that "previous" goes back one page. */
export const useQueue = <S extends string>(first: S) => {
  const [status, setStatus] = useState<S>(first);
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  return {
    status,
    page: cursors.length + 1,
    variables: { status, ...(after ? { after } : {}) },
    filter: (next: S) => {
      setStatus(next);
      setCursors([]);
    },
    next: (cursor: string) => setCursors((before) => [...before, cursor]),
    back: () => setCursors((before) => before.slice(0, -1)),
  };
};

/** A queue's frame: its title, status filter, and the way to its other pages. */
export const Queue = <S extends string>({
  title,
  type,
  statuses,
  queue,
  page,
  children,
}: {
  title: ReactNode;
  type: EnumType;
  statuses: readonly S[];
  queue: ReturnType<typeof useQueue<S>>;
  page: Page<unknown> | null;
  children: ReactNode;
}) => {
  const intl = useIntl();
  const f = useFormat();
  return (
    <section>
      <h2>{title}</h2>
      <label className="filter">
        {intl.formatMessage({ id: 'disputes.status' })}{' '}
        <select
          name={`${type}Filter`}
          value={queue.status}
          onChange={(e) => queue.filter(e.target.value as S)}
        >
          {statuses.map((s) => (
            <option key={s} value={s}>
              {f.enumValue(type, s)}
            </option>
          ))}
        </select>
      </label>
      {children}
      {page && (queue.page > 1 || page.pageInfo.hasNextPage) ? (
        <nav className="pager" aria-label={intl.formatMessage({ id: 'list.pages' })}>
          {queue.page > 1 ? (
            <button type="button" className="link" onClick={queue.back}>
              {intl.formatMessage({ id: 'list.previousPage' })}
            </button>
          ) : null}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
            <button type="button" className="link" onClick={() => queue.next(page.pageInfo.endCursor!)}>
              {intl.formatMessage({ id: 'list.nextPage' })}
            </button>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
};
