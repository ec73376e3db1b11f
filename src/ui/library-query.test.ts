import { afterEach, describe, expect, it, vi } from 'vitest';
import { byNewest, chooseArticles, findSection, lastUnfinished, mergeRows, sectionsOf } from './library-query';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

// The reading store over an in-memory database: updateReading stamps `updatedAt` as in the app.
const rows = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../storage/db', () => ({
  getDb: async () => ({
    getAll: async () => [...rows.values()],
    transaction: () => ({
      store: {
        get: async ([p, id]: [string, string]) => rows.get(`${p}/${id}`),
        put: async (r: { publisherId: string; id: string }) => void rows.set(`${r.publisherId}/${r.id}`, r),
      },
      done: Promise.resolve(),
    }),
  }),
}));

afterEach(() => vi.useRealTimers());

const row = (id: string, date: string, tags: string[] = [], title = id): ArticleRecord =>
  ({ publisherId: 'p', id, trust: 'verified', meta: { id, title, date, lang: 'en', dir: 'ltr', tags } }) as unknown as ArticleRecord;
const ids = (xs: ArticleRecord[]) => xs.map((x) => x.id);
const newestFirst = [row('c', '2025-03-01', ['news', 'امنیت']), row('b', '2025-02-01', ['امنیت']), row('a', '2025-01-01', [])];
const state = (id: string, s: Partial<ReadingRecord>): [string, ReadingRecord] => [`p/${id}`, { publisherId: 'p', id, updatedAt: 0, ...s }];

describe('library choices', () => {
  it('counts each tag once per article, most used first', () => {
    expect(sectionsOf(newestFirst)).toEqual([
      { tag: 'امنیت', count: 2 },
      { tag: 'news', count: 1 },
    ]);
    expect(
      sectionsOf([row('d', '2025-04-01', ['news', 'news', 'امنیت', 'news']), ...newestFirst]),
      'a tag listed twice counts once',
    ).toEqual([
      { tag: 'امنیت', count: 3 },
      { tag: 'news', count: 2 },
    ]);
  });
  it('filters by section and reading state, and sorts newest or oldest first', () => {
    const reading = new Map([state('c', { read: true }), state('a', { bookmarked: true })]);
    const ids = (xs: ArticleRecord[]) => xs.map((x) => x.id);
    expect(ids(chooseArticles(newestFirst, reading, { filter: 'all' }))).toEqual(['c', 'b', 'a']);
    expect(ids(chooseArticles(newestFirst, reading, { filter: 'all', sort: 'oldest' }))).toEqual(['a', 'b', 'c']);
    expect(ids(chooseArticles(newestFirst, reading, { filter: 'all', section: 'امنیت' }))).toEqual(['c', 'b']);
    expect(ids(chooseArticles(newestFirst, reading, { filter: 'unread', section: 'امنیت' }))).toEqual(['b']);
    expect(ids(chooseArticles(newestFirst, reading, { filter: 'bookmarks' }))).toEqual(['a']);
    expect(ids(newestFirst), 'the library list itself is left as it was').toEqual(['c', 'b', 'a']);
  });
  it('continues the article moved most recently that was left part-way, never one finished or barely opened', () => {
    const reading = new Map([
      state('c', { position: 0.5, updatedAt: 10 }),
      state('b', { position: 0.3, updatedAt: 20 }),
      state('a', { position: 1, updatedAt: 30 }),
    ]);
    expect(lastUnfinished(newestFirst, reading)).toEqual({ article: newestFirst[1], position: 0.3 });
    expect(lastUnfinished(newestFirst, new Map([state('a', { position: 0.001, updatedAt: 5 })]))).toBeUndefined();
  });
});

describe('merging rows stored since the last read', () => {
  it('puts each new row in its place, newest first, and a new copy of a row in the old one’s place', () => {
    const ids = (xs: ArticleRecord[]) => xs.map((x) => `${x.id}@${x.meta.date}`);
    const added = [row('e', '2025-01-15', []), row('d', '2025-04-01', []), row('b', '2025-02-20', ['new'])];
    const merged = mergeRows(newestFirst, added);
    expect(ids(merged)).toEqual(['d@2025-04-01', 'c@2025-03-01', 'b@2025-02-20', 'e@2025-01-15', 'a@2025-01-01']);
    // The same order a full sort of everything would give.
    expect(ids([...merged].sort(byNewest))).toEqual(ids(merged));
    expect(mergeRows(newestFirst, []), 'nothing new: the same list').toBe(newestFirst);
  });
});

