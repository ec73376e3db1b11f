// @vitest-environment node
// (node, with jsdom set up below: in vitest's jsdom environment the build-only `virtual:site-config` that Settings
// imports cannot be resolved, even mocked.)
/**
 * Settings' "Remove unverified articles", in both languages: shown only while the library holds unverified articles (how
 * many, in the interface's digits), asked first, busy while the worker removes them, then how many went, or why not.
 * Before it, a hostile file imported anyway could be taken off the device only by erasing everything.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { makeI18n, type I18n } from './i18n';
import { settingsText } from './i18n-settings';
import type { ArticleRecord } from '../storage/db';
import type { Failure } from '../core/errors';
import { builtinEnvironments } from 'vitest/environments';

await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p', name: 'P' }, fingerprint: 'AB12', devKey: false } }));
// Settings' other parts, each tested on its own.
vi.mock('./UpdateSources', () => ({ UpdateSources: () => null }));
vi.mock('./HandOn', () => ({ HandOn: () => null }));
vi.mock('./DataSaverSetting', () => ({ DataSaverSetting: () => null }));
vi.mock('./InstallButtons', () => ({ InstallButtons: () => null }));
vi.mock('./ImportButton', () => ({ ImportButton: () => null }));
vi.mock('../platform/storage-info', () => ({ estimateStorage: async () => ({}), requestPersistence: async () => true }));
vi.mock('../platform/erase', () => ({ eraseEverything: vi.fn() }));
const worker = vi.hoisted(() => ({ remove: vi.fn<() => Promise<number>>() }));
vi.mock('../platform/import-client', () => ({ removeUnverifiedInWorker: worker.remove }));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  worker.remove.mockReset();
});

const row = (id: string, trust: ArticleRecord['trust']) => ({ publisherId: 'p', id, trust }) as ArticleRecord;
const library = [row('a', 'verified'), row('b', 'unverified'), row('c', 'verified'), row('d', 'unverified'), row('e', 'unverified')];

/** Settings over a library of these rows; its reload reads the rows `next` gives (the library after the write). */
async function mount(i: I18n, rows: ArticleRecord[], next: () => ArticleRecord[] = () => rows) {
  const { I18nContext } = await import('./i18n');
  const { SettingsView } = await import('./SettingsView');
  const reload = vi.fn();
  function Harness() {
    const [articles, setArticles] = useState(rows);
    reload.mockImplementation(async () => setArticles(next()));
    return h(SettingsView, {
      settings: {},
      update: () => undefined,
      importer: { busy: false, importFiles: async () => undefined, run: async () => undefined },
      library: { articles, reload },
    });
  }
  act(() => render(h(I18nContext.Provider, { value: i }, h(Harness, null)), root));
  return reload;
}

const buttons = () => [...root.querySelectorAll('button')];
const button = (name: string) => buttons().find((b) => b.textContent === name);
const section = () => root.querySelector('section[aria-labelledby="s-unverified"]');
const said = () => section()?.querySelector('[role="status"]')?.textContent;
const flush = async () => {
  for (let k = 0; k < 10; k++) await act(async () => await Promise.resolve());
};

describe.each([
  ['en', '3', '3 unverified articles'],
  ['fa', '۳', '۳ مقالهٔ تأییدنشده'],
] as const)('Remove unverified articles (%s)', (lang, three, counted) => {
  const i = makeI18n(lang);
  const t = settingsText(i);

  it('is shown only while the library holds unverified articles', async () => {
    const reload = await mount(i, [row('a', 'verified')], () => library);
    expect(root.textContent).toContain(t.eraseTitle);
    expect(section()).toBeNull();
    expect(button(t.unverifiedButton)).toBeUndefined();
    // A file imported anyway meanwhile (the app reads the library again after each import).
    await act(() => reload());
    expect(section()!.textContent).toContain(t.unverifiedHeld(three));
    expect(button(t.unverifiedButton)).toBeDefined();
  });

  it('says how many, asks first, shows the work, then how many went; the library is read again', async () => {
    let finish!: (n: number) => void;
    worker.remove.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const reload = await mount(i, library, () => library.filter((r) => r.trust === 'verified'));
    expect(section()!.querySelector('h2')!.textContent).toBe(t.unverifiedTitle);
    expect(section()!.textContent).toContain(t.unverifiedHeld(three));
    expect(t.unverifiedHeld(three)).toContain(counted);
    // Nothing is removed on the first tap: the question comes, and Cancel leaves everything as it was.
    act(() => button(t.unverifiedButton)!.click());
    expect(worker.remove).not.toHaveBeenCalled();
    expect(section()!.textContent).toContain(t.unverifiedConfirm(three));
    expect(t.unverifiedConfirm(three)).toContain(counted);
    act(() => button(t.cancel)!.click());
    expect(section()!.textContent).not.toContain(t.unverifiedConfirm(three));
    act(() => button(t.unverifiedButton)!.click());
    await act(async () => button(t.unverifiedYes)!.click());
    expect(worker.remove).toHaveBeenCalledTimes(1);
    // Busy: said, and no second removal can be asked meanwhile.
    expect(said()).toBe(t.unverifiedRemoving);
    expect(button(t.unverifiedButton)).toBeUndefined();
    expect(button(t.unverifiedYes)).toBeUndefined();
    finish(3);
    await flush();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(said()).toBe(t.unverifiedRemoved(three));
    expect(t.unverifiedRemoved(three)).toContain(counted);
    // The library read again holds none: the count and the button go, the result stays.
    expect(section()!.textContent).not.toContain(t.unverifiedHeld(three));
    expect(button(t.unverifiedButton)).toBeUndefined();
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('says so when the removal fails, and offers it again (nothing was removed)', async () => {
    worker.remove.mockRejectedValue({ code: 'unexpected', message: 'The import worker stopped.' } satisfies Failure);
    const reload = await mount(i, library);
    act(() => button(t.unverifiedButton)!.click());
    await act(async () => button(t.unverifiedYes)!.click());
    await flush();
    expect(section()!.querySelector('[role="alert"]')!.textContent).toBe(t.unverifiedFailed);
    expect(reload).not.toHaveBeenCalled();
    expect(said()).toBe('');
    expect(section()!.textContent).toContain(t.unverifiedHeld(three));
    expect(button(t.unverifiedButton)).toBeDefined();
  });

  it('says the numbers in the interface’s digits', () => {
    const all = [t.unverifiedHeld(i.n(1234)), t.unverifiedConfirm(i.n(1234)), t.unverifiedRemoved(i.n(1234))].join(' ');
    if (lang === 'fa') {
      expect(all).not.toMatch(/[0-9]/);
      expect(all).toContain('۱۲۳۴');
    } else expect(all).toContain('1234');
  });
});
