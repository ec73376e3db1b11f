// @vitest-environment jsdom
/** Sharing as a file: the status line says whether the file went to the share sheet or was downloaded. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import type { Exporter } from './use-export';

const way = vi.hoisted(() => ({ taken: 'shared' as 'shared' | 'saved' | DOMException, leftOut: { unverified: 0, gone: 0 } }));
vi.mock('../platform/deferred', () => ({
  exportArticles: async () => ({
    blob: new Blob(['x']),
    fileName: 'open-shelf-2025-03-21-1-article.html',
    count: 1,
    leftOut: way.leftOut,
    picturesLeftOut: 0,
  }),
  picturesLeftOutNote: () => '',
}));
vi.mock('../platform/files', () => ({
  shareOrSave: async () => {
    if (typeof way.taken !== 'string') throw way.taken;
    return way.taken;
  },
}));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  way.leftOut = { unverified: 0, gone: 0 };
});

/** The message after one export, in `lang`. */
async function exportOnce(lang: 'en' | 'fa'): Promise<string | undefined> {
  const { useExport } = await import('./use-export');
  let exporter: Exporter | undefined;
  function Probe() {
    exporter = useExport();
    return null;
  }
  act(() => render(h(I18nContext.Provider, { value: makeI18n(lang) }, h(Probe, null)), root));
  await act(() => exporter!.run([]));
  return exporter!.message;
}

describe('useExport', () => {
  it('says "Shared" when the file went to another app through the share sheet, "Saved" when it was downloaded', async () => {
    way.taken = 'shared';
    // The file's name isolated (U+2068…U+2069): a Latin name inside a Persian sentence keeps its order, and the sentence its own.
    expect(await exportOnce('en')).toBe('Shared “\u2068open-shelf-2025-03-21-1-article.html\u2069”.');
    expect(await exportOnce('fa')).toBe('«\u2068open-shelf-2025-03-21-1-article.html\u2069» هم‌رسانی شد.');
    way.taken = 'saved';
    expect(await exportOnce('en')).toBe('Saved “\u2068open-shelf-2025-03-21-1-article.html\u2069”.');
    expect(await exportOnce('fa')).toBe('«\u2068open-shelf-2025-03-21-1-article.html\u2069» ذخیره شد.');
  });

  it('says why articles were left out, each reason its own sentence: unverified, or gone since the list was read', async () => {
    way.taken = 'saved';
    way.leftOut = { unverified: 1, gone: 2 };
    const en = makeI18n('en').t;
    expect(await exportOnce('en')).toBe(
      `Saved “\u2068open-shelf-2025-03-21-1-article.html\u2069”. ${en.exportLeftOut('1')} ${en.exportGone('2')}`,
    );
    expect(en.exportGone('2')).not.toMatch(/unverified/);
    way.leftOut = { unverified: 0, gone: 1 };
    expect(await exportOnce('fa')).toBe(`«\u2068open-shelf-2025-03-21-1-article.html\u2069» ذخیره شد. ${makeI18n('fa').t.exportGone('۱')}`);
  });

  it('says nothing when the reader closed the share sheet', async () => {
    way.taken = new DOMException('Share canceled', 'AbortError');
    expect(await exportOnce('en')).toBeUndefined();
  });
});
