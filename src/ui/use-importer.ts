/** One importer for every route in (file input, drop, share target, launch queue): status, errors, unverified prompt. */
import { useCallback, useState } from 'preact/hooks';
import type { I18n } from './i18n';
import type { ImportFailure } from '../platform/importer';
import { describeFailure } from './errors';

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

  const run = useCallback(async (file: Blob, allowUnverified = false): Promise<void> => {
    setError(undefined);
    setPending(undefined);
    setBusy(true);
    setStatus(() => (i: I18n) => i.t.reading);
    try {
      // Loaded on first use: importing is not part of the first paint.
      const { importFile } = await import('../platform/importer');
      let percent = -1;
      const report = await importFile(file, { allowUnverified }, (p) => {
        if (p.stage === 'saving') return setStatus(() => (i: I18n) => i.t.importSaving);
        // Steps of 5%: each change is a render, and a screen reader reads the live region out.
        const now = Math.floor((p.done / Math.max(1, p.total)) * 20) * 5;
        if (now === percent) return;
        percent = now;
        setStatus(() => (i: I18n) => i.t.importing(i.n(now)));
      });
      setStatus(() => (i: I18n) => {
        const main = i.t.importDone(i.n(report.added), i.n(report.updated), i.n(report.unchanged));
        return report.older ? `${main}. ${i.t.importOlder(i.n(report.older))}` : main;
      });
      // The report is true once the write committed; the list catches up a moment later.
      await reload();
    } catch (err) {
      const failure = err as ImportFailure;
      setStatus(undefined);
      if (failure.code === 'unknown-key' && !allowUnverified) {
        const publisher = String(failure.params?.fingerprint ?? '?');
        setPending({
          publisher,
          accept: () => void run(file, true),
          cancel: () => setPending(undefined),
        });
      } else {
        setError(() => (i: I18n) => describeFailure(failure, i));
      }
    } finally {
      setBusy(false);
    }
  }, [reload]);

  return { status, error, pending, busy, run };
}
