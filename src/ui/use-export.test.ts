// @vitest-environment jsdom
/** Sharing as a file: the status line says whether the file went to the share sheet or was downloaded. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import { STRINGS } from './i18n-all';
import type { ExportJob, Exporter } from './use-export';

const way = vi.hoisted(() => ({
  /** 'ask': the share sheet needs another tap (shareOrSave asks for it). */
  taken: 'shared' as 'shared' | 'saved' | 'ask' | DOMException,
  leftOut: { unverified: 0, gone: 0 },
  /** Set: the export reports 40 of 1,000 articles done, then waits until it is stopped. */
  long: false,
  /** Set: the export fails with this. */
  fails: undefined as unknown,
}));
vi.mock('../platform/deferred', async () => ({
  importText: (await import('./i18n-import')).importText,
  exportArticles: async (_: unknown, opts: { onProgress?: (p: unknown) => void; signal?: AbortSignal }) => {
    if (way.fails) throw way.fails;
    if (way.long) {
      opts.onProgress?.({ articles: { done: 40, total: 1000 } });
      await new Promise((_, reject) =>
        opts.signal?.addEventListener('abort', () => reject(new DOMException('The export was stopped.', 'AbortError'))),
      );
    }
    return {
      blob: new Blob(['x']),
      fileName: 'open-shelf-2025-03-21-1-article.html',
      count: 1,
      leftOut: way.leftOut,
      picturesLeftOut: 0,
      picturesFetchable: 0,
    };
  },
  exportLimitNote: (lang: string, err: unknown) => (err === OVER_LIMIT ? `over the limit (${lang})` : undefined),
}));
/** The failure of an export whose file would be over an importer's limit. */
const OVER_LIMIT = vi.hoisted(() => new Error('limits'));
/** The storage's notice listeners (use-export follows them for the page's export jobs). */
const notices = vi.hoisted(() => new Set<(notice: string | undefined) => void>());
vi.mock('../storage/db', () => ({
  followStorageNotice: (listener: (notice: string | undefined) => void) => {
    notices.add(listener);
    listener(undefined);
    return () => notices.delete(listener);
  },
}));
vi.mock('../platform/files', () => ({
  shareOrSave: async (_blob: Blob, _name: string, askAgain?: () => Promise<'share' | 'save'>) => {
    if (way.taken === 'ask') return (await askAgain!()) === 'share' ? 'shared' : 'saved';
    if (typeof way.taken !== 'string') throw way.taken;
    return way.taken;
  },
}));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  way.leftOut = { unverified: 0, gone: 0 };
  way.long = false;
  way.fails = undefined;
});

/** Renders the hook in `lang` (on `job`, when given); returns the exporter as last rendered. */
async function mount(lang: 'en' | 'fa', job?: ExportJob): Promise<() => Exporter> {
  const { useExport } = await import('./use-export');
  let exporter: Exporter | undefined;
  function Probe() {
    exporter = useExport(job);
    return null;
  }
  act(() => render(h(I18nContext.Provider, { value: makeI18n(lang) }, h(Probe, null)), root));
  return () => exporter!;
}

