/** How to add the app to the home screen, step by step with the icons the reader will look for (iOS Safari; Android and computers). Loaded on demand. */
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { settingsText } from './i18n-settings';
import { Icon, type IconName } from './Icon';
import './InstallHelp.css';

function Steps({ title, steps, icons }: { title: string; steps: string[]; icons: (IconName | undefined)[] }) {
  const i = useI18n();
  return (
    <section class="install-steps">
      <h3>{title}</h3>
      <ol>
        {steps.map((step, n) => (
          <li key={n}>
            <span class="install-steps__icon" aria-hidden="true">
              {icons[n] ? <Icon name={icons[n]} /> : i.n(n + 1)}
            </span>
            <span>{step}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function InstallHelp({ onClose }: { onClose: () => void }) {
  const t = settingsText(useI18n());
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} class="sheet" aria-labelledby="install-title" onClose={onClose}>
      <div class="sheet__content">
        <div class="sheet__head">
          <h2 id="install-title">{t.installTitle}</h2>
          <button type="button" class="icon-button" onClick={() => ref.current?.close()}>
            <Icon name="close" />
            <span class="visually-hidden">{t.close}</span>
          </button>
        </div>
        <p class="sheet__help">{t.installTip}</p>
        <Steps title={t.installIosTitle} steps={t.installIos} icons={[undefined, 'share', 'plusSquare']} />
        <Steps title={t.installAndroidTitle} steps={t.installAndroid} icons={['more', 'install']} />
      </div>
    </dialog>
  );
}
