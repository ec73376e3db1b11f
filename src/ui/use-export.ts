/** Share as a file: builds the reader file for some articles and hands it to the share sheet or a download. */
import { useEffect, useMemo } from 'preact/hooks';
import { useI18n } from './i18n';
import { sharedValue, useSharedValue, type SharedValue } from './shared-value';
import { followStorageNotice, type ArticleRecord } from '../storage/db';

/**
 * An export under way, as the page shows it: how far (done of total) and what it is doing, in words; or, once made,
 * the choice a share sheet needs a new tap for (share it, or save it instead).
 */
export type ExportShown =
  | { done: number; total: number; text: string; stopLabel: string }
  | { share: string; save: string; choose: (way: 'share' | 'save') => void };

/** What the status line says of the export, and whether one runs (its buttons are disabled meanwhile). */
export interface ExportStatus {
  message?: string;
  busy: boolean;
}

/**
 * Where an export's state lives: outside the view that shows it, so that a view closed while the file is made (the
 * reader opened an article, or Settings) finds it again on return, its progress and its Stop button, and the file is
 * not lost: the tap a share sheet needs is asked for there.
 */
export interface ExportJob {
  state: SharedValue<ExportStatus>;
  /** Followed by the progress bar alone: a large library's export moves it many times, and the view need not render. */
  progress: SharedValue<ExportShown | undefined>;
  running?: AbortController;
}

export function exportJob(): ExportJob {
  return { state: sharedValue<ExportStatus>({ busy: false }), progress: sharedValue<ExportShown | undefined>(undefined) };
}

/** The library's exports (the whole library, a selection): one for the page, whichever library view shows it. */
export const libraryExport = exportJob();
/** One article's "Share as a file": one for the page, so a file made while the reader went back is not lost either. */
export const articleExport = exportJob();

/** Set once the library is erased (an AbortSignal's reason is newer than the oldest engines the app runs on). */
let erased = false;
// Erased, here or in another tab: an export under way stops, and a file made of the library is offered no more.
followStorageNotice((notice) => {
  if (notice !== 'erased' && notice !== 'erased-elsewhere') return;
  erased = true;
  for (const job of [libraryExport, articleExport]) job.running?.abort();
});

/**
 * Builds the file for some articles and hands it to the share sheet or a download; returns a status line. `job` holds
 * the state when it must outlive this view (libraryExport, articleExport); without one, it lives as long as the view.
 */
export function useExport(job?: ExportJob) {
  const own = useMemo(() => job ?? exportJob(), [job]);
  const { state, progress } = own;
  const { message, busy } = useSharedValue(state);
  const setMessage = (text: string | undefined): void => state.set({ ...state.get(), message: text });
  // What an ended export said is read on the view it ended in (or came back to): leaving it, the line goes.
  useEffect(() => () => void (state.get().busy || state.set({ busy: false })), [state]);
  const i = useI18n();
  /** Unverified articles go only when chosen one by one (a selection, or one article's share): never in "save all". */
  const run = async (articles: ArticleRecord[], includeUnverified = true) => {
    const stop = new AbortController();
    own.running = stop;
    state.set({ busy: true, message: i.t.exporting });
    try {
      // Loaded on first use: the reader-file writer is not part of the first paint.
      const [{ exportArticles, exportLimitNote, importText }, { shareOrSave }] = await Promise.all([
        import('../platform/deferred'),
        import('../platform/files'),
      ]);
      const words = importText(i);
      try {
        const made = await exportArticles(articles, {
          includeUnverified,
          signal: stop.signal,
          onProgress: ({ articles: a, pictures: p }) =>
            progress.set({
              ...(p ? p : a),
              text: p ? words.exportPicturesDone(i.n(p.done), i.n(p.total)) : words.exportArticlesDone(i.n(a.done), i.n(a.total)),
              stopLabel: words.exportStop,
            }),
        });
        // Nothing could go in it (only unverified articles in "save all", or all gone since the list was read): a file of
        // no articles is neither shared nor saved, and the line says why.
        if (!made.count) return setMessage(words.exportNone(made.leftOut, i.n));
        progress.set(undefined);
        // Handed to another app through the share sheet, or downloaded: the line says which. A share sheet needs a tap
        // a moment ago, which a large file outlasts: the reader is asked for one (share it, or save it instead).
        const way = await shareOrSave(made.blob, made.fileName, () => {
          setMessage(words.exportReady);
          return new Promise((choose, refuse) => {
            progress.set({ share: words.exportShareNow, save: words.exportSaveInstead, choose });
            // Stopped while it waits (the library was erased): the file is not offered any more.
            stop.signal.addEventListener('abort', () => refuse(new DOMException('The export was stopped.', 'AbortError')));
          });
        });
        progress.set(undefined);
        // Its name, and what was left out and why: composed in the lazy strings, not in the first paint's code.
        setMessage(words.exportOutcome(way, made, i.n));
      } catch (err) {
        // Stopped by the reader: said so (by an erase, which the app says, not: a file may have been made). Closing the
        // share sheet (also an AbortError) says nothing.
        if (stop.signal.aborted) setMessage(erased ? undefined : words.exportStopped);
        else {
          // A file over an importer's limit is not made: why, and what to do instead.
          const note = exportLimitNote(i.lang, err);
          if (note === undefined) throw err;
          setMessage(note);
        }
      }
    } catch (err) {
      setMessage((err as Error).name === 'AbortError' ? undefined : i.t.errorGeneric);
    } finally {
      progress.set(undefined);
      if (own.running === stop) own.running = undefined;
      state.set({ ...state.get(), busy: false });
    }
  };
  /** Stops the export under way: no file is made. */
  const stop = () => own.running?.abort();
  return { message, busy, run, progress, stop };
}

/** What useExport returns. */
export type Exporter = ReturnType<typeof useExport>;
