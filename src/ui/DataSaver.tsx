/** The data saver's interface: the first visit's question (a sheet fixed at the bottom, so nothing on the page moves) and its Settings section. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { formatSize, saverStrings } from './i18n-saver';
import { chooseMedia, onMediaChoice, onPicturesWaiting, preselectedMediaChoice } from '../platform/media-choice';
import { missingPictureBytes } from '../platform/pictures';
import type { MediaChoice } from '../core/data-saver';
import './DataSaver.css';

const CHOICES: MediaChoice[] = ['text', 'all'];

/**
 * Asks, while the text downloads, whether the pictures come now too; shown only while the sync holds pictures back for
 * the answer. The preselected choice (text only where the browser asks to save data) is the primary button and is
 * taken when nobody answers. `onChosen` hears every choice, the fallback's too.
 */
export function DataSaverQuestion({ onChosen }: { onChosen: (choice: MediaChoice) => void }) {
  const i = useI18n();
  const s = saverStrings(i);
  const [bytes, setBytes] = useState<number>();
  useEffect(() => onPicturesWaiting(setBytes), []);
  useEffect(() => onMediaChoice(onChosen), []);
  if (!bytes) return null;
  const preselected = preselectedMediaChoice();
  const label = (c: MediaChoice) => (c === 'text' ? s.choiceText : s.choiceAll);
  return (
    <section class="saver-sheet" role="region" aria-labelledby="saver-question">
      <h2 id="saver-question">{s.question}</h2>
      <p>{s.questionHelp(formatSize(i, bytes))}</p>
      <div class="saver-sheet__choices">
        {CHOICES.map((c) => (
          <button key={c} type="button" class={`button${c === preselected ? ' button--primary' : ''}`} onClick={() => void chooseMedia(c)}>
            {label(c)}
          </button>
        ))}
      </div>
      <p class="muted">{s.questionDefault(label(preselected))}</p>
    </section>
  );
}

/** Settings: the choice, and what the pictures not on the device would take. */
export function DataSaverSetting({ value, onChange }: { value: MediaChoice | undefined; onChange: (choice: MediaChoice) => void }) {
  const i = useI18n();
  const s = saverStrings(i);
  const [bytes, setBytes] = useState<number>();
  const current = value ?? preselectedMediaChoice();
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void missingPictureBytes().then(
        (b) => live && setBytes(b),
        () => undefined,
      );
    refresh();
    // Pictures arrive while the reader looks (after "everything now", or one article at a time): keep the figure true.
    const timer = setInterval(refresh, 3_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [current]);
  const choose = (c: MediaChoice) => {
    onChange(c);
    void chooseMedia(c);
  };
  return (
    <section aria-labelledby="s-pictures">
      <h2 id="s-pictures">{s.title}</h2>
      <div class="segmented saver-choices" role="group" aria-labelledby="s-pictures">
        {CHOICES.map((c) => (
          <button key={c} type="button" class="button" aria-pressed={current === c} onClick={() => choose(c)}>
            {c === 'text' ? s.choiceText : s.choiceAll}
          </button>
        ))}
      </div>
      <p class="muted">{s.settingHelp}</p>
      {bytes !== undefined && <p data-pictures-left={bytes}>{bytes ? s.picturesLeft(formatSize(i, bytes)) : s.picturesAllSaved}</p>}
    </section>
  );
}
