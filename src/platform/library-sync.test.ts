/** The built-in library's sync (library-sync.ts), with the worker, the caches and storage replaced: when persistence is asked for. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const requestPersistence = vi.fn(async () => true);
vi.mock('./storage-info', () => ({ requestPersistence }));
const storePackInWorker = vi.fn();
vi.mock('./import-client', () => ({
  verifyEditionInWorker: async () => ({
    handle: 1,
    publisherId: 'open-shelf',
    edition: 2,
    created: '2024-01-01T00:00:00Z',
    trust: 'verified',
  }),
  applyWithdrawalsInWorker: async () => 0,
  planEditionInWorker: async () => ({
    text: [
      { url: 'content/pack-aaaaaaaa.html', articles: ['a1'], media: [] },
      { url: 'content/pack-bbbbbbbb.html', articles: ['a2'], media: [] },
    ],
    media: [],
    missingBytes: 0,
  }),
  storePackInWorker,
}));
vi.mock('./trusted-keys', () => ({ getTrustedKeys: async () => [] }));
vi.mock('./pwa', () => ({ onPrecacheProgress: () => () => undefined, whenControlled: async () => true }));
vi.mock('../storage/library-store', () => ({ takeWithdrawnNotice: async () => 0 }));
vi.mock('../storage/built-in-store', () => ({ getSyncedEdition: async () => undefined, setSyncedEdition: async () => undefined }));
vi.mock('../core/content-cache', () => ({ markPackStored: async () => undefined, writeMediaChoice: async () => undefined }));
vi.mock('./media-choice', () => ({
  awaitMediaChoice: async () => 'all',
  getMediaChoice: async () => 'all',
  setPicturesWaiting: () => undefined,
}));
vi.mock('../storage/update-store', () => ({
  getLibraryEdition: async () => undefined,
  recordLibraryEdition: async () => undefined,
  recordMirrors: async () => undefined,
}));

beforeEach(() => {
  requestPersistence.mockClear();
  storePackInWorker.mockReset();
  vi.stubGlobal('navigator', {});
  vi.stubGlobal('document', {
    baseURI: 'https://reader.example/',
    querySelector: () => ({ content: 'edition-0123abcd.html' }),
  });
});

describe('syncBuiltInLibrary: persistent storage', () => {
  it('is asked for once the first pack is stored, not only when the whole sync finishes', async () => {
    const { syncBuiltInLibrary } = await import('./library-sync');
    // The first pack lands; the connection drops before the second. (A first visit cut short, common on the networks
    // this app is for, left its articles in best-effort storage until a later visit completed.)
    storePackInWorker.mockResolvedValueOnce({ added: 1 }).mockRejectedValueOnce(new Error('pack-bbbbbbbb.html: HTTP 503'));
    await expect(syncBuiltInLibrary({})).rejects.toThrow('HTTP 503');
    expect(storePackInWorker).toHaveBeenCalledTimes(2);
    // One article is on the device and kept only "best effort".
    expect(requestPersistence).toHaveBeenCalled();
  });

  it('is asked for once per sync, however many packs it stores', async () => {
    const { syncBuiltInLibrary } = await import('./library-sync');
    storePackInWorker.mockResolvedValue({ added: 1 });
    await syncBuiltInLibrary({});
    expect(storePackInWorker).toHaveBeenCalledTimes(2);
    expect(requestPersistence).toHaveBeenCalledTimes(1);
  });
});
