// @vitest-environment node
// (node, with jsdom set up below: in vitest's jsdom environment the build-only `virtual:site-config` that ArticleList
// imports cannot be resolved, even mocked.)
/** The rendered result list: a title match is marked inside the title's link. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { builtinEnvironments } from 'vitest/environments';
import { addDocuments, createSearchIndex, searchHits } from '../core/search';
import type { ArticleRecord } from '../storage/db';
import type { LibraryState } from './use-library';

// The component's module reads the site's configuration, which only a build provides.
vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p' } } }));

await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });
const { SearchResults } = await import('./SearchResults');
const { SearchSession } = await import('./use-search');

const root = document.createElement('div');
document.body.append(root);
afterEach(() => act(() => render(null, root)));

describe('SearchResults', () => {
  /** The list for a search of `query` in an index holding the article under `indexed`, the library holding it as `title`. */
  function showResults(query: string, indexed: string, title: string): void {
    const index = createSearchIndex();
    addDocuments(index, [{ key: 'p/a', title: indexed, summary: '', tags: [], body: 'متن خبر', lang: 'fa' }]);
    const session = new SearchSession();
    (session as unknown as { set(s: unknown): void }).set({ query, hits: searchHits(index, query), total: 1, pending: false, shown: true });
    const meta = { id: 'a', version: 1, title, date: '2025-01-01', lang: 'fa', dir: 'rtl', tags: [], size: 1, sha256: '', media: [] };
    const article = { publisherId: 'p', id: 'a', meta, edition: 1, trust: 'verified', source: 'built-in', addedAt: 0 };
    const library = { articles: [article as unknown as ArticleRecord] } as unknown as LibraryState;
    act(() => render(h(SearchResults, { session, library }), root));
  }

  it('shows the title the article has now when the index still holds an older one (no stale or empty link)', () => {
    showResults('تهران', 'خبر فوری از تهران', 'خبر تازه از تهران');
    expect(root.querySelector('.card__title a')!.textContent).toBe('خبر تازه از تهران');
    showResults('متن', '', 'خبر تازه از تهران');
    expect(root.querySelector('.card__title a')!.textContent).toBe('خبر تازه از تهران');
  });

  it('marks the query in a result’s title, inside its link, in the article’s language and direction', () => {
    const title = 'خبر فوری از تهران';
    showResults('تهران', title, title);
    const link = root.querySelector('.card__title a')!;
    expect(link.textContent).toBe(title);
    expect([...link.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['تهران']);
    const card = link.closest('li')!;
    expect([card.lang, card.dir]).toEqual(['fa', 'rtl']);
  });
});
