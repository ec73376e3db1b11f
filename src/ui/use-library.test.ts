// @vitest-environment jsdom
/** The library as the interface holds it (use-library.ts): once the library is erased, nothing of it stays in the page. */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { ArticleRecord } from '../storage/db';
import type { LibraryState } from './use-library';

const row = {
  publisherId: 'p',
  id: 'a',
  edition: 1,
  trust: 'verified',
  source: 'built-in',
  addedAt: 0,
  meta: {
    id: 'a',
    version: 1,
    title: 'A',
    date: '2025-01-01',
    lang: 'en',
    dir: 'ltr',
    tags: [],
    size: 1,
    sha256: '0'.repeat(64),
    media: [],
  },
} as unknown as ArticleRecord;
vi.mock('../storage/library-store', () => ({ getArticlesAfter: async () => ({ rows: [row], last: 1 }) }));
vi.mock('../storage/reading-store', () => ({
  getAllReading: async () => [{ publisherId: 'p', id: 'a', position: 0.5, updatedAt: 1 }],
}));

describe('useLibrary', () => {
  it('empties the list and the reading state when the library is erased', async () => {
    const { useLibrary } = await import('./use-library');
    let state: LibraryState | undefined;
    const Probe = () => {
      state = useLibrary();
      return null;
    };
    const root = document.createElement('div');
    act(() => render(h(Probe, null), root));
    await vi.waitFor(() => expect(state?.articles).toHaveLength(1));
    expect(state?.reading.size).toBe(1);
    const { deleteDatabase } = await import('../storage/db');
    await act(async () => void (await deleteDatabase()));
    // A phone taken from its reader right after "Erase everything" shows no title, no "Continue reading".
    expect(state?.articles).toEqual([]);
    expect(state?.reading.size).toBe(0);
    act(() => render(null, root));
  });
});
