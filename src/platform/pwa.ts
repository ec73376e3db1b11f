/** The page's bridge to the service worker: registration, precache progress, updates on request. */
import { isSwToPage, type PageToSw } from '../core/messages';
import { serviceWorkerUrl } from '../core/fallbacks';
import { standardSanitizer } from './capabilities';
import { isErased } from '../storage/db';

type Listener<T> = (value: T) => void;

let registered = false;
let updateRequested = false;
const needRefreshListeners = new Set<Listener<boolean>>();
const progressListeners = new Set<Listener<{ done: number; total: number }>>();
let needRefresh = false;
/** Something of the reader's is under way that a reload would throw away (useUpdate's `busy`, mirrored by holdReload). */
let held = false;
let refuse!: () => void;
/** Settles when the browser refuses the service worker for good (see isRefused). */
const refusal = new Promise<void>((resolve) => (refuse = resolve));
let refused = false;

/**
 * True once the browser refused the service worker for good (its script served with a wrong content type, a policy):
 * this address cannot open the app offline, however long the page waits.
 */
export function isRefused(): boolean {
  return refused;
}

/** Says whether a reload now would throw away something of the reader's (an import, a file being made). */
export function holdReload(busy: boolean): void {
  held = busy;
}

function announceUpdate(): void {
  needRefresh = true;
  for (const l of needRefreshListeners) l(true);
}

/** First wait before registering again after a first install failed; each later one waits twice as long, up to the max. */
const INSTALL_RETRY_FIRST_MS = 15_000;
const INSTALL_RETRY_MAX_MS = 5 * 60_000;

/**
 * Announces `sw` if, once installed, it waits behind the version in control. A first install is installed and
 * activated at once: still waiting 200 ms later tells the two apart (as workbox-window does). A first install that
 * fails (the connection broke while it downloaded the app) calls `failed`.
 */
function watchInstall(registration: ServiceWorkerRegistration, sw: ServiceWorker | null, failed: () => void): void {
  sw?.addEventListener('statechange', () => {
    if (sw.state === 'installed') setTimeout(() => registration.waiting === sw && announceUpdate(), 200);
    // (Engines differ in whether `installing` still names the failed worker when its statechange fires.)
    else if (sw.state === 'redundant' && !registration.active && !registration.waiting && [null, sw].includes(registration.installing))
      failed();
  });
}

/** Registers the service worker (no-op where unsupported, e.g. a file opened from disk). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  registered = true;
  const container = navigator.serviceWorker;
  // A tab that was already controlled, taken over without asking (the reader updated in another tab): it still runs
  // the old code, whose lazy parts the new version no longer keeps, so its update banner offers the reload.
  const updating = !!container.controller;
  // Not under an import or a file being made (begun since the reader chose): the banner stays, and its button reloads
  // once that is done (nothing waits any more, so applyUpdate reloads).
  const reload = (): void => (held ? announceUpdate() : location.reload());
  container.addEventListener('controllerchange', () => {
    if (updateRequested) reload();
    else if (updating) announceUpdate();
    else {
      // A first install that took control may be a newer version than this page (deployed while the first one installed,
      // then retried): once activated, its precache lacks the edition this page's index.html names (or, with none, its
      // script), and the old code asks for files that are gone. Then this page is reloaded as that version. (`updating`
      // narrowed `controller` to null: it is read anew here.)
      const worker = container.controller as unknown as ServiceWorker;
      const edition = document.querySelector<HTMLMetaElement>('meta[name="or-edition"]');
      const check = (): void => {
        if (worker.state === 'activated') void caches.match(edition ? edition.content : import.meta.url).then((kept) => kept || reload());
      };
      check();
      worker.onstatechange = check;
    }
  });
  container.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    if (isSwToPage(data) && data.type === 'PRECACHE_PROGRESS') for (const l of progressListeners) l(data);
  });
  // A first install that fails leaves nothing installed, and a browser tries again only at the next visit: a reader whose
  // one-minute connection broke mid-download would keep an app that cannot open offline. It is registered again when
  // the connection comes back, or after a growing pause.
  let retries = 0;
  const watched = new WeakSet<ServiceWorkerRegistration>();
  let retry: ReturnType<typeof setTimeout> | undefined;
  const again = (): void => {
    if (retry !== undefined || isErased()) return;
    const run = (): void => {
      clearTimeout(retry);
      removeEventListener('online', run);
      retry = undefined;
      register();
    };
    retry = setTimeout(run, Math.min(INSTALL_RETRY_MAX_MS, INSTALL_RETRY_FIRST_MS * 2 ** retries++));
    addEventListener('online', run);
  };
  const register = (): void => {
    // Never after an erase (here or in another tab): the worker would download the library again.
    if (isErased()) return;
    // Its URL names the code this browser needs beyond the rest (DOMPurify without the Sanitizer API), to precache it.
    // A worker that precaches a fallback this browser no longer needs (it gained the Sanitizer API) serves it all the
    // same: registering the other URL would install a second, identical worker, announced as an update.
    const active = container.controller;
    const url = active && standardSanitizer() ? active.scriptURL : serviceWorkerUrl(standardSanitizer() ? [] : ['sanitizer']);
    container.register(url, { scope: './' }).then(
      (registration) => {
        // A new version waits until the reader chooses: never reload under someone mid-article.
        if (registration.waiting) announceUpdate();
        watchInstall(registration, registration.installing, again);
        // Failed before this answer came: nothing is installing, and nothing will.
        if (!registration.installing && !registration.waiting && !registration.active) again();
        if (!watched.has(registration)) {
          watched.add(registration);
          registration.addEventListener('updatefound', () => watchInstall(registration, registration.installing, again));
        }
      },
      // The service worker's own script did not arrive (offline, blocked: a TypeError): the same, unless one already
      // controls the page. Refused for good (served with a wrong content type, a private window, a policy) is not tried
      // again, and is told: the sync then says the app stays online-only here instead of "saving" for ever.
      (error: unknown) => container.controller || (error instanceof TypeError ? again() : ((refused = true), refuse())),
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

/**
 * Activates the waiting version; the page reloads once it takes control. When none waits any more, another tab has
 * applied it already: the new version controls this tab too, which still runs the old code, so it reloads now.
 */
export function applyUpdate(): void {
  updateRequested = true;
  const message: PageToSw = { type: 'SKIP_WAITING' };
  // No worker at all (plain HTTP, none in this browser): the storage taken over by a newer version asks for a reload too.
  if (!navigator.serviceWorker) location.reload();
  else void navigator.serviceWorker.getRegistration().then((r) => (r?.waiting ? r.waiting.postMessage(message) : location.reload()));
}

/**
 * Asks the browser to look for a new version of the app now (a check found a new edition on the app's own address): an
 * installed app resumed from the background makes no navigation, which is when a browser looks by itself. The update
 * found is announced like any other (watchInstall), so the reader is asked before anything reloads.
 */
export function checkForAppUpdate(): void {
  if (!registered || needRefresh || isErased()) return;
  void navigator.serviceWorker
    .getRegistration()
    .then((r) => {
      // One already on its way needs no second download of the worker's script.
      if (r && !r.installing && !r.waiting) return r.update();
    })
    .catch(() => undefined);
}

/** Resolves when a service worker controls the page, or with false after `ms` (or where none can, or the browser refused it). */
export function whenControlled(ms: number): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !registered) return Promise.resolve(false);
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void refusal.then(() => resolve(false));
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
