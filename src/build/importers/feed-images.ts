/** Downloading a feed's images once each: http(s) only, never from the publisher's own machine or network, time-limited, size-limited, and only the image types the build accepts. */
import type { LookupAddress } from 'node:dns';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { concatBytes } from '../../core/bytes';
import { MAX_MEDIA_BYTES, MEDIA_TYPES } from '../../core/constants';
import { messageOf } from '../errors';
import { sniffImageType } from '../images';
import { addressesOf, refusal, type AddressAllowance } from './private-address';

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

/** Redirects followed per image: more is a loop, or a server playing games. */
const MAX_REDIRECTS = 5;

/** An address the download refused to connect to (see `refusal`). */
class RefusedAddress extends Error {}

/**
 * One image, its redirects followed by hand: every hop's host is checked before anything is sent to it, and a host
 * name is checked on every address it resolves to, in the very lookup the connection uses (so a name cannot resolve
 * to a public address for the check and a private one for the connection).
 */
async function download(url: URL, timeoutMs: number, allow: AddressAllowance): Promise<FetchedImage> {
  const signal = AbortSignal.timeout(timeoutMs);
  let at = url;
  for (let hop = 0; ; hop++) {
    const via = hop === 0 ? '' : `it redirects to ${at.href}, and `;
    let res: IncomingMessage;
    try {
      res = await request(at, signal, allow);
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
    let bytes: Uint8Array | undefined;
    try {
      const length = res.headers['content-length'];
      // Node's web stream is the one Response takes; the cast only bridges the DOM typings of programs that include this file.
      const body = Readable.toWeb(res) as unknown as ConstructorParameters<typeof Response>[0];
      bytes = await readBody(new Response(body, { headers: length !== undefined ? { 'content-length': length } : {} }), MAX_MEDIA_BYTES);
    } catch (e) {
      return { error: `the download broke off (${messageOf(e)}).` };
    }
    if (bytes === undefined) return { error: `larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
    const type = sniffImageType(bytes);
    if (type === undefined) return { error: 'not a PNG, JPEG, WebP, GIF or AVIF image (SVG is refused: it can carry scripts).' };
    return { key: url.href, bytes, ext: MEDIA_TYPES[type]! };
  }
}

/** A GET of `url` whose connection goes only to addresses `allow` permits; rejects with RefusedAddress otherwise. */
function request(url: URL, signal: AbortSignal, allow: AddressAllowance): Promise<IncomingMessage> {
  // An IP literal is connected to without a lookup: check it here.
  const why = refusal(url.hostname.replace(/^\[|\]$/g, ''), allow);
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
  const headers = { accept: 'image/*,*/*;q=0.8', 'user-agent': 'node' };
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    // No shared agent: a kept-alive connection would skip the lookup, and so the check, for the next picture.
    get(url, { signal, lookup: checkedLookup, agent: false, headers }, resolve).on('error', reject);
  });
}

/**
 * A response's body, or undefined as soon as it proves longer than `max` bytes (by its Content-Length, or while it
 * streams in: the download is stopped there, so a server sending without end costs `max` bytes of memory, not more).
 * Throws when the download breaks off (including the fetch's timeout).
 */
export async function readBody(res: Response, max: number): Promise<Uint8Array | undefined> {
  const body = res.body;
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    void body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}
