/** Owns what a build wrote, as the bench sees it: precompressed siblings (as a static host serves them) and the app shell's size. */
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { brotli, gzipBytes } from './compress';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt', '.xml']);

async function walk(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, root)));
    else out.push(relative(root, p).split('\\').join('/'));
  }
  return out.sort();
}

/** Brotli size of each compressible file the app serves, by path relative to the build. */
export type BrotliSizes = Map<string, number>;

/**
 * Writes `file.br` beside every compressible file the app fetches (not library.html: that one is downloaded as a
 * file, not served to the app), so first-visit timings are not spent in the bench's own quality-11 compressor.
 */
export async function precompress(dist: string): Promise<BrotliSizes> {
  const files = (await walk(dist)).filter((f) => COMPRESSIBLE.has(extname(f)) && f !== 'library.html');
  const sizes: BrotliSizes = new Map();
  // Two at a time: the thread pool has a thread per core, and we have two.
  const queue = [...files];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const compressed = await brotli(await readFile(join(dist, f)));
      await writeFile(join(dist, `${f}.br`), compressed);
      sizes.set(f, compressed.length);
    }
  };
  await Promise.all([worker(), worker()]);
  return sizes;
}

/** Sizes of a group of files: as built, gzip -9 and brotli 11. */
export interface Sizes {
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
}

async function sizesOf(dist: string, files: string[], br: BrotliSizes): Promise<Sizes> {
  const out: Sizes = { files: files.length, raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const bytes = await readFile(join(dist, f));
    out.raw += bytes.length;
    out.gzip += (await gzipBytes(bytes)).length;
    out.brotli += br.get(f) ?? (await brotli(bytes)).length;
  }
  return out;
}

/**
 * The app shell: the JS and CSS index.html loads at once, and all the code a first visit downloads (those, plus the
 * lazy chunks and workers the service worker precaches, plus sw.js itself). Chunks that are only fetched where there
 * is no service worker at all (the pure-JS hashes for plain-HTTP pages) are not part of a first visit. `fallbacks`: the
 * chunks the service worker precaches only for a browser that lacks a feature (DOMPurify where there is no Sanitizer
 * API, see src/core/fallbacks.ts); such a browser downloads `all` and these.
 */
export interface ShellSizes {
  initial: Sizes & { paths: string[] };
  all: Sizes & { paths: string[] };
  fallbacks: Sizes & { paths: string[] };
  indexHtml: Sizes;
}

/** Measures the app shell of a build (fonts, content, media and the reader file excluded). */
export async function measureShell(dist: string, br: BrotliSizes): Promise<ShellSizes> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const initial = new Set<string>();
  for (const m of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const tag = m[0];
    const url = /\b(?:src|href)=["']([^"']+)["']/.exec(tag)?.[1];
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue;
    const isScript = m[1] === 'script' ? /\bsrc=/.test(tag) : /\brel=["']?(stylesheet|modulepreload)/.test(tag);
    if (isScript) initial.add(url.replace(/^\.?\//, '').split(/[?#]/)[0] as string);
  }
  const initialPaths = [...initial].filter((f) => /\.(m?js|css)$/.test(f));
  const sw = await readFile(join(dist, 'sw.js'), 'utf8');
  // The manifest's entries, as the build writes them into sw.js: {…"url":"…"…}, some with a "fallback" mark.
  const entries = [...sw.matchAll(/\{[^{}]*"url":"([^"]+\.(?:m?js|css))"[^{}]*\}/g)];
  const precached = entries.filter((m) => !m[0].includes('"fallback":')).map((m) => m[1] as string);
  const fallbacks = entries.filter((m) => m[0].includes('"fallback":')).map((m) => m[1] as string);
  const code = new Set((await walk(dist)).filter((f) => /\.(m?js|css)$/.test(f)));
  const all = [...new Set([...initialPaths, ...precached, 'sw.js'])].filter((f) => code.has(f));
  return {
    initial: { ...(await sizesOf(dist, initialPaths, br)), paths: initialPaths },
    all: { ...(await sizesOf(dist, all, br)), paths: all },
    fallbacks: { ...(await sizesOf(dist, fallbacks, br)), paths: fallbacks },
    indexHtml: await sizesOf(dist, ['index.html'], br),
  };
}

/** Sizes of the content the app downloads (edition file and packs) and of the reader file. */
export interface ContentFiles {
  content: Omit<Sizes, 'gzip'>;
  readerFileBytes: number;
}

/** Measures content/*.html and library.html of a build. */
export async function measureContentFiles(dist: string, br: BrotliSizes): Promise<ContentFiles> {
  const content = (await walk(join(dist, 'content'))).filter((f) => f.endsWith('.html')).map((f) => `content/${f}`);
  const out = { files: content.length, raw: 0, brotli: 0 };
  for (const f of content) {
    out.raw += (await stat(join(dist, f))).size;
    out.brotli += br.get(f) ?? 0;
  }
  return { content: out, readerFileBytes: (await stat(join(dist, 'library.html'))).size };
}
