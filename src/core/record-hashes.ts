/** The SHA-256 of every article and media record, taken from a parsed file or while a file is read window by window. */
import { ownBuffer, sha256Hex } from './bytes';
import { readBundle, type ByteSource, type ReadOptions } from './bundle-read';
import type { PackIndex, ParsedBundle, SignedManifest } from './types';

/** An article record reduced to what verification compares and the library stores: no bytes are kept. */
export interface HashedArticle {
  manifest: number;
  id: string;
  /** Byte length of the body. */
  size: number;
  /** Lowercase hex SHA-256 of the body's bytes, as found in the file. */
  sha256: string;
  /** The body's UTF-8 bytes (checked to be UTF-8), in a buffer of their own. */
  bytes: Uint8Array;
}

/** A media record and the SHA-256 of its bytes (`sha256` is what the record claims, `digest` what the bytes are). */
export interface HashedMedia {
  sha256: string;
  type: string;
  bytes: Uint8Array;
  digest: string;
}

/** A file's records, every one hashed: what verification needs. */
export interface HashedBundle {
  version: number;
  manifests: SignedManifest[];
  articles: HashedArticle[];
  media: HashedMedia[];
  packs?: PackIndex;
}

// Enough digests in flight to keep WebCrypto busy beside the parser; a cap on their bytes, since each holds a copy.
const MAX_IN_FLIGHT = 4096;
const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

/** Runs digests concurrently for one sequential producer: `add` waits while too many are pending, `drain` until none is. */
export function digestQueue(): { add(bytes: Uint8Array, done: (hex: string) => void): Promise<void>; drain(): Promise<void> } {
  let running = 0;
  let bytesInFlight = 0;
  let failure: { error: unknown } | undefined;
  // The producer waiting for a digest to finish (one at a time: it awaits each add).
  let wake: (() => void) | undefined;
  const settle = (): Promise<void> =>
    new Promise<void>((resolve) => (wake = resolve)).then(() => {
      if (failure) throw failure.error;
    });
  return {
    async add(bytes, done) {
      if (failure) throw failure.error;
      const size = bytes.length;
      running++;
      bytesInFlight += size;
      sha256Hex(bytes)
        .then(done, (error: unknown) => void (failure ??= { error }))
        .finally(() => {
          running--;
          bytesInFlight -= size;
          wake?.();
          wake = undefined;
        });
      while (running >= MAX_IN_FLIGHT || (bytesInFlight > MAX_IN_FLIGHT_BYTES && running > 1)) await settle();
    },
    async drain() {
      while (running > 0) await settle();
      if (failure) throw failure.error;
    },
  };
}

/** Hashes the records of a file parsed whole. */
export async function hashParsed(parsed: ParsedBundle): Promise<HashedBundle> {
  const queue = digestQueue();
  const out: HashedBundle = { version: parsed.version, manifests: parsed.manifests, articles: [], media: [] };
  if (parsed.packs) out.packs = parsed.packs;
  for (const a of parsed.articles) {
    const hashed: HashedArticle = { manifest: a.manifest, id: a.id, size: a.bytes.length, sha256: '', bytes: ownBuffer(a.bytes) };
    out.articles.push(hashed);
    await queue.add(a.bytes, (hex) => (hashed.sha256 = hex));
  }
  for (const m of parsed.media) {
    const hashed: HashedMedia = { sha256: m.sha256, type: m.type, bytes: m.bytes, digest: '' };
    out.media.push(hashed);
    await queue.add(m.bytes, (hex) => (hashed.digest = hex));
  }
  await queue.drain();
  return out;
}

/**
 * Reads a file from `source` with readBundle and hashes each record as it comes, so what stays in memory is the
 * articles' text and the media's bytes, never the whole file. Throws BundleError as parseBundle does.
 * `onManifest` sees each manifest as soon as it is read (verification starts its checks there).
 */
export async function readHashed(
  source: ByteSource,
  opts: ReadOptions & {
    onManifest?: (manifest: SignedManifest) => void;
    /** Asked before each record: an error returned stops the reading there (a manifest already known to be forged). */
    stopWith?: () => unknown;
  } = {},
): Promise<HashedBundle> {
  const queue = digestQueue();
  const out: HashedBundle = { version: 0, manifests: [], articles: [], media: [] };
  out.version = await readBundle(
    source,
    async (item) => {
      const stop = opts.stopWith?.();
      if (stop) throw stop;
      switch (item.kind) {
        case 'manifest':
          out.manifests.push(item.manifest);
          opts.onManifest?.(item.manifest);
          break;
        case 'article': {
          // A copy: the window the bytes are read from moves on.
          const { manifest, id, bytes } = item.article;
          const hashed: HashedArticle = { manifest, id, size: bytes.length, sha256: '', bytes: bytes.slice() };
          out.articles.push(hashed);
          await queue.add(bytes, (hex) => (hashed.sha256 = hex));
          break;
        }
        case 'media': {
          const { sha256, type, bytes } = item.media;
          const hashed: HashedMedia = { sha256, type, bytes, digest: '' };
          out.media.push(hashed);
          await queue.add(bytes, (hex) => (hashed.digest = hex));
          break;
        }
        case 'packs':
          out.packs = item.packs;
          break;
      }
    },
    opts,
  );
  await queue.drain();
  return out;
}
