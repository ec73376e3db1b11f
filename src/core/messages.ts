/** The one typed message union between the page and the service worker. */

/**
 * Page -> service worker: activate the waiting version; or bring these content packs (absolute URLs) into the content
 * cache, in their bulk files where most of a bulk is wanted (the pictures a reader asked for after the text); or stop
 * bringing them (the reader chose "Text now" meanwhile; `all`: every download a page is waiting for, text too, which a
 * waiting version asks of the one in control before it takes over); or stop writing to any cache (the library is being
 * erased).
 */
export type PageToSw =
  { type: 'SKIP_WAITING' } | { type: 'FETCH_PACKS'; urls: string[] } | { type: 'STOP_PACKS'; all?: true } | { type: 'ERASE' };

/** Service worker -> page (and its answer to FETCH_PACKS, on the message's port: the packs' requests now wait for them). */
export type SwToPage = { type: 'PRECACHE_PROGRESS'; done: number; total: number } | { type: 'PACKS_COMING' };

/** Type guard for messages from the service worker. */
export function isSwToPage(data: unknown): data is SwToPage {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as { type?: unknown; done?: unknown; total?: unknown };
  return d.type === 'PACKS_COMING' || (d.type === 'PRECACHE_PROGRESS' && typeof d.done === 'number' && typeof d.total === 'number');
}

/** Type guard for messages from a page. */
export function isPageToSw(data: unknown): data is PageToSw {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as { type?: unknown; urls?: unknown };
  return (
    d.type === 'SKIP_WAITING' ||
    d.type === 'STOP_PACKS' ||
    d.type === 'ERASE' ||
    (d.type === 'FETCH_PACKS' && Array.isArray(d.urls) && d.urls.every((u) => typeof u === 'string'))
  );
}
