// The content step of the service worker (content.ts) against fake caches and a fake network.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_CACHE } from '../core/constants';
import { placeParts, type DeliveryPart } from '../core/delivery';

class FakeCache {
  entries = new Map<string, Response>();
  async match(req: RequestInfo): Promise<Response | undefined> {
    return this.entries.get(typeof req === 'string' ? req : req.url)?.clone();
  }
  async put(req: RequestInfo, res: Response): Promise<void> {
    this.entries.set(typeof req === 'string' ? req : req.url, res);
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
  async delete(req: RequestInfo): Promise<boolean> {
    return this.entries.delete(typeof req === 'string' ? req : req.url);
  }
}

const ORIGIN = 'https://shelf.example/app/';
const stores = new Map<string, FakeCache>();
const open = async (name: string): Promise<FakeCache> => stores.get(name) ?? (stores.set(name, new FakeCache()), stores.get(name)!);

beforeEach(() => {
  stores.clear();
  vi.stubGlobal('caches', {
    open,
    match: async (url: string) => {
      for (const c of stores.values()) {
        const r = await c.match(url);
        if (r) return r;
      }
      return undefined;
    },
  });
  vi.stubGlobal('self', { registration: { scope: ORIGIN } });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The start of the SHA-256 of `bytes`, as a content file's name carries it. */
async function nameHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function pack(text: string): Promise<{ url: string; bytes: Uint8Array }> {
  const bytes = new TextEncoder().encode(text);
  return { url: `${ORIGIN}content/pack-${await nameHash(bytes)}.html`, bytes };
}

/** A fake network serving `files`, recording each URL asked for. */
function serve(files: ReadonlyMap<string, Uint8Array>): string[] {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    requested.push(url);
    const body = files.get(url);
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  });
  return requested;
}

async function cachedBytes(url: string): Promise<Uint8Array | undefined> {
  const cached = await stores.get(CONTENT_CACHE)?.match(url);
  return cached && new Uint8Array(await cached.arrayBuffer());
}

/** Three picture packs, and the bulk file that holds them in order. */
async function pictureBulk() {
  const p = await Promise.all([
    pack('first picture pack '.repeat(20)),
    pack('second picture pack '.repeat(30)),
    pack('third picture pack '.repeat(40)),
  ]);
  const bulkUrl = `${ORIGIN}content/bulk-0123456789ab.html`;
  const bulkBytes = new Uint8Array(p.reduce((n, x) => n + x.bytes.length, 0));
  let o = 0;
  for (const x of p) (bulkBytes.set(x.bytes, o), (o += x.bytes.length));
  return { p, bulkUrl, bulkBytes };
}

describe('fetchPacks', () => {
  it('brings two of the three packs of a picture bulk (the third one is already held), splitting the bulk by all three', async () => {
    const { p, bulkUrl, bulkBytes } = await pictureBulk();
    const requested = serve(new Map([[bulkUrl, bulkBytes], ...p.map((x): [string, Uint8Array] => [x.url, x.bytes])]));

    const { fetchPacks, resolveParts } = await import('./content');
    // As the worker has them: the manifest's parts (relative to the scope), resolved.
    const listed: DeliveryPart[] = p.map((x) => ({
      url: x.url.slice(ORIGIN.length),
      bytes: x.bytes.length,
      bulk: bulkUrl.slice(ORIGIN.length),
      media: true,
    }));
    const parts = resolveParts(listed);
    // The library already holds every picture of the first pack, so the page asks for the other two only.
    const ok = await fetchPacks([parts[1]!, parts[2]!]);

    expect(ok).toBe(true);
    expect(await cachedBytes(p[1]!.url)).toEqual(p[1]!.bytes);
    expect(await cachedBytes(p[2]!.url)).toEqual(p[2]!.bytes);
    // Not the same bulk over and over.
    expect(requested.filter((u) => u === bulkUrl).length).toBeLessThanOrEqual(1);
    // Once, and nothing else: most of the bulk was wanted.
    expect(requested).toEqual([bulkUrl]);
    // The pack not asked for is not kept (the page would never store it, so it would stay beside the library's copy).
    expect(await cachedBytes(p[0]!.url)).toBeUndefined();
  }, 20_000);

  it('a second request for packs already arriving waits for them: the bulk is downloaded once, only the new pack besides', async () => {
    const { p, bulkUrl, bulkBytes } = await pictureBulk();
    const files = new Map([[bulkUrl, bulkBytes], ...p.map((x): [string, Uint8Array] => [x.url, x.bytes])]);
    const requested: string[] = [];
    // The network answers only once let go: the first request's bulk is still on its way when the second comes.
    let letGo = (): void => undefined;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    vi.stubGlobal('fetch', async (url: string) => {
      requested.push(url);
      await gate;
      const body = files.get(url);
      return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
    });
    vi.resetModules();
    const { fetchPacks, resolveParts } = await import('./content');
    const parts = resolveParts(
      p.map((x) => ({ url: x.url.slice(ORIGIN.length), bytes: x.bytes.length, bulk: bulkUrl.slice(ORIGIN.length), media: true })),
    );
    // A first visit with two tabs: the first asks for the last two packs, the second for all three.
    const first = fetchPacks([parts[1]!, parts[2]!]);
    await vi.waitFor(() => expect(requested).toEqual([bulkUrl]));
    const second = fetchPacks(parts);
    // The second request's own pack (the first one) is asked for before the bulk arrives.
    await vi.waitFor(() => expect(requested.length).toBe(2));
    letGo();

    expect(await first).toBe(true);
    expect(await second).toBe(true);
    // Before the fix the second request downloaded the bulk again: [bulk, bulk].
    expect(requested).toEqual([bulkUrl, p[0]!.url]);
    for (const x of p) expect(await cachedBytes(x.url)).toEqual(x.bytes);
  }, 20_000);
});

describe('stopFetches', () => {
  it('stops a bulk under way: the pack already whole stays, a request waiting for the next is not fetched on its own', async () => {
    const p = await Promise.all([pack('first picture pack '.repeat(20)), pack('second picture pack '.repeat(30))]);
    const bulkUrl = `${ORIGIN}content/bulk-0123456789ab.html`;
    const requested: string[] = [];
    let bulkStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => (bulkStarted = resolve));
    // The bulk sends its first pack, then nothing more until the download is aborted.
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      requested.push(url);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(p[0]!.bytes.slice());
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
          bulkStarted();
        },
      });
      return new Response(body);
    });
    const { fetchPacks, resolveParts, serveContent, stopFetches } = await import('./content');
    const parts = resolveParts(
      p.map((x) => ({ url: x.url.slice(ORIGIN.length), bytes: x.bytes.length, bulk: bulkUrl.slice(ORIGIN.length), media: true })),
    );
    const fetching = fetchPacks(parts);
    await started;
    // The page's own request for the second pack waits for the bulk.
    const waiting = serveContent(new Request(p[1]!.url), parts[1]);
    await vi.waitFor(async () => expect(await cachedBytes(p[0]!.url)).toEqual(p[0]!.bytes));
    stopFetches();

    expect(await fetching).toBe(false);
    expect((await waiting).status).toBe(503);
    // One download of the bulk, not tried again, and no pack fetched on its own.
    expect(requested).toEqual([bulkUrl]);
    expect(await cachedBytes(p[1]!.url)).toBeUndefined();
  }, 20_000);
});