/** The message after one export, in `lang`. */
async function exportOnce(lang: 'en' | 'fa'): Promise<string | undefined> {
  const exporter = await mount(lang);
  await act(() => exporter().run([]));
  return exporter().message;
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
    const en = STRINGS.en;
    expect(await exportOnce('en')).toBe(
      `Saved “\u2068open-shelf-2025-03-21-1-article.html\u2069”. ${en.exportLeftOut('1')} ${en.exportGone('2')}`,
    );
    expect(en.exportGone('2')).not.toMatch(/unverified/);
    way.leftOut = { unverified: 0, gone: 1 };
    expect(await exportOnce('fa')).toBe(`«\u2068open-shelf-2025-03-21-1-article.html\u2069» ذخیره شد. ${STRINGS.fa.exportGone('۱')}`);
  });

  it("says why a file over an importer's limit was not made, in the reader's language; any other failure generically", async () => {
    way.fails = OVER_LIMIT;
    expect(await exportOnce('en')).toBe('over the limit (en)');
    expect(await exportOnce('fa')).toBe('over the limit (fa)');
    way.fails = new Error('something else');
    expect(await exportOnce('en')).toBe(STRINGS.en.errorGeneric);
  });

  it('says nothing when the reader closed the share sheet', async () => {
    way.taken = new DOMException('Share canceled', 'AbortError');
    expect(await exportOnce('en')).toBeUndefined();
  });

  it('shows how far a long export is, and stops it when asked: no file, and the line says so', async () => {
    way.long = true;
    for (const lang of ['en', 'fa'] as const) {
      const exporter = await mount(lang);
      let done: Promise<void> | undefined;
      act(() => {
        done = exporter().run([]);
      });
      await vi.waitFor(() => expect(exporter().progress.get()).toBeDefined());
      expect(exporter().progress.get()).toEqual(
        lang === 'en'
          ? { done: 40, total: 1000, text: '40 of 1000 articles', stopLabel: 'Stop' }
          : { done: 40, total: 1000, text: '۴۰ از ۱۰۰۰ مقاله', stopLabel: 'توقف' },
      );
      expect(exporter().busy).toBe(true);
      await act(async () => {
        exporter().stop();
        await done;
      });
      expect(exporter().message).toBe(lang === 'en' ? 'Stopped. No file was made.' : 'متوقف شد. فایلی ساخته نشد.');
      expect(exporter().progress.get()).toBeUndefined();
      expect(exporter().busy).toBe(false);
      act(() => render(null, root));
    }
  });

  it('when the share sheet needs another tap, says the file is ready and offers to share it or save it', async () => {
    way.taken = 'ask';
    for (const [choice, said] of [
      ['share', 'Shared “\u2068open-shelf-2025-03-21-1-article.html\u2069”.'],
      ['save', 'Saved “\u2068open-shelf-2025-03-21-1-article.html\u2069”.'],
    ] as const) {
      const exporter = await mount('en');
      let done: Promise<void> | undefined;
      act(() => {
        done = exporter().run([]);
      });
      await vi.waitFor(() => expect(exporter().progress.get()).toMatchObject({ share: 'Share it', save: 'Save it on this device' }));
      expect(exporter().message).toBe('The file is ready.');
      await act(async () => {
        (exporter().progress.get() as { choose: (way: 'share' | 'save') => void }).choose(choice);
        await done;
      });
      expect(exporter().message).toBe(said);
      expect(exporter().progress.get()).toBeUndefined();
      act(() => render(null, root));
    }
  });

  it('outlives the view it was started in: another view on the same job shows its bar and Stop, and the share choice asked meanwhile', async () => {
    const { exportJob } = await import('./use-export');
    way.long = true;
    const job = exportJob();
    const first = await mount('en', job);
    let done: Promise<void> | undefined;
    act(() => {
      done = first().run([]);
    });
    await vi.waitFor(() => expect(first().progress.get()).toBeDefined());
    // The reader opens an article: the library view goes, the export goes on.
    act(() => render(null, root));
    const back = await mount('en', job);
    expect(back().busy).toBe(true);
    expect(back().message).toBe('Making the file…');
    expect(back().progress.get()).toMatchObject({ done: 40, total: 1000 });
    await act(async () => {
      back().stop();
      await done;
    });
    expect(back().message).toBe('Stopped. No file was made.');
    expect(back().busy).toBe(false);
    // Once read there, the line goes when that view goes.
    act(() => render(null, root));
    expect(job.state.get()).toEqual({ busy: false });

    // A file made while no view shows the job: the tap the share sheet needs is asked for on return, not lost.
    way.long = false;
    way.taken = 'ask';
    const started = await mount('en', job);
    act(() => {
      done = started().run([]);
    });
    act(() => render(null, root));
    await vi.waitFor(() => expect(job.progress.get()).toMatchObject({ share: 'Share it' }));
    const later = await mount('en', job);
    expect(later().message).toBe('The file is ready.');
    await act(async () => {
      (later().progress.get() as { choose: (way: 'share' | 'save') => void }).choose('save');
      await done;
    });
    expect(later().message).toBe('Saved “\u2068open-shelf-2025-03-21-1-article.html\u2069”.');
  });

  it('offers the file made while the reader was away from the list (an article, Settings) where the reader is, in both languages', async () => {
    const { exportJob } = await import('./use-export');
    const { ExportReadyBanner } = await import('./ExportProgress');
    way.taken = 'ask';
    for (const [lang, ready, share] of [
      ['en', 'The file is ready.', 'Share it'],
      ['fa', 'فایل آماده است.', 'هم‌رسانی فایل'],
    ] as const) {
      const job = exportJob();
      const started = await mount(lang, job);
      let done: Promise<void> | undefined;
      act(() => {
        done = started().run([]);
      });
      // The reader left the list while the file was made: only the banner is on the page.
      act(() => render(h(I18nContext.Provider, { value: makeI18n(lang) }, h(ExportReadyBanner, { job })), root));
      expect(root.querySelector('.banner')).toBeNull();
      await vi.waitFor(() => expect(root.querySelector('.banner [role="status"]')?.textContent).toBe(ready));
      const button = [...root.querySelectorAll('.banner button')].find((b) => b.textContent === share) as HTMLButtonElement;
      await act(async () => {
        button.click();
        await done;
      });
      // Chosen: the banner goes, and the list says what became of the file when the reader returns.
      expect(root.querySelector('.banner')).toBeNull();
      expect(job.state.get().message).toMatch(lang === 'en' ? /^Shared/ : /هم‌رسانی شد\.$/);
      act(() => render(null, root));
    }
  });

  it('stops offering the file once the library is erased, here or in another tab', async () => {
    const { libraryExport } = await import('./use-export');
    way.taken = 'ask';
    for (const notice of ['erased', 'erased-elsewhere']) {
      const exporter = await mount('en', libraryExport);
      let done: Promise<void> | undefined;
      act(() => {
        done = exporter().run([]);
      });
      await vi.waitFor(() => expect(libraryExport.progress.get()).toMatchObject({ share: 'Share it' }));
      await act(async () => {
        for (const listener of notices) listener(notice);
        await done;
      });
      // Before: "The file is ready. Share it / Save it" stayed on the "Erased" screen, the library's file in memory.
      expect(libraryExport.progress.get()).toBeUndefined();
      expect(exporter().busy).toBe(false);
      // The erase says what happened; "Stopped. No file was made." was untrue of a file made and waiting for its tap.
      expect(exporter().message).toBeUndefined();
      act(() => render(null, root));
    }
  });
});
