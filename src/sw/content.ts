/** The content step of an install: brings every content pack into CONTENT_CACHE (bulk files on a first visit), and serves packs. */
import { CONTENT_CACHE } from '../core/constants';
import { nameHashOf, planDelivery, splitBulk, type DeliveryPart } from '../core/delivery';
import { sha256Hex } from '../core/bytes';

declare let self: ServiceWorkerGlobalScope;

const absolute = (url: string): string => new URL(url, self.registration.scope).href;

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** A pack's name carries the start of its SHA-256: a damaged or swapped download never enters the cache. */
async function checkName(part: DeliveryPart, bytes: Uint8Array): Promise<void> {
  if (bytes.length !== part.bytes) throw new Error(`${part.url}: ${bytes.length} bytes, expected ${part.bytes}.`);
  const expected = nameHashOf(part.url);
  // Plain-HTTP mirrors have no WebCrypto; the page verifies every article against the signed edition anyway.
  if (!expected || !self.crypto?.subtle) return;
  const actual = await sha256Hex(bytes);
  if (!actual.startsWith(expected)) throw new Error(`${part.url}: the content does not match its name.`);
}

function packResponse(bytes: Uint8Array): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(bytes.length) } });
}

/**
 * Downloads every pack the cache lacks, one request at a time, storing each pack as soon as it is whole: a cut
 * connection keeps what arrived, and the next attempt fetches only what is missing. Calls `onStored` per pack.
 */
export async function installContent(listed: readonly DeliveryPart[], onStored: () => Promise<void>): Promise<void> {
  const parts = listed.map((p) => ({ ...p, url: absolute(p.url), bulk: absolute(p.bulk) }));
  const cache = await caches.open(CONTENT_CACHE);
  const have = new Set<string>();
  for (const part of parts) {
    if (await cache.match(part.url)) have.add(part.url);
    else {
      // A version that kept packs in another cache (Workbox's precache) already has it: copy, don't download.
      const elsewhere = await caches.match(part.url);
      if (elsewhere?.ok) {
        await cache.put(part.url, elsewhere);
        have.add(part.url);
      }
    }
  }
  const store = async (part: DeliveryPart, bytes: Uint8Array): Promise<void> => {
    await checkName(part, bytes);
    await cache.put(part.url, packResponse(bytes));
    have.add(part.url);
    await onStored();
  };
  for (const step of planDelivery(parts, have)) {
    if (step.kind === 'part') {
      const response = await fetchOk(step.part.url);
      await store(step.part, new Uint8Array(await response.arrayBuffer()));
    } else {
      const response = await fetchOk(step.url);
      await splitBulk(response.body as ReadableStream<Uint8Array>, step.parts, async (part, bytes) => {
        if (step.wanted.has(part.url)) await store(part, bytes);
      });
    }
  }
}

/** After an update takes over: drops packs the current edition no longer lists. */
export async function pruneContent(listed: readonly DeliveryPart[]): Promise<void> {
  const keep = new Set(listed.map((p) => absolute(p.url)));
  const cache = await caches.open(CONTENT_CACHE);
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

/** Serves a pack from the cache, or from the network while it is not there yet. */
export async function serveContent(request: Request): Promise<Response> {
  const cached = await caches.open(CONTENT_CACHE).then((cache) => cache.match(request.url));
  return cached ?? fetch(request);
}

/** The set of absolute pack URLs, for routing. */
export function contentUrls(listed: readonly DeliveryPart[]): Set<string> {
  return new Set(listed.map((p) => absolute(p.url)));
}
