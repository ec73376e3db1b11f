/**
 * The import queue behind useImporter: every route's files, one at a time, their questions, failures and summary. It
 * travels in the deferred chunk with the importer it calls (deferred.ts exports it), not in the first paint.
 */
import type { I18n } from './i18n';
import { importText } from './i18n-import';
import { syncText } from './i18n-sync';
import type { Failure } from '../core/errors';
import { loadFailureSentence } from './failure-sentence';
import { PROGRESS_STEPS, progressStep, type ImportProgress } from '../core/import-protocol';
import type { NotKeptFile } from '../core/share-protocol';
import type { ImportReport } from '../core/types';
import type { ImporterState, PendingUnverified } from './use-importer';
import { importFile } from '../platform/importer';

/** A sentence in the interface language. */
type Said = (i: I18n) => string;

/** What the files of one batch (queued while the one before was still going) came to. */
interface Batch {
  files: number;
  reports: ImportReport[];
  failed: number;
}

/** One file in the queue; `done` ends it, once its import has ended (with its question's answer, where it asked one). */
interface Job {
  file: Blob;
  allowUnverified: boolean;
  done: (ended?: Promise<void>) => void;
}

/** Every route's files, one at a time in the order they came (one worker import at a time, one progress line). */
export class ImportQueue {
  state: ImporterState = { busy: false };
  private readonly jobs: Job[] = [];
  private running = false;
  private batch: Batch = { files: 0, reports: [], failed: 0 };
  private progress: Said | undefined;
  /** In the order the files came; a slot is empty while its sentence loads. */
  private failures: (Said | undefined)[] = [];
  private questions: PendingUnverified[] = [];
  private readonly listeners = new Set<() => void>();

  /** `reload` re-reads the library after each file. */
  constructor(private readonly reload: () => Promise<void>) {}

  readonly importFiles = (files: Blob[], notKept: NotKeptFile[] = []): Promise<void> => {
    // A new batch from the reader: the last one's failures have been seen (those of files still going are kept).
    if (!this.busy()) this.failures = [];
    this.startBatchIfIdle();
    // A note reads as an import's failure of the same code (the share target applies the importer's size check).
    const notes = notKept.map((note) => {
      this.batch.files++;
      return this.fail(shownName(note.name), note.failure);
    });
    if (files.length === 0 && notKept.length === 0) this.failures.push((i) => importText(i).importNothing);
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
      const asked = await this.importOne(job).catch((err: unknown) => void console.error(err));
      // A file whose question waits ends with the answer (a share keeps the file until then); the next goes on meanwhile.
      if (!asked) job.done();
    }
    // In the same task as the last file's end: whoever awaited it sees the queue idle.
    this.running = false;
    this.progress = undefined;
    this.emit();
  }

  /** Imports the job's file; true when it asked the reader instead, whose answer ends the job. */
  private async importOne(job: Job): Promise<boolean> {
    const { file, allowUnverified } = job;
    let percent = -1;
    const onProgress = (p: ImportProgress): void => {
      if (p.stage === 'saving') return this.show((i) => importText(i).importSaving);
      // Steps of 5%: each change is a render, and a screen reader reads the live region out.
      const now = progressStep(p.done, p.total) * (100 / PROGRESS_STEPS);
      if (now === percent) return;
      percent = now;
      this.show((i) => importText(i).importing(i.n(now)));
    };
    // The file reaches the worker before the page renders the status: both run at once.
    const work = importFile(file, { allowUnverified }, onProgress);
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
      const asks = failure.code === 'unknown-key' && !allowUnverified;
      if (asks) this.ask(job, String(failure.params?.fingerprint ?? '?'));
      else await this.fail(nameOf(file), failure);
      this.emit();
      return asks;
    }
    return false;
  }

  /** Keeps the question for the job's file until the reader answers it; "import anyway" queues the file again. */
  private ask({ file, done }: Job, publisher: string): void {
    const batch = this.batch;
    const answered = (): void => {
      this.questions = this.questions.filter((q) => q !== question);
      this.emit();
    };
    const question: PendingUnverified = {
      file: nameOf(file),
      publisher,
      words: importText,
      accept: () => {
        answered();
        // Its batch still on screen (even ended): the file, counted there already, adds its report to the same summary.
        // Once the reader started another batch, the file comes in anew with that one.
        done(batch === this.batch ? this.queue(file, true) : this.run(file, true));
      },
      cancel: () => {
        batch.failed++;
        answered();
        done();
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
    else failures[at] = name ? (i) => importText(i).importFileFailed(name, why(i)) : (i) => importText(i).importSharedFileFailed(why(i));
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
  const name = (file as Partial<File>).name;
  return name ? shownName(name) : undefined;
}

/**
 * A file name as said in a sentence: without direction marks, embeddings, overrides or isolates, which a hostile name
 * uses to end the isolate it is shown in early and reorder the sentence's own words.
 */
function shownName(name: string): string {
  return name.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** What a batch's files came to, added up; with how many files in all once it has `ended` (more may still come before). */
function describeBatch(batch: Batch, ended: boolean): Said | undefined {
  const { reports, failed, files } = batch;
  if (reports.length === 0) return undefined;
  const sum = (pick: (r: ImportReport) => number | undefined): number => reports.reduce((n, r) => n + (pick(r) ?? 0), 0);
  const [added, updated, unchanged, older, skipped, otherKey, withdrawn] = [
    sum((r) => r.added),
    sum((r) => r.updated),
    sum((r) => r.unchanged),
    sum((r) => r.older),
    sum((r) => r.skipped),
    sum((r) => r.otherKey),
    sum((r) => r.withdrawn),
  ];
  // Files made on the same device in data-saver mode lack the same pictures: each is counted once.
  const pictures = new Set(reports.flatMap((r) => r.picturesMissing ?? [])).size;
  const several = reports.length > 1;
  return (i) => {
    const parts = [importText(i).importDone(i.n(added), i.n(updated), i.n(unchanged))];
    if (older) parts.push(importText(i).importOlder(i.n(older)));
    if (skipped) parts.push(importText(i).importSkipped(i.n(skipped)));
    if (otherKey) parts.push(importText(i).importOtherKey(i.n(otherKey)));
    if (failed) parts.push(importText(i).importNotImported(i.n(failed)));
    if (pictures) parts.push(importText(i).importPicturesMissing(i.n(pictures), several));
    if (withdrawn) parts.push(syncText(i).withdrawnNotice(i.n(withdrawn)));
    const said = parts.join('. ');
    return ended && files > 1 ? `${importText(i).importFileCount(i.n(files))}: ${said}` : said;
  };
}
