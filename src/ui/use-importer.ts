/** One importer for every route in (file input, drop, share target, launch queue): one queue, its status, each file's question and failure. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { I18n } from './i18n';
import type { Failure } from '../core/errors';
import { loadFailureSentence } from './failure-sentence';
import { PROGRESS_STEPS, progressStep, type ImportProgress } from '../core/import-protocol';
import type { NotKeptFile } from '../core/share-protocol';
import type { ImportReport } from '../core/types';
import { soon } from '../platform/soon';

type ImporterModule = typeof import('../platform/deferred');
let importer: ImporterModule | undefined;

/** Loads the importer's code once (not part of the first paint). */
function loadImporter(): Promise<ImporterModule> {
  return import('../platform/deferred').then((m) => (importer = m));
}

/** A sentence in the interface language. */
type Said = (i: I18n) => string;

/** The question for one file signed by a key this app does not trust: import it anyway, marked unverified? */
export interface PendingUnverified {
  /** The file's name, where it has one: several files may ask in turn. */
  file?: string;
  publisher: string;
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
  /** True until the last file queued has ended. */
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

/** What the files of one batch (queued while the one before was still going) came to. */
interface Batch {
  files: number;
  reports: ImportReport[];
  failed: number;
}

/** Every route's files, one at a time in the order they came (one worker import at a time, one progress line). */
class ImportQueue {
  state: ImporterState = { busy: false };
  reload: () => Promise<void> = async () => undefined;
  private readonly jobs: { file: Blob; allowUnverified: boolean; done: () => void }[] = [];
  private running = false;
  private batch: Batch = { files: 0, reports: [], failed: 0 };
  private progress: Said | undefined;
  /** In the order the files came; a slot is empty while its sentence loads. */
  private failures: (Said | undefined)[] = [];
  private questions: PendingUnverified[] = [];
  private readonly listeners = new Set<() => void>();

  readonly importFiles = (files: Blob[], notKept: NotKeptFile[] = []): Promise<void> => {
    // A new batch from the reader: the last one's failures have been seen (those of files still going are kept).
    if (!this.busy()) this.failures = [];
    this.startBatchIfIdle();
    // A note reads as an import's failure of the same code (the share target applies the importer's size check).
    const notes = notKept.map((note) => {
      this.batch.files++;
      return this.fail(note.name, note.failure);
    });
    if (files.length === 0 && notKept.length === 0) this.failures.push((i) => i.t.importNothing);
    this.emit();
    return Promise.all([...notes, ...files.map((f) => this.enqueue(f, false))]).then(() => undefined);
  };

  readonly run = (file: Blob, allowUnverified = false): Promise<void> => {
    this.startBatchIfIdle();
    return this.enqueue(file, allowUnverified);
  };

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private busy(): boolean {
    return this.running || this.jobs.length > 0;
  }

  private startBatchIfIdle(): void {
    if (!this.busy()) this.batch = { files: 0, reports: [], failed: 0 };
  }

  /** Counts the file in the batch and queues it. */
  private enqueue(file: Blob, allowUnverified: boolean): Promise<void> {
    this.batch.files++;
    return this.queue(file, allowUnverified);
  }

  private queue(file: Blob, allowUnverified: boolean): Promise<void> {
    const ended = new Promise<void>((done) => this.jobs.push({ file, allowUnverified, done }));
    void this.drain();
    return ended;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
      // importOne says every failure itself; a bug there must not leave the queue busy (the button disabled) for good.
      await this.importOne(job.file, job.allowUnverified).catch((err: unknown) => console.error(err));
      job.done();
    }
    // In the same task as the last file's end: whoever awaited it sees the queue idle.
    this.running = false;
    this.progress = undefined;
    this.emit();
  }

  private async importOne(file: Blob, allowUnverified: boolean): Promise<void> {
    let percent = -1;
    const onProgress = (p: ImportProgress): void => {
      if (p.stage === 'saving') return this.show((i) => i.t.importSaving);
      // Steps of 5%: each change is a render, and a screen reader reads the live region out.
      const now = progressStep(p.done, p.total) * (100 / PROGRESS_STEPS);
      if (now === percent) return;
      percent = now;
      this.show((i) => i.t.importing(i.n(now)));
    };
    // With the code here, the file reaches the worker before the page renders the status: both run at once.
    const start = (m: ImporterModule): Promise<ImportReport> => m.importFile(file, { allowUnverified }, onProgress);
    const work = importer ? start(importer) : loadImporter().then(start);
    this.show((i) => i.t.reading);
    try {
      this.batch.reports.push(await work);
      this.show(undefined);
      // The report is true once the write committed; the list catches up a moment later (a list that fails to does
      // not undo the import).
      await this.reload().catch(() => undefined);
    } catch (err) {
      const failure = err as Failure;
      this.progress = undefined;
      if (failure.code === 'unknown-key' && !allowUnverified) this.ask(file, String(failure.params?.fingerprint ?? '?'));
      else await this.fail(nameOf(file), failure);
      this.emit();
    }
  }

