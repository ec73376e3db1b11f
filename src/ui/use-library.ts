/** The library as the interface sees it: articles newest first, reading state, and reload after changes. */
import { articleKey } from '../core/keys';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { getAllArticles } from '../storage/library-store';
import { getAllReading } from '../storage/reading-store';
import type { ArticleRecord, ReadingRecord } from '../storage/db';
import type { I18n } from './i18n';

export interface LibraryState {
  loaded: boolean;
  /** Set when the library's storage could not be opened (the list is empty because nothing can be kept): what to tell the reader. */
  failure?: (i: I18n) => string;
  articles: ArticleRecord[];
  reading: Map<string, ReadingRecord>;
  reload: () => Promise<void>;
  setReading: (r: ReadingRecord) => void;
}

/** Newest first by date, then by title for a stable order. */
function byNewest(a: ArticleRecord, b: ArticleRecord): number {
  return a.meta.date < b.meta.date ? 1 : a.meta.date > b.meta.date ? -1 : a.meta.title.localeCompare(b.meta.title);
}

async function readLibrary(): Promise<{ rows: ArticleRecord[]; states: ReadingRecord[] }> {
  const [rows, states] = await Promise.all([getAllArticles(), getAllReading()]);
  rows.sort(byNewest);
  return { rows, states };
}

// Started as soon as the module loads, beside the settings read, so the list is ready for the first render.
let early: ReturnType<typeof readLibrary> | undefined = readLibrary();

/** Loads the library from IndexedDB and keeps it in state. */
export function useLibrary(): LibraryState {
  const [articles, setArticles] = useState<ArticleRecord[]>([]);
  const [reading, setReadingMap] = useState<Map<string, ReadingRecord>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<(i: I18n) => string>();

  const reload = useCallback(async () => {
    const pending = early ?? readLibrary();
    early = undefined;
    const { rows, states } = await pending;
    setArticles(rows);
    setReadingMap(new Map(states.map((s) => [articleKey(s.publisherId, s.id), s])));
    setLoaded(true);
  }, []);

  const setReading = useCallback((r: ReadingRecord) => {
    setReadingMap((m) => new Map(m).set(articleKey(r.publisherId, r.id), r));
  }, []);

  useEffect(() => {
    void reload().catch(async (err: unknown) => {
      console.error('The library could not be read:', err);
      setLoaded(true);
      // The sentences load only when one is needed: they are not part of the first paint.
      const failure = { code: 'storage-unavailable', message: String(err) } as const;
      const sentence = await import('./errors').then(
        (m) => (i: I18n) => m.describeFailure(failure, i),
        () => (i: I18n) => i.t.errorGeneric,
      );
      setFailure(() => sentence);
    });
  }, [reload]);
  // One object while nothing in it changes: views that take the library skip rendering when only something else moved.
  return useMemo(
    () => ({ loaded, failure, articles, reading, reload, setReading }),
    [loaded, failure, articles, reading, reload, setReading],
  );
}
