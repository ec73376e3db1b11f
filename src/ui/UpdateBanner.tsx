/** Tells the reader a new edition is ready; reloads only when they choose. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { applyUpdate, onNeedRefresh } from '../platform/pwa';

export function UpdateBanner() {
  const { t } = useI18n();
  const [waiting, setWaiting] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => onNeedRefresh(setWaiting), []);
  if (!waiting || dismissed) return null;
  return (
    <section class="banner" role="region" aria-label={t.updateReady}>
      <p>{t.updateReady}</p>
      <button type="button" class="button button--primary" onClick={applyUpdate}>
        {t.updateReload}
      </button>
      <button type="button" class="button" onClick={() => setDismissed(true)}>
        {t.updateLater}
      </button>
    </section>
  );
}
