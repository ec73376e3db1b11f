// @vitest-environment jsdom
/**
 * The library as the interface holds it (use-library.ts): it follows what other tabs change, it says when a newer version
 * of the app took the storage over, and once the library is erased, nothing of it stays in the page.
 */
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
/** The rows the library holds (a test changes them, as another tab would). */
const stored = vi.hoisted(() => ({ rows: [] as unknown[], reads: [] as unknown[] }));
stored.rows = [row];
vi.mock('../storage/library-store', () => ({
  // Every read, with the shelf it reads after (undefined: the whole library).
  getArticlesAfter: async (after?: number) => (stored.reads.push(after), { rows: [...stored.rows], last: 1 }),
}));
// The lazy part that holds the failure sentences cannot load: a newer version's worker deleted the caches it came from.
vi.mock('./errors', () => {
  throw new Error('Failed to fetch dynamically imported module');
});
vi.mock('../storage/reading-store', () => ({
  getAllReading: async () => [{ publisherId: 'p', id: 'a', position: 0.5, updatedAt: 1 }],
}));

/** Renders the hook; returns its latest state and what unmounts it. */
async function mount(): Promise<{ state: () => LibraryState | undefined; unmount: () => void }> {
  const { useLibrary } = await import('./use-library');
  let state: LibraryState | undefined;
  const Probe = () => {
    state = useLibrary();
    return null;
  };
  const root = document.createElement('div');
  act(() => render(h(Probe, null), root));
  await vi.waitFor(() => expect(state?.loaded).toBe(true));
  return { state: () => state, unmount: () => act(() => render(null, root)) };
}

describe('useLibrary and the app’s other tabs', () => {
  it('reads the library again when another tab tells of a change (an article removed there), and tells them of its own', async () => {
    const { CHANGE_CHANNEL } = await import('../storage/db');
    const { state, unmount } = await mount();
    expect(state()?.articles).toHaveLength(1);
    // Another tab of the app, on this device.
    const other = new BroadcastChannel(CHANGE_CHANNEL);
    const heard: unknown[] = [];
    other.onmessage = (e) => void heard.push(e.data);
    try {
      stored.rows = [];
      other.postMessage(0);
      // Not a blank page still listed there: the row is gone here too, without a reload of the page.
      await vi.waitFor(() => expect(state()?.articles).toEqual([]));
      // This tab imported a file (or removed articles): the other tabs hear of it.
      stored.rows = [row];
      await act(() => state()!.reload());
      await vi.waitFor(() => expect(heard).toHaveLength(1));
    } finally {
      stored.rows = [row];
      other.close();
      unmount();
    }
  });

  it('takes another tab’s reading state as told, and after its new rows reads only what is new', async () => {
    const { CHANGE_CHANNEL } = await import('../storage/db');
    const { state, unmount } = await mount();
    const other = new BroadcastChannel(CHANGE_CHANNEL);
    const heard: unknown[] = [];
    other.onmessage = (e) => void heard.push(e.data);
    try {
      stored.reads = [];
      // Not this version's messages: nothing read, nothing kept, nothing thrown.
      other.postMessage(null);
      other.postMessage({ kind: 'something newer' });
      other.postMessage(2);
      // The reader scrolled on in the other tab: the place is kept here with no read of the library.
      other.postMessage({ publisherId: 'p', id: 'a', position: 0.9, updatedAt: 2 });
      await vi.waitFor(() => expect(state()?.reading.get('p/a')?.position).toBe(0.9));
      await new Promise((r) => setTimeout(r, 400));
      expect(stored.reads).toEqual([]);
      expect([...state()!.reading.keys()]).toEqual(['p/a']);
      // A first visit's pack stored there: the rows after the last shelf read here, not the whole library.
      other.postMessage(1);
      await vi.waitFor(() => expect(stored.reads).toEqual([1]));
      // This tab's own reading state goes to the others as it is.
      const mine = { publisherId: 'p', id: 'a', position: 0.2, updatedAt: 3 };
      act(() => state()!.setReading(mine));
      await vi.waitFor(() => expect(heard).toEqual([mine]));
    } finally {
      other.close();
      unmount();
    }
  });

  it('says a newer version of the app took the storage over (reload), and keeps what is on screen', async () => {
    const { getDb } = await import('../storage/db');
    const { DB_NAME } = await import('../core/constants');
    const { makeI18n } = await import('./i18n');
    const { state, unmount } = await mount();
    await getDb();
    // The newer version, in another tab, upgrades the database.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 6);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      await vi.waitFor(() => expect(state()?.failure?.(makeI18n('en'))).toMatch(/newer version .* Reload this page/));
      expect(state()?.failure?.(makeI18n('fa'))).toMatch(/دوباره باز کنید/);
      expect(state()?.articles).toHaveLength(1);
    } finally {
      newer.close();
      unmount();
    }
  });
});

describe('useLibrary', () => {
  it('empties the list and the reading state when the library is erased', async () => {
    const { state, unmount } = await mount();
    await vi.waitFor(() => expect(state()?.articles).toHaveLength(1));
    expect(state()?.reading.size).toBe(1);
    const { deleteDatabase } = await import('../storage/db');
    await act(async () => void (await deleteDatabase()));
    // A phone taken from its reader right after "Erase everything" shows no title, no "Continue reading".
    expect(state()?.articles).toEqual([]);
    expect(state()?.reading.size).toBe(0);
    unmount();
  });
});
