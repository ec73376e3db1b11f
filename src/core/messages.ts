/** The one typed message union between the page and the service worker. */

/** Page -> service worker. */
export type PageToSw =
  | { type: 'SKIP_WAITING' }
  /** Page asks for files the share target received and kept. */
  | { type: 'TAKE_SHARED_FILES' };

/** Service worker -> page. */
export type SwToPage =
  | { type: 'PRECACHE_PROGRESS'; done: number; total: number }
  | { type: 'SHARED_FILES'; files: File[] };

export function isSwToPage(data: unknown): data is SwToPage {
  if (typeof data !== 'object' || data === null) return false;
  const t = (data as { type?: unknown }).type;
  return t === 'PRECACHE_PROGRESS' || t === 'SHARED_FILES';
}
