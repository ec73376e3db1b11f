/** One importer for every route in (file input, drop, share target, launch queue): status, errors, unverified prompt. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { I18n } from './i18n';
import type { Failure } from '../core/errors';
import { PROGRESS_STEPS, progressStep, type ImportProgress } from '../core/import-protocol';
import type { ImportReport } from '../core/types';
import { soon } from '../platform/soon';

type ImporterModule = typeof import('../platform/deferred');
let importer: ImporterModule | undefined;

/** Loads the importer's code once (not part of the first paint). */
function loadImporter(): Promise<ImporterModule> {
  return import('../platform/deferred').then((m) => (importer = m));
}

export interface PendingUnverified {
  publisher: string;
  accept: () => void;
  cancel: () => void;
}

export interface Importer {
  status?: (i: I18n) => string;
  error?: (i: I18n) => string;
  pending?: PendingUnverified;
  busy: boolean;
  run: (file: Blob, allowUnverified?: boolean) => Promise<void>;
}

/** The import state machine used by the whole app. */
export function useImporter(reload: () => Promise<void>): Importer {
  const [status, setStatus] = useState<Importer['status']>();
  const [error, setError] = useState<Importer['error']>();
  const [pending, setPending] = useState<PendingUnverified>();
  const [busy, setBusy] = useState(false);

  // The importer's code (in the chunk the library's sync already loads) is fetched once the app has painted, in a task
  // of its own: asking for a chunk adds a preload link per file it needs, which is not free on a slow phone.
  useEffect(() => soon(() => void loadImporter().catch(() => undefined)), []);

  const run = useCallback(
    async (file: Blob, allowUnverified = false): Promise<void> => {
      let percent = -1;
      const onProgress = (p: ImportProgress): void => {
        if (p.stage === 'saving') return setStatus(() => (i: I18n) => i.t.importSaving);
        // Steps of 5%: each change is a render, and a screen reader reads the live region out.
        const now = progressStep(p.done, p.total) * (100 / PROGRESS_STEPS);
        if (now === percent) return;
        percent = now;
        setStatus(() => (i: I18n) => i.t.importing(i.n(now)));
      };
      // With the code here, the file reaches the worker before the page renders the status: both run at once.
      const start = (m: ImporterModule): Promise<ImportReport> => m.importFile(file, { allowUnverified }, onProgress);
      const work = importer ? start(importer) : loadImporter().then(start);
      setError(undefined);
      setPending(undefined);
      setBusy(true);
      setStatus(() => (i: I18n) => i.t.reading);
      try {
        const report = await work;
        setStatus(() => (i: I18n) => {
          const main = i.t.importDone(i.n(report.added), i.n(report.updated), i.n(report.unchanged));
          const older = report.older ? `${main}. ${i.t.importOlder(i.n(report.older))}` : main;
          const pictures = report.picturesMissing ? `${older}. ${i.t.importPicturesMissing(i.n(report.picturesMissing))}` : older;
          return report.withdrawn ? `${pictures}. ${i.t.withdrawnNotice(i.n(report.withdrawn))}` : pictures;
        });
        // The report is true once the write committed; the list catches up a moment later.
        await reload();
      } catch (err) {
        const failure = err as Failure;
        setStatus(undefined);
        if (failure.code === 'unknown-key' && !allowUnverified) {
          const publisher = String(failure.params?.fingerprint ?? '?');
          setPending({
            publisher,
            accept: () => void run(file, true),
            cancel: () => setPending(undefined),
          });
        } else {
          // The sentences load only when one is needed: they are not part of the first paint.
          const sentence = await import('./errors').then(
            (m) => (i: I18n) => m.describeFailure(failure, i),
            () => (i: I18n) => i.t.errorGeneric,
          );
          setError(() => sentence);
        }
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );

  return useMemo(() => ({ status, error, pending, busy, run }), [status, error, pending, busy, run]);
}
