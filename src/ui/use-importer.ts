/** One importer for every route in (file input, drop, share target, launch queue): one queue, its status, each file's question and failure. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { I18n } from './i18n';
import type { NotKeptFile } from '../core/share-protocol';
import { soon } from '../platform/soon';
import type { ImportQueue } from './import-queue';
import type { ImportStrings } from './i18n-import';

/** A sentence in the interface language. */
type Said = (i: I18n) => string;

/** The question for one file signed by a key this app does not trust: import it anyway, marked unverified? */
export interface PendingUnverified {
  /** The file's name, where it has one: several files may ask in turn. */
  file?: string;
  publisher: string;
  /** Its sentences: the import queue's strings, a lazy part loaded with it. */
  words: (i: I18n) => Pick<ImportStrings, 'importUnverifiedFile' | 'importUnverifiedAsk' | 'importAnyway'>;
  accept: () => void;
  cancel: () => void;
}

/** What the app shows of the imports. */
export interface ImporterState {
  /** The file being imported, after what the files before it in the batch came to; then the batch's summary. */
  status?: Said;
  /** Why each file was not imported (or not kept by the share target), each named; kept until the reader's next batch. */
  error?: Said;
  /** The first question still unanswered; the next comes once it is answered. */
  pending?: PendingUnverified;
  /** True until the last file queued has ended (a question the reader has not answered yet does not count). */
  busy: boolean;
}

/** The importer as the app uses it: what to show, and the ways in. */
export interface Importer extends ImporterState {
  /**
   * Files that came in together (a pick, a drop, a share, "Open with"), with notes of those that could not be kept or
   * read; none at all is a share of text or a link. Resolves once each has ended.
   */
  importFiles: (files: Blob[], notKept?: NotKeptFile[]) => Promise<void>;
  /** Queues one file; resolves once it has ended. */
  run: (file: Blob, allowUnverified?: boolean) => Promise<void>;
}

/**
 * The import queue of the whole app; `reload` re-reads the library after each file. The queue's code, with the
 * importer's (the deferred chunk), is not part of the first paint: it comes once the app has painted, or with the first
 * file if that is sooner.
 */
export function useImporter(reload: () => Promise<void>): Importer {
  const [state, setState] = useState<ImporterState>({ busy: false });
  /** Files handed over while the queue's code loads: busy from the first moment. */
  const [arriving, setArriving] = useState(0);
  const latest = useRef(reload);
  latest.current = reload;
  const ways = useMemo(() => {
    let made: Promise<ImportQueue> | undefined;
    let stop: (() => void) | undefined;
    const open = (): Promise<ImportQueue> =>
      (made ??= import('../platform/deferred').then(
        (m) => {
          const q = new m.ImportQueue(() => latest.current());
          stop = q.subscribe(() => setState(q.state));
          return q;
        },
        (err: unknown) => {
          // Not kept: the next file tries again.
          made = undefined;
          throw err;
        },
      ));
    const handOver = (give: (q: ImportQueue) => Promise<void>): Promise<void> => {
      setArriving((n) => n + 1);
      // Arrived once the queue has the files (its state says from then on): not once they end, which for a file whose
      // question waits is its answer, and an update must not wait for that.
      return open()
        .finally(() => setArriving((n) => n - 1))
        .then(give, (err: unknown) => {
          // The queue never came (its code did not load: a page left open across an update): said, not dropped silently.
          setState({ busy: false, error: (i) => i.t.errorGeneric });
          throw err;
        });
    };
    return {
      open,
      stop: () => stop?.(),
      importFiles: (files: Blob[], notKept?: NotKeptFile[]) => handOver((q) => q.importFiles(files, notKept)),
      run: (file: Blob, allowUnverified?: boolean) => handOver((q) => q.run(file, allowUnverified)),
    };
  }, []);

  // Fetched once the app has painted, in a task of its own: asking for a chunk adds a preload link per file it needs,
  // which is not free on a slow phone.
  useEffect(() => {
    const cancel = soon(() => void ways.open().catch(() => undefined));
    return () => {
      cancel?.();
      ways.stop();
    };
  }, [ways]);

  return useMemo(
    () => ({ ...state, busy: state.busy || arriving > 0, importFiles: ways.importFiles, run: ways.run }),
    [state, arriving, ways],
  );
}
