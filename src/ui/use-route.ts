/** Hash routing: the app works from any origin and sub-path with no server rewrites. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  { name: 'library' } | { name: 'article'; id: string; publisherId?: string } | { name: 'settings' } | { name: 'import-shared' };

/** Parses a location hash into a route. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
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
  return { name: 'library' };
}

/** The link to an article; the publisher is named only when it is not the site's own. */
export function articleHref(id: string, publisherId?: string): string {
  return `#/article/${encodeURIComponent(id)}${publisherId ? `/${encodeURIComponent(publisherId)}` : ''}`;
}

/** The current route, updated on hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
