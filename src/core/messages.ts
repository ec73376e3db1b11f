/** The one typed message union between the page and the service worker. */

/** Page -> service worker. */
export type PageToSw = { type: 'SKIP_WAITING' };

/** Service worker -> page. */
export type SwToPage = { type: 'PRECACHE_PROGRESS'; done: number; total: number };

/** Type guard for messages from the service worker. */
export function isSwToPage(data: unknown): data is SwToPage {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as { type?: unknown; done?: unknown; total?: unknown };
  return d.type === 'PRECACHE_PROGRESS' && typeof d.done === 'number' && typeof d.total === 'number';
}

/** Type guard for messages from a page. */
export function isPageToSw(data: unknown): data is PageToSw {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';
}
