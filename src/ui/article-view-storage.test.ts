// @vitest-environment node
// (node, with the jsdom environment set up below: in vitest's jsdom environment the build-only `virtual:site-config`
// that ArticleView imports cannot be resolved, even mocked.)
/**
 * An article whose body cannot be had (ArticleView.tsx): removed in another tab while its row is still listed, or the
 * storage taken over by a newer version of the app. The reader is told so, never left with a blank or "Loading…" page,
 * and a bookmark that cannot be kept leaves no unhandled failure behind.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { builtinEnvironments } from 'vitest/environments';
import type { ArticleRecord, ReadingRecord } from '../storage/db';
import type { LibraryState } from './use-library';

vi.mock('virtual:site-config', () => ({
  default: { publisher: { id: 'p' }, name: 'Open Shelf', lang: 'en', dir: 'ltr', description: '' },
}));

/** What getBody and updateReading do in the test under way. */
const storage = vi.hoisted(() => ({
  body: async (): Promise<string | undefined> => '<p>Body</p>',
  reading: async (): Promise<ReadingRecord> => ({ publisherId: 'p', id: 'a', updatedAt: 1 }),
}));
vi.mock('../storage/library-store', () => ({ getBody: () => storage.body(), getMedia: async () => new Map() }));
vi.mock('../storage/reading-store', () => ({ updateReading: () => storage.reading() }));
vi.mock('../platform/render-article', () => ({
  renderArticleBody: async (html: string) => {
    const t = document.createElement('template');
    t.innerHTML = html;
    return { fragment: t.content, missing: new Map(), dispose() {} };
  },
}));

const row = {
  publisherId: 'p',
  publisherName: 'Open Shelf',
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

const env = await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });
afterAll(() => env.teardown(globalThis));
const { ArticleView } = await import('./ArticleView');
const { StorageUnavailableError } = await import('../storage/db');

// ReadingProgress observes the page's size (jsdom has no ResizeObserver); the article opens at its top.
vi.stubGlobal(
  'ResizeObserver',
  class {
    observe() {}
    disconnect() {}
  },
);
vi.stubGlobal('scrollTo', () => undefined);
afterAll(() => vi.unstubAllGlobals());

const root = document.createElement('div');
document.body.append(root);
afterEach(() => act(() => render(null, root)));

const library: LibraryState = {
  loaded: true,
  articles: [row],
  reading: new Map(),
  reload: async () => undefined,
  reloadNew: async () => undefined,
  setReading: () => undefined,
};

/** Lets the page's work (reads, renders, effects) run for a moment. */
const tick = () => act(() => new Promise((r) => setTimeout(r, 30)));

async function open(): Promise<void> {
  await act(() =>
    render(h(ArticleView, { route: { name: 'article', id: 'a' }, back: '#/', library, settings: {}, onTextSize: () => undefined }), root),
  );
  await tick();
  await tick();
}

describe('ArticleView, when the body cannot be had', () => {
  it('says the article is not in the library when its body is gone though its row is still listed (removed in another tab)', async () => {
    storage.body = async () => undefined;
    await open();
    expect(root.querySelector('.article-missing')?.textContent).toBe('This article is not in the library on this device.');
    // Not a blank article still marked "Verified".
    expect(root.querySelector('.trust')).toBeNull();
    expect(root.querySelector('.article__body')).toBeNull();
  });

  it('says a newer version took the storage over (reload), instead of "Loading…" for ever', async () => {
    storage.body = async () => Promise.reject(new StorageUnavailableError('VersionError', 'storage-outdated'));
    await open();
    expect(root.querySelector('.article-missing')?.textContent).toMatch(/Reload this page/);
    expect(root.querySelector('[aria-busy="true"]')).toBeNull();
  });

  it('leaves no unhandled rejection when the "read" mark or a bookmark cannot be kept', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      storage.body = async () => '<p>Body</p>';
      storage.reading = async () => Promise.reject(new StorageUnavailableError('VersionError', 'storage-outdated'));
      await open();
      const bookmark = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Bookmark')!;
      expect(bookmark).toBeTruthy();
      await act(async () => bookmark.click());
      await tick();
      await tick();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