describe('installContent', () => {
  it('does not take a damaged copy of a pack from an older cache', async () => {
    const bytes = new TextEncoder().encode('<div data-or="article">a whole pack</div>'.repeat(50));
    const url = `https://shelf.example/content/pack-${await nameHash(bytes)}.html`;
    const part: DeliveryPart = { url, bytes: bytes.length, bulk: 'https://shelf.example/content/bulk-0123456789ab.html' };
    // An older version's precache holds a copy cut short.
    await (await open('workbox-precache-v2-https://shelf.example/')).put(url, new Response(bytes.slice(0, 100)));
    const requested = serve(new Map([[url, bytes]]));

    const { installContent, serveContent } = await import('./content');
    expect(await installContent(placeParts([part]), async () => undefined, 10_000)).toBe(true);

    const served = await serveContent(new Request(url), part);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    expect(stores.get(CONTENT_CACHE)).toBeDefined();
    // Downloaded by the content step itself, as a missing pack is.
    expect(requested).toEqual([url]);
    expect(await cachedBytes(url)).toEqual(bytes);
  }, 20_000);

  it('copies a whole pack from an older cache without downloading it', async () => {
    const p = await pack('<div data-or="article">kept by an older version</div>'.repeat(20));
    const part: DeliveryPart = { url: p.url, bytes: p.bytes.length, bulk: `${ORIGIN}content/bulk-0123456789ab.html` };
    await (await open(`workbox-precache-v2-${ORIGIN}`)).put(p.url, new Response(p.bytes.slice()));
    const requested = serve(new Map());

    const { installContent } = await import('./content');
    expect(await installContent(placeParts([part]), async () => undefined, 10_000)).toBe(true);

    expect(requested).toEqual([]);
    expect(await cachedBytes(p.url)).toEqual(p.bytes);
  });
});

