import { useEffect, useState } from 'react';

/**
 * Where the console is, in the address's fragment: #/collaboration/<id>, #/creator/<id>,
 * #/seller/<id>, or home
 * (#/ with the list's page and filter: #/?after=<cursor>&status=OPEN). Each page of a list is an
 * entry of the browser's history: back leads to the page before, and from a collaboration back to
 * the page it was opened from.
 */
export type Route =
  | { readonly page: 'home'; readonly after?: string | undefined; readonly status?: string | undefined }
  | { readonly page: 'collaboration'; readonly id: string }
  | { readonly page: 'creator'; readonly id: string }
  | { readonly page: 'seller'; readonly id: string };

const parse = (hash: string): Route => {
  const [, page, id] = /^#\/(collaboration|creator|seller)\/(.+)$/.exec(hash) ?? [];
  if (page && id) return { page: page as 'collaboration' | 'creator' | 'seller', id: decodeURIComponent(id) };
  const query = new URLSearchParams(/^#\/\?(.*)$/.exec(hash)?.[1] ?? '');
  const after = query.get('after');
  const status = query.get('status');
  return { page: 'home', ...(after ? { after } : {}), ...(status ? { status } : {}) };
};

export const href = (route: Route): string => {
  if (route.page !== 'home') return `#/${route.page}/${encodeURIComponent(route.id)}`;
  const query = new URLSearchParams();
  if (route.status) query.set('status', route.status);
  if (route.after) query.set('after', route.after);
  const text = query.toString();
  return text ? `#/?${text}` : '#/';
};

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
};
