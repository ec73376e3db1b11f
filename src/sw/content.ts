/** The content step of an install: brings every content pack into CONTENT_CACHE (bulk files on a first visit), and serves packs. */
import { isPackOnDevice, matchPack, openContentCache } from '../core/content-cache';
import { nameHashOf, placeParts, planDelivery, splitBulk, type DeliveryPart, type DeliveryStep, type PlacedPart } from '../core/delivery';
import { toHex } from '../core/bytes';

declare let self: ServiceWorkerGlobalScope;

async function fetchOk(url: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** A pack's name carries the start of its SHA-256: a damaged or swapped download never enters the cache. */
async function checkName(part: DeliveryPart, bytes: Uint8Array): Promise<void> {
  if (bytes.length !== part.bytes) throw new Error(`${part.url}: ${bytes.length} bytes, expected ${part.bytes}.`);
  const expected = nameHashOf(part.url);
  // A service worker only runs in a secure context, so WebCrypto is there (core/bytes' pure-JS fallback is for pages).
  if (!expected) return;
  const actual = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  if (!actual.startsWith(expected)) throw new Error(`${part.url}: the content does not match its name.`);
}

/**
 * A whole copy of the pack in another cache (a version that kept packs in Workbox's precache), checked as a download
 * is; undefined when there is none, or it is cut short or damaged (Firefox keeps what arrived of a broken download).
 */
async function checkedCopy(part: DeliveryPart): Promise<Uint8Array | undefined> {
  const elsewhere = await caches.match(part.url);
  if (!elsewhere?.ok) return undefined;
  try {
    const bytes = new Uint8Array(await elsewhere.arrayBuffer());
    await checkName(part, bytes);
    return bytes;
  } catch (error) {
    console.warn('A cached copy of a pack is damaged: it is downloaded again.', error);
    return undefined;
  }
}

/** The file a delivery step downloads. */
const stepUrl = (step: DeliveryStep): string => (step.kind === 'part' ? step.part.url : step.url);

function packResponse(bytes: Uint8Array): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(bytes.length) },
  });
}

/**
 * Packs that a download under way (fetchPacks) will bring: a request for one waits for it rather than fetching the
 * same bytes a second time. Each settles when its pack is stored, or when that download ends without it: `true` when
 * the page stopped it (stopFetches), so the request does not fetch the pack on its own either.
 */
const arriving = new Map<string, { landed: Promise<boolean>; settle: (stopped: boolean) => void }>();

function settleArrival(url: string, stopped = false): void {
  arriving.get(url)?.settle(stopped);
  arriving.delete(url);
}

/** The picture downloads pages asked for under way (fetchPacks', serveContent's of a pictures pack): what "Text now" stops. */
const pageFetches = new Set<AbortController>();
/** serveContent's downloads of text packs: stopped only for an update (a page's sync waits for them). */
const textFetches = new Set<AbortController>();
/** Every content download under way (an install's, or one a page asked for): each one's budget. */
const downloads = new Set<AbortController>();
/** Set when a page erases the library: from then on nothing is written to a cache (it would re-create what is erased). */
let erasing = false;

/** True once a page said it erases the library (stopForErase). */
export function isErasing(): boolean {
  return erasing;
}

/** A page erases the library: every content download stops, and no cache is written again by this worker. */
export function stopForErase(): void {
  erasing = true;
  for (const budget of downloads) budget.abort();
}

/**
 * Stops the picture downloads pages asked for (the reader chose "Text now" while the pictures came) and, with `all`, the
 * text too (the reader applies an update, which Chromium holds back while this worker still answers a request): the
 * packs already whole stay; the requests waiting for the others, or downloading one, are answered 503 rather than
 * fetched one by one.
 */
export function stopFetches(all = false): void {
  for (const fetching of all ? [...pageFetches, ...textFetches] : pageFetches) fetching.abort();
}

/** The answer to a page's request for a pack whose download it stopped. */
const stoppedAnswer = (): Response => new Response(null, { status: 503, statusText: 'Stopped' });

/** How long a page's request for a pack waits for the network to start answering (a firewall may never answer). */
export const PACK_ANSWER_MS = 60_000;

