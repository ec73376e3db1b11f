// A picture the device lacks (the data saver) once the app's own address is blocked: it comes from a mirror of the signed
// list, checked against the signed manifest (a mirror serving another picture is refused, and the next one asked), with
// the update check's bounds (no cookie, no referrer, no byte past the manifest's size, a blackholed address given up on
// after STALL_MS). Before the fix only the app's own address was ever asked: once it was blocked, no picture came again.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaMeta } from '../core/types';

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
afterAll(() => void vi.useRealTimers());

const OWN = 'https://own.example/app/';
const WRONG = 'https://wrong.example/';
const RIGHT = 'https://right.example/m/';
const FAR = 'https://far.example/';

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'open-shelf' } } }));
const list = vi.hoisted(() => ({ mirrors: [] as string[] }));
vi.mock('../storage/update-store', () => ({
  getMirrors: async (publisherId: string) => ({ publisherId, edition: 10, mirrors: list.mirrors }),
  getLibraryEdition: async () => undefined,
}));
const kept = vi.hoisted(() => [] as { sha256: string; type: string; bytes: Uint8Array }[]);
vi.mock('../storage/built-in-store', () => ({ putMedia: async (record: (typeof kept)[number]) => void kept.push(record) }));
vi.mock('./import-client', () => ({}));

/** The page's Content-Security-Policy, when a test sets one. */
let csp: string | undefined;
vi.stubGlobal('document', {
  baseURI: `${OWN}index.html`,
  querySelector: () => (csp === undefined ? null : { content: csp }),
});
// No shuffle: the mirrors are asked in the order their list gives.
vi.spyOn(Math, 'random').mockReturnValue(0.999);

const picture = new TextEncoder().encode('the genuine picture bytes '.repeat(40));
const other = new TextEncoder().encode('another picture, same size'.repeat(40));
const sha = async (bytes: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
const meta: MediaMeta = { sha256: await sha(picture), type: 'image/png', size: picture.length };
const path = `media/${meta.sha256}.png`;

/** What each address does with a request: serve bytes, answer an error, or never answer (blackholed). */
type Behaviour = Uint8Array | 'error' | 'hang' | 'endless';
let addresses: Record<string, Behaviour>;
/** Every request, in order, with what it was sent with. */
const requests: { url: string; init: RequestInit }[] = [];
/** Bytes sent by an endless body before it was stopped. */
let endlessSent = 0;

vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
  requests.push({ url, init });
  const base = Object.keys(addresses).find((b) => url.startsWith(b));
  const behaviour = base ? addresses[base] : 'hang';
  if (behaviour === 'hang' || behaviour === undefined)
    return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new TypeError('Failed to fetch'))));
  if (behaviour === 'error') return new Response('blocked', { status: 403 });
  if (behaviour === 'endless') {
    const chunk = new Uint8Array(1024);
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (init.signal!.aborted) return controller.error(new DOMException('Aborted', 'AbortError'));
          endlessSent += chunk.length;
          controller.enqueue(chunk.slice());
        },
      }),
    );
  }
  return new Response(behaviour.slice(), { headers: { 'Content-Type': 'image/png' } });
});

/** Fetches the picture on fake time: the blob (or the rejection), and how long it took (ms). */
async function fetchOnce(): Promise<{ blob?: Blob; error?: unknown; ms: number }> {
  let blob: Blob | undefined;
  let error: unknown;
  let ended = false;
  const { fetchPicture } = await import('./pictures');
  void fetchPicture(meta).then(
    (b) => ((blob = b), (ended = true)),
    (e: unknown) => ((error = e), (ended = true)),
  );
  let ms = 0;
  for (; ms < 10 * 60_000 && !ended; ms += 100) await vi.advanceTimersByTimeAsync(100);
  return { blob, error, ms };
}

beforeEach(() => {
  csp = undefined;
  kept.length = 0;
  requests.length = 0;
  endlessSent = 0;
  list.mirrors = [WRONG, RIGHT];
});

describe('a picture once the app’s own address is blocked', () => {
  // Each test's picture is fetched afresh: which address brought the last one is kept only within this module's life.
  beforeEach(() => vi.resetModules());

  it('comes from the mirror that serves it, after one that serves another picture is refused', async () => {
    addresses = { [OWN]: 'error', [WRONG]: other, [RIGHT]: picture };
    const { fetchPicture } = await import('./pictures');
    const blob = await fetchPicture(meta);
    expect(requests.map((r) => r.url)).toEqual([OWN + path, WRONG + path, RIGHT + path]);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(picture);
    expect(blob.type).toBe('image/png');
    // Kept once, and only the copy that matches the signed manifest.
    expect(kept).toEqual([{ sha256: meta.sha256, type: 'image/png', bytes: picture }]);
    // The update check's care: no cookie, no referrer, revalidated.
    for (const { init } of requests) expect(init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-cache' });
  });

  it('a blackholed own address is given up on within seconds, and the mirror asked', async () => {
    addresses = { [OWN]: 'hang', [WRONG]: 'error', [RIGHT]: picture };
    const { fetchPicture } = await import('./pictures');
    const fetching = fetchPicture(meta);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests.map((r) => r.url)).toEqual([OWN + path]);
    // Before the fix the request waited for as long as the browser let it (minutes), and no other address was asked.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests.map((r) => r.url)).toEqual([OWN + path, WRONG + path, RIGHT + path]);
    expect(new Uint8Array(await (await fetching).arrayBuffer())).toEqual(picture);
    expect(kept).toHaveLength(1);
  });

  it('reads no more than the picture’s size from an address that sends without end, then asks the next', async () => {
    addresses = { [OWN]: 'endless', [WRONG]: other, [RIGHT]: picture };
    const { blob } = await fetchOnce();
    expect(blob).toBeDefined();
    expect(endlessSent).toBeLessThanOrEqual(meta.size + 2 * 1024);
    expect(kept.map((k) => k.bytes)).toEqual([picture]);
  });

  it('keeps nothing when no address brings the genuine picture', async () => {
    addresses = { [OWN]: 'error', [WRONG]: other, [RIGHT]: picture.subarray(0, 100) };
    const { blob, error } = await fetchOnce();
    expect(blob).toBeUndefined();
    expect(error).toBeInstanceOf(Error);
    expect(requests).toHaveLength(3);
    expect(kept).toEqual([]);
  });

  it('asks no mirror whose origin the page’s policy does not let it reach', async () => {
    list.mirrors = [FAR, RIGHT];
    csp = `default-src 'self'; connect-src 'self' https://right.example`;
    addresses = { [OWN]: 'error', [FAR]: picture, [RIGHT]: picture };
    const { blob } = await fetchOnce();
    expect(blob).toBeDefined();
    expect(requests.map((r) => r.url)).toEqual([OWN + path, RIGHT + path]);
  });

  it('asks the address that brought the last picture first: a blackholed own address costs its seconds once', async () => {
    addresses = { [OWN]: 'hang', [WRONG]: 'error', [RIGHT]: picture };
    const { fetchPicture } = await import('./pictures');
    const first = fetchPicture(meta);
    await vi.advanceTimersByTimeAsync(10_000);
    await first;
    requests.length = 0;
    const again = await fetchPicture(meta);
    expect(again.size).toBe(meta.size);
    expect(requests.map((r) => r.url)).toEqual([RIGHT + path]);
  });
});
