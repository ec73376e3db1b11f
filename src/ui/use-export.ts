/** Share as a file: builds the reader file for some articles and hands it to the share sheet or a download. */
import { useState } from 'preact/hooks';
import { useI18n } from './i18n';
import type { ArticleRecord } from '../storage/db';

/** Builds the file for some articles and hands it to the share sheet or a download; returns a status line. */
export function useExport() {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const i = useI18n();
  const run = async (articles: ArticleRecord[]) => {
    setBusy(true);
    setMessage(i.t.exporting);
    try {
      // Loaded on first use: the reader-file writer is not part of the first paint.
      const [{ exportArticles }, { shareOrSave }] = await Promise.all([import('../platform/exporter'), import('../platform/files')]);
      const { blob, fileName } = await exportArticles(articles);
      await shareOrSave(blob, fileName);
      setMessage(i.t.exported(fileName));
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
