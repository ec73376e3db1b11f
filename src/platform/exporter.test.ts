/** exportArticles against a library an update changed after the page listed it, and the name the exported file gets. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBundle } from '../core/bundle-read';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { serializeManifest } from '../core/manifest';
import { signManifest } from '../core/signing';
import { makeEdition } from '../core/testing/sample';
import { verifyBundle } from '../core/verify';
import type { ArticleMeta } from '../core/types';
import type { ArticleRecord } from '../storage/db';

const site = vi.hoisted(() => ({
  name: 'Open Shelf',
  shortName: 'Open Shelf',
  lang: 'en',
  dir: 'ltr' as const,
  description: '',
  publisher: { id: 'radio-farda', name: 'Radio Farda' },
}));

vi.mock('virtual:site-config', () => ({ default: site }));
vi.mock('virtual:reader-template', () => ({ default: { css: '', js: '' } }));
vi.mock('./render-article', () => ({ sanitizeBodyHtml: async (html: string) => html }));

/** The library as stored now: each article's row with its body (what getArticleBytes reads in one transaction), and the manifests. */
const stored = vi.hoisted(() => ({
  articles: new Map<string, { row: unknown; bytes: Uint8Array }>(),
  editions: [] as { publisherId: string; edition: number; signed: unknown; trust: string }[],
  media: new Map<string, { type: string; blob: Blob }>(),
}));
vi.mock('../storage/library-store', () => ({
  getArticleBytes: async (keys: [string, string][]) => keys.map(([p, id]) => stored.articles.get(`${p}/${id}`)),
  getEditions: async (publisherId: string, edition: number) =>
    stored.editions.filter((e) => e.publisherId === publisherId && e.edition === edition),
  getMedia: async (hashes: string[]) => new Map(hashes.flatMap((h) => (stored.media.has(h) ? [[h, stored.media.get(h)!]] : []))),
  getStoredMediaHashes: async (hashes: string[]) => new Set(hashes.filter((h) => stored.media.has(h))),
}));

/** A verified row of edition `edition` for this article. */
const rowOf = (meta: ArticleMeta, edition: number): ArticleRecord => ({
  publisherId: 'open-shelf',
  id: meta.id,
  meta,
  edition,
  trust: 'verified',
  source: 'built-in',
  addedAt: 0,
});

/** Edition 1 of the sample, stored, and its row for "hello-world" (what the page lists). */
async function storeEdition1() {
  const ed = await makeEdition({ edition: 1 });
  const meta = ed.manifest.articles.find((a) => a.id === 'hello-world')!;
  stored.editions.push({ publisherId: 'open-shelf', edition: 1, signed: ed.signed, trust: 'verified' });
  stored.articles.set('open-shelf/hello-world', { row: rowOf(meta, 1), bytes: ed.articles.find((a) => a.id === 'hello-world')!.bytes });
  return { ed, listed: rowOf(meta, 1) };
}

beforeEach(() => {
  stored.articles.clear();
  stored.editions.length = 0;
  stored.media.clear();
  site.shortName = 'Open Shelf';
});

describe('exportArticles', () => {
  it('writes a file that still verifies when an update replaced an article after the page listed it', async () => {
    // Edition 1 is in the library, and the page's list (library.articles) holds its row for "hello-world".
    const { ed: ed1, listed } = await storeEdition1();
    // Edition 2 (same key) corrects the article; the sync writes it while the list on screen is still edition 1's
    // (the list catches up on reload; another tab's write is never seen). Stored editions are kept, never pruned.
    const corrected = utf8Encode('<p>Hello, <em>world</em>. Corrected.</p>');
    const ed2 = structuredClone(ed1.manifest);
    ed2.edition = 2;
    const meta2 = Object.assign(
      ed2.articles.find((a) => a.id === 'hello-world')!,
      {
        size: corrected.length,
        sha256: await sha256Hex(corrected),
      },
    );
    const signed2 = await signManifest(serializeManifest(ed2), ed1.keys.privateKey, ed1.keys.publicKey);
    stored.editions.push({ publisherId: 'open-shelf', edition: 2, signed: signed2, trust: 'verified' });
    stored.articles.set('open-shelf/hello-world', { row: rowOf(meta2, 2), bytes: corrected });

    const { exportArticles } = await import('./exporter');
    const result = await exportArticles([listed]);
    const bytes = new Uint8Array(await result.blob.arrayBuffer());
    // The file is what a friend imports: it must verify (edition 1's manifest with edition 2's body is refused whole as
    // "changed after it was signed").
    const verified = await verifyBundle(parseBundle(bytes), { keys: [{ publicKey: ed1.keys.publicKey }] });
    expect(verified).toBeDefined();
    expect(verified.articles.map((a) => [a.meta.id, a.edition])).toEqual([['hello-world', 2]]);
    expect(result).toMatchObject({ count: 1, leftOut: { unverified: 0, gone: 0 } });
  });

  it('leaves out, and counts, an article the library no longer holds (withdrawn after the page listed it)', async () => {
    const { listed } = await storeEdition1();
    stored.articles.clear();
    const { exportArticles } = await import('./exporter');
    expect(await exportArticles([listed])).toMatchObject({ count: 0, leftOut: { unverified: 0, gone: 1 } });
  });

  it('counts apart the articles left out as unverified and those gone since the list was read', async () => {
    const { listed } = await storeEdition1();
    const unverified: ArticleRecord = { ...listed, id: 'from-a-stranger', trust: 'unverified' };
    const gone: ArticleRecord = { ...listed, id: 'withdrawn-since' };
    const { exportArticles } = await import('./exporter');
    // One count for both told the reader the withdrawn one was unverified, to be selected and shared "marked unverified".
    expect(await exportArticles([listed, unverified, gone])).toMatchObject({ count: 1, leftOut: { unverified: 1, gone: 1 } });
  });

  it('names the file after the publication when its short name is Persian, not "library"', async () => {
    site.shortName = 'رادیو فردا';
    const { listed } = await storeEdition1();
    const { exportArticles } = await import('./exporter');
    const { fileName } = await exportArticles([listed]);
    // Every export of every Persian-named publication was "library-<date>-1-article.html": in a Telegram chat or a
    // Downloads folder nothing told one publication's file from another's. The publisher id is ASCII here.
    expect(fileName).not.toMatch(/^library-/);
    expect(fileName).toMatch(/^radio-farda-\d{4}-\d\d-\d\d-1-article\.html$/);
  });
});