describe('sections with Persian tag spellings', () => {
  // The same word typed on an Arabic keyboard layout (ي U+064A, ك U+0643) and on a Persian one (ی U+06CC, ک U+06A9),
  // or with and without the zero-width non-joiner (U+200C) between its parts: one section to a Persian reader.
  const library = [
    row('a', '2025-03-04', ['امنیت']),
    row('b', '2025-03-03', ['امنيت']),
    row('c', '2025-03-02', ['کتاب']),
    row('d', '2025-03-01', ['كتاب']),
    row('e', '2025-02-28', ['گزارش\u200cها']),
    row('f', '2025-02-27', ['گزارشها']),
  ];

  it('counts امنیت/امنيت, کتاب/كتاب and گزارش‌ها/گزارشها as one section each, not two', () => {
    // Before the fix: six sections of one article each.
    expect(sectionsOf(library).map((s) => s.count)).toEqual([2, 2, 2]);
  });

  it('names a section by its most common spelling, and counts once an article that writes it two ways', () => {
    const more = [
      row('g', '2025-02-26', ['امنيت']),
      row('h', '2025-02-25', ['امنیت', 'امنيت']),
      row('i', '2025-02-24', ['امنيت']),
      ...library,
    ];
    expect(sectionsOf(more)[0]).toEqual({ tag: 'امنيت', count: 5 });
  });

  it('shows every article of a section whichever of its spellings a link or the list names', () => {
    // Before the fix: the section امنیت (Persian yeh) left out the article tagged امنيت (Arabic yeh).
    expect(ids(chooseArticles(library, new Map(), { filter: 'all', section: 'امنیت' }))).toEqual(['a', 'b']);
    expect(ids(chooseArticles(library, new Map(), { filter: 'all', section: 'كتاب' }))).toEqual(['c', 'd']);
    expect(ids(chooseArticles(library, new Map(), { filter: 'all', section: 'گزارشها' }))).toEqual(['e', 'f']);
  });

  it('folds the rest a keyboard or a publisher varies (core/fold.ts): hamza seats, digits, accents', () => {
    const tagged = (tags: string[]) => tags.map((t, k) => row(String(k), '2025-03-04', [t]));
    expect(sectionsOf(tagged(['أخبار', 'اخبار', '۱۴۰۴', '1404', 'Café', 'cafe'])).map((s) => s.count)).toEqual([2, 2, 2]);
    // Letters that are not the same word stay apart: a Hindi vowel sign is part of the word (कल, कला).
    expect(sectionsOf(tagged(['कल', 'कला']))).toHaveLength(2);
  });

  it('finds the section a link names in another spelling, so the list shows it as chosen', () => {
    const sections = sectionsOf(library);
    expect(findSection(sections, 'امنيت')).toBe(sections.find((s) => s.tag === 'امنیت'));
    expect(findSection(sections, 'news')).toBeUndefined();
  });
});

