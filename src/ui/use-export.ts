/** Share as a file: builds the reader file for some articles and hands it to the share sheet or a download. */
import { useState } from 'preact/hooks';
import { useI18n } from './i18n';
import type { ArticleRecord } from '../storage/db';

/** Builds the file for some articles and hands it to the share sheet or a download; returns a status line. */
export function useExport() {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const i = useI18n();
  /** Unverified articles go only when chosen one by one (a selection, or one article's share): never in "save all". */
  const run = async (articles: ArticleRecord[], includeUnverified = true) => {
    setBusy(true);
    setMessage(i.t.exporting);
    try {
      // Loaded on first use: the reader-file writer is not part of the first paint.
      const [{ exportArticles, picturesLeftOutNote }, { shareOrSave }] = await Promise.all([
        import('../platform/deferred'),
        import('../platform/files'),
      ]);
      const { blob, fileName, leftOut, picturesLeftOut } = await exportArticles(articles, { includeUnverified });
      // Handed to another app through the share sheet, or downloaded: the line says which.
      const made = (await shareOrSave(blob, fileName)) === 'shared' ? i.t.exportShared(fileName) : i.t.exported(fileName);
      let said = made;
      if (leftOut.unverified) said += ` ${i.t.exportLeftOut(i.n(leftOut.unverified))}`;
      if (leftOut.gone) said += ` ${i.t.exportGone(i.n(leftOut.gone))}`;
      // Made on a device that saves data: the file lacks the pictures the device does not hold, and says so as this does.
      if (picturesLeftOut) said += ` ${picturesLeftOutNote(i.lang, picturesLeftOut)}`;
      setMessage(said);
    } catch (err) {
      setMessage((err as Error).name === 'AbortError' ? undefined : i.t.errorGeneric);
    } finally {
      setBusy(false);
    }
  };
  return { message, busy, run };
}

/** What useExport returns. */
export type Exporter = ReturnType<typeof useExport>;
