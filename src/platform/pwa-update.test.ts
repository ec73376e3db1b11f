// The update's way through the page bridge (pwa.ts): when the page reloads once the new version takes control, which
// worker URL a page registers, and a first visit taken over by a newer version.
import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';

const capability = vi.hoisted(() => ({ sanitizer: undefined as unknown }));
vi.mock('./capabilities', () => ({ standardSanitizer: () => capability.sanitizer }));

/** The edition file this page's index.html names. */
const EDITION = 'content/edition-0123456789ab.html';

type Worker = EventTarget & {
  state: string;
  scriptURL: string;
  postMessage: ReturnType<typeof vi.fn>;
  onstatechange: ((event: Event) => void) | null;
};
/** A service worker as a page sees it (its `onstatechange` handler called as a browser calls it). */
function worker(state: string, scriptURL = 'https://shelf.example/app/sw.js'): Worker {
  const w: Worker = Object.assign(new EventTarget(), { state, scriptURL, postMessage: vi.fn(), onstatechange: null });
  w.addEventListener('statechange', (event) => w.onstatechange?.(event));
  return w;
}

/** A page whose service worker container holds `registration`, controlled by `controller`. */
async function page(
  registration: Record<string, unknown>,
  controller: Worker | null,
  kept: (url: string) => boolean = () => false,
  named = true,
) {
  vi.resetModules();
  const container = new EventTarget() as EventTarget & Record<string, unknown>;
  container.controller = controller;
  container.register = vi.fn(async () => registration);
  container.getRegistration = vi.fn(async () => registration);
  const reload = vi.fn();
  vi.stubGlobal('navigator', { serviceWorker: container });
  vi.stubGlobal('location', { protocol: 'https:', href: 'https://shelf.example/app/', reload });
  const edition = { content: EDITION };
  vi.stubGlobal('document', {
    readyState: 'complete',
    querySelector: (s: string) => (named && s === 'meta[name="or-edition"]' ? edition : null),
  });
  vi.stubGlobal('addEventListener', vi.fn());
  vi.stubGlobal('removeEventListener', vi.fn());
  const match = vi.fn(async (url: string) => (kept(url) ? new Response('kept') : undefined));
  vi.stubGlobal('caches', { match });
  const pwa = await import('./pwa');
  pwa.registerServiceWorker();
  await vi.waitFor(() => expect(container.register).toHaveBeenCalled());
  const banner = vi.fn();
  pwa.onNeedRefresh(banner);
  return { pwa, container, reload, banner, match };
}

afterEach(() => {
  vi.unstubAllGlobals();
  capability.sanitizer = undefined;
});

// The new version may take control long after the tap: meanwhile the reader picked a file to import, which a reload
// would throw away. The banner stays, and its button reloads once the import is done.
it('does not reload when the new version takes control while an import runs; the banner then reloads', async () => {
  const oldWorker = worker('activated');
  const newWorker = worker('installed');
  const registration = { installing: null, waiting: newWorker as Worker | null, active: oldWorker, addEventListener: vi.fn() };
  const { pwa, container, reload, banner } = await page(registration, oldWorker);
  await vi.waitFor(() => expect(banner).toHaveBeenCalledWith(true));
  pwa.holdReload(false);
  pwa.applyUpdate();
  await vi.waitFor(() => expect(newWorker.postMessage).toHaveBeenCalled());
  pwa.holdReload(true);
  registration.waiting = null;
  container.controller = newWorker;
  container.dispatchEvent(new Event('controllerchange'));
  expect(reload).not.toHaveBeenCalled();
  // The import is done: the banner's button reloads into the version already in control.
  pwa.holdReload(false);
  pwa.applyUpdate();
  await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
});

// A deploy during a first visit: the first install failed, the retry installed the new version, which took this page
// over silently; the old code kept asking for its edition, gone from the server, and the list stayed empty.
it('reloads a first visit taken over by a version whose precache lacks this page’s edition (or script), once activated', async () => {
  const script = (url: string): boolean => url.includes('pwa');
  const edition = (url: string): boolean => url === EDITION;
  for (const [kept, held, named, expected] of [
    [() => false, false, true, 'reload'],
    // The same code, a newer edition (the usual deploy): the old one's file is gone from the server and the precache.
    [script, false, true, 'reload'],
    [edition, false, true, 'nothing'],
    [() => false, true, true, 'banner'],
    // An index.html that names no edition: its script tells.
    [script, false, false, 'nothing'],
    [edition, false, false, 'reload'],
  ] as const) {
    const { pwa, container, reload, banner, match } = await page(
      { installing: null, waiting: null, active: null, addEventListener: vi.fn() },
      null,
      kept,
      named,
    );
    pwa.holdReload(held);
    const taking = worker('activating');
    container.controller = taking;
    container.dispatchEvent(new Event('controllerchange'));
    // Not before its activation has cleared the files of the version that failed to install.
    await new Promise((r) => setTimeout(r, 10));
    expect(match).not.toHaveBeenCalled();
    taking.state = 'activated';
    taking.dispatchEvent(new Event('statechange'));
    await vi.waitFor(() => expect(match).toHaveBeenCalledWith(named ? EDITION : expect.stringContaining('pwa')));
    await new Promise((r) => setTimeout(r, 10));
    expect(reload.mock.calls.length > 0, `${expected}: reload`).toBe(expected === 'reload');
    expect(banner.mock.calls.length > 0, `${expected}: banner`).toBe(expected === 'banner');
  }
});

// A browser that gained the Sanitizer API after the first visit registered ./sw.js over ./sw.js?fallback=sanitizer: a
// second, identical worker installed and waited, and the banner announced new articles where none were.
it('keeps the worker in control when it precaches a fallback this browser no longer needs; registers the one it needs', async () => {
  const active = worker('activated', 'https://shelf.example/app/sw.js?fallback=sanitizer');
  capability.sanitizer = {};
  const gained = await page({ installing: null, waiting: null, active, addEventListener: vi.fn() }, active);
  expect(gained.container.register).toHaveBeenCalledWith(active.scriptURL, { scope: './' });
  // Lost (or never had): the fallback is needed, so its URL is registered whatever is in control.
  capability.sanitizer = undefined;
  const plain = worker('activated');
  const lost = await page({ installing: null, waiting: null, active: plain, addEventListener: vi.fn() }, plain);
  expect(lost.container.register).toHaveBeenCalledWith('./sw.js?fallback=sanitizer', { scope: './' });
  // A first visit with the API registers the plain URL.
  capability.sanitizer = {};
  const first = await page({ installing: null, waiting: null, active: null, addEventListener: vi.fn() }, null);
  expect(first.container.register).toHaveBeenCalledWith('./sw.js', { scope: './' });
});
