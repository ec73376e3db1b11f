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
  /** How many articles the file holds. */
  count: 1,
  /** Files handed to shareOrSave (the share sheet or a download). */
  handed: 0,
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
      count: way.count,
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
    way.handed++;
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
  way.count = 1;
  way.handed = 0;
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

  it('makes no file of no articles: neither shared nor saved, and the line says why, in both languages', async () => {
    way.taken = 'saved';
    way.count = 0;
    // "Save the whole library as one file" when the library holds only unverified articles (a friend's file, signed by
    // an unknown key): they are left out of a whole-library file, and a selection can share them.
    way.leftOut = { unverified: 2, gone: 0 };
    expect(await exportOnce('en')).toBe(
      'No file was made: every article in the library is unverified, and a file of the whole library leaves unverified articles out. To share them, marked unverified, choose “Select articles to share” under “Share and import”, select them, and share the selection.',
    );
    expect(await exportOnce('fa')).toBe(
      'فایلی ساخته نشد: همهٔ مقاله‌های کتابخانه تأییدنشده‌اند و فایلِ همهٔ کتابخانه مقاله‌های تأییدنشده را کنار می‌گذارد. برای هم‌رسانی‌شان (با برچسب «تأییدنشده»)، در «هم‌رسانی و وارد کردن» گزینهٔ «انتخاب مقاله‌ها برای هم‌رسانی» را بزنید، آن‌ها را انتخاب کنید و انتخاب را هم‌رسانی کنید.',
    );
    // One article's "Share as a file" (or a selection) in a stale tab, after the article was removed.
    way.leftOut = { unverified: 0, gone: 1 };
    expect(await exportOnce('en')).toBe(
      'No file was made: the article is no longer in the library. It was withdrawn or removed after the list was shown, or its stored copy is damaged.',
    );
    way.leftOut = { unverified: 0, gone: 3 };
    expect(await exportOnce('fa')).toMatch(/^فایلی ساخته نشد: هیچ‌یک از این ۳ مقاله دیگر در کتابخانه نیست\./);
    // Both reasons at once: each said, as a file that was made says them.
    way.leftOut = { unverified: 1, gone: 2 };
    expect(await exportOnce('en')).toBe(
      `No file was made: none of the articles could go in it. ${STRINGS.en.exportLeftOut('1')} ${STRINGS.en.exportGone('2')}`,
    );
    // Before: a "…-0-articles.html" went to the share sheet or Downloads, and the line said "Saved".
    expect(way.handed).toBe(0);
  });

  it('names the buttons the no-file line sends the reader to as the interface labels them', () => {
    for (const [lang, open, close] of [
      ['en', '“', '”'],
      ['fa', '«', '»'],
    ] as const) {
      for (const unverified of [1, 2]) {
        const said = STRINGS[lang].exportNone({ unverified, gone: 0 }, String);
        expect(said).toContain(`${open}${STRINGS[lang].selectMode}${close}`);
        expect(said).toContain(`${open}${STRINGS[lang].shareMenu}${close}`);
      }
    }
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
