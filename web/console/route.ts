import { useEffect, useState } from 'react';

/** Where the console is, in the address's fragment: #/collaboration/<id>, #/creator/<id>, or home. */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'collaboration'; readonly id: string }
  | { readonly page: 'creator'; readonly id: string };

const parse = (hash: string): Route => {
  const [, page, id] = /^#\/(collaboration|creator)\/(.+)$/.exec(hash) ?? [];
  if (page && id) return { page: page as 'collaboration' | 'creator', id: decodeURIComponent(id) };
  return { page: 'home' };
};

export const href = (route: Route): string =>
  route.page === 'home' ? '#/' : `#/${route.page}/${encodeURIComponent(route.id)}`;

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
};
