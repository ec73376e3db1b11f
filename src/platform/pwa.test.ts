// A tab shows "update ready" (a worker waits). The reader applies the update in another tab: the waiting worker
// activates and takes this tab over too (clientsClaim), but this tab did not ask, so it does not reload (by design) and
// keeps its banner. Its "Update" button then did nothing (applyUpdate only messaged registration.waiting, gone by then)
// and the tab stayed on the old code under the new worker.
import 'fake-indexeddb/auto';
import { expect, it, vi } from 'vitest';

vi.mock('./capabilities', () => ({ standardSanitizer: () => undefined }));

it('reloads on "Update" when the waiting version was activated meanwhile by another tab', async () => {
  const oldWorker = { state: 'activated', postMessage: vi.fn(), addEventListener: vi.fn() };
  const newWorker = { state: 'installed', postMessage: vi.fn(), addEventListener: vi.fn() };
  const registration = {
    installing: null as unknown,
    waiting: newWorker as unknown,
    active: oldWorker as unknown,
    addEventListener: vi.fn(),
  };
  const container = new EventTarget() as EventTarget & Record<string, unknown>;
  container.controller = oldWorker;
  container.register = vi.fn(async () => registration);
  container.getRegistration = vi.fn(async () => registration);
  const reload = vi.fn();
  vi.stubGlobal('navigator', { serviceWorker: container });
  vi.stubGlobal('location', { protocol: 'https:', reload });
  vi.stubGlobal('document', { readyState: 'complete' });
  vi.stubGlobal('addEventListener', vi.fn());
  vi.stubGlobal('removeEventListener', vi.fn());

  const { applyUpdate, onNeedRefresh, registerServiceWorker } = await import('./pwa');
  registerServiceWorker();
  const banner = vi.fn();
  onNeedRefresh(banner);
  await vi.waitFor(() => expect(banner).toHaveBeenCalledWith(true));

  // Another tab applied the update: the new version is active and controls this tab as well.
  registration.waiting = null;
  registration.active = newWorker;
  container.controller = newWorker;
  container.dispatchEvent(new Event('controllerchange'));
  expect(reload).not.toHaveBeenCalled();

  // This tab's banner still offers the update; the reader takes it.
  applyUpdate();
  await new Promise((r) => setTimeout(r, 50));
  expect(reload).toHaveBeenCalled();
});

it('registers nothing again once the library is erased (a first install that failed would download it all again)', async () => {
  vi.resetModules();
  const registration = { installing: null, waiting: null, active: null, addEventListener: vi.fn() };
  const container = new EventTarget() as EventTarget & Record<string, unknown>;
  container.controller = null;
  container.register = vi.fn(async () => registration);
  vi.stubGlobal('navigator', { serviceWorker: container });
  vi.stubGlobal('location', { protocol: 'https:' });
  vi.stubGlobal('document', { readyState: 'complete' });
  const online: (() => void)[] = [];
  vi.stubGlobal('addEventListener', (type: string, fn: () => void) => type === 'online' && online.push(fn));
  vi.stubGlobal('removeEventListener', vi.fn());
  const { registerServiceWorker } = await import('./pwa');
  const { deleteDatabase } = await import('../storage/db');
  registerServiceWorker();
  // The install failed at once (the connection broke): a retry waits for the connection to come back.
  await vi.waitFor(() => expect(online).toHaveLength(1));
  expect(container.register).toHaveBeenCalledTimes(1);
  void deleteDatabase().catch(() => undefined);
  online[0]!();
  expect(container.register).toHaveBeenCalledTimes(1);
});

it('offers the reload when another tab’s update takes this one over unseen, and not on a first install taking control', async () => {
  for (const controlled of [true, false]) {
    vi.resetModules();
    const registration = { installing: null, waiting: null, active: {}, addEventListener: vi.fn() };
    const container = new EventTarget() as EventTarget & Record<string, unknown>;
    container.controller = controlled ? {} : null;
    container.register = vi.fn(async () => registration);
    vi.stubGlobal('navigator', { serviceWorker: container });
    vi.stubGlobal('location', { protocol: 'https:', reload: vi.fn() });
    vi.stubGlobal('document', { readyState: 'complete' });
    vi.stubGlobal('addEventListener', vi.fn());
    const { onNeedRefresh, registerServiceWorker } = await import('./pwa');
    registerServiceWorker();
    await vi.waitFor(() => expect(container.register).toHaveBeenCalled());
    const banner = vi.fn();
    onNeedRefresh(banner);
    // No waiting version was ever seen here: the update was installed and applied from another tab. (A first install
    // takes control while it activates: whether it is this page's version is asked once it is activated.)
    vi.stubGlobal('document', { readyState: 'complete', querySelector: () => null });
    container.controller = { state: controlled ? 'activated' : 'activating', addEventListener: vi.fn() };
    container.dispatchEvent(new Event('controllerchange'));
    expect(banner.mock.calls, controlled ? 'an update took over' : 'a first install took control').toEqual(controlled ? [[true]] : []);
  }
});

// A host that serves sw.js with a wrong content type (text/plain): the browser refuses the registration for good (a
// SecurityError, not the TypeError of a script that did not arrive). The sync waited for control up to two minutes,
// then for ever, and the page said "Saving…" with nothing left to save.
it('tells a registration refused for good at once (no wait for control, no retry), and retries one that did not arrive', async () => {
  for (const error of [
    new DOMException('The script has an unsupported MIME type (’text/plain’).', 'SecurityError'),
    new TypeError('offline'),
  ]) {
    vi.resetModules();
    const container = new EventTarget() as EventTarget & Record<string, unknown>;
    container.controller = null;
    container.register = vi.fn(() => Promise.reject(error));
    vi.stubGlobal('navigator', { serviceWorker: container });
    vi.stubGlobal('location', { protocol: 'https:' });
    vi.stubGlobal('document', { readyState: 'complete' });
    const online: (() => void)[] = [];
    vi.stubGlobal('addEventListener', (type: string, fn: () => void) => type === 'online' && online.push(fn));
    vi.stubGlobal('removeEventListener', vi.fn());
    const { isRefused, registerServiceWorker, whenControlled } = await import('./pwa');
    registerServiceWorker();
    const control = whenControlled(60_000);
    await vi.waitFor(() => expect(container.register).toHaveBeenCalled());
    const outcome = await Promise.race([control, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    if (error instanceof TypeError) {
      expect(outcome, 'a script that did not arrive may still arrive').toBe('still waiting');
      expect(isRefused()).toBe(false);
      expect(online, 'tried again when the connection comes back').toHaveLength(1);
    } else {
      expect(outcome, 'the wait for control ends at once').toBe(false);
      expect(isRefused()).toBe(true);
      expect(online, 'not tried again').toHaveLength(0);
      expect(await whenControlled(60_000)).toBe(false);
    }
  }
});

it('reloads on "Update" where there is no service worker (a newer version in another tab took the storage over)', async () => {
  vi.resetModules();
  const reload = vi.fn();
  vi.stubGlobal('navigator', {});
  vi.stubGlobal('location', { protocol: 'http:', reload });
  const { applyUpdate } = await import('./pwa');
  applyUpdate();
  await new Promise((r) => setTimeout(r, 10));
  expect(reload).toHaveBeenCalledTimes(1);
});
