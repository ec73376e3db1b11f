// @vitest-environment node
// (node, with jsdom set up below: in vitest's jsdom environment the build-only `virtual:site-config` that Settings
// imports cannot be resolved, even mocked; see remove-unverified.test.ts.)
/**
 * Settings' storage section, in both languages: the room the browser counts is the whole app's (articles, pictures, its
 * offline copy), and "Ask to protect the library" says what the browser answered. Before, a refusal (Chrome refuses most
 * sites not installed) left the page as it was, with nothing said.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { makeI18n } from './i18n';
import { settingsText } from './i18n-settings';
import { builtinEnvironments } from 'vitest/environments';

await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p', name: 'P' }, fingerprint: 'AB12', devKey: false } }));
// Settings' other parts, each tested on its own.
vi.mock('./UpdateSources', () => ({ UpdateSources: () => null }));
vi.mock('./HandOn', () => ({ HandOn: () => null }));
vi.mock('./DataSaverSetting', () => ({ DataSaverSetting: () => null }));
vi.mock('./InstallButtons', () => ({ InstallButtons: () => null }));
vi.mock('./ImportButton', () => ({ ImportButton: () => null }));
vi.mock('../platform/erase', () => ({ eraseEverything: vi.fn() }));
vi.mock('../platform/import-client', () => ({ removeUnverifiedInWorker: vi.fn() }));
/** What the browser says: the room taken and allowed, whether it keeps the library, and its answer to "protect it". */
const browser = vi.hoisted(() => ({ persisted: false, grants: false, asked: 0 }));
vi.mock('../platform/storage-info', () => ({
  estimateStorage: async () => ({ usage: 12_300_000, quota: 212_300_000, persisted: browser.persisted }),
  requestPersistence: async () => {
    browser.asked++;
    // A browser answers in a later task, not at once.
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Granted: the browser keeps it from now on.
    if (browser.grants) browser.persisted = true;
    return browser.grants;
  },
}));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  Object.assign(browser, { persisted: false, grants: false, asked: 0 });
});

const section = () => root.querySelector('section[aria-labelledby="s-storage"]')!;
const said = () => section().querySelector('[role="status"]')?.textContent;
const flush = async () => {
  for (let k = 0; k < 10; k++) await act(async () => await Promise.resolve());
};
/** Waits for the browser's answer, and for the page to show it. */
const answered = async () => {
  await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
  await flush();
};

describe.each(['en', 'fa'] as const)('Settings: storage (%s)', (lang) => {
  const i = makeI18n(lang);
  const t = settingsText(i);

  async function mount() {
    const { I18nContext } = await import('./i18n');
    const { SettingsView } = await import('./SettingsView');
    act(() =>
      render(
        h(
          I18nContext.Provider,
          { value: i },
          h(SettingsView, {
            settings: {},
            update: () => undefined,
            importer: { busy: false, importFiles: async () => undefined, run: async () => undefined },
            library: { articles: [], reload: async () => undefined },
          } as never),
        ),
        root,
      ),
    );
    await flush();
  }
  const protect = () => [...section().querySelectorAll('button')].find((b) => b.textContent === t.storageProtect);

  it('says the room counted is the whole app’s, not the library’s alone', async () => {
    await mount();
    const { formatSize } = await import('./i18n-saver');
    expect(section().textContent).toContain(t.storageUse(formatSize(i, 12_300_000), formatSize(i, 200_000_000)));
    // The estimate is the whole origin's (the app's offline copy and caches too): "The library uses" overstated it.
    expect(t.storageUse('12.3 MB', '200 MB')).toMatch(lang === 'en' ? /^This app takes 12\.3 MB on this device/ : /^این برنامه 12\.3 MB/);
  });

  it('says so, where it is announced, when the browser refuses to protect the library; and again on a second refusal', async () => {
    await mount();
    expect(said()).toBe('');
    await act(async () => protect()!.click());
    await answered();
    expect(browser.asked).toBe(1);
    expect(said()).toBe(t.storageRefused);
    expect(t.storageRefused).toMatch(lang === 'en' ? /^The browser did not agree/ : /^مرورگر نپذیرفت/);
    // Nothing changed: still unprotected, and it can be asked again (once installed, say).
    expect(section().textContent).toContain(t.storageNotPersistent);
    // Asked again: the line is emptied while the browser answers, so the same refusal is announced again.
    await act(async () => protect()!.click());
    expect(browser.asked).toBe(2);
    expect(said()).toBe('');
    await answered();
    expect(said()).toBe(t.storageRefused);
  });

  it('says so when the browser agrees, and the section shows the library protected', async () => {
    browser.grants = true;
    await mount();
    protect()!.focus();
    await act(async () => protect()!.click());
    await answered();
    expect(said()).toBe(t.storageGranted);
    // The button it was on is gone: the focus is on the answer, not back at the page's start.
    expect(document.activeElement?.getAttribute('role')).toBe('status');
    expect(t.storageGranted).toMatch(lang === 'en' ? /^The browser agreed/ : /^مرورگر پذیرفت/);
    expect(section().textContent).toContain(t.storagePersistent);
    expect(protect()).toBeUndefined();
  });
});
