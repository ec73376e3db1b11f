/** Share target: stores files POSTed by the system share sheet until the page imports them, and notes of those it cannot. */
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { MAX_FILE_BYTES, SHARE_CACHE } from '../core/constants';
import { keptFileResponse, noteResponse, SHARE_NOTES_CACHE, type NotKeptReason } from '../core/share-protocol';

declare let self: ServiceWorkerGlobalScope;

/**
 * Keeps each shared file in SHARE_CACHE, each on its own (one that cannot be kept loses no other), and a note of each
 * it does not keep; then redirects to the app's import route, which imports the files and says why any was not kept.
 */
export async function receiveSharedFiles({ request }: RouteHandlerCallbackOptions): Promise<Response> {
  const target = new URL('./#/import-shared', self.registration.scope).href;
  try {
    const form = await request.formData();
    const [files, notes] = await Promise.all([caches.open(SHARE_CACHE), caches.open(SHARE_NOTES_CACHE)]);
    let n = 0;
    for (const value of form.values()) {
      // The share's title, text and link: only files can be imported.
      if (typeof value === 'string') continue;
      const key = new URL(`./shared/${Date.now()}-${n++}`, self.registration.scope).href;
      const notKept = (reason: NotKeptReason): Promise<void> =>
        // A note is a few bytes; if even it cannot be stored, the device is full and the page says nothing of this file.
        notes.put(key, noteResponse({ name: value.name, size: value.size, reason })).catch(() => undefined);
      // Not copied at all: the importer would refuse it unread, and a video shared by mistake would fill the device.
      if (value.size > MAX_FILE_BYTES) {
        await notKept('too-large');
        continue;
      }
      try {
        await files.put(key, keptFileResponse(value));
      } catch (err) {
        await notKept((err as Error | null)?.name === 'QuotaExceededError' ? 'quota' : 'read-failed');
      }
    }
  } catch {
    // A malformed share still opens the app; with nothing kept, the page says only reader files can be imported.
  }
  return Response.redirect(target, 303);
}
