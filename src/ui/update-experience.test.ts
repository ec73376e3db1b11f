// @vitest-environment node
// (node, with jsdom set up below: in vitest's jsdom environment the build-only `virtual:site-config` that use-updates
// imports cannot be resolved, even mocked.)
/**
 * The update experience: the automatic checks, the "new articles" banner and what Settings says, with the storage and
 * the mirror check stubbed (the real use-updates, use-update, UpdateBanner, UpdateSources and pwa).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { makeI18n } from './i18n';
import { settingsText } from './i18n-settings';
import { describeFailure } from './errors';
import type { CheckRecord } from '../storage/update-store';
import type { CheckProgress } from '../platform/update-check';
import { builtinEnvironments } from 'vitest/environments';

await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p' } } }));

const store = vi.hoisted(() => ({ last: undefined as CheckRecord | undefined }));
vi.mock('../storage/update-store', async (original) => ({
  ...(await original<typeof import('../storage/update-store')>()),
  getLastCheck: async () => store.last,
  getLibraryEdition: async () => ({ publisherId: 'p', edition: 7, created: '2025-05-31T10:00:00Z' }),
  getMirrors: async () => ({ publisherId: 'p', edition: 7, mirrors: ['https://mirror.example/'] }),
}));

const check = vi.hoisted(() => ({ run: undefined as unknown as (p: (x: CheckProgress) => void) => Promise<CheckRecord> }));
const checkForUpdates = vi.hoisted(() => vi.fn((onProgress: (p: CheckProgress) => void) => check.run(onProgress)));
vi.mock('../platform/update-check', () => ({ checkForUpdates }));

/** A check that finishes at once with this outcome, stored as the real one is (`at` is the device's clock). */
const finishing = (outcome: CheckRecord['outcome'], status: 'current' | 'no-answer' = 'current') => {
  check.run = async () => {
    const at = Date.now();
    const answered = status === 'current';
    store.last = { at, outcome, results: [{ url: 'https://p.example/', status }], lastSuccess: answered ? at : store.last?.lastSuccess };
    return store.last;
  };
};

const root = document.createElement('div');
document.body.append(root);
const en = makeI18n('en');
const fa = makeI18n('fa');
/** Rendered in `i`'s language (the context of the i18n module loaded after vi.resetModules, as the components use it). */
const mount = async (node: ReturnType<typeof h>, i = en) => {
  const { I18nContext } = await import('./i18n');
  act(() => render(h(I18nContext.Provider, { value: i }, node), root));
};
const flush = async () => {
  for (let k = 0; k < 10; k++) await act(async () => await Promise.resolve());
};

/** A service worker container whose registration has `waiting` (a new version of the app) and can be asked to update. */
function stubServiceWorker(waiting: boolean) {
  const waitingWorker = { state: 'installed', postMessage: vi.fn(), addEventListener: vi.fn() };
  const registration = {
    installing: null,
    waiting: waiting ? waitingWorker : null,
    active: { state: 'activated', postMessage: vi.fn(), addEventListener: vi.fn() },
    addEventListener: vi.fn(),
    update: vi.fn(async () => undefined),
  };
  const container = new EventTarget() as EventTarget & Record<string, unknown>;
  container.controller = registration.active;
  container.register = vi.fn(async () => registration);
  container.getRegistration = vi.fn(async () => registration);
  Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
  return { registration, waitingWorker };
}

beforeEach(() => {
  vi.resetModules();
  store.last = undefined;
  checkForUpdates.mockClear();
  document.documentElement.dataset.offlineReady = 'true';
});
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete (navigator as unknown as Record<string, unknown>).serviceWorker;
  delete (navigator as unknown as Record<string, unknown>).onLine;
});

/** The app's automatic update checks, running as in the app. */
async function mountChecks() {
  const { useUpdateChecks } = await import('./use-updates');
  const reload = async () => undefined;
  function Checks() {
    useUpdateChecks(reload);
    return null;
  }
  await mount(h(Checks, {}));
  await flush();
}

