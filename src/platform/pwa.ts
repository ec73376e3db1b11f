/** The page's bridge to the service worker (workbox-window): registration, precache progress, updates on request. */
import { Workbox } from 'workbox-window';
import { isSwToPage, type PageToSw } from '../core/messages';

type Listener<T> = (value: T) => void;

let wb: Workbox | undefined;
let updateRequested = false;
const needRefreshListeners = new Set<Listener<boolean>>();
const progressListeners = new Set<Listener<{ done: number; total: number }>>();
let needRefresh = false;

/** Registers the service worker (no-op where unsupported, e.g. a file opened from disk). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  wb = new Workbox('./sw.js', { scope: './' });
  // A new version waits until the reader chooses: never reload under someone mid-article.
  wb.addEventListener('waiting', () => {
    needRefresh = true;
    for (const l of needRefreshListeners) l(true);
  });
  wb.addEventListener('controlling', () => {
    if (updateRequested) location.reload();
  });
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    if (isSwToPage(data) && data.type === 'PRECACHE_PROGRESS') for (const l of progressListeners) l(data);
  });
  void wb.register().catch(() => undefined);
}

/** Calls back when an update is waiting (and at once if one already is). Returns an unsubscribe. */
export function onNeedRefresh(listener: Listener<boolean>): () => void {
  needRefreshListeners.add(listener);
  if (needRefresh) listener(true);
  return () => needRefreshListeners.delete(listener);
}

/** Calls back with the service worker's precache progress on a first visit. */
export function onPrecacheProgress(listener: Listener<{ done: number; total: number }>): () => void {
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

/** Activates the waiting version; the page reloads once it takes control. */
export function applyUpdate(): void {
  updateRequested = true;
  const message: PageToSw = { type: 'SKIP_WAITING' };
  if (wb) wb.messageSkipWaiting();
  else void navigator.serviceWorker?.getRegistration().then((r) => r?.waiting?.postMessage(message));
}

/** Resolves when a service worker controls the page, or with false after `ms` (or where none can). */
export function whenControlled(ms: number): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !wb) return Promise.resolve(false);
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}
