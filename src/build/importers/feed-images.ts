/** Downloading a feed and its images: http(s) only, redirects followed by hand with every address checked, the address an answer came from, time- and size-limited; images once each, only the types the build accepts. */
import type { LookupAddress } from 'node:dns';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { LookupFunction } from 'node:net';
import { concatBytes } from '../../core/bytes';
import { MAX_MEDIA_BYTES, MEDIA_TYPES } from '../../core/constants';
import { messageOf } from '../errors';
import { sniffImageType } from '../images';
import { addressesOf, refusal, unbracketed, type AddressAllowance } from './private-address';

/** A downloaded image (`key` is its URL, so the same image is stored once per article), or why it could not be. */
export type FetchedImage = { key: string; bytes: Uint8Array; ext: string } | { error: string };

/** Gets images by URL, each at most once per run. */
export interface ImageFetcher {
  get(src: string, base: string | undefined): Promise<FetchedImage>;
}

/** An image fetcher with a timeout per download; `allow` says which non-public addresses an image may come from (private-address.ts). */
export function createImageFetcher(opts: { timeoutMs: number; allow: AddressAllowance }): ImageFetcher {
  const cache = new Map<string, Promise<FetchedImage>>();
  // A few downloads at a time: an item naming thousands of pictures must not open thousands of connections at once.
  let active = 0;
  const waiting: Array<() => void> = [];
  const inTurn = async (job: () => Promise<FetchedImage>): Promise<FetchedImage> => {
    if (active < MAX_PARALLEL) active++;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await job();
    } finally {
      // The slot passes straight to the next download waiting, if any.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
  return {
    get(src, base) {
      // An empty or fragment-only reference resolves to the page it is on, which is no picture.
      if (src.trim() === '' || src.trim().startsWith('#')) return Promise.resolve({ error: 'it names no address.' });
      let url: URL;
      try {
        url = new URL(src, base);
      } catch {
        return Promise.resolve({ error: 'its address cannot be read.' });
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return Promise.resolve({ error: `only http(s) images are downloaded, not ${url.protocol} addresses.` });
      }
      let got = cache.get(url.href);
      if (got === undefined) {
        got = inTurn(() => download(url, opts.timeoutMs, opts.allow));
        cache.set(url.href, got);
      }
      return got;
    },
  };
}

/** Downloads at once. */
const MAX_PARALLEL = 6;

/** Redirects followed per download: more is a loop, or a server playing games. */
const MAX_REDIRECTS = 5;

/** An address the download refused to connect to (see `refusal`). */
class RefusedAddress extends Error {}

/** One image: its answer read up to the size limit, and its type checked. */
async function download(url: URL, timeoutMs: number, allow: AddressAllowance): Promise<FetchedImage> {
  const opened = await openUrl(url, { signal: AbortSignal.timeout(timeoutMs), allow, accept: 'image/*,*/*;q=0.8' });
  if ('error' in opened) return opened;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readMessage(opened.res, MAX_MEDIA_BYTES);
  } catch (e) {
    return { error: `the download broke off (${messageOf(e)}).` };
  }
  if (bytes === undefined) return { error: `larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
  const type = sniffImageType(bytes);
  if (type === undefined) return { error: 'not a PNG, JPEG, WebP, GIF or AVIF image (SVG is refused: it can carry scripts).' };
  return { key: url.href, bytes, ext: MEDIA_TYPES[type]! };
}

/** A successful answer (its body not read yet), and the IP address of the server it came from (after any redirects). */
export interface OpenedUrl {
  res: IncomingMessage;
  address: string | undefined;
}

/**
 * A GET of an http(s) URL, its redirects followed by hand: every hop's host is checked against `allow` before anything
 * is sent to it, and a host name is checked on every address it resolves to, in the very lookup the connection uses
 * (so a name cannot resolve to a public address for the check and a private one for the connection). Gives the 2xx
 * answer and the address its connection went to, or why there is none (the end of a sentence).
 */
export async function openUrl(
  url: URL,
  opts: { signal: AbortSignal; allow: AddressAllowance; accept: string },
): Promise<OpenedUrl | { error: string }> {
  let at = url;
  for (let hop = 0; ; hop++) {
    const via = hop === 0 ? '' : `it redirects to ${at.href}, and `;
    let res: IncomingMessage;
    try {
      res = await request(at, opts);
    } catch (e) {
      if (e instanceof RefusedAddress) return { error: `refused: ${via}${e.message}` };
      return { error: `${via}not reachable (${messageOf(e)}).` };
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      res.destroy();
      if (hop === MAX_REDIRECTS) return { error: `it redirects more than ${MAX_REDIRECTS} times.` };
      const next = URL.canParse(location, at.href) ? new URL(location, at) : undefined;
      if (next === undefined || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
        return { error: `it redirects to "${location}", which is not an http(s) address.` };
      }
      at = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      res.destroy();
      return { error: `${via}the server answered ${status}.` };
    }
    return { res, address: res.socket.remoteAddress };
  }
}

/** A GET of `url` whose connection goes only to addresses `allow` permits; rejects with RefusedAddress otherwise. */
function request(url: URL, opts: { signal: AbortSignal; allow: AddressAllowance; accept: string }): Promise<IncomingMessage> {
  const { signal, allow } = opts;
  // An IP literal is connected to without a lookup: check it here.
  const why = refusal(unbracketed(url.hostname), allow);
  if (why !== undefined) return Promise.reject(new RefusedAddress(why));
  const checkedLookup: LookupFunction = (hostname, options, callback) => {
    addressesOf(hostname).then(
      (addresses) => {
        const refused = addresses.map((a) => refusal(a.address, allow)).find((r) => r !== undefined);
        if (refused !== undefined) (callback as (e: Error) => void)(new RefusedAddress(refused));
        else if (options.all === true) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (e: NodeJS.ErrnoException) => (callback as (e: Error) => void)(e),
    );
  };
  const headers = { accept: opts.accept, 'user-agent': 'node' };
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    // No shared agent: a kept-alive connection would skip the lookup, and so the check, for the next download.
    get(url, { signal, lookup: checkedLookup, agent: false, headers }, resolve).on('error', reject);
  });
}

/** A Node answer's body, read as `readChunks` reads it. */
export function readMessage(res: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return readChunks(res, res.headers['content-length'], max, () => res.destroy());
}

/** A fetch Response's body, read as `readChunks` reads it. */
export function readBody(res: Response, max: number): Promise<Uint8Array | undefined> {
  const body = res.body;
  if (body === null) return Promise.resolve(new Uint8Array(0));
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Left early (too large): stop the download.
      void reader.cancel().catch(() => undefined);
    }
  }
  return readChunks(chunks(), res.headers.get('content-length'), max, () => void body.cancel().catch(() => undefined));
}

/**
 * A body, or undefined as soon as it proves longer than `max` bytes (by its Content-Length, or while it streams in:
 * the download is stopped there, so a server sending without end costs `max` bytes of memory, not more). `stop`
 * ends a download never read; leaving the loop over `chunks` ends one being read. Throws when the download breaks off
 * (including its timeout).
 */
async function readChunks(
  chunks: AsyncIterable<Uint8Array>,
  length: string | null | undefined,
  max: number,
  stop: () => void,
): Promise<Uint8Array | undefined> {
  if (Number(length ?? 0) > max) {
    stop();
    return undefined;
  }
  const read: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > max) return undefined;
    read.push(chunk);
  }
  return concatBytes(read);
}
