/** The library's rows (library-store.ts) when a stored shelf is damaged, read and written, on fake-indexeddb. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibraryArticle } from '../core/types';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
});
afterEach(() => vi.restoreAllMocks());

const meta = (id: string) => ({
  id,
  version: 1,
  title: id,
  date: '2024-01-01',
  lang: 'fa',
  dir: 'rtl',
  tags: [],
  size: 3,
  sha256: `s-${id}`,
  media: [],
});

/**
 * A library of three shelves: 1 sound, 2 whose rows did not survive, 3 with a row that lost its metadata. (One damaged
 * record, from the browser or another build of the app, failed the whole list every view renders from.)
 */
async function damagedLibrary() {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { getDb } = await import('./db');
  const store = await import('./library-store');
  const db = await getDb();
  const row = {
    publisherId: 'p',
    id: 'good',
    meta: { ...meta('good'), media: ['m1'] },
    edition: 1,
    trust: 'verified',
    source: 'built-in',
    addedAt: 1,
  };
  await db.put('shelves', { rows: [row], keys: [['p', 'good']], texts: [] } as never, 1);
  await db.put('bodies', { body: '<p>good</p>' }, ['p', 'good']);
  await db.put('media', { sha256: 'm1', type: 'image/png', bytes: new Uint8Array([1]) });
  await db.put('shelves', { keys: [['p', 'lost']], texts: [] } as never, 2);
  await db.put('shelves', { rows: [{ publisherId: 'p', id: 'bare' }], keys: [['p', 'bare']], texts: [] } as never, 3);
  return { warn, store };
}

/** One import's write of these articles, as the import worker makes it. */
const importOf = (ids: string[]) => ({
  articles: ids.map((id): LibraryArticle => ({
    publisherId: 'p',
    meta: meta(id),
    body: new TextEncoder().encode(`<p>${id}</p>`),
    edition: 2,
    trust: 'verified',
  })),
  source: 'import' as const,
  media: [],
  editions: [],
  remove: [],
  tombstones: [],
  announcedKeys: [],
});

describe('reading the library with a damaged shelf', () => {
  it('lists the sound rows and leaves out what is not a row, saying what it left out once per page', async () => {
    const { warn, store } = await damagedLibrary();
    const all = await store.getAllArticles();
    expect(all.map((r) => r.id)).toEqual(['good']);
    const { rows, last } = await store.getArticlesAfter();
    expect(rows.map((r) => r?.id)).toEqual(['good']);
    expect(last).toBe(3);
    expect(warn.mock.calls).toEqual([
      ['The library leaves out a damaged record: shelf 2 has no rows.'],
      ['The library leaves out a damaged record: 1 of the 1 rows on shelf 3.'],
    ]);
    // The list is read again every few seconds while a sync stores packs: the console is not filled with the same lines.
    await store.getArticlesAfter();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('opens and exports the sound articles; a damaged one reads as absent', async () => {
    const { store } = await damagedLibrary();
    expect(await store.getBody('p', 'lost')).toBeUndefined();
    expect(await store.getBody('p', 'bare')).toBeUndefined();
    expect(
      await store.getBodies([
        ['p', 'good'],
        ['p', 'lost'],
        ['p', 'bare'],
      ]),
    ).toEqual(['<p>good</p>', undefined, undefined]);
  });
});

describe('writing onto a damaged shelf', () => {
  it('replaces the damaged rows: an import of those articles lands, and the sound ones stay', async () => {
    const { store } = await damagedLibrary();
    // The import's plan saw them as missing (the list leaves them out); its write must not fail on their shelf, or the
    // sync retries forever and every import of these articles fails.
    const seen: string[] = [];
    await store.updateLibrary(
      [
        ['p', 'lost'],
        ['p', 'bare'],
      ],
      [],
      (state) => {
        seen.push(...state.rows.map((r) => r.id));
        return importOf(['lost', 'bare']);
      },
    );
    expect(seen).toEqual([]);
    expect((await store.getAllArticles()).map((r) => r.id).sort()).toEqual(['bare', 'good', 'lost']);
    expect(
      await store.getBodies([
        ['p', 'lost'],
        ['p', 'bare'],
        ['p', 'good'],
      ]),
    ).toEqual(['<p>lost</p>', '<p>bare</p>', '<p>good</p>']);
  });

  it('also when the import is large for the library (every shelf is read)', async () => {
    const { store } = await damagedLibrary();
    await store.updateLibrary(
      [
        ['p', 'lost'],
        ['p', 'bare'],
        ['p', 'new1'],
        ['p', 'new2'],
      ],
      [],
      () => importOf(['lost', 'bare', 'new1', 'new2']),
    );
    expect((await store.getAllArticles()).map((r) => r.id).sort()).toEqual(['bare', 'good', 'lost', 'new1', 'new2']);
  });

  it('withdraws an article beside a damaged shelf (the images no row uses are looked for on every shelf)', async () => {
    const { store } = await damagedLibrary();
    await store.updateLibrary([['p', 'good']], [], () => ({ ...importOf([]), source: 'built-in', remove: [['p', 'good']] }));
    expect(await store.getAllArticles()).toEqual([]);
    expect(await store.getStoredMediaHashes(['m1'])).toEqual(new Set());
  });
});
