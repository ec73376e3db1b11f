/** Owns how the bench compresses bytes: the same brotli and gzip settings as scripts/serve.mjs, so figures match the wire. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { ROOT } from '../e2e/helpers/paths';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Brotli's window at the server's setting (lgwin 24): bytes further apart cannot share matches anyway. */
const WINDOW = 1 << 24;

// Quality 11 runs at about 0.4 MB/s a core, and most content is the same from run to run (content-hashed packs).
const CACHE = join(ROOT, 'bench', 'out', '.brotli-cache');

function compressNow(bytes: Uint8Array): Promise<Buffer> {
  return brotliAsync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_LGWIN]: 24,
    },
  });
}

/** Brotli-compresses at the server's settings (quality 11, text mode, 16 MB window), from the cache when seen before. */
export async function brotli(bytes: Uint8Array): Promise<Buffer> {
  const file = join(CACHE, `${createHash('sha256').update(bytes).digest('hex')}.br`);
  const hit = await readFile(file).catch(() => null);
  if (hit) return hit;
  const out = await compressNow(bytes);
  await mkdir(CACHE, { recursive: true });
  await writeFile(file, out);
  return out;
}

/** Gzip at the server's level (9). */
export function gzipBytes(bytes: Uint8Array): Promise<Buffer> {
  return gzipAsync(bytes, { level: 9 });
}

/**
 * Brotli size of a large corpus, compressed in window-sized slices: within a slice nothing is lost, and
 * across slices the window could not have helped.
 */
export async function brotliSizeOfCorpus(bytes: Uint8Array): Promise<number> {
  const sizes: Promise<number>[] = [];
  for (let at = 0; at < bytes.length; at += WINDOW) sizes.push(brotli(bytes.subarray(at, at + WINDOW)).then((b) => b.length));
  return (await Promise.all(sizes)).reduce((sum, n) => sum + n, 0);
}
