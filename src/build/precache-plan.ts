/** The service worker's manifest: the app shell first, then the edition file, then every content pack with its bulk file. */
import type { DeliveryPart, SizedEntry } from '../core/delivery';
import type { Fallback, FallbackPart } from '../core/fallbacks';

/** A Workbox precache-manifest entry as workbox-build hands it to a transform (it drops `size` afterwards). */
export interface PrecacheEntry {
  url: string;
  revision: string | null;
  size: number;
}

const PACK_OR_BULK = /^content\/(?:pack|bulk)-[0-9a-f]+\.html$/;
/**
 * Files whose name carries their content's hash (Vite's assets, the edition, packs and bulk files): they need no
 * cache-busting query (vite.config.ts), and no host has a reason to change them, so their size is known.
 */
export const CONTENT_NAMED = /(^|\/)(assets\/.+-[A-Za-z0-9_-]{8,}\.\w+|content\/[a-z]+-[0-9a-f]{8,}\.html)$/;
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
 * marked with what they lack (core/fallbacks.ts): the service worker precaches it only for them. A file named by its
 * content's hash keeps its size (`bytes`): the service worker never keeps a copy that arrived short (sw/whole-files.ts).
 */
export function planPrecache<T extends PrecacheEntry>(
  entries: readonly T[],
  delivery: readonly DeliveryPart[],
): Array<T | (T & SizedEntry) | (T & FallbackPart) | (DeliveryPart & PrecacheEntry)> {
  const sized = <E extends T>(e: E): E | (E & SizedEntry) => (CONTENT_NAMED.test(e.url) ? { ...e, bytes: e.size } : e);
  const shell = entries.filter((e) => !PACK_OR_BULK.test(e.url) && !EDITION.test(e.url) && !fallbackOf(e.url)).map(sized);
  const fallbacks = entries.flatMap((e) => {
    const fallback = fallbackOf(e.url);
    return fallback ? [sized({ ...e, fallback })] : [];
  });
  const edition = entries.filter((e) => EDITION.test(e.url)).map(sized);
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
