/** The library as the interface sees it: articles newest first, reading state, and reload after changes (here or in another tab). */
import { articleKey } from '../core/keys';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getArticlesAfter } from '../storage/library-store';
import { getAllReading } from '../storage/reading-store';
import { CHANGE_CHANNEL, followStorageNotice, StorageUnavailableError, type ArticleRecord, type ReadingRecord } from '../storage/db';
import type { I18n } from './i18n';
import { byNewest, mergeRows } from './library-query';
import type { Failure } from '../core/errors';
import { loadFailureSentence } from './failure-sentence';

export interface LibraryState {
  loaded: boolean;
  /**
   * Set when the library's storage could not be opened (the list is empty because nothing can be kept), or can no longer
   * be used (a newer version of the app upgraded it: this page must reload): what to tell the reader.
   */
  failure?: (i: I18n) => string;
  articles: ArticleRecord[];
  reading: Map<string, ReadingRecord>;
  /** Reads the library again after this page changed it (other tabs are told, and read it too). */
  reload: () => Promise<void>;
  /** Adds the rows stored since the last read (a first visit's packs): reads only what is new. */
  reloadNew: () => Promise<void>;
  setReading: (r: ReadingRecord) => void;
}

async function readLibrary(): Promise<{ rows: ArticleRecord[]; states: ReadingRecord[]; last: number | undefined }> {
  const [{ rows, last }, states] = await Promise.all([getArticlesAfter(), getAllReading()]);
  rows.sort(byNewest);
  return { rows, states, last };
}

/** This page's end of the channel other tabs hear its changes to the library on (none where there are no channels: iOS 14). */
let tabs: BroadcastChannel | undefined;
/**
 * What a tab tells the others it changed: the library (0: read it all again, rows may have gone), new rows only (1: a
 * first visit's packs; read what is new), or one article's reading state (kept as it is: no read at all).
 */
type Change = 0 | 1 | ReadingRecord;
const tell = (change: Change): void => tabs?.postMessage(change);

// Started as soon as the module loads, beside the settings read, so the list is ready for the first render.
let early: ReturnType<typeof readLibrary> | undefined = readLibrary();

/** Loads the library from IndexedDB and keeps it in state. */
export function useLibrary(): LibraryState {
  const [articles, setArticles] = useState<ArticleRecord[]>([]);
  const [reading, setReadingMap] = useState<Map<string, ReadingRecord>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<(i: I18n) => string>();
  // The last shelf read, and the rows as last set (reloadNew merges into them without waiting for a render).
  const seen = useRef<{ last: number | undefined; rows: ArticleRecord[] }>({ last: undefined, rows: [] });
  // One read at a time: a full read and an incremental one never interleave.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const serial = (work: () => Promise<void>): Promise<void> => (queue.current = queue.current.then(work, work));

  const readAll = async (): Promise<void> => {
    const pending = early ?? readLibrary();
    early = undefined;
    const { rows, states, last } = await pending;
    seen.current = { last, rows };
    setArticles(rows);
    setReadingMap(new Map(states.map((s) => [articleKey(s.publisherId, s.id), s])));
    setLoaded(true);
  };

  const readNew = async (): Promise<void> => {
    // Nothing read yet: the whole library (with the reading state) is the first read.
    if (seen.current.last === undefined && seen.current.rows.length === 0) return readAll();
    const { rows: added, last } = await getArticlesAfter(seen.current.last);
    if (added.length === 0) return;
    const rows = mergeRows(seen.current.rows, added);
    seen.current = { last, rows };
    setArticles(rows);
  };

  const putReading = (r: ReadingRecord): void => setReadingMap((m) => new Map(m).set(articleKey(r.publisherId, r.id), r));

  const reload = useCallback(() => {
    tell(0);
    return serial(readAll);
  }, []);

  const reloadNew = useCallback(() => {
    tell(1);
    return serial(readNew);
  }, []);

  const setReading = useCallback((r: ReadingRecord) => {
    tell(r);
    putReading(r);
  }, []);

  /** Says why the library cannot be used: it could not be read, or a newer version of the app took its storage over. */
  const fail = async (err: unknown): Promise<void> => {
    console.error('The library cannot be used:', err);
    setLoaded(true);
    const code = err instanceof StorageUnavailableError ? err.code : 'storage-unavailable';
    const sentence = await loadFailureSentence({ code, message: String(err) });
    setFailure(() => sentence);
  };
  // The first read (nothing changed, so no other tab is told).
  useEffect(() => void serial(readAll).catch(fail), []);
  // Another tab changed the library: read again, once for a burst of changes.
  useEffect(() => {
    if (typeof BroadcastChannel !== 'function') return;
    const channel = (tabs = new BroadcastChannel(CHANGE_CHANNEL));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let all = false;
    channel.onmessage = ({ data }: MessageEvent<Change>) => {
      // Anything else (another version's message) is not this one's to read.
      if (data !== 0 && data !== 1) return typeof data?.id === 'string' && putReading(data);
      all ||= !data;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void serial(all ? readAll : readNew).catch(() => undefined);
        all = false;
      }, 300);
    };
    return () => {
      clearTimeout(timer);
      channel.close();
      tabs = undefined;
    };
  }, []);
  // Erased, here or in another tab: nothing of the library stays on screen (a phone taken from its reader shows none).
  // Upgraded by a newer version of the app: what is on screen stays, and the reader is asked to reload.
  useEffect(
    () =>
      followStorageNotice((notice) => {
        if (notice === 'outdated') void fail(new StorageUnavailableError(notice, 'storage-outdated'));
        if (notice !== 'erased' && notice !== 'erased-elsewhere') return;
        seen.current = { last: undefined, rows: [] };
        setArticles([]);
        setReadingMap(new Map());
      }),
    [],
  );
  // One object while nothing in it changes: views that take the library skip rendering when only something else moved.
  return useMemo(
    () => ({ loaded, failure, articles, reading, reload, reloadNew, setReading }),
    [loaded, failure, articles, reading, reload, reloadNew, setReading],
  );
}
