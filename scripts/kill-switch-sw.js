// Kill switch: a self-destroying service worker. If a release is broken, publish this file AS dist/sw.js
// (same name and path as the real one). Every reader's browser picks it up on its next update check,
// it removes the app's caches and itself, and reloads open tabs from the network. The library in
// IndexedDB is left alone: readers keep their articles. Deploy a fixed release afterwards.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('workbox-') || n.startsWith('offline-reader')).map((n) => caches.delete(n)));
      await self.registration.unregister();
      // Only tabs this worker controls (those of the broken release): a page loaded afterwards is uncontrolled,
      // so its own re-registration of sw.js never causes another reload.
      const clients = await self.clients.matchAll({ type: 'window' });
      for (const client of clients) client.navigate(client.url);
    })(),
  );
});
