/** The share target's hand-over end to end: what the service worker keeps (sw/share-target.ts), the page takes whole. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { MAX_FILE_BYTES, SHARE_CACHE } from '../core/constants';
import { SHARE_NOTES_CACHE } from '../core/share-protocol';

const SCOPE = 'https://shelf.example/app/';

/** Cache Storage, in memory, with the few calls the two sides make. */
class FakeCaches {
  stores = new Map<string, Map<string, Response>>();
  async has(name: string) {
    return this.stores.has(name);
  }
  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Response>();
    this.stores.set(name, store);
    return {
      put: async (key: string, response: Response) => void store.set(key, response),
      keys: async () => [...store.keys()],
      match: async (key: string) => store.get(key)?.clone(),
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
  it('takes the files kept and the notes of those not kept, and leaves nothing behind', async () => {
    const big = new File(['x'], 'رادیو.mp4');
    Object.defineProperty(big, 'size', { value: MAX_FILE_BYTES + 1 });
    await share([new File(['<html>one</html>'], 'خبرها.html'), big]);
    const { takeSharedFiles } = await import('./files');
    const { files, notKept } = await takeSharedFiles();
    expect(files.map((f) => f.name)).toEqual(['خبرها.html']);
    expect(await files[0]!.text()).toBe('<html>one</html>');
    expect(notKept).toEqual([{ name: 'رادیو.mp4', size: MAX_FILE_BYTES + 1, reason: 'too-large' }]);
    expect([...caches.stores.values()].map((s) => s.size)).toEqual([0, 0]);
    expect(await takeSharedFiles()).toEqual({ files: [], notKept: [] });
  });

  it('drops a note that is not one, and creates no cache when nothing was shared', async () => {
    const { takeSharedFiles } = await import('./files');
    expect(await takeSharedFiles()).toEqual({ files: [], notKept: [] });
    expect([...caches.stores.keys()]).toEqual([]);
    await (await caches.open(SHARE_NOTES_CACHE)).put(`${SCOPE}shared/1`, new Response('{"name":"x","reason":"rm -rf"}'));
    await (await caches.open(SHARE_CACHE)).put(`${SCOPE}shared/2`, new Response('bytes'));
    const { files, notKept } = await takeSharedFiles();
    expect(files.map((f) => f.name)).toEqual(['shared-file']);
    expect(notKept).toEqual([]);
  });
});