describe('automatic checks with a phone clock that was wrong', () => {
  it('checks again when the reader comes online after the clock was corrected backwards (a check made while it was ahead)', async () => {
    // The phone's clock is five years ahead at the first check of the session.
    vi.useFakeTimers({ now: Date.parse('2031-06-01T00:00:00Z') });
    finishing({ kind: 'current' });
    await mountChecks();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
    // The network sets the clock right. The app stays open for five hours, offline then online again (a short window).
    vi.setSystemTime(Date.parse('2026-06-01T00:00:00Z'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5 * 3600_000);
      dispatchEvent(new Event('online'));
    });
    await flush();
    // Before the fix: `Date.now() - check.at` was negative until 2031, so no automatic check came while the app was open.
    expect(checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('checks when the reader comes back to an app left open on a phone that slept (whose session clock stopped)', async () => {
    // performance.now is left real: on Android, iOS, macOS and Linux it does not advance while the device sleeps.
    vi.useFakeTimers({
      now: Date.parse('2026-06-01T22:00:00Z'),
      toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    finishing({ kind: 'current' });
    await mountChecks();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
    // A night asleep: the wall clock moves on eight hours, the session's clock a few milliseconds; no timer ran.
    vi.setSystemTime(Date.parse('2026-06-02T06:00:00Z'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    await act(async () => void document.dispatchEvent(new Event('visibilitychange')));
    await flush();
    // Before the fix: measured by the session's clock alone, the check made at 22:00 was a few milliseconds old.
    expect(checkForUpdates).toHaveBeenCalledTimes(2);
    delete (document as unknown as Record<string, unknown>).visibilityState;
  });

  it('checks when the reader comes online in a session that began offline, after a check stored while the clock was ahead', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T00:00:00Z') });
    store.last = { at: Date.parse('2031-06-01T00:00:00Z'), outcome: { kind: 'current' }, results: [] };
    finishing({ kind: 'current' });
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    await mountChecks();
    expect(checkForUpdates).not.toHaveBeenCalled();
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    await act(async () => void dispatchEvent(new Event('online')));
    await flush();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
  });
});

describe('automatic checks after a first visit cut short', () => {
  it('start when the built-in library’s download stopped half-way, not only once it is offline-ready', async () => {
    delete document.documentElement.dataset.offlineReady;
    finishing({ kind: 'current' });
    try {
      await mountChecks();
      expect(checkForUpdates).not.toHaveBeenCalled();
      // library-sync marks the page when the first visit's download stops (the app's address blocked, say).
      document.documentElement.dataset.syncStopped = 'true';
      await flush();
      // Before the fix only offline-ready started them: a library left part-stored never asked its mirrors.
      expect(checkForUpdates).toHaveBeenCalledTimes(1);
      // Offline-ready later starts no second one.
      document.documentElement.dataset.offlineReady = 'true';
      await flush();
      expect(checkForUpdates).toHaveBeenCalledTimes(1);
    } finally {
      delete document.documentElement.dataset.syncStopped;
    }
  });
});

/** The app's service worker registered, as at start-up once the page has loaded. */
async function registerWorker() {
  const { registerServiceWorker } = await import('../platform/pwa');
  registerServiceWorker();
  dispatchEvent(new Event('load'));
  await flush();
}

/** The update banner, as the app shows it. */
async function mountBanner() {
  const { useUpdate } = await import('./use-update');
  const { UpdateBanner } = await import('./UpdateBanner');
  function Frame() {
    return h(UpdateBanner, { update: useUpdate() });
  }
  await mount(h(Frame, {}));
  await flush();
}

describe('a new edition on the app’s own address', () => {
  /** A check that finds a new edition on the app's own address, with the app's next version `waiting` or not. */
  async function checkFindsOwnEdition(waiting: boolean) {
    const { registration } = stubServiceWorker(waiting);
    await registerWorker();
    finishing({ kind: 'own' });
    const { checkNow } = await import('./use-updates');
    await act(() => checkNow());
    await flush();
    return registration;
  }

  it('asks the browser for the app’s update when a check finds one (“it comes with the app’s next update”)', async () => {
    const registration = await checkFindsOwnEdition(false);
    // Before the fix nothing asked: in an app kept open (resumed from the background, no navigation) the new version, and
    // with it the new articles, came only at the next start. The Settings line promises the update will ask the reader.
    expect(registration.update).toHaveBeenCalled();
  });

  it('does not download the app again when its new version already waits', async () => {
    const registration = await checkFindsOwnEdition(true);
    expect(registration.update).not.toHaveBeenCalled();
  });
});

/** Presses the banner's Reload, which says it is held back (aria-disabled keeps it pressable: what holds it is `apply`). */
async function expectReloadHeld(waitingWorker: { postMessage: unknown }): Promise<void> {
  const show = [...root.querySelectorAll('button')].find((b) => b.textContent === settingsText(en).updateReload);
  expect(show?.getAttribute('aria-disabled')).toBe('true');
  act(() => show!.click());
  await flush();
  expect(waitingWorker.postMessage).not.toHaveBeenCalled();
  expect(root.textContent, 'the banner says why').toContain(settingsText(en).updateAfterSave);
}

describe('“Update now” while a new edition downloads from a mirror', () => {
  it('does not reload the page (and throw the half-downloaded edition away) while a mirror download runs', async () => {
    const { waitingWorker } = stubServiceWorker(true);
    const reload = vi.fn();
    vi.stubGlobal('location', { protocol: 'http:', hash: '#/article/a1', href: 'http://localhost/#/article/a1', reload });
    await registerWorker();
    // A mirror download that has 1 of 5 packs (the edition is stored only once every pack is in memory).
    check.run = (onProgress) => {
      onProgress({ stage: 'downloading', done: 1, total: 5, address: 1 });
      return new Promise(() => undefined);
    };
    const { checkNow } = await import('./use-updates');
    void checkNow();
    await flush();
    await mountBanner();
    // Before the fix: the banner's button sent SKIP_WAITING at once; the page reloaded on controllerchange and the mirror
    // download (all in memory until every pack is there) was lost.
    await expectReloadHeld(waitingWorker);
    expect(reload).not.toHaveBeenCalled();
  });

  it('does not reload the page while a file is being made, or waits for the tap that shares it', async () => {
    const { waitingWorker } = stubServiceWorker(true);
    const reload = vi.fn();
    vi.stubGlobal('location', { protocol: 'http:', hash: '#/article/a1', href: 'http://localhost/#/article/a1', reload });
    await registerWorker();
    const { articleExport, libraryExport } = await import('./use-export');
    for (const job of [libraryExport, articleExport]) {
      act(() => job.state.set({ busy: true, message: 'Making the file…' }));
      await mountBanner();
      // Before: the reload went ahead, and the file (or the library's, made for minutes) was gone with no word.
      await expectReloadHeld(waitingWorker);
      act(() => job.state.set({ busy: false }));
      await flush();
      expect(root.textContent).not.toContain(settingsText(en).updateAfterSave);
    }
    act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === settingsText(en).updateReload)!.click());
    await flush();
    expect(waitingWorker.postMessage).toHaveBeenCalledWith({ type: 'SKIP_WAITING' });
  });

  it('does not hold the update back while a check only asks the addresses (a reload loses nothing then)', async () => {
    const { waitingWorker } = stubServiceWorker(true);
    vi.stubGlobal('location', { protocol: 'http:', hash: '#/', href: 'http://localhost/#/', reload: vi.fn() });
    await registerWorker();
    check.run = (onProgress) => {
      onProgress({ stage: 'asking', done: 1, total: 3 });
      return new Promise(() => undefined);
    };
    const { checkNow } = await import('./use-updates');
    void checkNow();
    await mountBanner();
    const show = [...root.querySelectorAll('button')].find((b) => b.textContent === settingsText(en).updateReload);
    expect(show?.getAttribute('aria-disabled')).not.toBe('true');
    act(() => show?.click());
    await flush();
    expect(waitingWorker.postMessage).toHaveBeenCalledWith({ type: 'SKIP_WAITING' });
  });

  it('shows them when the reader asks again once the download has ended', async () => {
    const { waitingWorker } = stubServiceWorker(true);
    vi.stubGlobal('location', { protocol: 'http:', hash: '#/article/a1', href: 'http://localhost/#/article/a1', reload: vi.fn() });
    await registerWorker();
    let done = (): void => undefined;
    check.run = (onProgress) => {
      onProgress({ stage: 'downloading', done: 1, total: 5, address: 1 });
      return new Promise((resolve) => {
        done = () => resolve((store.last = { at: Date.now(), outcome: { kind: 'current' }, results: [] }));
      });
    };
    const { checkNow } = await import('./use-updates');
    const checked = checkNow();
    await mountBanner();
    const show = () => [...root.querySelectorAll('button')].find((b) => b.textContent === settingsText(en).updateReload);
    expect(show()?.getAttribute('aria-disabled')).toBe('true');
    act(() => show()?.click());
    await flush();
    expect(waitingWorker.postMessage).not.toHaveBeenCalled();
    await act(async () => {
      done();
      await checked;
    });
    await flush();
    expect(root.textContent).not.toContain(settingsText(en).updateAfterSave);
    act(() => show()?.click());
    await flush();
    expect(waitingWorker.postMessage).toHaveBeenCalledWith({ type: 'SKIP_WAITING' });
  });
});

/** The status line Settings shows after a check that ended with `outcome`, its one address having answered `address`. */
async function statusAfter(outcome: CheckRecord['outcome'], i: typeof en, address?: 'current' | 'no-answer') {
  finishing(outcome, address);
  const { checkNow } = await import('./use-updates');
  await act(() => checkNow());
  const { UpdateSources } = await import('./UpdateSources');
  await mount(h(UpdateSources, {}), i);
  await flush();
  return root.querySelector('[role="status"]')?.textContent ?? '';
}

describe('what Settings says when no address answers, or none can be trusted', () => {
  for (const i of [en, fa]) {
    it(`tells the reader what else to do, in ${i.lang} (a file from someone who has a newer library)`, async () => {
      const status = await statusAfter({ kind: 'no-answer' }, i, 'no-answer');
      expect(status).toBe(settingsText(i).checkNoAnswer);
      // Before the fix: "No address answered. The library is unchanged; the app will try again later." Nothing about a file.
      expect(status).toMatch(i.lang === 'fa' ? /فایل/ : /\bfile\b/);
    });

    it(`tells the reader what else to do when the answers could not be trusted, in ${i.lang}`, async () => {
      const status = await statusAfter({ kind: 'refused' }, i);
      expect(status).toBe(settingsText(i).checkRefused);
      expect(status).toMatch(i.lang === 'fa' ? /فایل/ : /\bfile\b/);
    });
  }
});

describe('what Settings says when a newer edition could not be brought, or stored', () => {
  for (const i of [en, fa]) {
    it(`says the device is full (not "Something went wrong"), in ${i.lang}`, async () => {
      const status = await statusAfter({ kind: 'failed', code: 'quota' }, i);
      // Before the fix a full device rejected the check: "Something went wrong", and the whole update came again.
      expect(status).toBe(describeFailure({ code: 'quota', message: '' }, i));
      expect(status).toMatch(i.lang === 'fa' ? /جای کافی/ : /not enough storage space/);
    });

    it(`says a newer edition was found but not brought (not "up to date"), in ${i.lang}`, async () => {
      const status = await statusAfter({ kind: 'not-brought' }, i);
      expect(status).toBe(settingsText(i).checkNotBrought);
      expect(status).not.toBe(settingsText(i).checkCurrent);
    });
  }

  it('says the new edition is coming while its edition file downloads (not "Asking the addresses")', async () => {
    check.run = (onProgress) => {
      onProgress({ stage: 'edition', address: 1 });
      return new Promise(() => undefined);
    };
    const { checkNow } = await import('./use-updates');
    void checkNow();
    const { UpdateSources } = await import('./UpdateSources');
    await mount(h(UpdateSources, {}));
    await flush();
    expect(root.querySelector('[role="status"]')?.textContent).toBe(settingsText(en).checkEdition);
  });
});

describe('what Settings says of the pictures a check brought for the edition held', () => {
  for (const i of [en, fa]) {
    it(`says every picture is on the device, or how many parts came and when the rest comes, in ${i.lang}`, async () => {
      const t = settingsText(i);
      const all = await statusAfter({ kind: 'pictures', from: 1, done: 12, total: 12 }, i, 'current');
      expect(all).toBe(t.checkPicturesDone(t.ordinal(2), i.n(12)));
      const part = await statusAfter({ kind: 'pictures', from: 1, done: 5, total: 12 }, i, 'current');
      expect(part).toBe(`${t.checkPicturesPart(t.ordinal(2), i.n(5), i.n(12))} ${t.checkPicturesRest}`);
      // Stopped by "Text now": the rest come as their articles open, not at the next check (which brings none then).
      const textNow = await statusAfter({ kind: 'pictures', from: 1, done: 5, total: 12, textNow: true }, i, 'current');
      expect(textNow).toBe(`${t.checkPicturesPart(t.ordinal(2), i.n(5), i.n(12))} ${t.checkPicturesTextNow}`);
      // Never "up to date", nor the sentence a check that reached no address ends with.
      for (const status of [all, part]) expect([t.checkCurrent, t.checkNoAnswer]).not.toContain(status);
    });

    it(`says why the pictures stopped when the device is full, and a newer edition not brought, in ${i.lang}`, async () => {
      const t = settingsText(i);
      const updated = await statusAfter({ kind: 'updated', from: 1, added: 3, updated: 0, stopped: 'quota' }, i, 'current');
      expect(updated).toBe(`${t.checkUpdated(t.ordinal(2), i.n(3), i.n(0))} ${t.checkPicturesFull}`);
      const part = await statusAfter(
        { kind: 'pictures', from: 1, done: 5, total: 12, stopped: 'quota', newer: 'not-brought' },
        i,
        'current',
      );
      expect(part).toBe(`${t.checkPicturesPart(t.ordinal(2), i.n(5), i.n(12))} ${t.checkPicturesFull} ${t.checkNewerNotBrought}`);
    });
  }
});
