// @vitest-environment jsdom
/**
 * The page's import queue when more than one file comes in: a pick of several (the file input's `multiple`), a share or
 * a drop of several, and the share target's notes of files it could not keep. Each file's question and failure is kept;
 * the app stays busy until the last file ends.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { MAX_FILE_BYTES } from '../core/constants';
import type { ImportReport } from '../core/types';
import type { Importer } from './use-importer';
import { makeI18n } from './i18n';
import { importText } from './i18n-import';
import { describeFailure } from './errors';

/** What the mocked worker import does for each file, by the file's name. */
const outcomes = new Map<string, (allowUnverified: boolean) => Promise<ImportReport>>();

// The worker import, by file name; the queue is the real one, which comes to the page in the deferred chunk.
vi.mock('../platform/importer', () => ({
  importFile: async (file: File, opts: { allowUnverified: boolean }) => {
    const outcome = outcomes.get(file.name);
    if (!outcome) throw new Error(`no outcome for ${file.name}`);
    return outcome(opts.allowUnverified);
  },
}));
vi.mock('../platform/deferred', async () => ({ ImportQueue: (await import('./import-queue')).ImportQueue }));

const file = (name: string) => new File(['x'], name);

const report = (added: number): ImportReport =>
  ({ added, updated: 0, unchanged: 0, older: 0, skipped: 0, withdrawn: 0, media: 0 }) as Partial<ImportReport> as ImportReport;
const failure = (code: string, params: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, message: code, params });

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  outcomes.clear();
});

/** Mounts useImporter and returns a getter for its latest value. */
async function mountImporter(): Promise<() => Importer> {
  const { useImporter } = await import('./use-importer');
  let current: Importer | undefined;
  function Probe() {
    current = useImporter(async () => undefined);
    return null;
  }
  act(() => render(h(Probe, null), root));
  return () => current!;
}

/**
 * Hands files over (`give`) and waits until the queue is idle with a question open: the promise of a file
 * whose question waits resolves only once the reader answers it.
 */
async function untilAsked(importer: () => Importer, give: () => Promise<unknown>): Promise<void> {
  act(() => void give());
  await vi.waitFor(async () => {
    await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
    expect(!importer().busy && importer().pending).toBeTruthy();
  });
}

const en = makeI18n('en');
const fa = makeI18n('fa');