/** How long an install may spend on content: Chromium stops a service worker whose event runs for five minutes. */
export const CONTENT_BUDGET_MS = 4 * 60 * 1000;
/** Tries of the content step before it leaves the rest to the page, and the pause before the next (times the try). */
const ATTEMPTS = 3;
const RETRY_PAUSE_MS = 1000;

/**
 * Downloads every pack the cache lacks, one request at a time, storing each pack as soon as it is whole. It never
 * fails the install: on a cut connection, a failed download or when the time budget runs out it stops, keeping every
 * whole pack; the app shell is installed all the same, and the page asks for the rest (through serveContent) later.
 * Calls `onStored` per pack. Resolves with true when every pack is in the cache. `parts` come from resolveParts.
 */
export async function installContent(
  parts: readonly PlacedPart[],
  onStored: () => Promise<void>,
  budgetMs = CONTENT_BUDGET_MS,
  stop?: AbortSignal,
): Promise<boolean> {
  // Opening the cache would create it again.
  if (erasing) return false;
  const cache = await openContentCache();
  const have = new Set<string>();
  for (const part of parts) {
    if (await isPackOnDevice(cache, part.url)) have.add(part.url);
    else {
      // A version that kept packs in another cache (Workbox's precache) already has it: copy, don't download.
      const copy = await checkedCopy(part);
      if (copy) {
        await cache.put(part.url, packResponse(copy));
        have.add(part.url);
      }
    }
  }
  // What is already here is not waited for.
  for (const url of have) settleArrival(url);
  const store = async (part: DeliveryPart, bytes: Uint8Array): Promise<void> => {
    if (erasing) throw new Error('The library was erased.');
    await checkName(part, bytes);
    // The page may have had this pack on its own meanwhile (and stored it: a marker): a bulk never brings it back.
    if (!(await isPackOnDevice(cache, part.url))) await cache.put(part.url, packResponse(bytes));
    have.add(part.url);
    settleArrival(part.url);
    await onStored();
  };
  const budget = new AbortController();
  downloads.add(budget);
  const timer = setTimeout(() => budget.abort(), budgetMs);
  // Stopped from outside: like the budget running out, but nothing is tried again.
  stop?.addEventListener('abort', () => budget.abort());
  // A broken download is tried again (what is missing is planned afresh, so whole packs already kept are not fetched
  // again), a few times, within the budget; then the page takes over.
  for (let attempt = 0; attempt < ATTEMPTS && !budget.signal.aborted; attempt++) {
    // Ends this try's downloads: the budget, or a failure (the one fetched ahead is not left running).
    const attemptStop = new AbortController();
    const stop = (): void => attemptStop.abort();
    budget.signal.addEventListener('abort', stop);
    try {
      const steps = planDelivery(parts, have);
      let current = steps[0] && fetchOk(stepUrl(steps[0]), attemptStop.signal);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i] as DeliveryStep;
        const response = await (current as Promise<Response>);
        // The next file is asked for once this one's first pack is kept (the first screen's pack comes at the link's
        // full speed): it downloads while this one is checked and stored, so the link is not idle between files.
        let next: Promise<Response> | undefined;
        const following = steps[i + 1];
        const askNext = (): void => {
          if (next || !following) return;
          next = fetchOk(stepUrl(following), attemptStop.signal);
          // Awaited on the next turn of the loop; a failure of this step aborts it first.
          next.catch(() => undefined);
        };
        if (step.kind === 'part') {
          await store(step.part, new Uint8Array(await response.arrayBuffer()));
        } else {
          await splitBulk(response.body as ReadableStream<Uint8Array>, step.parts, async (part, bytes) => {
            if (step.wanted.has(part.url)) await store(part, bytes);
            askNext();
          });
        }
        askNext();
        current = next;
      }
      break;
    } catch (error) {
      attemptStop.abort();
      console.warn(`Content download stopped (attempt ${attempt + 1} of ${ATTEMPTS}).`, error);
      if (!budget.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * (attempt + 1)));
    } finally {
      budget.signal.removeEventListener('abort', stop);
    }
  }
  clearTimeout(timer);
  downloads.delete(budget);
  return parts.every((p) => have.has(p.url));
}

