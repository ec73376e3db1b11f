/** Share target: stores files POSTed by the system share sheet until the page imports them. */
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { SHARE_CACHE } from '../core/constants';

declare let self: ServiceWorkerGlobalScope;

/** Keeps every shared file in SHARE_CACHE and redirects to the app's import route. */
export async function receiveSharedFiles({ request }: RouteHandlerCallbackOptions): Promise<Response> {
  const target = new URL('./#/import-shared', self.registration.scope).href;
  try {
    const form = await request.formData();
    const cache = await caches.open(SHARE_CACHE);
    let n = 0;
    for (const value of form.values()) {
      if (typeof value === 'string') continue;
      const key = new URL(`./shared/${Date.now()}-${n++}`, self.registration.scope).href;
      await cache.put(
        key,
        new Response(value, { headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(value.name) } }),
      );
    }
  } catch {
    // A malformed share still opens the app; the page reports that nothing arrived.
  }
  return Response.redirect(target, 303);
}
