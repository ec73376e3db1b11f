/** The service worker: precache the app and content, serve offline, receive shared files, update on request. */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { isPageToSw, type SwToPage } from '../core/messages';
import { receiveSharedFiles } from './share-target';
import { SHARE_TARGET_PATH } from '../core/constants';

declare let self: ServiceWorkerGlobalScope;

const manifest = self.__WB_MANIFEST;
let cached = 0;

// Tell open pages how far the first download has come (the reader may be on a one-minute connection).
addPlugins([{
  cacheDidUpdate: async () => {
    cached += 1;
    const message: SwToPage = { type: 'PRECACHE_PROGRESS', done: cached, total: manifest.length };
    for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })) client.postMessage(message);
  },
}]);

precacheAndRoute(manifest);
cleanupOutdatedCaches();
clientsClaim();

// Any navigation inside the scope opens the app shell from the cache: no request may block the first paint.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [new RegExp(`/${SHARE_TARGET_PATH}$`)] }));

// Android "Share -> this app": keep the file, then open the app, which imports it.
registerRoute(({ url, request }) => request.method === 'POST' && url.pathname.endsWith(`/${SHARE_TARGET_PATH}`), receiveSharedFiles, 'POST');

self.addEventListener('message', (event) => {
  if (isPageToSw(event.data) && event.data.type === 'SKIP_WAITING') void self.skipWaiting();
});