describe('packs the page stored from a mirror (markPacksStoredFrom)', () => {
  it('are not downloaded by an install, are never served as present, and go with the edition that stops listing them', async () => {
    const p = await Promise.all([pack('<div data-or="article">stored from a mirror</div>'.repeat(20)), pack('not stored yet '.repeat(30))]);
    const bulk = `${ORIGIN}content/bulk-0123456789ab.html`;
    const requested = serve(new Map(p.map((x): [string, Uint8Array] => [x.url, x.bytes])));
    // A mirror update stored the first pack: the page marks it under the app's own address, where the cache never had it.
    const { markPacksStoredFrom } = await import('../core/content-cache');
    await markPacksStoredFrom([p[0]!.url]);

    vi.resetModules();
    const { installContent, pruneContent, resolveParts, serveContent } = await import('./content');
    const parts = resolveParts(p.map((x) => ({ url: x.url.slice(ORIGIN.length), bytes: x.bytes.length, bulk: bulk.slice(ORIGIN.length) })));
    expect(await installContent(parts, async () => undefined, 10_000)).toBe(true);
    // Before the fix the install downloaded both (here in their bulk file): the mirror's pack a second time.
    expect(requested).toEqual([p[1]!.url]);

    // Asked for the pack itself, the worker fetches it: a marker is not content.
    expect(new Uint8Array(await (await serveContent(new Request(p[0]!.url), parts[0])).arrayBuffer())).toEqual(p[0]!.bytes);
    expect(requested).toEqual([p[1]!.url, p[0]!.url]);

    // Marked again, then an edition that no longer lists it takes its marker away, as the page's own markers go.
    await markPacksStoredFrom([p[0]!.url]);
    expect(await cachedBytes(p[0]!.url)).toEqual(new Uint8Array());
    await pruneContent([parts[1]!]);
    expect(await stores.get(CONTENT_CACHE)!.match(p[0]!.url)).toBeUndefined();
    expect(await cachedBytes(p[1]!.url)).toEqual(p[1]!.bytes);
  });
});

describe('serveContent and the device', () => {
  it('answers with the pack when the device is too full to keep a copy (the page then meets the full device itself)', async () => {
    const p = await pack('<div data-or="article">a pack for a full device</div>'.repeat(20));
    serve(new Map([[p.url, p.bytes]]));
    const full = await open(CONTENT_CACHE);
    full.put = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    vi.resetModules();
    const { serveContent } = await import('./content');
    const served = await serveContent(new Request(p.url), { url: p.url, bytes: p.bytes.length, bulk: `${ORIGIN}content/bulk.html` });
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(p.bytes);
  });

  it('keeps nothing once a page erases the library: no pack written, no download started, the install refused', async () => {
    const p = await pack('<div data-or="article">a pack after an erase</div>'.repeat(20));
    const requested = serve(new Map([[p.url, p.bytes]]));
    vi.resetModules();
    const { installContent, serveContent, stopForErase } = await import('./content');
    const { wholeFiles } = await import('./whole-files');
    const part: DeliveryPart = { url: p.url, bytes: p.bytes.length, bulk: `${ORIGIN}content/bulk-0123456789ab.html` };
    stopForErase();
    expect(await installContent(placeParts([part]), async () => undefined, 10_000)).toBe(false);
    expect(requested).toEqual([]);
    // A page's own request is still answered, from the network, and not kept.
    expect((await serveContent(new Request(p.url), part)).ok).toBe(true);
    expect(await cachedBytes(p.url)).toBeUndefined();
    // The precache's files: none kept, so an install under way fails rather than re-create its cache.
    const keep = wholeFiles(new Map()).cacheWillUpdate!;
    expect(await keep({ request: new Request(p.url), response: new Response('x') } as never)).toBeNull();
    vi.resetModules();
  });
});

