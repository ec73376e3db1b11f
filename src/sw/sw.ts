/** The service worker: precache the app, bring in the content packs, serve offline, receive shared files, update on request. */
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { clientsClaim } from 'workbox-core';
import { isPageToSw, type PageToSw, type SwToPage } from '../core/messages';
import { isDeliveryPart, isSizedEntry, type DeliveryPart } from '../core/delivery';
import { SHARE_TARGET_PATH } from '../core/constants';
import { receiveSharedFiles } from './share-target';
import { partsForChoice } from '../core/data-saver';
import { readMediaChoice } from '../core/content-cache';
import { fetchPacks, installContent, pruneContent, resolveParts, serveContent, stopFetches, stopForErase } from './content';
import { fallbacksOf, isFallbackPart } from '../core/fallbacks';
import { wholeFiles } from './whole-files';

declare let self: ServiceWorkerGlobalScope;

const manifest: Array<PrecacheEntry | string | DeliveryPart> = self.__WB_MANIFEST;
const parts = resolveParts(manifest.filter(isDeliveryPart));
// Code only some browsers need is part of the shell where the page said it lacks the feature (its URL names it).
const lacking = fallbacksOf(self.location.href);
const shell = manifest.flatMap((e): Array<PrecacheEntry | string> => {
  if (isDeliveryPart(e)) return [];
  if (isFallbackPart(e)) return lacking.has(e.fallback) ? [{ url: e.url, revision: e.revision }] : [];
  return [e];
});
const packs = new Map(parts.map((p) => [p.url, p]));
const precache = new PrecacheController();
precache.addToCacheList(shell);
let done = 0;
let total = manifest.length;

// Tell open pages how far the first download has come (the reader may be on a one-minute connection).
async function progress(): Promise<void> {
  done += 1;
  const message: SwToPage = { type: 'PRECACHE_PROGRESS', done, total };
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })) client.postMessage(message);
}
precache.strategy.plugins.push({ cacheDidUpdate: progress });
// Only whole files are kept (sw/whole-files.ts): a copy cut short by a broken connection fails the install instead.
precache.strategy.plugins.push(
  wholeFiles(new Map(manifest.filter(isSizedEntry).map((e) => [new URL(e.url, self.registration.scope).href, e.bytes]))),
);

// The shell first, one file at a time, so the app opens offline as soon as possible; then the content packs, within a
// time budget: a large library on a slow link must not make the install fail (the page fetches what is left). Picture
// packs come only when the reader chose "everything now" (the data saver): until the reader has chosen, none.
async function installAll(event: ExtendableEvent): Promise<void> {
  const shellInstalled = precache.install(event);
  const wanted = partsForChoice(parts, await readMediaChoice().catch(() => undefined));
  total = shell.length + wanted.length;
  await shellInstalled;
  await installContent(wanted, progress);
}
self.addEventListener('install', (event) => {
  event.waitUntil(installAll(event));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(precache.activate(event).then(() => pruneContent(parts)));
});
cleanupOutdatedCaches();
clientsClaim();

const precached = new PrecacheRoute(precache);
const appShell = precache.createHandlerBoundToURL('index.html');
const sharePath = `/${SHARE_TARGET_PATH}`;

// The routes, in Workbox's order: the precached app, the content packs, any other navigation; and shared files. One
// listener rather than workbox-routing's Router, which weighs more than all of them.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (!url.protocol.startsWith('http')) return;
  const options = { event, request, url, sameOrigin: url.origin === self.location.origin };
  if (request.method === 'POST') {
    // Android "Share -> this app": keep the file, then open the app, which imports it.
    if (url.pathname.endsWith(sharePath)) event.respondWith(receiveSharedFiles(options));
    return;
  }
  if (request.method !== 'GET') return;
  const params = precached.match(options);
  if (params) return event.respondWith(precached.handler.handle({ ...options, params }));
  const pack = packs.get(url.href);
  if (pack) return event.respondWith(serveContent(request, pack));
  // Any navigation inside the scope opens the app shell from the cache: no request may block the first paint.
  if (request.mode === 'navigate' && !`${url.pathname}${url.search}`.endsWith(sharePath)) {
    // Below a folder of the scope (an app link that lost its '#', like …/article/x) the shell's relative addresses would
    // point under that folder, where nothing is: back to the scope, with the path as the app's route. A file (a name with
    // a dot, which no route has: a picture opened in a tab of its own, the publisher's library.html downloaded) is the
    // network's, the shell is not it.
    const rest = belowScope(url);
    if (rest !== undefined && /\.[^/]*$/.test(rest)) return;
    if (rest === undefined || !rest.includes('/')) event.respondWith(appShell(options));
    else event.respondWith(Response.redirect(`${self.registration.scope}#/${rest}`, 302));
  }
});

/** The part of `url`'s path below the scope (`article/x`, `library.html`, '' for the scope itself); undefined outside it. */
function belowScope(url: URL): string | undefined {
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return undefined;
  return url.pathname.slice(scope.pathname.length);
}

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (!isPageToSw(data)) return;
  if (data.type === 'SKIP_WAITING') {
    // Chromium activates this version only once the one in control has answered every request under way: the
    // downloads it makes for pages (the pictures, a pack from a stalled origin) stop first, or the reader's tap on
    // "Update now" waits for minutes, then reloads whatever they do by then.
    const stop: PageToSw = { type: 'STOP_PACKS', all: true };
    if (self.registration.active !== self.serviceWorker) self.registration.active?.postMessage(stop);
    void self.skipWaiting();
  } else if (data.type === 'STOP_PACKS') stopFetches(data.all === true);
  else if (data.type === 'ERASE') stopForErase();
  // Only packs this version's manifest lists: a page cannot make the worker fetch anything else.
  else {
    const fetching = fetchPacks(data.urls.flatMap((url) => packs.get(url) ?? []));
    const answer: SwToPage = { type: 'PACKS_COMING' };
    event.ports[0]?.postMessage(answer);
    event.waitUntil(fetching);
  }
});
