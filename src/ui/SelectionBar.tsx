/** While articles are being chosen to share: how many, "share them as one file", and "done". */
import { useI18n } from './i18n';
import { Icon } from './Icon';
import type { Exporter } from './use-export';
import type { ArticleRecord } from '../storage/db';

export function SelectionBar({ chosen, exporter, onDone }: { chosen: ArticleRecord[]; exporter: Exporter; onDone: () => void }) {
  const i = useI18n();
  return (
    <div class="selection-bar" role="group" aria-label={i.t.selectMode}>
      <button
        type="button"
        class="button button--primary"
        disabled={exporter.busy || chosen.length === 0}
        onClick={() => void exporter.run(chosen)}
      >
        <Icon name="share" />
        {i.t.exportSelected(i.n(chosen.length))}
      </button>
      <button type="button" class="button" onClick={onDone}>
        {i.t.selectDone}
      </button>
    </div>
  );
}
