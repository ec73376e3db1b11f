/** Asks before importing a file signed by a key this app does not trust (one file at a time, when several ask). */
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { Isolated } from './Isolated';
import type { PendingUnverified } from './use-importer';
import './ImportPrompt.css';

/** The question for `pending`; the next file's question takes its place once it is answered. */
export function ImportPrompt({ pending }: { pending: PendingUnverified }) {
  const i = useI18n();
  const { t } = i;
  const words = pending.words(i);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    // Escape closes the dialog itself: the next question opens it again.
    if (!ref.current?.open) ref.current?.showModal?.();
  }, [pending]);
  /** The question shown, and the `close` events still to come of closes Escape made (each answered by its `cancel`). */
  const shown = useRef({ pending, escapes: 0 });
  shown.current.pending = pending;
  const cancel = (): void => {
    shown.current.escapes++;
    pending.cancel();
  };
  // Closed with no `cancel` event (Chromium's back gesture, without a tap on the page first): the question shown is
  // answered "Cancel", or it would wait unseen and hold the files behind it.
  const closed = (): void => {
    if (shown.current.escapes > 0) shown.current.escapes--;
    else shown.current.pending.cancel();
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="unverified-title" onCancel={cancel} onClose={closed}>
      <h2 id="unverified-title">{t.unverifiedShort}</h2>
      {pending.file && <p>{words.importUnverifiedFile(pending.file)}</p>}
      <p>
        {/* Groups of letters and digits: a Persian sentence would otherwise reorder a fingerprint that starts with digits. */}
        <Isolated template={words.importUnverifiedAsk} value={pending.publisher} dir="ltr" />
      </p>
      <div class="row">
        <button type="button" class="button" onClick={pending.cancel} autofocus>
          {t.cancel}
        </button>
        <button type="button" class="button button--danger" onClick={pending.accept}>
          {words.importAnyway}
        </button>
      </div>
    </dialog>
  );
}
