/** Share as a file: builds the reader file for some articles and hands it to the share sheet or a download. */
import { useMemo, useRef, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { sharedValue } from './shared-value';
import type { ArticleRecord } from '../storage/db';

/**
 * An export under way, as the page shows it: how far (done of total) and what it is doing, in words; or, once made,
 * the choice a share sheet needs a new tap for (share it, or save it instead).
 */
export type ExportShown =
  | { done: number; total: number; text: string; stopLabel: string }
  | { share: string; save: string; choose: (way: 'share' | 'save') => void };

/** Builds the file for some articles and hands it to the share sheet or a download; returns a status line. */
export function useExport() {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Followed by the progress bar alone: a large library's export moves it many times, and the view need not render.
  const progress = useMemo(() => sharedValue<ExportShown | undefined>(undefined), []);
  const running = useRef<AbortController>();
  const i = useI18n();
  /** Unverified articles go only when chosen one by one (a selection, or one article's share): never in "save all". */
  const run = async (articles: ArticleRecord[], includeUnverified = true) => {
    const stop = new AbortController();
    running.current = stop;
    setBusy(true);
    setMessage(i.t.exporting);
    try {
      // Loaded on first use: the reader-file writer is not part of the first paint.
      const [{ exportArticles, picturesLeftOutNote, importText }, { shareOrSave }] = await Promise.all([
        import('../platform/deferred'),
        import('../platform/files'),
      ]);
      const words = importText(i);
      try {
        const { blob, fileName, leftOut, picturesLeftOut } = await exportArticles(articles, {
          includeUnverified,
          signal: stop.signal,
          onProgress: ({ articles: a, pictures: p }) =>
            progress.set({
              ...(p ? p : a),
              text: p ? words.exportPicturesDone(i.n(p.done), i.n(p.total)) : words.exportArticlesDone(i.n(a.done), i.n(a.total)),
              stopLabel: words.exportStop,
            }),
        });
        progress.set(undefined);
        // Handed to another app through the share sheet, or downloaded: the line says which. A share sheet needs a tap
        // a moment ago, which a large file outlasts: the reader is asked for one (share it, or save it instead).
        const way = await shareOrSave(blob, fileName, () => {
          setMessage(words.exportReady);
          return new Promise((choose) => progress.set({ share: words.exportShareNow, save: words.exportSaveInstead, choose }));
        });
        progress.set(undefined);
        let said = way === 'shared' ? words.exportShared(fileName) : words.exported(fileName);
        if (leftOut.unverified) said += ` ${words.exportLeftOut(i.n(leftOut.unverified))}`;
        if (leftOut.gone) said += ` ${words.exportGone(i.n(leftOut.gone))}`;
        // Made on a device that saves data: the file lacks the pictures the device does not hold, and says so as this does.
        if (picturesLeftOut) said += ` ${picturesLeftOutNote(i.lang, picturesLeftOut)}`;
        setMessage(said);
      } catch (err) {
        // Stopped by the reader: said so. Closing the share sheet (also an AbortError) says nothing.
        if (stop.signal.aborted) setMessage(words.exportStopped);
        else throw err;
      }
    } catch (err) {
      setMessage((err as Error).name === 'AbortError' ? undefined : i.t.errorGeneric);
    } finally {
      progress.set(undefined);
      if (running.current === stop) running.current = undefined;
      setBusy(false);
    }
  };
  /** Stops the export under way: no file is made. */
  const stop = () => running.current?.abort();
  return { message, busy, run, progress, stop };
}

/** What useExport returns. */
export type Exporter = ReturnType<typeof useExport>;
