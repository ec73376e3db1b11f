/** Downloading a feed's images once each: http(s) only, time-limited, size-limited, and only the image types the build accepts. */
import { concatBytes } from '../../core/bytes';
import { MAX_MEDIA_BYTES, MEDIA_TYPES } from '../../core/constants';
import { messageOf } from '../errors';
import { sniffImageType } from '../images';

/** A downloaded image (`key` is its URL, so the same image is stored once per article), or why it could not be. */
export type FetchedImage = { key: string; bytes: Uint8Array; ext: string } | { error: string };

/** Gets images by URL, each at most once per run. */
export interface ImageFetcher {
  get(src: string, base: string | undefined): Promise<FetchedImage>;
}

/** An image fetcher with a timeout per download. */
export function createImageFetcher(opts: { timeoutMs: number }): ImageFetcher {
  const cache = new Map<string, Promise<FetchedImage>>();
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
        got = download(url.href, opts.timeoutMs);
        cache.set(url.href, got);
      }
      return got;
    },
  };
}

async function download(url: string, timeoutMs: number): Promise<FetchedImage> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    return { error: `not reachable (${messageOf((e as { cause?: unknown }).cause ?? e)}).` };
  }
  if (!res.ok) {
    void res.body?.cancel().catch(() => undefined);
    return { error: `the server answered ${res.status}.` };
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readBody(res, MAX_MEDIA_BYTES);
  } catch (e) {
    return { error: `the download broke off (${messageOf(e)}).` };
  }
  if (bytes === undefined) return { error: `larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
  const type = sniffImageType(bytes);
  if (type === undefined) return { error: 'not a PNG, JPEG, WebP, GIF or AVIF image (SVG is refused: it can carry scripts).' };
  return { key: url, bytes, ext: MEDIA_TYPES[type]! };
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
