/**
 * The protocol the page and the service worker share through CONTENT_CACHE rather than messages: under a content
 * pack's URL the cache holds the pack itself, or, once the page has stored the pack's articles in IndexedDB (from the
 * cache, or from a mirror), an empty marker, so that the library is kept on the device once and the worker still knows
 * the pack is there (an update skips it). Both sides read and write that cache only through these verbs. Beside it,
 * CHOICE_CACHE holds the reader's data-saver choice, which the page keeps in IndexedDB and copies here for the worker
 * (which does not open the database).
 */
import { CONTENT_CACHE } from './constants';
import { isMediaChoice, type MediaChoice } from './data-saver';

/** The header that makes an empty response a marker: "the page has stored this pack". */
const STORED_MARKER_HEADER = 'X-Offline-Reader-Stored';

/** Opens the content cache. */
export function openContentCache(): Promise<Cache> {
  return caches.open(CONTENT_CACHE);
}

/** True when the cache has the pack at `url`, as the pack or as a marker: either way it is on the device. */
export async function isPackOnDevice(cache: Cache, url: string): Promise<boolean> {
  return (await cache.match(url)) !== undefined;
}

/** The pack itself at `url`, from `cache` (by default every cache of the origin); undefined when it is missing or only a marker is left. */
export async function matchPack(url: string, cache: Cache | CacheStorage = caches): Promise<Response | undefined> {
  const cached = await cache.match(url);
  return cached && !cached.headers.has(STORED_MARKER_HEADER) ? cached : undefined;
}

/** An empty response that says "the page has stored this pack". */
const storedMarker = (): Response => new Response(null, { headers: { [STORED_MARKER_HEADER]: '1' } });

/** The pack at `url` is stored in IndexedDB (by the import worker): its cached copy becomes a marker. Does nothing when the cache lacks it. */
export async function markPackStored(url: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await openContentCache();
  if (!(await cache.match(url))) return;
  await cache.put(url, storedMarker());
}

/**
 * The packs at `urls` (the app's own addresses of them) are stored in IndexedDB, though they came from elsewhere (a
 * mirror, the app's own address blocked): a marker for each, cached or not, so the service worker skips them as it
 * skips those the page stored. A marker is never served as the pack, and goes with the edition that stops listing it.
 */
export async function markPacksStoredFrom(urls: readonly string[]): Promise<void> {
  if (typeof caches === 'undefined' || urls.length === 0) return;
  const cache = await openContentCache();
  for (const url of urls) await cache.put(url, storedMarker());
}

/** The cache that holds the service worker's copy of the reader's data-saver choice, under a fixed key that is never fetched. */
const CHOICE_CACHE = 'offline-reader-choice';
const CHOICE_KEY = 'https://offline-reader.invalid/media-choice';

/** The reader's data-saver choice as the page last copied it for the service worker; undefined when none was made. */
export async function readMediaChoice(): Promise<MediaChoice | undefined> {
  if (typeof caches === 'undefined') return undefined;
  const cached = await (await caches.open(CHOICE_CACHE)).match(CHOICE_KEY);
  const value = cached ? await cached.text() : undefined;
  return isMediaChoice(value) ? value : undefined;
}

/** Copies the reader's data-saver choice where the service worker reads it (a later install or update follows it). */
export async function writeMediaChoice(choice: MediaChoice): Promise<void> {
  if (typeof caches === 'undefined') return;
  await (await caches.open(CHOICE_CACHE)).put(CHOICE_KEY, new Response(choice, { headers: { 'Content-Type': 'text/plain' } }));
}