describe('importing several files', () => {
  it('keeps the "import anyway?" question for the first file when a second file of the same pick is imported after it', async () => {
    const importer = await mountImporter();
    outcomes.set('from-stranger', async () => {
      throw failure('unknown-key', { fingerprint: 'ABCD EFGH' });
    });
    outcomes.set('from-publisher', async () => report(3));
    // One file after the other (the app renders in between, as each act ends here).
    await untilAsked(importer, () => importer().run(file('from-stranger')));
    // After the first file alone the question is asked (so the mock does what a stranger's file does).
    expect(importer().pending?.publisher).toBe('ABCD EFGH');
    await act(() => importer().run(file('from-publisher')));
    // The first file was never imported and never refused by the reader: the question must still be there.
    expect(importer().pending?.publisher).toBe('ABCD EFGH');
  });

  it('still shows why the first file of a pick failed after the second one imported', async () => {
    const importer = await mountImporter();
    outcomes.set('forged', async () => {
      throw failure('bad-signature');
    });
    outcomes.set('good', async () => report(2));
    const forged = importText(en).importFileFailed('forged', describeFailure({ code: 'bad-signature', message: '' }, en));
    for (const f of [file('forged'), file('good')]) {
      await act(() => importer().run(f));
      if (f.name === 'forged') expect(importer().error?.(en)).toBe(forged);
    }
    // The reader was told "2 new…" and nothing about the forged file, which was not imported.
    expect(importer().error?.(en)).toBe(forged);
  });

  it('names a file without the direction controls in its name, which would end its isolate and reorder the sentence', async () => {
    const importer = await mountImporter();
    const hostile = 'news\u2069\u202E.html';
    outcomes.set(hostile, async () => {
      throw failure('bad-signature');
    });
    await act(() => importer().run(file(hostile)));
    expect(importer().error?.(en)).toBe(
      importText(en).importFileFailed('news.html', describeFailure({ code: 'bad-signature', message: '' }, en)),
    );
    await act(() => importer().importFiles([], [{ name: '\u202E\u2066', failure: { code: 'quota', message: 'no room' } }]));
    expect(importer().error?.(en)).toMatch(/^A shared file: /);
  });

  it('stays busy while a second shared file is still importing (files shared or dropped together)', async () => {
    const importer = await mountImporter();
    let finishSecond!: (r: ImportReport) => void;
    outcomes.set('first', async () => report(1));
    outcomes.set('second', () => new Promise<ImportReport>((resolve) => (finishSecond = resolve)));
    let second!: Promise<void>;
    await act(async () => {
      void importer().run(file('first'));
      second = importer().run(file('second'));
      await vi.waitFor(() => expect(finishSecond).toBeTypeOf('function'));
    });
    await act(async () => {
      await vi.waitFor(() => expect(importer().status?.(en)).toMatch(/1 new/));
    });
    // The first finished, the second is still being read and written: the import button must stay disabled.
    expect(importer().busy).toBe(true);
    await act(async () => {
      finishSecond(report(0));
      await second;
    });
    expect(importer().busy).toBe(false);
  });

  it('tells the reader about the articles an "import anyway" file did not take (the device holds verified copies)', async () => {
    const importer = await mountImporter();
    // The reader chose "Import anyway, marked unverified"; the device already holds verified copies of all 5 articles,
    // which an unverified copy never replaces (import-plan: 'skipped').
    outcomes.set('unverified-copy', async () => ({ ...report(0), skipped: 5, trust: 'unverified' }) as ImportReport);
    await act(() => importer().run(file('unverified-copy'), true));
    // It used to read "0 new, 0 updated, 0 already here": five articles the reader asked for vanished unexplained.
    expect(importer().status?.(en)).toMatch(/5/);
    expect(importer().status?.(en)).toContain(importText(en).importSkipped('5'));
    expect(importText(en).importSkipped('1')).toBe('1 article not taken: this device already has the publisher’s verified copy');
    expect(importText(fa).importSkipped('۵')).toBe('۵ مقاله وارد نشد: نسخهٔ تأییدشدهٔ ناشر از پیش روی این دستگاه هست');
  });

  it('counts each picture missing from a batch once: files made on the same data-saver phone lack the same ones', async () => {
    const importer = await mountImporter();
    outcomes.set('monday.html', async () => ({ ...report(2), picturesMissing: ['p1', 'p2'] }));
    outcomes.set('tuesday.html', async () => ({ ...report(1), unchanged: 2, picturesMissing: ['p2', 'p3'] }));
    await act(() => importer().importFiles([file('monday.html'), file('tuesday.html')]));
    // It used to add them up: "4 pictures were not in the file", for three pictures and two files.
    expect(importer().status?.(en)).toBe(
      '2 files: 3 new, 0 updated, 2 already here. 3 pictures were not in the files; the text is complete',
    );
    expect(importer().status?.(fa)).toBe('۲ فایل: ۳ تازه، ۰ به‌روزشده، ۲ از پیش موجود. ۳ تصویر در فایل‌ها نبود؛ متن کامل است');
    outcomes.set('one.html', async () => ({ ...report(1), picturesMissing: ['p1'] }));
    await act(() => importer().run(file('one.html')));
    expect(importer().status?.(en)).toBe('1 new, 0 updated, 0 already here. 1 picture was not in the file; the text is complete');
  });

  it('imports a pick of several as one batch: every failure named, every question kept, one summary', async () => {
    const importer = await mountImporter();
    outcomes.set('a.html', async () => report(2));
    outcomes.set('forged.html', async () => {
      throw failure('bad-signature');
    });
    outcomes.set('stranger.html', async (allow) => {
      if (!allow) throw failure('unknown-key', { fingerprint: 'WXYZ' });
      return report(4);
    });
    outcomes.set('b.html', async () => ({ ...report(1), unchanged: 3 }));
    await untilAsked(importer, () => importer().importFiles([file('a.html'), file('forged.html'), file('stranger.html'), file('b.html')]));
    expect(importer().busy).toBe(false);
    expect(importer().status?.(en)).toBe(
      `${importText(en).importFileCount('4')}: ${importText(en).importDone('3', '0', '3')}. ${importText(en).importNotImported('1')}`,
    );
    expect(importer().status?.(en)).toBe('4 files: 3 new, 0 updated, 3 already here. 1 file not imported');
    expect(importer().error?.(en)).toMatch(/^“\u2068forged\.html\u2069”: .*signature/);
    expect(importer().error?.(fa)).toMatch(/^«\u2068forged\.html\u2069»: /);
    expect(importer().pending).toMatchObject({ file: 'stranger.html', publisher: 'WXYZ' });

    // "Import anyway" after the batch ended: the file's report joins its batch (it used to start a batch of its own,
    // whose "4 new" replaced the whole summary while the forged file's failure stayed), its question goes, the failure stays.
    act(() => importer().pending!.accept());
    await vi.waitFor(async () => {
      await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
      expect(importer().busy).toBe(false);
      expect(importer().status?.(en)).toBe('4 files: 7 new, 0 updated, 3 already here. 1 file not imported');
    });
    expect(importer().pending).toBeUndefined();
    expect(importer().error?.(en)).toMatch(/forged\.html/);
  });

  it('counts a file once when "import anyway" is answered while the rest of its batch is still importing', async () => {
    const importer = await mountImporter();
    let finishSlow!: (r: ImportReport) => void;
    outcomes.set('stranger.html', async (allow) => {
      if (!allow) throw failure('unknown-key', { fingerprint: 'WXYZ' });
      return report(4);
    });
    outcomes.set('slow.html', () => new Promise<ImportReport>((resolve) => (finishSlow = resolve)));
    let all!: Promise<void>;
    await act(async () => {
      all = importer().importFiles([file('stranger.html'), file('slow.html')]);
      await vi.waitFor(() => expect(finishSlow).toBeTypeOf('function'));
    });
    // The question is asked while slow.html is still being read.
    expect(importer().pending?.file).toBe('stranger.html');
    act(() => importer().pending!.accept());
    await act(async () => {
      finishSlow(report(1));
      await all;
    });
    await vi.waitFor(async () => {
      await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
      expect(importer().busy).toBe(false);
    });
    // Two files were shared: it used to read "3 files".
    expect(importer().status?.(en)).toBe('2 files: 5 new, 0 updated, 0 already here');
  });

  it('counts a file whose question the reader cancelled as not imported', async () => {
    const importer = await mountImporter();
    outcomes.set('a.html', async () => report(2));
    outcomes.set('stranger.html', async () => {
      throw failure('unknown-key', { fingerprint: 'WXYZ' });
    });
    await untilAsked(importer, () => importer().importFiles([file('a.html'), file('stranger.html')]));
    expect(importer().status?.(en)).toBe('2 files: 2 new, 0 updated, 0 already here');
    act(() => importer().pending!.cancel());
    // It was in neither count: "2 files: 2 new" left one file unaccounted for.
    expect(importer().status?.(en)).toBe('2 files: 2 new, 0 updated, 0 already here. 1 file not imported');
    expect(importer().error).toBeUndefined();
  });

  it('asks for each unknown-key file in turn: cancelling one brings the next', async () => {
    const importer = await mountImporter();
    for (const name of ['one.html', 'two.html'])
      outcomes.set(name, async () => {
        throw failure('unknown-key', { fingerprint: name });
      });
    await untilAsked(importer, () => importer().importFiles([file('one.html'), file('two.html')]));
    expect(importer().pending?.file).toBe('one.html');
    act(() => importer().pending!.cancel());
    expect(importer().pending?.file).toBe('two.html');
    act(() => importer().pending!.cancel());
    expect(importer().pending).toBeUndefined();
  });

  it('clears the last batch’s failures when the reader starts a new one', async () => {
    const importer = await mountImporter();
    outcomes.set('forged.html', async () => {
      throw failure('bad-signature');
    });
    outcomes.set('good.html', async () => report(1));
    await act(() => importer().importFiles([file('forged.html')]));
    expect(importer().error?.(en)).toBeTruthy();
    await act(() => importer().importFiles([file('good.html')]));
    expect(importer().error).toBeUndefined();
    expect(importer().status?.(en)).toBe(importText(en).importDone('1', '0', '0'));
  });
});

