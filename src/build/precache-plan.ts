/** The service worker's manifest: the app shell first, then the edition file, then every content pack with its bulk file. */
import type { DeliveryPart } from '../core/delivery';
import type { Fallback, FallbackPart } from '../core/fallbacks';

/** A Workbox precache-manifest entry as workbox-build hands it to a transform (it drops `size` afterwards). */
export interface PrecacheEntry {
  url: string;
  revision: string | null;
  size: number;
}

const PACK_OR_BULK = /^content\/(?:pack|bulk)-[0-9a-f]+\.html$/;
const EDITION = /^content\/edition-[0-9a-f]+\.html$/;
/** The chunk of src/platform/article-purify.ts (DOMPurify), which only a page without the Sanitizer API loads. */
const FALLBACK_CHUNKS: ReadonlyArray<readonly [RegExp, Fallback]> = [[/^assets\/article-purify-[\w-]+\.js$/, 'sanitizer']];

function fallbackOf(url: string): Fallback | undefined {
  return FALLBACK_CHUNKS.find(([pattern]) => pattern.test(url))?.[1];
}

/**
 * Workbox precaches the shell and the edition file, one file at a time in this order (the app opens offline as soon
 * as possible). Packs and bulk files leave Workbox's list: the service worker's own content step fetches them (see
 * core/delivery.ts), and finds them at the end of the manifest as delivery parts. A chunk only some browsers need is
 * marked with what they lack (core/fallbacks.ts): the service worker precaches it only for them.
 */
export function planPrecache<T extends PrecacheEntry>(
  entries: readonly T[],
  delivery: readonly DeliveryPart[],
): Array<T | (T & FallbackPart) | (DeliveryPart & PrecacheEntry)> {
  const shell = entries.filter((e) => !PACK_OR_BULK.test(e.url) && !EDITION.test(e.url) && !fallbackOf(e.url));
  const fallbacks = entries.flatMap((e) => {
    const fallback = fallbackOf(e.url);
    return fallback ? [{ ...e, fallback }] : [];
  });
  const edition = entries.filter((e) => EDITION.test(e.url));
  return [
    ...shell,
    ...fallbacks,
    ...edition,
    ...delivery.map((p) => ({
      url: p.url,
      revision: null,
      size: p.bytes,
      bytes: p.bytes,
      bulk: p.bulk,
      ...(p.media ? { media: p.media } : {}),
    })),
  ];
}
