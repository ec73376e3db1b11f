/**
 * Owns the protocol for code only some browsers need (DOMPurify where there is no Sanitizer API): the build tags its
 * chunk in the precache manifest, the page names what it lacks in its service worker's URL, and the service worker
 * precaches a tagged chunk only for a page that named it.
 */

/** What a page can lack: `sanitizer` is the standard Sanitizer API (the page then sanitises with DOMPurify). */
export type Fallback = 'sanitizer';

const FALLBACKS: readonly Fallback[] = ['sanitizer'];
const PARAM = 'fallback';

/** A precache entry that only pages lacking `fallback` use. */
export interface FallbackPart {
  url: string;
  revision: string | null;
  fallback: Fallback;
}

export function isFallbackPart(entry: unknown): entry is FallbackPart {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Record<string, unknown>;
  return typeof e.url === 'string' && FALLBACKS.includes(e.fallback as Fallback);
}

/** The service worker's URL (relative to the page) for a page that lacks `missing`. */
export function serviceWorkerUrl(missing: readonly Fallback[]): string {
  const query = FALLBACKS.filter((f) => missing.includes(f))
    .map((f) => `${PARAM}=${f}`)
    .join('&');
  return query ? `./sw.js?${query}` : './sw.js';
}

/** What the pages of a service worker registered at `url` lack. */
export function fallbacksOf(url: string): Set<Fallback> {
  const named = new URL(url).searchParams.getAll(PARAM);
  return new Set(FALLBACKS.filter((f) => named.includes(f)));
}
