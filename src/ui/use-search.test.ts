// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { SearchHit, SearchPage } from '../platform/search-client';
import type { ArticleRecord } from '../storage/db';

// The worker side, replaced: each query waits until the test answers it.
const asked: { q: string; offset: number; limit: number; answer: (page: SearchPage) => void; fail: () => void }[] = [];
vi.mock('../platform/deferred', () => ({
  searchLibrary: (q: string, offset: number, limit: number) =>
    new Promise<SearchPage>((resolve, reject) => asked.push({ q, offset, limit, answer: resolve, fail: () => reject(new Error('x')) })),
  ensureIndexed: (articles: unknown[]) => (indexWork.push(`ensure ${articles.length}`), Promise.resolve()),
  openSearchIndex: () => (indexWork.push('open'), Promise.resolve()),
  whenIndexed: (from?: unknown) => (waitedFrom.push(from), indexed.promise),
}));
// What the index was asked to do: open, or cover a list of this many articles.
const indexWork: string[] = [];
// The progress each partial answer waited with (the index's growth it waits for is search-index's to count).
const waitedFrom: unknown[] = [];
// What whenIndexed waits for: the test completes the index.
const completion = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
let indexed = completion();

const { LOADING_DELAY, SEARCH_PAGE, SearchSession, useSearchIndex, useSearchSession } = await import('./use-search');

const hit = (key: string): SearchHit => ({
  key,
  score: 1,
  field: 'title',
  title: { text: key, highlights: [] },
  snippet: { text: '', highlights: [] },
  lang: 'en',
});
const hits = (from: number, n: number) => Array.from({ length: n }, (_, i) => hit(`k${from + i}`));
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('SearchSession', () => {
  beforeEach(() => {
    asked.length = 0;
    waitedFrom.length = 0;
    indexed = completion();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for the first page at once and shows it with the total', async () => {
    const session = new SearchSession();
    session.setQuery('  book ');
    await settle();
    expect(asked.map((a) => [a.q, a.offset, a.limit])).toEqual([['book', 0, SEARCH_PAGE]]);
    expect(session.state).toMatchObject({ pending: true, shown: false });
    asked[0]!.answer({ hits: hits(0, 20), total: 45 });
    await settle();
    expect(session.state).toMatchObject({ query: 'book', total: 45, pending: false, shown: true });
    expect(session.state.hits).toHaveLength(20);
  });

  it('pages through every match with showMore, and stops at the total', async () => {
    const session = new SearchSession();
    session.setQuery('book');
    await settle();
    asked[0]!.answer({ hits: hits(0, 20), total: 45 });
    await settle();
    session.showMore();
    session.showMore(); // ignored while the first is pending
    await settle();
    expect(asked.slice(1).map((a) => [a.q, a.offset])).toEqual([['book', 20]]);
    asked[1]!.answer({ hits: hits(20, 20), total: 45 });
    await settle();
    session.showMore();
    await settle();
    asked[2]!.answer({ hits: hits(40, 5), total: 45 });
    await settle();
    expect(session.state.hits.map((h) => h.key)).toEqual(hits(0, 45).map((h) => h.key));
    session.showMore();
    await settle();
    expect(asked).toHaveLength(3);
  });

  it('drops an answer to an older query', async () => {
    const session = new SearchSession();
    session.setQuery('b');
    session.setQuery('bo');
    await settle();
    asked[1]!.answer({ hits: hits(0, 2), total: 2 });
    asked[0]!.answer({ hits: hits(0, 20), total: 900 });
    await settle();
    expect(session.state).toMatchObject({ query: 'bo', total: 2 });
  });

  it('goes back to the list when the box is emptied, whatever answers later', async () => {
    const session = new SearchSession();
    const seen: boolean[] = [];
    session.subscribe(() => seen.push(session.state.shown));
    session.setQuery('book');
    await settle();
    session.setQuery('');
    asked[0]!.answer({ hits: hits(0, 1), total: 1 });
    await settle();
    expect(session.state).toMatchObject({ query: '', hits: [], total: 0, shown: false });
    expect(seen.every((s) => !s)).toBe(true);
  });

  it('shows "Loading" (results in place of the list) only when an answer takes long', async () => {
    vi.useFakeTimers();
    const session = new SearchSession();
    session.setQuery('book');
    await vi.advanceTimersByTimeAsync(LOADING_DELAY - 1);
    expect(session.state).toMatchObject({ pending: true, shown: false });
    await vi.advanceTimersByTimeAsync(1);
    expect(session.state).toMatchObject({ pending: true, shown: true, hits: [] });
  });

  it('shows no results, not an error, when the search fails', async () => {
    const session = new SearchSession();
    session.setQuery('book');
    await settle();
    asked[0]!.fail();
    await settle();
    expect(session.state).toMatchObject({ query: 'book', hits: [], total: 0, pending: false, shown: true });
  });

  it('shows results from an index still being built with how much it held, and asks again, for as many, as it grows', async () => {
    const session = new SearchSession();
    session.setQuery('book');
    await settle();
    asked[0]!.answer({ hits: hits(0, 20), total: 30, indexing: { indexed: 3400, of: 10000 } });
    await settle();
    session.showMore();
    await settle();
    asked[1]!.answer({ hits: hits(20, 10), total: 30, indexing: { indexed: 3600, of: 10000 } });
    await settle();
    expect(session.state).toMatchObject({ query: 'book', total: 30, indexing: { indexed: 3600, of: 10000 }, pending: false });
    expect(asked).toHaveLength(2);
    expect(waitedFrom).toEqual([
      { indexed: 3400, of: 10000 },
      { indexed: 3600, of: 10000 },
    ]);
    indexed.resolve();
    await settle();
    // One new query (the first answer's wait was overtaken by "show more"), for every result shown, from the top.
    expect(asked.slice(2).map((a) => [a.q, a.offset, a.limit])).toEqual([['book', 0, 30]]);
    asked[2]!.answer({ hits: hits(100, 30), total: 52 });
    await settle();
    expect(session.state).toMatchObject({ query: 'book', total: 52, pending: false });
    expect(session.state.indexing).toBeUndefined();
    expect(session.state.hits[0]!.key).toBe('k100');
  });

  it('does not ask again for a query the reader has moved on from', async () => {
    const session = new SearchSession();
    session.setQuery('book');
    await settle();
    asked[0]!.answer({ hits: hits(0, 2), total: 2, indexing: { indexed: 10, of: 100 } });
    await settle();
    session.setQuery('boo');
    await settle();
    indexed.resolve();
    await settle();
    expect(asked.map((a) => a.q)).toEqual(['book', 'boo']);
  });
});

describe('the search index, from the app', () => {
  it('is left alone by the session App keeps on every route, and opened and kept in step by the library view', async () => {
    indexWork.length = 0;
    const root = document.createElement('div');
    const articles = [{ id: 'a' }, { id: 'b' }] as unknown as ArticleRecord[];
    const App = ({ library }: { library: boolean }) => {
      useSearchSession();
      return library ? h(LibraryView, null) : null;
    };
    const LibraryView = () => (useSearchIndex(articles), null);
    // An article opened first (a shared link): no search module, no index, no worker.
    await act(() => render(h(App, { library: false }), root));
    await settle();
    expect(indexWork).toEqual([]);
    // Back to the library: the index opens and covers the list.
    await act(() => render(h(App, { library: true }), root));
    await settle();
    expect(indexWork.sort()).toEqual(['ensure 2', 'open']);
    await act(() => render(null, root));
  });
});
