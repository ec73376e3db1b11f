/** The data saver in Settings: the choice, and what the pictures not on the device would take. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { formatSize, saverStrings } from './i18n-saver';
import type { MediaChoice } from '../core/data-saver';
// The segmented control's rules.
import './SettingsView.css';

const CHOICES: MediaChoice[] = ['text', 'all'];
const deferred = import('../platform/deferred');

/** Settings: the choice (shown as the preselected one until the reader chose), and what the pictures left would take. */
export function DataSaverSetting({ value, onChange }: { value: MediaChoice | undefined; onChange: (choice: MediaChoice) => void }) {
  const i = useI18n();
  const s = saverStrings(i);
  const [bytes, setBytes] = useState<number>();
  const [preselected, setPreselected] = useState<MediaChoice>('all');
  const current = value ?? preselected;
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void deferred.then(async (d) => {
        setPreselected(d.preselectedMediaChoice());
        const left = await d.missingPictureBytes().catch(() => undefined);
        if (live && left !== undefined) setBytes(left);
      });
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
    void deferred.then((d) => d.chooseMedia(c));
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
