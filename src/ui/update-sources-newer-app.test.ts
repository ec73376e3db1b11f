// @vitest-environment node
// (node, with jsdom set up below, as update-experience.test.ts does: `virtual:site-config` cannot be resolved in jsdom.)
/**
 * What Settings says when a mirror offers a newer edition in a format made after this version of the app: that a newer
 * app is needed and how to get one, in English and Persian, in the outcome line and beside the address (not "refused:
 * altered or damaged files", nor "offered nothing this app can trust").
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { makeI18n } from './i18n';
import { settingsText } from './i18n-settings';
import type { CheckRecord } from '../storage/update-store';
import { builtinEnvironments } from 'vitest/environments';

await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p' } } }));
const MIRROR = 'https://mirror.example/';
const store = vi.hoisted(() => ({ last: undefined as CheckRecord | undefined }));
vi.mock('../storage/update-store', async (original) => ({
  ...(await original<typeof import('../storage/update-store')>()),
  getLastCheck: async () => store.last,
  getLibraryEdition: async () => ({ publisherId: 'p', edition: 7, created: '2025-05-31T10:00:00Z' }),
  getMirrors: async () => ({ publisherId: 'p', edition: 7, mirrors: ['https://mirror.example/'] }),
}));
const outcome = vi.hoisted(() => ({ value: undefined as unknown as CheckRecord['outcome'] }));
vi.mock('../platform/update-check', () => ({
  // The check as the app records it when the mirror's edition file needs a newer app: not blamed, resting a day.
  checkForUpdates: async () => {
    const at = Date.now();
    store.last = {
      at,
      outcome: outcome.value,
      results: [
        { url: 'http://localhost/', status: 'no-answer' },
        { url: MIRROR, status: 'newer-app', edition: 8, refusedAt: at },
      ],
      resting: { [MIRROR]: { at, status: 'newer-app', formats: '2.1' } },
    };
    return store.last;
  },
}));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => act(() => render(null, root)));

/** Settings after a check that ended with `o`, in `i`'s language: its status line and what the mirror's row says. */
async function settingsAfter(o: CheckRecord['outcome'], i: ReturnType<typeof makeI18n>) {
  outcome.value = o;
  const { checkNow } = await import('./use-updates');
  await act(() => checkNow());
  const { I18nContext } = await import('./i18n');
  const { UpdateSources } = await import('./UpdateSources');
  act(() => render(h(I18nContext.Provider, { value: i }, h(UpdateSources, {})), root));
  for (let k = 0; k < 10; k++) await act(async () => await Promise.resolve());
  const row = [...root.querySelectorAll('li')].find((li) => li.textContent?.includes(MIRROR));
  return { status: root.querySelector('[role="status"]')?.textContent ?? '', row: row?.textContent ?? '' };
}

describe('a mirror’s newer edition that needs a newer version of the app', () => {
  for (const lang of ['en', 'fa'] as const) {
    const i = makeI18n(lang);
    const t = settingsText(i);

    it(`says a newer app is needed and how to get it, beside the address too, in ${lang}`, async () => {
      const { status, row } = await settingsAfter({ kind: 'newer-app' }, i);
      expect(status).toBe(t.checkNewerApp);
      // A newer version of the app; its own address; a file that opens in any browser.
      expect(status).toMatch(
        lang === 'fa'
          ? /نسخهٔ تازه‌تری از برنامه[\s\S]*نشانیِ خودِ برنامه[\s\S]*فایل/
          : /newer version of the app[\s\S]*own address[\s\S]*file/,
      );
      expect(row).toContain(t.addressStatus['newer-app']);
      expect(row).toContain(t.addressRestingNewerApp);
      for (const blame of [t.addressStatus.tampered, t.addressResting]) expect(row).not.toContain(blame);
    });

    it(`says it beside the pictures that came, in ${lang}`, async () => {
      const { status } = await settingsAfter({ kind: 'pictures', from: 1, done: 4, total: 4, newer: 'newer-app' }, i);
      expect(status).toBe(`${t.checkPicturesDone(t.ordinal(2), i.n(4))} ${t.checkNewerAppToo}`);
    });
  }
});