describe('a page’s own request for a pack (serveContent) and an update', () => {
  /** A network that answers nothing until the request is aborted (a firewall, a stalled origin). */
  function silentNetwork(): { requested: string[]; aborted: string[] } {
    const seen = { requested: [] as string[], aborted: [] as string[] };
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
      seen.requested.push(url);
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => {
          seen.aborted.push(url);
          reject(new DOMException('Aborted', 'AbortError'));
        }),
      );
    });
    return seen;
  }

  // Chromium activates a waiting version only once the old worker has answered every request under way: a pack that
  // never arrived kept the update button doing nothing for minutes, then the page reloaded whatever the reader was doing.
  it('stopFetches ends a pack download under way at once: answered 503, nothing kept', async () => {
    const p = await pack('<div data-or="article">a pack the origin never sends</div>'.repeat(20));
    const seen = silentNetwork();
    vi.resetModules();
    const { serveContent, stopFetches } = await import('./content');
    const part: DeliveryPart = { url: p.url, bytes: p.bytes.length, bulk: `${ORIGIN}content/bulk-0123456789ab.html` };
    const answer = serveContent(new Request(p.url), part);
    await vi.waitFor(() => expect(seen.requested).toEqual([p.url]));
    // "Text now" (another tab's): a text pack a page's sync waits for goes on.
    stopFetches();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.aborted).toEqual([]);
    // An update: everything stops.
    stopFetches(true);
    expect((await answer).status).toBe(503);
    expect(seen.aborted).toEqual([p.url]);
    expect(await cachedBytes(p.url)).toBeUndefined();
  });

  it('gives up on a network that does not start answering within PACK_ANSWER_MS', async () => {
    const p = await pack('<div data-or="article">a pack behind a silent firewall</div>'.repeat(20));
    const seen = silentNetwork();
    vi.resetModules();
    const { serveContent, PACK_ANSWER_MS } = await import('./content');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const part: DeliveryPart = { url: p.url, bytes: p.bytes.length, bulk: `${ORIGIN}content/bulk-0123456789ab.html` };
      let settled = false;
      const answer = serveContent(new Request(p.url), part).finally(() => (settled = true));
      await vi.waitFor(() => expect(seen.requested).toEqual([p.url]));
      await vi.advanceTimersByTimeAsync(PACK_ANSWER_MS - 1000);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1000);
      expect((await answer).status).toBe(503);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the marker of a pack the page already stored: the pack it asks for again is not kept a second time', async () => {
    const p = await pack('<div data-or="article">stored once, in the library</div>'.repeat(20));
    const requested = serve(new Map([[p.url, p.bytes]]));
    const { markPacksStoredFrom, isPackOnDevice, matchPack } = await import('../core/content-cache');
    await markPacksStoredFrom([p.url]);
    vi.resetModules();
    const { serveContent } = await import('./content');
    const part: DeliveryPart = { url: p.url, bytes: p.bytes.length, bulk: `${ORIGIN}content/bulk-0123456789ab.html` };
    expect(new Uint8Array(await (await serveContent(new Request(p.url), part)).arrayBuffer())).toEqual(p.bytes);
    expect(requested).toEqual([p.url]);
    // Still a marker: on the device (an update skips it), and not a second copy of the pack.
    const cache = await open(CONTENT_CACHE);
    expect(await isPackOnDevice(cache as unknown as Cache, p.url)).toBe(true);
    expect(await matchPack(p.url, cache as unknown as Cache)).toBeUndefined();
    expect(await cachedBytes(p.url)).toEqual(new Uint8Array());
  });
});