/**
 * Brings packs the page asked for (pictures chosen after the text) into the cache the way an install does: in their
 * bulk files where most of a bulk is wanted, one request each otherwise. Meanwhile the page's own requests for these
 * packs wait for them (serveContent) instead of downloading them again. Resolves with true when all are stored. The
 * packs may be any of a bulk's (a reader who already holds one pack's pictures): each knows its bulk's full list
 * (resolveParts), which the bulk is split by; only the packs asked for are kept (the others would stay in the cache
 * unread, beside the library's own copy, as the page never stores them and so never turns them into markers).
 */
export async function fetchPacks(wanted: readonly PlacedPart[]): Promise<boolean> {
  // Packs an earlier request (a second tab, the page asking again) already brings are waited for, not fetched again.
  const coming = wanted.flatMap((part) => arriving.get(part.url)?.landed ?? []);
  const mine: PlacedPart[] = [];
  for (const part of wanted) {
    if (arriving.has(part.url)) continue;
    let settle = (_stopped: boolean): void => undefined;
    const landed = new Promise<boolean>((resolve) => (settle = resolve));
    arriving.set(part.url, { landed, settle });
    mine.push(part);
  }
  const stop = new AbortController();
  pageFetches.add(stop);
  const own = installContent(mine, async () => undefined, CONTENT_BUDGET_MS, stop.signal).finally(() => {
    pageFetches.delete(stop);
    for (const part of mine) settleArrival(part.url, stop.signal.aborted);
  });
  const [stored, stopped] = await Promise.all([own, Promise.all(coming)]);
  if (!stored || stopped.includes(true) || erasing) return false;
  // The others' downloads may have ended without them (a cut connection): the page asks again.
  const cache = await openContentCache();
  for (const part of wanted) if (!(await isPackOnDevice(cache, part.url))) return false;
  return true;
}

/** After an update takes over: drops packs the current edition (`parts`, from resolveParts) no longer lists. */
export async function pruneContent(parts: readonly DeliveryPart[]): Promise<void> {
  // Opening the cache would create it again.
  if (erasing) return;
  const keep = new Set(parts.map((p) => p.url));
  const cache = await openContentCache();
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

/**
 * Serves a pack from the cache, or, while it is not there yet, from the network, keeping a checked copy. A marker
 * (the page already stored the pack) is not content: asked again, the page needs the pack itself, which is then not
 * kept a second time beside the library's copy.
 */
export async function serveContent(request: Request, part: DeliveryPart | undefined): Promise<Response> {
  const stopped = await arriving.get(request.url)?.landed;
  const cache = await openContentCache();
  const cached = await matchPack(request.url, cache);
  if (cached) return cached;
  // The page stopped the download this request waited for: the pack is not wanted now.
  if (stopped) return stoppedAnswer();
  if (!part) return fetch(request);
  const download = new AbortController();
  const fetches = part.media ? pageFetches : textFetches;
  fetches.add(download);
  const timer = setTimeout(() => download.abort(), PACK_ANSWER_MS);
  let bytes: Uint8Array;
  try {
    const response = await fetchOk(request.url, download.signal);
    clearTimeout(timer);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (download.signal.aborted) return stoppedAnswer();
    throw error;
  } finally {
    clearTimeout(timer);
    fetches.delete(download);
  }
  await checkName(part, bytes);
  // A copy that cannot be kept (the device is full) is still the pack: the page's own write then meets the full device,
  // and says so, where a failed answer here would read as a broken connection, tried again and downloaded again.
  if (!erasing && !(await isPackOnDevice(cache, request.url))) await cache.put(request.url, packResponse(bytes)).catch(() => undefined);
  return packResponse(bytes);
}

/**
 * The manifest's parts with absolute URLs (the manifest's are relative to the scope), each with its bulk's full list of
 * parts (core/delivery.ts placeParts): what every function here takes. `listed` is the whole manifest's, in its order.
 */
export function resolveParts(listed: readonly DeliveryPart[]): PlacedPart[] {
  const absolute = (url: string): string => new URL(url, self.registration.scope).href;
  return placeParts(listed.map((p) => ({ ...p, url: absolute(p.url), bulk: absolute(p.bulk) })));
}
