/** Hash routing: the app works from any origin and sub-path with no server rewrites. */
import { useEffect, useState } from 'preact/hooks';

/** How the library is ordered. */
export type Sort = 'newest' | 'oldest';

/** What the library shows: one section (a tag) or all, in an order; kept in the hash so a reload or a shared link keeps it. */
export interface LibraryQuery {
  section?: string;
  sort?: Sort;
}

export type Route =
  | ({ name: 'library' } & LibraryQuery)
  | { name: 'article'; id: string; publisherId?: string }
  | { name: 'settings' }
  | { name: 'import-shared' };

/** Parses a location hash into a route. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, ...rest] = path.split('/');
  if (head === 'article' && rest[0]) {
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    return { name: 'article', id: decode(rest[0]), publisherId: rest[1] ? decode(rest[1]) : undefined };
  }
  if (head === 'settings') return { name: 'settings' };
  if (head === 'import-shared') return { name: 'import-shared' };
  const params = new URLSearchParams(query);
  const section = params.get('section') || undefined;
  const sort = params.get('sort') === 'oldest' ? 'oldest' : undefined;
  return { name: 'library', ...(section && { section }), ...(sort && { sort }) };
}

/** The link to the library showing a section in an order (`#/` for all, newest first). */
export function libraryHref({ section, sort }: LibraryQuery): string {
  const params = new URLSearchParams();
  if (section) params.set('section', section);
  if (sort === 'oldest') params.set('sort', sort);
  const query = params.toString();
  return query ? `#/?${query}` : '#/';
}

/** The link to an article; the publisher is named only when it is not the site's own. */
export function articleHref(id: string, publisherId?: string): string {
  return `#/article/${encodeURIComponent(id)}${publisherId ? `/${encodeURIComponent(publisherId)}` : ''}`;
}

/** Shows the library in place of the route now shown, with no history entry of its own (hashchange tells useRoute). */
export function replaceWithLibrary(): void {
  history.replaceState(null, '', '#/');
  dispatchEvent(new HashChangeEvent('hashchange'));
}

/** A move between routes: the route now shown, and the one it replaced with the page's scroll offset at that moment. */
export interface Navigation {
  route: Route;
  /** The route before this one (none on the first). */
  from?: Route;
  /** How far the page was scrolled when `from` was left. */
  fromY: number;
}

/** The current route and the one before, updated on hash changes. */
export function useRoute(): Navigation {
  const [nav, setNav] = useState<Navigation>(() => ({ route: parseRoute(location.hash), fromY: 0 }));
  useEffect(() => {
    const update = () => {
      // Read here, while the page still shows the route being left: the next render changes its height, and the offset.
      const fromY = scrollY;
      setNav((n) => ({ route: parseRoute(location.hash), from: n.route, fromY }));
    };
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return nav;
}
