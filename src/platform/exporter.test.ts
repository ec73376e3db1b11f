/** exportArticles against a library an update changed after the page listed it, and the name the exported file gets. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBundle } from '../core/bundle-read';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { serializeManifest } from '../core/manifest';
import { generateKeyPair, signManifest } from '../core/signing';
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

/** Edition `edition` of open-shelf signed with `keys`, listing `articles` (id to body); its stored record, and each article's meta and bytes. */
async function signEdition(keys: { publicKey: string; privateKey: string }, edition: number, articles: [string, string][]) {
  const metas: ArticleMeta[] = [];
  const bodies = new Map<string, Uint8Array>();
  for (const [id, body] of articles) {
    const bytes = utf8Encode(body);
    bodies.set(id, bytes);
    metas.push({
      id,
      version: 1,
      title: id,
      date: '2024-03-20',
      lang: 'en',
      dir: 'ltr',
      tags: [],
      size: bytes.length,
      sha256: await sha256Hex(bytes),
      media: [],
    });
  }
  const manifest = {
    format: 'offline-reader/manifest' as const,
    v: 1,
    publisher: { id: 'open-shelf', name: 'Open Shelf' },
    edition,
    created: '2024-03-20T10:00:00Z',
    articles: metas,
    media: [],
  };
  const signed = await signManifest(serializeManifest(manifest), keys.privateKey, keys.publicKey);
  return { signed, metas, bodies };
}

