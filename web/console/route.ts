import { useEffect, useState } from 'react';

/**
 * Where the console is, in the address's fragment: #/collaboration/<id>, #/creator/<id>,
 * #/seller/<id>, the
 * viewer's notifications (#/notifications?unread=1&after=<cursor>), its webhook endpoints
 * (#/webhooks) and one endpoint's delivery log (#/webhook/<id>?after=<cursor>), or home (#/ with the
 * list's page and filter: #/?after=<cursor>&status=OPEN). Each page of a list is an entry of the
 * browser's history: back leads to the page before, and from a collaboration back to the page it
 * was opened from.
 */
export type Route =
  | { readonly page: 'home'; readonly after?: string | undefined; readonly status?: string | undefined }
  | { readonly page: 'collaboration'; readonly id: string }
  | { readonly page: 'creator'; readonly id: string }
  | { readonly page: 'seller'; readonly id: string }
  | { readonly page: 'notifications'; readonly after?: string | undefined; readonly unread?: boolean }
  | { readonly page: 'webhooks' }
  | { readonly page: 'webhook'; readonly id: string; readonly after?: string | undefined };

const parse = (hash: string): Route => {
  const [, path = '', search = ''] = /^#\/([^?]*)(?:\?(.*))?$/.exec(hash) ?? [];
  const query = new URLSearchParams(search);
  const after = query.get('after') ?? undefined;
  const [, page, id] = /^(collaboration|creator|seller|webhook)\/(.+)$/.exec(path) ?? [];
  if (page === 'webhook' && id) return { page, id: decodeURIComponent(id), ...(after ? { after } : {}) };
  if ((page === 'collaboration' || page === 'creator' || page === 'seller') && id)
    return { page, id: decodeURIComponent(id) };
  if (path === 'notifications') {
    return {
      page: 'notifications',
      ...(after ? { after } : {}),
      ...(query.get('unread') ? { unread: true } : {}),
    };
  }
  if (path === 'webhooks') return { page: 'webhooks' };
  const status = query.get('status');
  return { page: 'home', ...(after ? { after } : {}), ...(status ? { status } : {}) };
};

const withQuery = (path: string, entries: Record<string, string | undefined>): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(entries)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `#/${path}?${text}` : `#/${path}`;
};

export const href = (route: Route): string => {
  switch (route.page) {
    case 'collaboration':
    case 'creator':
    case 'seller':
      return `#/${route.page}/${encodeURIComponent(route.id)}`;
    case 'webhook':
      return withQuery(`webhook/${encodeURIComponent(route.id)}`, { after: route.after });
    case 'webhooks':
      return '#/webhooks';
    case 'notifications':
      return withQuery('notifications', { unread: route.unread ? '1' : undefined, after: route.after });
    case 'home':
      return withQuery('', { status: route.status, after: route.after });
    default: {
      const unknown: never = route;
      return unknown;
    }
  }
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