  /** Keeps the question for this file until the reader answers it; "import anyway" queues the file again. */
  private ask(file: Blob, publisher: string): void {
    const batch = this.batch;
    const answered = (): void => {
      this.questions = this.questions.filter((q) => q !== question);
      this.emit();
    };
    const question: PendingUnverified = {
      file: nameOf(file),
      publisher,
      accept: () => {
        answered();
        // Its batch still on screen (even ended): the file, counted there already, adds its report to the same summary.
        // Once the reader started another batch, the file comes in anew with that one.
        void (batch === this.batch ? this.queue(file, true) : this.run(file, true));
      },
      cancel: () => {
        batch.failed++;
        answered();
      },
    };
    this.questions.push(question);
  }

  /** Counts a file the batch did not import and keeps why, named. */
  private async fail(name: string | undefined, failure: Failure): Promise<void> {
    this.batch.failed++;
    const failures = this.failures;
    const at = failures.push(undefined) - 1;
    const why: Said = await loadFailureSentence(failure);
    // A Blob has no name; a note's name is empty where nothing of the file could be read.
    if (name === undefined) failures[at] = why;
    else failures[at] = name ? (i) => i.t.importFileFailed(name, why(i)) : (i) => i.t.importSharedFileFailed(why(i));
    this.emit();
  }

  private show(progress: Said | undefined): void {
    this.progress = progress;
    this.emit();
  }

  private emit(): void {
    const failures = this.failures.filter((f): f is Said => f !== undefined);
    const summary = describeBatch(this.batch, this.progress === undefined && !this.busy());
    const progress = this.progress;
    this.state = {
      status: summary && progress ? (i) => `${summary(i)}${i.t.sep}${progress(i)}` : (progress ?? summary),
      error: failures.length ? (i) => failures.map((f) => f(i)).join(' ') : undefined,
      pending: this.questions[0],
      busy: this.busy(),
    };
    for (const listener of this.listeners) listener();
  }
}

/** The file's name, where it has one (a File has; a Blob has not). */
function nameOf(file: Blob): string | undefined {
  return (file as Partial<File>).name || undefined;
}

/** What a batch's files came to, added up; with how many files in all once it has `ended` (more may still come before). */
function describeBatch(batch: Batch, ended: boolean): Said | undefined {
  const { reports, failed, files } = batch;
  if (reports.length === 0) return undefined;
  const sum = (pick: (r: ImportReport) => number | undefined): number => reports.reduce((n, r) => n + (pick(r) ?? 0), 0);
  const [added, updated, unchanged, older, skipped, pictures, withdrawn] = [
    sum((r) => r.added),
    sum((r) => r.updated),
    sum((r) => r.unchanged),
    sum((r) => r.older),
    sum((r) => r.skipped),
    sum((r) => r.picturesMissing),
    sum((r) => r.withdrawn),
  ];
  return (i) => {
    const parts = [i.t.importDone(i.n(added), i.n(updated), i.n(unchanged))];
    if (older) parts.push(i.t.importOlder(i.n(older)));
    if (skipped) parts.push(i.t.importSkipped(i.n(skipped)));
    if (failed) parts.push(i.t.importNotImported(i.n(failed)));
    if (pictures) parts.push(i.t.importPicturesMissing(i.n(pictures)));
    if (withdrawn) parts.push(i.t.withdrawnNotice(i.n(withdrawn)));
    const said = parts.join('. ');
    return ended && files > 1 ? `${i.t.importFileCount(i.n(files))}: ${said}` : said;
  };
}

/** The import queue of the whole app; `reload` re-reads the library after each file. */
export function useImporter(reload: () => Promise<void>): Importer {
  const queue = useMemo(() => new ImportQueue(), []);
  queue.reload = reload;
  const [state, setState] = useState(queue.state);
  useEffect(() => {
    setState(queue.state);
    return queue.subscribe(() => setState(queue.state));
  }, [queue]);

  // The importer's code (in the chunk the library's sync already loads) is fetched once the app has painted, in a task
  // of its own: asking for a chunk adds a preload link per file it needs, which is not free on a slow phone.
  useEffect(() => soon(() => void loadImporter().catch(() => undefined)), []);

  return useMemo(() => ({ ...state, importFiles: queue.importFiles, run: queue.run }), [state, queue]);
}