describe('exportArticles: which manifests travel', () => {
  it('gives a library followed for 300 editions one manifest, the newest, and another phone imports the file', async () => {
    const keys = await generateKeyPair();
    const rows: ArticleRecord[] = [];
    const articles: [string, string][] = [];
    // Each edition adds an article and leaves the others as they were: each row keeps the edition it came in.
    for (let e = 1; e <= 300; e++) {
      articles.push([`a${e}`, `<p>Article ${e}</p>`]);
      const { signed, metas, bodies } = await signEdition(keys, e, articles);
      stored.editions.push({ publisherId: 'open-shelf', edition: e, signed, trust: 'verified' });
      const meta = metas[metas.length - 1]!;
      rows.push(rowOf(meta, e));
      stored.articles.set(`open-shelf/${meta.id}`, { row: rowOf(meta, e), bytes: bodies.get(meta.id)! });
    }
    const { exportArticles } = await import('./exporter');
    const result = await exportArticles(rows);
    const parsed = parseBundle(new Uint8Array(await result.blob.arrayBuffer()));
    // One manifest per row's edition was 300 of them (8.9 MB of manifests), and every phone refused the file: at most 256.
    expect(parsed.manifests).toHaveLength(1);
    expect(parsed.manifests[0]).toEqual(stored.editions[299]!.signed);
    const verified = await verifyBundle(parsed, { keys: [{ publicKey: keys.publicKey }] });
    expect(verified.articles).toHaveLength(300);
    expect(result).toMatchObject({ count: 300, leftOut: { unverified: 0, gone: 0 } });
  });

  it('takes the newest manifest that lists the row with its hash, of the same trust and, when unverified, the same signer', async () => {
    const publisher = await generateKeyPair();
    const stranger = await generateKeyPair();
    const another = await generateKeyPair();
    // Edition 1 has "kept" and "changed"; edition 2 changes "changed", but the device holds edition 1's (a row from a
    // file); edition 3 lists both as in edition 2, and adds "third".
    const e1 = await signEdition(publisher, 1, [
      ['kept', '<p>kept</p>'],
      ['changed', '<p>first</p>'],
    ]);
    const e2 = await signEdition(publisher, 2, [
      ['kept', '<p>kept</p>'],
      ['changed', '<p>second</p>'],
    ]);
    const e3 = await signEdition(publisher, 3, [
      ['kept', '<p>kept</p>'],
      ['changed', '<p>second</p>'],
      ['third', '<p>third</p>'],
    ]);
    // A stranger's copy of "theirs" (edition 1), and another stranger's edition 4 listing the very same bytes.
    const s1 = await signEdition(stranger, 1, [['theirs', '<p>theirs</p>']]);
    const s4 = await signEdition(another, 4, [
      ['theirs', '<p>theirs</p>'],
      ['other', '<p>other</p>'],
    ]);
    for (const [signed, edition, trust] of [
      [e1.signed, 1, 'verified'],
      [e2.signed, 2, 'verified'],
      [e3.signed, 3, 'verified'],
      [s1.signed, 1, 'unverified'],
      [s4.signed, 4, 'unverified'],
    ] as const) {
      stored.editions.push({ publisherId: 'open-shelf', edition, signed, trust });
    }
    const kept = rowOf(e1.metas[0]!, 1);
    const changed = rowOf(e1.metas[1]!, 1);
    // A row of edition 3 makes edition 3 a candidate for every verified row; it signs other bytes of "changed".
    const third = rowOf(e3.metas[2]!, 3);
    const theirs: ArticleRecord = { ...rowOf(s1.metas[0]!, 1), trust: 'unverified', signer: stranger.publicKey };
    const other: ArticleRecord = { ...rowOf(s4.metas[1]!, 4), trust: 'unverified', signer: another.publicKey };
    for (const [row, bytes] of [
      [kept, e1.bodies.get('kept')!],
      [changed, e1.bodies.get('changed')!],
      [third, e3.bodies.get('third')!],
      [theirs, s1.bodies.get('theirs')!],
      [other, s4.bodies.get('other')!],
    ] as const) {
      stored.articles.set(`open-shelf/${row.id}`, { row, bytes });
    }
    const { exportArticles } = await import('./exporter');
    const result = await exportArticles([kept, changed, third, theirs, other], { includeUnverified: true });
    const parsed = parseBundle(new Uint8Array(await result.blob.arrayBuffer()));
    const signerOf = (id: string) => parsed.manifests[parsed.articles.find((a) => a.id === id)!.manifest];
    // "kept" (listed the same by editions 1 to 3) travels with edition 3's; "changed" with edition 1's, the one that
    // signs its bytes; "theirs" with its own stranger's manifest, never the other stranger's newer one listing it too.
    expect(signerOf('kept')).toEqual(e3.signed);
    expect(signerOf('changed')).toEqual(e1.signed);
    expect(signerOf('third')).toEqual(e3.signed);
    expect(signerOf('theirs')).toEqual(s1.signed);
    expect(signerOf('other')).toEqual(s4.signed);
    expect(parsed.manifests).toHaveLength(4);
    const verified = await verifyBundle(parsed, { keys: [{ publicKey: publisher.publicKey }] }, { allowUnverified: true });
    expect(verified.articles.map((a) => [a.meta.id, a.edition, a.trust]).sort()).toEqual([
      ['changed', 1, 'verified'],
      ['kept', 3, 'verified'],
      ['other', 4, 'unverified'],
      ['theirs', 1, 'unverified'],
      ['third', 3, 'verified'],
    ]);
  });

  it('makes no file a phone would refuse as over its limits, and says why in Persian and English', async () => {
    const keys = await generateKeyPair();
    const rows: ArticleRecord[] = [];
    // 257 editions that each list only their own article (the publisher took the others off its list): 257 manifests.
    for (let e = 1; e <= 257; e++) {
      const { signed, metas, bodies } = await signEdition(keys, e, [[`a${e}`, `<p>Article ${e}</p>`]]);
      stored.editions.push({ publisherId: 'open-shelf', edition: e, signed, trust: 'verified' });
      rows.push(rowOf(metas[0]!, e));
      stored.articles.set(`open-shelf/a${e}`, { row: rowOf(metas[0]!, e), bytes: bodies.get(`a${e}`)! });
    }
    const { exportArticles, exportLimitNote } = await import('./exporter');
    let failure: unknown;
    await exportArticles(rows).catch((e: unknown) => (failure = e));
    expect(failure).toMatchObject({ code: 'limits', params: { what: 'export', limit: 'manifests', count: 257, max: 256 } });
    expect(exportLimitNote('en', failure)).toBe(
      'These articles come from 257 separately signed editions, and a reader file can carry at most 256: no phone could import it, so it was not made. Choose fewer articles and share them in more than one file.',
    );
    expect(exportLimitNote('fa', failure)).toContain('۲۵۷');
    expect(exportLimitNote('fa', failure)).toContain('۲۵۶');
    // With 256, the file is made and imports.
    const made = await exportArticles(rows.slice(1));
    expect(
      await verifyBundle(parseBundle(new Uint8Array(await made.blob.arrayBuffer())), { keys: [{ publicKey: keys.publicKey }] }),
    ).toBeDefined();
  });

  it('says each limit, and nothing for other failures', async () => {
    const { exportLimitNote } = await import('./exporter');
    const { BundleError } = await import('../core/errors');
    const over = (limit: string, count: number, max: number) => new BundleError('limits', 'x', { what: 'export', limit, count, max });
    expect(exportLimitNote('en', over('bytes', 300 * 1024 * 1024, 192 * 1024 * 1024))).toMatch(/^This file would be larger than 201.3 MB/);
    expect(exportLimitNote('fa', over('bytes', 300 * 1024 * 1024, 192 * 1024 * 1024))).toMatch(/^این فایل بزرگ‌تر از ۲۰۱٫۳ مگابایت/);
    expect(exportLimitNote('en', over('articles', 20_001, 20_000))).toMatch(/^This file would hold 20001 articles, .* at most 20000:/);
    expect(exportLimitNote('en', over('pictures', 50_001, 50_000))).toMatch(/^This file would hold 50001 pictures/);
    // A file refused on import ('limits' without what: 'export'), an unknown limit, or anything else: not this sentence.
    expect(exportLimitNote('en', new BundleError('limits', 'x', { what: 'manifests', max: 256 }))).toBeUndefined();
    expect(exportLimitNote('en', over('valueOf', 1, 0))).toBeUndefined();
    expect(exportLimitNote('en', new Error('x'))).toBeUndefined();
  });
});

describe('exportArticles: the type a picture travels with', () => {
  it('is the one the travelling manifest lists, not a wrong one stored from a stranger’s file', async () => {
    const ed = await makeEdition({ edition: 5 });
    const meta = ed.manifest.articles.find((a) => a.media.length)!;
    stored.editions.push({ publisherId: 'open-shelf', edition: 5, signed: ed.signed, trust: 'verified' });
    stored.articles.set(`open-shelf/${meta.id}`, { row: rowOf(meta, 5), bytes: ed.articles.find((a) => a.id === meta.id)!.bytes });
    // An older version stored the genuine PNG as "image/gif", listed so by a stranger's file imported anyway.
    const png = ed.media[0]!;
    stored.media.set(png.sha256, { type: 'image/gif', blob: new Blob([png.bytes as BlobPart]) });
    const { exportArticles } = await import('./exporter');
    const bytes = new Uint8Array(await (await exportArticles([rowOf(meta, 5)])).blob.arrayBuffer());
    // Written as stored, every phone refused the whole file: "An image in this file was changed after it was signed".
    const verified = await verifyBundle(parseBundle(bytes), { keys: [{ publicKey: ed.keys.publicKey }] });
    expect(verified.media.map((m) => [m.sha256, m.type])).toEqual([[png.sha256, 'image/png']]);
  });
});
