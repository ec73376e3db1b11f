/** Share as a file: the whole library, or a selection, through the share sheet or a download. */
import { useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { articleKey } from '../core/keys';
import type { LibraryState } from './use-library';
import type { ArticleRecord } from '../storage/db';

interface Props {
  library: LibraryState;
  selected?: Set<string>;
  setSelected: (s: Set<string> | undefined) => void;
}

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
      const [{ exportArticles }, { shareOrSave }] = await Promise.all([import('../platform/deferred'), import('../platform/files')]);
      const { blob, fileName, leftOut } = await exportArticles(articles, { includeUnverified });
      await shareOrSave(blob, fileName);
      setMessage(leftOut ? `${i.t.exported(fileName)} ${i.t.exportLeftOut(i.n(leftOut))}` : i.t.exported(fileName));
    } catch (err) {
      setMessage((err as Error).name === 'AbortError' ? undefined : i.t.errorGeneric);
    } finally {
      setBusy(false);
    }
  };
  return { message, busy, run };
}

export function ExportControls({ library, selected, setSelected }: Props) {
  const i = useI18n();
  const { t } = i;
  const exp = useExport();
  const chosen = selected ? library.articles.filter((a) => selected.has(articleKey(a.publisherId, a.id))) : [];
  return (
    <>
      <button
        type="button"
        class="button"
        disabled={exp.busy || library.articles.length === 0}
        onClick={() => void exp.run(library.articles, false)}
      >
        {t.exportAll}
      </button>
      <button type="button" class="button" aria-pressed={!!selected} onClick={() => setSelected(selected ? undefined : new Set())}>
        {selected ? t.selectDone : t.selectMode}
      </button>
      {selected && (
        <button
          type="button"
          class="button button--primary"
          disabled={exp.busy || chosen.length === 0}
          onClick={() => void exp.run(chosen)}
        >
          {t.exportSelected(i.n(chosen.length))}
        </button>
      )}
      <a class="button button--link" href="library.html" download>
        {t.downloadLibrary}
      </a>
      {exp.message && (
        <p class="muted" role="status">
          {exp.message}
        </p>
      )}
    </>
  );
}
