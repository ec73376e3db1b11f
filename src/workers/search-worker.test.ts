// The search worker's index after a save: a built index takes several times the memory of its packed copy, and was kept
// for the whole session. Once saved, search goes on from the packed copy, which must answer as the built index did, and
// take later additions and removals as a stored index does.
import { describe, expect, it, vi } from 'vitest';
import { playWorkerScope } from '../core/testing/worker-scope';
import type { SearchIndex, SearchPage, SearchSource } from '../core/search';

const bodies = new Map<string, string>();
const saved: unknown[] = [];
vi.mock('../storage/library-store', () => ({
  getBodies: async (keys: [string, string][]) => keys.map(([p, id]) => bodies.get(`${p}/${id}`)),
}));
vi.mock('../storage/search-store', () => ({
  loadSearchIndex: async () => undefined,
  saveSearchIndex: async (stored: { index: unknown }) => void saved.push(stored.index),
}));
/** Every index searched, and every index loadIndex made. */
const searched: SearchIndex[] = [];
const loaded: (SearchIndex | null)[] = [];
vi.mock('../core/search', async (original) => {
  const search = await original<typeof import('../core/search')>();
  return {
    ...search,
    loadIndex: (data: unknown) => {
      const made = search.loadIndex(data);
      loaded.push(made);
      return made;
    },
    searchPage: (index: SearchIndex, ...rest: [string, number, number]) => {
      searched.push(index);
      return search.searchPage(index, ...rest);
    },
  };
});

const { call } = playWorkerScope();
const { serveSearch } = await import('./search-worker');
serveSearch();

const FA = ['کتاب‌های تاریخ ایران', 'مدرسه و دانشگاه', 'نامه‌ای از تهران', 'بازار کتاب در زمستان', 'شعر و قصه برای کودکان'];
const EN = ['The library at night', 'Morning market prices', 'A letter from the river town', 'Winter reading list'];
const ZH = ['图书馆的历史', '中国的学校'];
function article(i: number): SearchSource & { body: string } {
  const lang = i % 3 === 0 ? 'en' : i % 7 === 0 ? 'zh' : 'fa';
  const titles = lang === 'en' ? EN : lang === 'zh' ? ZH : FA;
  const title = `${titles[i % titles.length]!} ${i}`;
  const body =
    lang === 'en'
      ? `<p>In ${1390 + i} the reader found ${i * 7} books about ${titles[(i + 1) % titles.length]}.</p><p>Readers read.</p>`
      : lang === 'zh'
        ? `<p>${titles[(i + 1) % titles.length]}和学校 ${i}年</p>`
        : `<p>در سال ۱۳${(i % 90) + 10} کتابخانه ${i * 3} کتاب تازه داشت؛ ${titles[(i + 2) % titles.length]} می‌خواند.</p>`;
  return {
    key: `p/${i}`,
    publisherId: 'p',
    id: String(i),
    version: `v${i}`,
    title,
    summary: `summary ${i % 5}`,
    tags: ['news'],
    lang,
    body,
  };
}
const articles = Array.from({ length: 60 }, (_, i) => article(i));
for (const a of articles) bodies.set(a.key, a.body);
const sources = (list: typeof articles): SearchSource[] => list.map(({ body: _b, ...a }) => a);

// Persian forms (ZWNJ, Arabic letters, Persian digits), prefixes, numbers, English, CJK, and words found in no article.
const QUERIES = [
  'کتاب',
  'کتابها',
  'كتاب',
  'کت',
  'ک',
  'مدرسه',
  'نامه‌ای',
  '۱۳۲۰',
  '1320',
  '13',
  'رود',
  'library',
  'lib',
  'read',
  'letter river',
  '学校',
  '图书',
  'nothing-here',
  'summary 3',
];
const query = (q: string, offset = 0, limit = 20) => call<SearchPage>('query', { q, offset, limit });
/**
 * Every result of every query, each list in a canonical order: score to 12 significant digits, then key. The packed copy
 * sums a result's score over its matched words in another order (its words are sorted, the built index keeps them as they
 * came), so scores can differ in their last bit and results of equal score can come in another order; nothing else may.
 */
const answers = async (): Promise<SearchPage[]> => {
  const out: SearchPage[] = [];
  for (const q of QUERIES) {
    const page = await query(q, 0, 1000);
    const hits = page.hits.map((h) => ({ ...h, score: Number(h.score.toPrecision(12)) }));
    out.push({ total: page.total, hits: hits.sort((x, y) => y.score - x.score || (x.key < y.key ? -1 : 1)) });
  }
  return out;
};

describe('the search worker after a save', () => {
  it('answers from the packed copy it saved, with the same results, and still takes additions and removals', async () => {
    await call('load', undefined);
    expect(await call('add', sources(articles))).toBe(60);
    const built = await answers();
    expect(built.filter((p) => p.total > 0).length).toBeGreaterThanOrEqual(QUERIES.length - 2);

    expect(await call('save', undefined)).toBe(60);
    const packed = loaded.at(-1);
    // Before: the built index stayed in use, and loadIndex was never called on what was saved.
    expect(packed, 'the saved copy was not opened').toBeTruthy();
    expect(saved).toHaveLength(1);
    expect(await answers()).toEqual(built);
    expect(searched.at(-1)).toBe(packed);

    // A changed article, a new one and a removed one, on the packed index.
    const changed = { ...articles[4]!, version: 'v4b', title: 'گزارش تازه ویژه', body: '<p>واژه‌ای یگانه: زرافه</p>' };
    const added = { ...article(60), title: 'Unique giraffe report', body: '<p>giraffe</p>' };
    bodies.set(changed.key, changed.body);
    bodies.set(added.key, added.body);
    expect(await call('add', sources([changed, added]))).toBe(61);
    expect(await call('remove', ['p/9'])).toBe(60);
    expect((await query('زرافه')).hits.map((h) => h.key)).toEqual(['p/4']);
    expect((await query('گزارش تازه')).hits.map((h) => h.key)).toEqual(['p/4']);
    expect((await query('giraffe')).hits.map((h) => h.key)).toEqual(['p/60']);
    expect((await query(String(9 * 7))).hits.map((h) => h.key)).not.toContain('p/9');
    expect((await query('library')).hits.map((h) => h.key)).not.toContain('p/9');

    // Saved again: the new copy is searched, and finds what the changed index found. (Not every score the same: an index
    // that took changes still counts the words of the versions replaced or removed, as MiniSearch does until it is
    // rebuilt; its packed copy, like the one read after a restart, does not.)
    expect(await call('save', undefined)).toBe(60);
    expect(loaded.at(-1)).not.toBe(packed);
    expect((await query('زرافه')).hits.map((h) => h.key)).toEqual(['p/4']);
    expect(searched.at(-1)).toBe(loaded.at(-1));
    expect((await query('giraffe')).hits.map((h) => h.key)).toEqual(['p/60']);
    expect((await query('library')).hits.map((h) => h.key)).not.toContain('p/9');
    expect((await query('کتاب')).total).toBeGreaterThan(0);
  });
});
