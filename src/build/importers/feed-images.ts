/** Downloading a feed's images once each: http(s) only, time-limited, size-limited, and only the image types the build accepts. */
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
  if (!res.ok) return { error: `the server answered ${res.status}.` };
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_MEDIA_BYTES) return { error: `larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    return { error: `the download broke off (${messageOf(e)}).` };
  }
  if (bytes.length > MAX_MEDIA_BYTES) return { error: `larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
  const type = sniffImageType(bytes);
  if (type === undefined) return { error: 'not a PNG, JPEG, WebP, GIF or AVIF image (SVG is refused: it can carry scripts).' };
  return { key: url, bytes, ext: MEDIA_TYPES[type]! };
}
