/** An export under way: how far it is, and a button that stops it; once made, share it or save it. Nothing while none runs. */
import { useSharedValue } from './shared-value';
import type { ExportJob, ExportShown, Exporter } from './use-export';

type Choice = Extract<ExportShown, { choose: unknown }>;

/** The tap a share sheet needs: each button opens the share sheet or saves. */
function ShareOrSave({ shown }: { shown: Choice }) {
  return (
    <>
      <button type="button" class="button button--primary" onClick={() => shown.choose('share')}>
        {shown.share}
      </button>
      <button type="button" class="button" onClick={() => shown.choose('save')}>
        {shown.save}
      </button>
    </>
  );
}

export function ExportProgress({ exporter }: { exporter: Exporter }) {
  // At most four times a second: a large library's export reports every batch.
  const shown = useSharedValue(exporter.progress, 250);
  if (!shown) return null;
  // The status line above says the file is ready.
  if ('choose' in shown)
    return (
      <div class="export-progress">
        <ShareOrSave shown={shown} />
      </div>
    );
  return (
    <div class="export-progress">
      {/* The words are the bar's name; the status line above already said, once, that the file is being made. */}
      <progress max={shown.total} value={shown.done} aria-label={shown.text} />
      <span class="muted" aria-hidden="true">
        {shown.text}
      </span>
      <button type="button" class="button" onClick={exporter.stop}>
        {shown.stopLabel}
      </button>
    </div>
  );
}

/**
 * A file made while the reader is away from the view that started it (reading an article, in Settings): the tap the
 * share sheet needs is asked for where the reader is, or the file would wait on a list they may not open again.
 */
export function ExportReadyBanner({ job }: { job: ExportJob }) {
  const shown = useSharedValue(job.progress);
  const { message } = useSharedValue(job.state);
  if (!shown || !('choose' in shown)) return null;
  return (
    <section class="banner" aria-label={message}>
      <p role="status">{message}</p>
      <ShareOrSave shown={shown} />
    </section>
  );
}
