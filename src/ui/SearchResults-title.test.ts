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
  it('marks the query in a result’s title, inside its link, in the article’s language and direction', () => {
    const title = 'خبر فوری از تهران';
    const index = createSearchIndex();
    addDocuments(index, [{ key: 'p/a', title, summary: '', tags: [], body: 'متن خبر', lang: 'fa' }]);
    const hits = searchHits(index, 'تهران');
    const session = new SearchSession();
    (session as unknown as { set(s: unknown): void }).set({ query: 'تهران', hits, total: 1, pending: false, shown: true });
    const article = {
      publisherId: 'p',
      id: 'a',
      meta: { id: 'a', version: 1, title, date: '2025-01-01', lang: 'fa', dir: 'rtl', tags: [], size: 1, sha256: '', media: [] },
      edition: 1,
      trust: 'verified',
      source: 'built-in',
      addedAt: 0,
    } as unknown as ArticleRecord;
    const library = { articles: [article] } as unknown as LibraryState;
    act(() => render(h(SearchResults, { session, library }), root));
    const link = root.querySelector('.card__title a')!;
    expect(link.textContent).toBe(title);
    expect([...link.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['تهران']);
    const card = link.closest('li')!;
    expect([card.lang, card.dir]).toEqual(['fa', 'rtl']);
  });
});
