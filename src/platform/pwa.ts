/** The page's bridge to the service worker: registration, precache progress, updates on request. */
import { isSwToPage, type PageToSw } from '../core/messages';
import { serviceWorkerUrl } from '../core/fallbacks';
import { standardSanitizer } from './capabilities';

type Listener<T> = (value: T) => void;

let registered = false;
let updateRequested = false;
const needRefreshListeners = new Set<Listener<boolean>>();
const progressListeners = new Set<Listener<{ done: number; total: number }>>();
let needRefresh = false;

function announceUpdate(): void {
  needRefresh = true;
  for (const l of needRefreshListeners) l(true);
}

/**
 * Announces `sw` if, once installed, it waits behind the version in control. A first install is installed and
 * activated at once: still waiting 200 ms later tells the two apart (as workbox-window does).
 */
function watchInstall(registration: ServiceWorkerRegistration, sw: ServiceWorker | null): void {
  sw?.addEventListener('statechange', () => {
    if (sw.state === 'installed') setTimeout(() => registration.waiting === sw && announceUpdate(), 200);
  });
}

/** Registers the service worker (no-op where unsupported, e.g. a file opened from disk). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  registered = true;
  const container = navigator.serviceWorker;
  container.addEventListener('controllerchange', () => {
    if (updateRequested) location.reload();
  });
  container.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    if (isSwToPage(data) && data.type === 'PRECACHE_PROGRESS') for (const l of progressListeners) l(data);
  });
  const register = (): void => {
    // Its URL names the code this browser needs beyond the rest (DOMPurify without the Sanitizer API), to precache it.
    container.register(serviceWorkerUrl(standardSanitizer() ? [] : ['sanitizer']), { scope: './' }).then(
      (registration) => {
        // A new version waits until the reader chooses: never reload under someone mid-article.
        if (registration.waiting) announceUpdate();
        watchInstall(registration, registration.installing);
        registration.addEventListener('updatefound', () => watchInstall(registration, registration.installing));
      },
      () => undefined,
    );
  };
  // After the page's own load, so the service worker's downloads do not compete with the first paint.
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
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
  void navigator.serviceWorker?.getRegistration().then((r) => r?.waiting?.postMessage(message));
}

/** Resolves when a service worker controls the page, or with false after `ms` (or where none can). */
export function whenControlled(ms: number): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !registered) return Promise.resolve(false);
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