describe('the order of the list', () => {
  it('puts a date with a zone offset where its moment is (a signed manifest may carry one: 2026-03-21T01:00:00+03:30)', () => {
    // 01:00 in Tehran on 21 March is 21:30 UTC on 20 March: earlier than 22:00 UTC on 20 March.
    const tehran = row('tehran', '2026-03-21T01:00:00+03:30');
    const utc = row('utc', '2026-03-20T22:00:00Z');
    // Before the fix the dates were compared as strings: "2026-03-21…" sorted as the newer.
    expect(ids([tehran, utc].sort(byNewest))).toEqual(['utc', 'tehran']);
    expect(ids(mergeRows([utc], [tehran]))).toEqual(['utc', 'tehran']);
  });

  it('lists an unverified article dated in the future no higher than when it came to the device', () => {
    const added = Date.parse('2026-03-10T00:00:00Z');
    const pinned = { ...row('pinned', '9999-12-31'), trust: 'unverified', addedAt: added } as ArticleRecord;
    const early = { ...row('early', '2020-01-01'), trust: 'unverified', addedAt: added } as ArticleRecord;
    const [newer, older] = [row('newer', '2026-03-11'), row('older', '2026-03-09')];
    expect(ids([pinned, older, early, newer].sort(byNewest))).toEqual(['newer', 'pinned', 'older', 'early']);
    // A verified article keeps its signed date, however far ahead.
    expect(ids([newer, row('signed', '9999-12-31')].sort(byNewest))).toEqual(['signed', 'newer']);
  });

  it('reads each date once while sorting 10,000 rows, which compare many times each', () => {
    const start = Date.parse('2019-01-01T00:00:00Z');
    const library = Array.from({ length: 10_000 }, (_, k) =>
      row(`r${k}`, new Date(start + ((k * 7919) % 10_000) * 3600_000).toISOString()),
    );
    const parse = vi.spyOn(Date, 'parse');
    const sorted = [...library].sort(byNewest);
    expect(parse.mock.calls.length).toBeLessThanOrEqual(10_000);
    parse.mockRestore();
    expect(sorted[0]?.meta.date).toBe(new Date(start + 9_999 * 3600_000).toISOString());
  });

  it('orders a file made of some articles as the library lists them, bad dates too', async () => {
    // Not dates: text, and a day that does not exist (which Date.parse takes for 3 March); and one before 1970.
    const library = [row('a', '1960-01-01'), row('b', 'not a date'), row('c', '2026-03-01'), row('d', '2026-02-31')];
    const listed = ids([...library].sort(byNewest));
    expect(listed).toEqual(['c', 'a', 'b', 'd']);
    const { writeReaderFile } = await import('../core/reader-file');
    const chunks = await writeReaderFile({
      site: { name: 'S', lang: 'en', dir: 'ltr', description: '' },
      manifests: [],
      // Given in the list's order, as the app gives them: articles of one moment stay as they are.
      articles: [...library].sort(byNewest).map((r) => ({ manifest: 0, meta: r.meta, bytes: new Uint8Array() })),
      media: [],
      template: { css: '', js: '' },
    });
    const html = chunks.filter((c) => typeof c === 'string').join('');
    // Before the fix the file put 'd' first (3 March) and 'b' (time 0) above 'a' (1960), and the library 'd' first.
    expect([...html.matchAll(/<article id="a-(\w+)"/g)].map((m) => m[1])).toEqual(listed);
  });

  it('keeps articles of the same day in the same order under “Oldest first” as under “Newest first”', () => {
    // Three articles published the same day: newest first lists them by title (byNewest's tie-break).
    const newest = [
      row('x', '2025-03-02'),
      row('a', '2025-03-01', [], 'Alpha'),
      row('b', '2025-03-01', [], 'Beta'),
      row('c', '2025-03-01', [], 'Gamma'),
    ];
    expect(ids([...newest].sort(byNewest))).toEqual(['x', 'a', 'b', 'c']);
    // Reversing the list turned the ties round too (Gamma, Beta, Alpha). Before the fix: ['c', 'b', 'a', 'x'].
    expect(ids(chooseArticles(newest, new Map(), { filter: 'all', sort: 'oldest' }))).toEqual(['a', 'b', 'c', 'x']);
  });
});

describe('“Continue reading” after the phone’s clock was set right', () => {
  it('offers the article read last, not one read earlier while the clock was years ahead', async () => {
    const { updateReading, getAllReading } = await import('../storage/reading-store');
    const library = [row('new', '2026-03-02'), row('old', '2026-03-01')];
    // Read half of "old" while the clock said 2031 …
    vi.useFakeTimers({ now: Date.parse('2031-03-01T10:00:00Z'), toFake: ['Date'] });
    await updateReading('p', 'old', { position: 0.5 });
    // … then the network set the clock right, and the reader is half-way through "new".
    vi.setSystemTime(Date.parse('2026-03-03T10:00:00Z'));
    await updateReading('p', 'new', { position: 0.4 });
    const reading = new Map((await getAllReading()).map((r) => [`${r.publisherId}/${r.id}`, r]));
    // Before the fix "old" won until 2031: its `updatedAt` (the wall clock) was larger.
    expect(lastUnfinished(library, reading)?.article.id).toBe('new');
  });
});
