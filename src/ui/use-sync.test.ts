// @vitest-environment jsdom
/** The sync hook (use-sync.ts): what the reader is told when space runs out, while another tab blocks the storage, and after an erase. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { makeI18n } from './i18n';
import { STRINGS } from './i18n-all';
import { describeFailure } from './errors';
import { DB_NAME } from '../core/constants';
import type { MediaChoice } from '../core/data-saver';
import type { SyncState } from './use-sync';

const syncBuiltInLibrary = vi.fn();
vi.mock('../platform/deferred', async () => ({ syncBuiltInLibrary, syncText: (await import('./i18n-sync')).syncText }));
vi.mock('../platform/capabilities', () => ({ lacksStorage: async () => false, lacksServiceWorker: () => false }));
const pwa = vi.hoisted(() => ({ refused: false }));
vi.mock('../platform/pwa', () => ({ onPrecacheProgress: () => () => undefined, isRefused: () => pwa.refused }));

const en = makeI18n('en');
const fa = makeI18n('fa');
const root = document.createElement('div');
let state: SyncState = {};
const reload = async (): Promise<void> => undefined;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
  syncBuiltInLibrary.mockReset();
  pwa.refused = false;
  state = {};
});
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
});

/** Renders the hook (as App does) and returns what changes the data saver's choice, as the reader would. */
async function mount(): Promise<(media: MediaChoice) => void> {
  const { useSync } = await import('./use-sync');
  const Probe = ({ media }: { media?: MediaChoice }) => {
    state = useSync(reload, reload, media);
    return null;
  };
  act(() => render(h(Probe, {}), root));
  return (media) => act(() => render(h(Probe, { media }), root));
}

/** Lets `ms` of fake time pass, with what it sets off. */
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

/** Opens DB_NAME at `version` as a tab of an older version would, without the app's code. */
function openRaw(version: number): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, version);
    req.onupgradeneeded = () => {
      for (const s of ['bodies', 'media', 'keys', 'reading', 'settings', 'search', 'texts', 'shelves', 'withdrawn', 'editions'])
        req.result.createObjectStore(s);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('useSync when the device is out of space', () => {
  it('says what was kept and how the rest comes, and does not try again by itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // What the import worker reports when the browser refuses to store a pack (StorageFullError).
    syncBuiltInLibrary.mockRejectedValue({ code: 'quota', message: 'There is not enough storage space on this device.' });
    const setMedia = await mount();
    await pass(0);
    // Not the import's sentence ("Free some space and try again. Nothing was changed."): the packs stored before stay,
    // and there is no "try again" here.
    await vi.waitFor(() => expect(state.message?.(en)).toBe(STRINGS.en.syncFull));
    expect(state.message?.(en)).not.toBe(describeFailure({ code: 'quota', message: '' }, en));
    expect(state.message?.(fa)).toBe(STRINGS.fa.syncFull);
    expect(state.announce).toBe(state.message);
    // Not after the pause that follows any other failure (15 s), nor when the connection comes back.
    await pass(20_000);
    dispatchEvent(new Event('online'));
    await pass(0);
    expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1);
    // The reader's own action (asking for the pictures) tries again.
    setMedia('all');
    await pass(0);
    expect(syncBuiltInLibrary).toHaveBeenCalledTimes(2);
  });

  it('(unlike a dropped connection, which says "paused" and tries again after a pause)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    syncBuiltInLibrary.mockRejectedValue({ code: 'unexpected', message: 'pack-aaaaaaaa.html: HTTP 503' });
    await mount();
    await pass(0);
    await vi.waitFor(() => expect(state.message?.(en)).toBe(en.t.syncWaiting));
    await pass(20_000);
    expect(syncBuiltInLibrary).toHaveBeenCalledTimes(2);
  });
});

describe('useSync when the reader asks for the pictures while a sync runs', () => {
  it('runs again once that sync ends, to bring them (it planned for the text alone)', async () => {
    vi.stubGlobal('isSecureContext', true);
    let end = (): void => undefined;
    syncBuiltInLibrary.mockImplementationOnce(() => new Promise((resolve) => (end = () => resolve({ ready: true, textOnly: true }))));
    syncBuiltInLibrary.mockResolvedValue({ ready: true });
    const setMedia = await mount();
    await vi.waitFor(() => expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1));
    // "Everything now" while the first visit's sync (in text mode) still waits to finish.
    setMedia('all');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1);
    await act(async () => end());
    // Before: the choice was dropped (a run was under way), and no picture came that session.
    await vi.waitFor(() => expect(syncBuiltInLibrary).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(state.kind).toBe('saved'));
    vi.unstubAllGlobals();
  });
});

