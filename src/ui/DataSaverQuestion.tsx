/** The data saver's first-visit question: a sheet fixed at the bottom (nothing on the page moves), loaded only while the reader has not chosen. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { formatSize, saverStrings } from './i18n-saver';
import type { MediaChoice } from '../core/data-saver';
import './DataSaver.css';

const CHOICES: MediaChoice[] = ['text', 'all'];
/** The choice and the sync live in the page's deferred part (one module, so one copy of the choice's listeners). */
const deferred = import('../platform/deferred');

/**
 * Asks, while the text downloads, whether the pictures come now too; shown only while the sync holds pictures back for
 * the answer. The preselected choice (text only where the browser asks to save data) is the primary button and is
 * taken when nobody answers. `onChosen` hears every choice, the fallback's too.
 */
export function DataSaverQuestion({ onChosen }: { onChosen: (choice: MediaChoice) => void }) {
  const i = useI18n();
  const s = saverStrings(i);
  const [bytes, setBytes] = useState<number>();
  const [preselected, setPreselected] = useState<MediaChoice>('all');
  useEffect(() => {
    let live = true;
    let offs: (() => void)[] = [];
    void deferred.then((d) => {
      if (!live) return;
      setPreselected(d.preselectedMediaChoice());
      offs = [d.onPicturesWaiting(setBytes), d.onMediaChoice(onChosen)];
    });
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, []);
  if (!bytes) return null;
  const label = (c: MediaChoice) => (c === 'text' ? s.choiceText : s.choiceAll);
  return (
    <section class="saver-sheet" role="region" aria-labelledby="saver-question">
      <h2 id="saver-question">{s.question}</h2>
      <p>{s.questionHelp(formatSize(i, bytes))}</p>
      <div class="saver-sheet__choices">
        {CHOICES.map((c) => (
          <button
            key={c}
            type="button"
            class={`button${c === preselected ? ' button--primary' : ''}`}
            onClick={() => {
              void deferred.then((d) => d.chooseMedia(c));
              // The question goes with its buttons: the focus goes to the page, not back to the top of the document.
              document.getElementById('main')?.focus({ preventScroll: true });
            }}
          >
            {label(c)}
          </button>
        ))}
      </div>
      <p class="muted">{s.questionDefault(label(preselected))}</p>
    </section>
  );
}
