import { useEffect, useState } from 'react';
import { graphql, LedgerError } from '../shared/session.js';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: LedgerError }
  | { readonly state: 'done'; readonly data: T };

/** One GraphQL query, run again when its variables or the token change, or `refresh` moves. */
export const useQuery = <T,>(
  query: string,
  variables: Record<string, unknown>,
  token: string,
  refresh = 0,
): Loaded<T> => {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    graphql<T>(query, JSON.parse(key) as Record<string, unknown>)
      .then((data) => current && setLoaded({ state: 'done', data }))
      .catch(
        (error: Error) =>
          current &&
          setLoaded({
            state: 'error',
            error: error instanceof LedgerError ? error : new LedgerError(error.message, 'UNKNOWN'),
          }),
      );
    return () => {
      current = false;
    };
  }, [query, key, token, refresh]);
  return loaded;
};
