/** An export under way: how far it is, and a button that stops it; once made, share it or save it. Nothing while none runs. */
import { useSharedValue } from './shared-value';
import type { Exporter } from './use-export';

export function ExportProgress({ exporter }: { exporter: Exporter }) {
  // At most four times a second: a large library's export reports every batch.
  const shown = useSharedValue(exporter.progress, 250);
  if (!shown) return null;
  // The status line above says the file is ready; each button's tap opens the share sheet or saves.
  if ('choose' in shown)
    return (
      <div class="export-progress">
        <button type="button" class="button button--primary" onClick={() => shown.choose('share')}>
          {shown.share}
        </button>
        <button type="button" class="button" onClick={() => shown.choose('save')}>
          {shown.save}
        </button>
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
