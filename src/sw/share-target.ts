/** Share target: stores files POSTed by the system share sheet until the page imports them, and notes of those it cannot. */
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { checkFileSize } from '../core/bundle-read';
import { SHARE_CACHE } from '../core/constants';
import { isQuotaError, toFailure } from '../core/errors';
import { keptFileResponse, noteResponse, notKeptFile, SHARE_NOTES_CACHE, type NotKeptFile } from '../core/share-protocol';

declare let self: ServiceWorkerGlobalScope;

/**
 * Keeps each shared file in SHARE_CACHE, each on its own (one that cannot be kept loses no other), and a note of each
 * it does not keep; then redirects to the app's import route, which imports the files and says why any was not kept.
 */
export async function receiveSharedFiles({ request }: RouteHandlerCallbackOptions): Promise<Response> {
  const target = new URL('./#/import-shared', self.registration.scope).href;
  // The share sheet sends no page's address, and the app is its own: a form another site submits here (files it made)
  // would have the app import what the reader never chose, or ask "Import anyway?" about it. Such a post opens the app.
  const own = new URL(self.registration.scope).origin;
  if (/^https?:/.test(request.referrer) && new URL(request.referrer).origin !== own) {
    return Response.redirect(self.registration.scope, 303);
  }
  try {
    const form = await request.formData();
    const [files, notes] = await Promise.all([caches.open(SHARE_CACHE), caches.open(SHARE_NOTES_CACHE)]);
    let n = 0;
    for (const value of form.values()) {
      // The share's title, text and link: only files can be imported.
      if (typeof value === 'string') continue;
      const key = new URL(`./shared/${Date.now()}-${n++}`, self.registration.scope).href;
      const note = await keepFile(files, key, value);
      // A note is a few bytes; if even it cannot be stored, the device is full and the page says nothing of this file.
      if (note) await notes.put(key, noteResponse(note)).catch(() => undefined);
    }
  } catch {
    // A malformed share still opens the app; with nothing kept, the page says only reader files can be imported.
  }
  return Response.redirect(target, 303);
}

/** Keeps one shared file under `key`; where it does not, the note of why. */
async function keepFile(cache: Cache, key: string, file: File): Promise<NotKeptFile | undefined> {
  try {
    // Not copied at all where the importer would refuse it unread: a video shared by mistake would fill the device.
    checkFileSize(file.size);
  } catch (err) {
    return { name: file.name, failure: toFailure(err) };
  }
  try {
    await cache.put(key, keptFileResponse(file));
    return undefined;
  } catch (err) {
    return notKeptFile(file.name, isQuotaError(err) ? 'quota' : 'read-failed');
  }
}
