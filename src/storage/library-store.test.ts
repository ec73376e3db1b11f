/** Reading the library's rows (library-store.ts) when a stored shelf is damaged, on fake-indexeddb. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

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

describe('getAllArticles / getArticlesAfter with a damaged shelf', () => {
  it('lists the sound rows and leaves out what is not a row, saying what it left out', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { getDb } = await import('./db');
    const { getAllArticles, getArticlesAfter } = await import('./library-store');
    const db = await getDb();
    const row = { publisherId: 'p', id: 'good', meta: meta('good'), edition: 1, trust: 'verified', source: 'built-in', addedAt: 1 };
    await db.put('shelves', { rows: [row], keys: [['p', 'good']], texts: [] } as never, 1);
    // A shelf whose rows did not survive, and one with a row that lost its metadata. (One damaged record, from the
    // browser or another build of the app, failed the whole list every view renders from.)
    await db.put('shelves', { keys: [['p', 'lost']], texts: [] } as never, 2);
    await db.put('shelves', { rows: [{ publisherId: 'p', id: 'bare' }], keys: [['p', 'bare']], texts: [] } as never, 3);
    const all = await getAllArticles();
    expect(all.every((r) => r && typeof r.meta?.title === 'string')).toBe(true);
    const { rows, last } = await getArticlesAfter();
    expect(rows.map((r) => r?.id)).toEqual(['good']);
    expect(last).toBe(3);
    expect(warn).toHaveBeenCalledWith('The library left out damaged records: shelf 2 (no rows); 1 of the 1 rows on shelf 3.');
  });
});