describe('useSync while another tab blocks the storage', () => {
  it('asks the reader to close the app’s other tabs, and stops asking once the storage opens', async () => {
    syncBuiltInLibrary.mockReturnValue(new Promise(() => undefined));
    // A tab of an older version that holds the database open and does not step aside (frozen, discarded, hung).
    const old = await openRaw(4);
    await mount();
    const { getDb } = await import('../storage/db');
    const opening = getDb();
    await vi.waitFor(() => expect(state.message?.(en)).toBe(en.t.storageBlocked));
    expect(state.message?.(fa)).toBe(fa.t.storageBlocked);
    expect(state.announce?.(en)).toBe(en.t.storageBlocked);
    old.close();
    await opening;
    await vi.waitFor(() => expect(state.message).toBeUndefined());
  });
});

describe('useSync when a blocked wait ends', () => {
  it('shows again what the wait covered (the save under way), not nothing', async () => {
    // A sync that has stored 1 of 3 packs and goes on.
    syncBuiltInLibrary.mockImplementation(({ onProgress }: { onProgress: (done: number, total: number) => void }) => {
      onProgress(1, 3);
      return new Promise(() => undefined);
    });
    const old = await openRaw(4);
    await mount();
    await vi.waitFor(() => expect(state.kind).toBe('saving'));
    const { getDb } = await import('../storage/db');
    const opening = getDb();
    await vi.waitFor(() => expect(state.message?.(en)).toBe(en.t.storageBlocked));
    old.close();
    await opening;
    await vi.waitFor(() => expect(state.message?.(en)).not.toBe(en.t.storageBlocked));
    expect(state.kind).toBe('saving');
    expect(state.message?.(en)).toBe(en.t.saving('1', '3'));
  });
});

describe('useSync after an erase', () => {
  it('in another tab: says the library was erased, and never runs the sync again', async () => {
    // A sync that failed and waits to try again.
    syncBuiltInLibrary.mockRejectedValue({ code: 'unexpected', message: 'HTTP 503' });
    const setMedia = await mount();
    const here = await import('../storage/db');
    await here.getDb();
    await vi.waitFor(() => expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1));
    // The tab that erases has a copy of db.ts of its own.
    vi.resetModules();
    await (await import('../storage/db')).deleteDatabase();
    await vi.waitFor(() => expect(state.message?.(en)).toBe(en.t.storageErased));
    expect(state.announce?.(fa)).toBe(fa.t.storageErased);
    dispatchEvent(new Event('online'));
    setMedia('all');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1);
  });

  it('here: says so in the status, not aloud (the settings’ own "Erased" is heard), and never runs the sync again', async () => {
    syncBuiltInLibrary.mockReturnValue(new Promise(() => undefined));
    const setMedia = await mount();
    await vi.waitFor(() => expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1));
    await (await import('../storage/db')).deleteDatabase();
    await vi.waitFor(() => expect(state.message?.(en)).toBe(en.t.storageErased));
    expect(state.announce).toBeUndefined();
    setMedia('all');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(syncBuiltInLibrary).toHaveBeenCalledTimes(1);
  });
});

describe('useSync when the browser refused the service worker (its host serves sw.js with a wrong content type)', () => {
  it('says the app stays online-only at this address and what to do, instead of "saving" for ever', async () => {
    vi.stubGlobal('isSecureContext', true);
    // Everything is stored, but nothing will ever control the page: the sync's wait for control ended at once.
    pwa.refused = true;
    syncBuiltInLibrary.mockImplementation(async ({ onProgress }: { onProgress: (done: number, total: number) => void }) => {
      onProgress(1, 2);
      onProgress(2, 2);
      return { ready: false, withdrawn: 0 };
    });
    await mount();
    await vi.waitFor(() => expect(state.kind).toBe('online-only'));
    expect(state.message?.(en)).toBe(STRINGS.en.savedRefused);
    expect(state.message?.(fa)).toBe(STRINGS.fa.savedRefused);
    expect(state.announce).toBe(state.message);
    expect(state.short?.(en)).toBe(en.t.statusOnlineOnly);
    vi.unstubAllGlobals();
  });

  it('(while a worker still on its way keeps the save waiting for it)', async () => {
    vi.stubGlobal('isSecureContext', true);
    syncBuiltInLibrary.mockImplementation(async ({ onProgress }: { onProgress: (done: number, total: number) => void }) => {
      onProgress(2, 2);
      return { ready: false, withdrawn: 0 };
    });
    await mount();
    await vi.waitFor(() => expect(syncBuiltInLibrary).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.kind).toBe('saving');
    vi.unstubAllGlobals();
  });
});
