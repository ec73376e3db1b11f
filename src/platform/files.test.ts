/** The share target's hand-over end to end: what the service worker keeps (sw/share-target.ts), the page takes whole. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { MAX_FILE_BYTES, SHARE_CACHE } from '../core/constants';
import { SHARE_NOTES_CACHE } from '../core/share-protocol';

const SCOPE = 'https://shelf.example/app/';

/** Cache Storage, in memory, with the few calls the two sides make. */
class FakeCaches {
  stores = new Map<string, Map<string, Response>>();
  /** Names of kept files whose bytes can no longer be read (evicted or damaged storage): the name reads, the body not. */
  unreadable = new Set<string>();
  async has(name: string) {
    return this.stores.has(name);
  }
  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Response>();
    this.stores.set(name, store);
    return {
      put: async (key: string, response: Response) => void store.set(key, response),
      keys: async () => [...store.keys()],
      match: async (key: string) => {
        const response = store.get(key)?.clone();
        if (response && this.unreadable.has(decodeURIComponent(response.headers.get('x-file-name') ?? ''))) {
          response.blob = () => Promise.reject(new DOMException('The file is gone.', 'NotReadableError'));
        }
        return response;
      },
      delete: async (key: string) => store.delete(key),
    };
  }
}

let caches: FakeCaches;
beforeEach(() => {
  caches = new FakeCaches();
  vi.stubGlobal('caches', caches);
  vi.stubGlobal('self', { registration: { scope: SCOPE }, caches });
});
afterEach(() => vi.unstubAllGlobals());

async function share(files: File[]): Promise<void> {
  const form = new FormData();
  for (const f of files) form.append('file', f);
  const { receiveSharedFiles } = await import('../sw/share-target');
  await receiveSharedFiles({ request: { formData: async () => form } } as unknown as RouteHandlerCallbackOptions);
}

describe('takeSharedFiles', () => {
  it('takes the files kept and the notes of those not kept, and leaves nothing behind once their import has ended', async () => {
    const big = new File(['x'], 'رادیو.mp4');
    Object.defineProperty(big, 'size', { value: MAX_FILE_BYTES + 1 });
    await share([new File(['<html>one</html>'], 'خبرها.html'), big]);
    const { takeSharedFiles } = await import('./shared-files');
    const { files, notKept, release } = await takeSharedFiles();
    expect(files.map((f) => f.name)).toEqual(['خبرها.html']);
    expect(await files[0]!.text()).toBe('<html>one</html>');
    expect(notKept).toEqual([
      {
        name: 'رادیو.mp4',
        failure: expect.objectContaining({ code: 'too-large', params: { size: MAX_FILE_BYTES + 1, max: MAX_FILE_BYTES } }),
      },
    ]);
    // The notes are gone; the file stays (counted as taken once) until its import has ended.
    expect(Object.fromEntries([...caches.stores].map(([name, s]) => [name, s.size]))).toEqual({
      [SHARE_CACHE]: 1,
      [SHARE_NOTES_CACHE]: 0,
      [`${SHARE_CACHE}-taken`]: 1,
    });
    await release();
    expect([...caches.stores.values()].map((s) => s.size)).toEqual([0, 0, 0]);
    expect(await takeSharedFiles()).toMatchObject({ files: [], notKept: [] });
  });

  it('takes a file again whose import did not end (the page went away), once more, then lets it go with a note', async () => {
    await share([new File(['<html>one</html>'], 'one.html')]);
    const { takeSharedFiles } = await import('./shared-files');
    // A second share reloaded the page while the first import ran (or the phone closed it at a question): not lost.
    expect((await takeSharedFiles()).files.map((f) => f.name)).toEqual(['one.html']);
    expect((await takeSharedFiles()).files.map((f) => f.name)).toEqual(['one.html']);
    // Taken twice and never ended: its import may be what closes the page, so it is not started a third time.
    const third = await takeSharedFiles();
    expect(third.files).toEqual([]);
    expect(third.notKept).toEqual([{ name: 'one.html', failure: expect.objectContaining({ code: 'read-failed' }) }]);
    expect([...caches.stores.values()].map((s) => s.size)).toEqual([0, 0, 0]);
  });

  it('drops a note that is not one, and creates no cache when nothing was shared', async () => {
    const { takeSharedFiles } = await import('./shared-files');
    expect(await takeSharedFiles()).toMatchObject({ files: [], notKept: [] });
    expect([...caches.stores.keys()]).toEqual([]);
    await (
      await caches.open(SHARE_NOTES_CACHE)
    ).put(`${SCOPE}shared/1`, new Response('{"name":"x","failure":{"code":"rm -rf","message":"x"}}'));
    await (await caches.open(SHARE_CACHE)).put(`${SCOPE}shared/2`, new Response('bytes'));
    const { files, notKept } = await takeSharedFiles();
    expect(files.map((f) => f.name)).toEqual(['shared-file']);
    expect(notKept).toEqual([]);
  });

  it('keeps every file it can read when one cannot be read, and names that one as not read', async () => {
    caches.unreadable.add('second.html');
    await share(['first.html', 'second.html', 'third.html'].map((name) => new File([`<html>${name}</html>`], name)));
    const { takeSharedFiles } = await import('./shared-files');
    // It used to reject at the second file, with the first already deleted: all three lost, and the page said nothing.
    const { files, notKept, release } = await takeSharedFiles();
    expect(files.map((f) => f.name)).toEqual(['first.html', 'third.html']);
    expect(notKept).toEqual([{ name: 'second.html', failure: expect.objectContaining({ code: 'read-failed' }) }]);
    await release();
    expect([...caches.stores.values()].map((s) => s.size)).toEqual([0, 0, 0]);
  });

  it('says a shared file could not be read, rather than rejecting, when Cache Storage itself fails', async () => {
    await share([new File(['<html>one</html>'], 'one.html')]);
    caches.has = () => Promise.reject(new DOMException('Internal error.', 'UnknownError'));
    const { takeSharedFiles } = await import('./shared-files');
    expect(await takeSharedFiles()).toMatchObject({
      files: [],
      notKept: [{ name: '', failure: expect.objectContaining({ code: 'read-failed' }) }],
    });
    // What was shared stays, for the next try.
    expect(caches.stores.get(SHARE_CACHE)?.size).toBe(1);
  });
});

describe('onLaunchFiles', () => {
  /** Registers `handler` with a stand-in launchQueue; returns what a launch with `files` hands it. */
  async function launch(files: { name: string; getFile(): Promise<File> }[]) {
    let consume!: (params: { files: typeof files }) => Promise<void>;
    vi.stubGlobal('window', { launchQueue: { setConsumer: (cb: typeof consume) => (consume = cb) } });
    const { onLaunchFiles } = await import('./files');
    const handler = vi.fn();
    onLaunchFiles(handler);
    await consume({ files });
    return handler.mock.calls;
  }

  it('passes on every file of a launch it can read, and a note of each it cannot', async () => {
    const calls = await launch([
      { name: 'a.html', getFile: async () => new File(['a'], 'a.html') },
      { name: 'moved.html', getFile: () => Promise.reject(new DOMException('Moved.', 'NotFoundError')) },
    ]);
    // One file moved since it was picked used to lose the whole launch, without a word.
    expect(calls).toHaveLength(1);
    expect(calls[0]![0].map((f: File) => f.name)).toEqual(['a.html']);
    expect(calls[0]![1]).toEqual([{ name: 'moved.html', failure: expect.objectContaining({ code: 'read-failed' }) }]);
  });

  it('is not called for a launch without files (the app opened from its icon)', async () => {
    expect(await launch([])).toEqual([]);
  });
});
