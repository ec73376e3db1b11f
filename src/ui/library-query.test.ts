import { describe, expect, it } from 'vitest';
import { byNewest, chooseArticles, lastUnfinished, mergeRows, sectionsOf } from './library-query';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

const row = (id: string, date: string, tags: string[]): ArticleRecord =>
  ({ publisherId: 'p', id, trust: 'verified', meta: { id, title: id, date, lang: 'en', dir: 'ltr', tags } }) as unknown as ArticleRecord;
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
