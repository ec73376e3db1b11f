/**
 * "Erase everything" (erase.ts) while other work of the app still runs, on fake-indexeddb: the import worker (which
 * stores the first visit's packs, an import or a mirror update) has a db.ts of its own, and so does another tab.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME } from '../core/constants';
import type { LibraryArticle } from '../core/types';

vi.mock('./deferred', () => ({ stopSearchIndex: async () => undefined }));
const events: string[] = [];
vi.mock('./import-client', () => ({ stopImportWorker: () => events.push('import worker stopped') }));

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
  events.length = 0;
  vi.stubGlobal('caches', { keys: async () => [], delete: async () => true });
  vi.stubGlobal('navigator', {});
  vi.stubGlobal('localStorage', { clear: () => undefined });
  vi.stubGlobal('sessionStorage', { clear: () => undefined });
  vi.stubGlobal('document', { documentElement: { removeAttribute: () => undefined } });
});

const article = (id: string): LibraryArticle => ({
  publisherId: 'open-shelf',
  meta: { id, version: 1, title: id, date: '2024-01-01', lang: 'fa', dir: 'rtl', tags: [], size: 3, sha256: `sha-${id}`, media: [] },
  body: new TextEncoder().encode('<p>'),
  edition: 1,
  trust: 'verified',
});

/** One built-in pack's write, as the import worker makes it. */
const pack = (ids: string[]) => ({
  articles: ids.map(article),
  source: 'built-in' as const,
  media: [],
  editions: [],
  remove: [],
  tombstones: [],
  announcedKeys: [],
});

/** The article rows stored under DB_NAME, or 'no database'. */
async function storedRows(): Promise<number | 'no database'> {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes(DB_NAME)) return 'no database';
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  if (!raw.objectStoreNames.contains('shelves')) return (raw.close(), 0);
  const shelves = await new Promise<{ rows: unknown[] }[]>((resolve) => {
    const req = raw.transaction('shelves').objectStore('shelves').getAll();
    req.onsuccess = () => resolve(req.result as { rows: unknown[] }[]);
  });
  raw.close();
  return shelves.reduce((n, s) => n + s.rows.length, 0);
}

describe('eraseEverything while the import worker is storing', () => {
  it('the sync (or import) still running does not re-create the library after "Erased"', async () => {
    // The import worker's own copy of the storage modules.
    const worker = await import('../storage/library-store');
    await worker.updateLibrary([], [], () => pack(['a1', 'a2']));
    // The page: a fresh copy of db.ts, as in the page's bundle.
    vi.resetModules();
    const { eraseEverything } = await import('./erase');
    await eraseEverything();
    expect(await storedRows()).toBe('no database');
    // The first visit's sync goes on: its next pack is stored by the worker, which opens the database again.
    await worker.updateLibrary([], [], () => pack(['a3', 'a4'])).catch(() => undefined);
    expect(await storedRows()).toBe('no database');
  });

  it('stops the import worker and tells the sync (which then stops for good) before the deletion starts', async () => {
    const { followStorageNotice } = await import('../storage/db');
    const { eraseEverything } = await import('./erase');
    followStorageNotice((notice) => notice && events.push(`sync told: ${notice}`));
    const deleteDatabase = indexedDB.deleteDatabase.bind(indexedDB);
    vi.spyOn(indexedDB, 'deleteDatabase').mockImplementation((name) => (events.push(`deleted ${name}`), deleteDatabase(name)));
    await eraseEverything();
    expect(events.slice(0, 3)).toEqual(['import worker stopped', 'sync told: erased', `deleted ${DB_NAME}`]);
  });
});

describe('eraseEverything while a service worker of the app still works', () => {
  it('tells every worker to stop writing before deleting, and deletes the caches once more after it unregistered them', async () => {
    const worker = (name: string) => ({ postMessage: (m: { type: string }) => events.push(`${name} told ${m.type}`) });
    let unregistered: () => void = () => undefined;
    const registration = {
      installing: worker('installing'),
      waiting: null,
      active: worker('active'),
      // Unregistering waits (a page still open); an install under way goes on meanwhile, writing its caches.
      unregister: () => new Promise<boolean>((resolve) => (unregistered = () => (events.push('unregistered'), resolve(true)))),
    };
    vi.stubGlobal('navigator', { serviceWorker: { getRegistrations: async () => [registration] } });
    vi.stubGlobal('caches', { keys: async () => (events.push('caches deleted'), []), delete: async () => true });
    const { eraseEverything } = await import('./erase');
    const erased = eraseEverything();
    await vi.waitFor(() => expect(events).toContain('caches deleted'));
    unregistered();
    await erased;
    expect(events.filter((e) => e !== 'import worker stopped')).toEqual([
      'installing told ERASE',
      'active told ERASE',
      'caches deleted',
      'unregistered',
      'caches deleted',
    ]);
  });
});

describe('eraseEverything while another tab holds the library open and does not close it (hung, frozen)', () => {
  it('does not wait forever: it ends, says which database waits for that tab, and deletes the others (the storage probe’s)', async () => {
    const open = (name: string) =>
      new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
      });
    // A connection with no versionchange handler never steps aside.
    const hung = await open(DB_NAME);
    (await open('offline-reader-probe')).close();
    const { eraseEverything } = await import('./erase');
    const outcome = await Promise.race([eraseEverything(), new Promise((resolve) => setTimeout(() => resolve('pending'), 3000))]);
    expect(outcome).toEqual({ waiting: [DB_NAME] });
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual([DB_NAME]);
    // The browser deletes it once that tab goes.
    hung.close();
    await vi.waitFor(async () => expect(await indexedDB.databases()).toEqual([]));
  });
});