describe('a share', () => {
  it('says why each file the share target did not keep was not imported, by name, beside what the others brought', async () => {
    const importer = await mountImporter();
    outcomes.set('first.html', async () => report(3));
    const size = MAX_FILE_BYTES + 50 * 1024 * 1024;
    await act(() =>
      importer().importFiles(
        [file('first.html')],
        [
          { name: 'holiday.mp4', failure: { code: 'too-large', message: 'too large', params: { size, max: MAX_FILE_BYTES } } },
          { name: 'second.html', failure: { code: 'quota', message: 'no room' } },
        ],
      ),
    );
    expect(importer().status?.(en)).toBe('3 files: 3 new, 0 updated, 0 already here. 2 files not imported');
    const error = importer().error?.(en) ?? '';
    expect(error).toMatch(/^“\u2068holiday\.mp4\u2069”: This file is too large \([\d.]+ MB; the limit is [\d.]+ MB\)/);
    expect(error).toMatch(/“\u2068second\.html\u2069”: There is not enough storage space/);
    expect(importer().error?.(fa)).toMatch(/^«\u2068holiday\.mp4\u2069»: این فایل خیلی بزرگ است/);
  });

  it('calls a file it knows no name of "a shared file", not an empty name', async () => {
    const importer = await mountImporter();
    await act(() => importer().importFiles([], [{ name: '', failure: { code: 'read-failed', message: 'unread' } }]));
    const why = (i: typeof en) => describeFailure({ code: 'read-failed', message: '' }, i);
    // It read “⁨⁩”: The file could not be read…
    expect(importer().error?.(en)).toBe(`A shared file: ${why(en)}`);
    expect(importer().error?.(fa)).toBe(`یک فایل هم‌رسانی‌شده: ${why(fa)}`);
  });

  it('ends with the answer to a question, not before: the share keeps the file until then (the phone may close the page meanwhile)', async () => {
    const importer = await mountImporter();
    let finish!: (r: ImportReport) => void;
    outcomes.set('stranger.html', (allow) =>
      allow ? new Promise<ImportReport>((resolve) => (finish = resolve)) : Promise.reject(failure('unknown-key', { fingerprint: 'WXYZ' })),
    );
    let batch!: Promise<void>;
    let ended = false;
    /** The stranger's file handed over, until its question is asked; `ended` set when its batch ends. */
    const pick = () =>
      untilAsked(
        importer,
        () =>
          (batch = importer()
            .importFiles([file('stranger.html')])
            .then(() => void (ended = true))),
      );
    // Cancelled: ended then.
    await pick();
    // It ended while the question waited, and App.tsx deleted the shared file: at the next start nothing was asked.
    expect(ended).toBe(false);
    // Nothing is being imported meanwhile: an update waiting is not held back by the question.
    expect(importer().busy).toBe(false);
    await act(async () => {
      importer().pending!.cancel();
      await batch;
    });
    expect(ended).toBe(true);

    // "Import anyway": ended once the file, queued again, is imported.
    ended = false;
    await pick();
    expect(ended).toBe(false);
    await act(async () => {
      importer().pending!.accept();
      await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
    });
    expect(ended).toBe(false);
    expect(importer().busy).toBe(true);
    await act(async () => {
      finish(report(4));
      await batch;
    });
    expect(ended).toBe(true);
    expect(importer().busy).toBe(false);
    expect(importer().status?.(en)).toBe(importText(en).importDone('4', '0', '0'));
  });

  it('of text or a link alone says that only reader files (.html) can be imported', async () => {
    const importer = await mountImporter();
    await act(() => importer().importFiles([]));
    expect(importer().busy).toBe(false);
    expect(importer().status).toBeUndefined();
    expect(importer().error?.(en)).toBe(importText(en).importNothing);
    expect(importer().error?.(en)).toMatch(/only reader files \(\.html\)/);
    expect(importer().error?.(fa)).toBe('چیزی برای وارد کردن نبود: فقط فایل خواننده (\u2066.html\u2069) وارد می‌شود، نه متن یا پیوند.');
  });
});