/** An edition of `n` articles besides the sample's two (one with a picture), all stored with the picture; their rows, as listed. */
async function storeLarge(n: number) {
  const extra = Object.fromEntries(Array.from({ length: n }, (_, k) => [`a-${String(k).padStart(4, '0')}`, `<p>Article ${k}.</p>`]));
  const ed = await makeEdition({ edition: 1, extra });
  stored.editions.push({ publisherId: 'open-shelf', edition: 1, signed: ed.signed, trust: 'verified' });
  const rows = ed.manifest.articles.map((meta) => rowOf(meta, 1));
  for (const row of rows) stored.articles.set(`open-shelf/${row.id}`, { row, bytes: ed.articles.find((a) => a.id === row.id)!.bytes });
  for (const m of ed.media) stored.media.set(m.sha256, { type: m.type, blob: new Blob([m.bytes as BlobPart], { type: m.type }) });
  return { ed, rows };
}

describe('exportArticles, a large library', () => {
  it('writes every article and picture in batches, says how far it is after each, and the file verifies', async () => {
    const { ed, rows } = await storeLarge(250);
    const { exportArticles } = await import('./exporter');
    const seen: string[] = [];
    const result = await exportArticles(rows, {
      onProgress: ({ articles, pictures }) =>
        seen.push(pictures ? `pictures ${pictures.done}/${pictures.total}` : `articles ${articles.done}/${articles.total}`),
    });
    expect(seen).toEqual(['articles 100/252', 'articles 200/252', 'articles 252/252', 'pictures 1/1']);
    expect(result).toMatchObject({ count: 252, leftOut: { unverified: 0, gone: 0 }, picturesLeftOut: 0 });
    const bytes = new Uint8Array(await result.blob.arrayBuffer());
    const verified = await verifyBundle(parseBundle(bytes), { keys: [{ publicKey: ed.keys.publicKey }] });
    expect(verified.articles).toHaveLength(252);
    expect(verified.media.map((m) => m.sha256)).toEqual(ed.media.map((m) => m.sha256));
    // The contents list every article once, each linking to its own, in the order the articles follow.
    const text = new TextDecoder().decode(bytes);
    const listed = [...text.matchAll(/<li [^>]*><a href="#([^"]+)"/g)].map((m) => m[1]);
    const written = [...text.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toHaveLength(252);
    expect(listed).toEqual(written);
    expect(text).toContain('252 articles');
  });

  it('lists the newest first and leaves the list it was given in its order', async () => {
    const { rows } = await storeLarge(2);
    const dated = rows.map((r, k) => ({ ...r, meta: { ...r.meta, date: `2024-03-${String(10 + k).padStart(2, '0')}` } }));
    const given = dated.map((r) => r.id);
    const { exportArticles } = await import('./exporter');
    const text = await (await exportArticles(dated, { includeUnverified: true })).blob.text();
    // Chosen articles (unverified ones with them) are the page's own list: sorting it in place reordered the page's state.
    expect(dated.map((r) => r.id)).toEqual(given);
    const written = [...text.matchAll(/<article id="a-([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(written).toEqual([...given].reverse());
  });

  it('stops when asked: the export rejects as stopped and makes nothing', async () => {
    const { rows } = await storeLarge(250);
    const { exportArticles } = await import('./exporter');
    const stop = new AbortController();
    let reports = 0;
    const made = exportArticles(rows, {
      signal: stop.signal,
      onProgress: () => {
        reports++;
        stop.abort();
      },
    });
    await expect(made).rejects.toMatchObject({ name: 'AbortError' });
    // Stopped within the batch after the first report: the rest of the library was never read.
    expect(reports).toBe(1);
  });
});

describe('exportFileName', () => {
  it('dates the file by the day it is in Tehran, not in UTC', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Tehran';
    try {
      // 01:30 on 1 Farvardin 1404 (21 March 2025) in Tehran is still 20 March in UTC.
      const now = new Date('2025-03-20T22:00:00Z');
      expect(now.getDate()).toBe(21); // the test really runs in Tehran's time
      const { exportFileName } = await import('./exporter');
      expect(exportFileName(['Open Shelf'], 3, now)).toBe('open-shelf-2025-03-21-3-articles.html');
    } finally {
      process.env.TZ = before;
    }
  });

  it('takes the first name with ASCII letters, else "library"', async () => {
    const { exportFileName } = await import('./exporter');
    const now = new Date(2025, 0, 5);
    expect(exportFileName(['رادیو فردا', 'radio-farda'], 1, now)).toBe('radio-farda-2025-01-05-1-article.html');
    expect(exportFileName(['رادیو فردا', 'رادیو'], 2, now)).toBe('library-2025-01-05-2-articles.html');
  });
});
