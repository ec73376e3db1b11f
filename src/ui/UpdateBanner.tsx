/** Tells the reader a new edition is ready; reloads only when they choose; "Later" folds it into the header's status sign. */
import { useI18n } from './i18n';
import type { UpdateState } from './use-update';

export function UpdateBanner({ update }: { update: UpdateState }) {
  const { t } = useI18n();
  if (!update.waiting || update.deferred) return null;
  return (
    <section class="banner" role="region" aria-label={t.updateReady}>
      <p>{t.updateReady}</p>
      <button type="button" class="button button--primary" onClick={update.apply}>
        {t.updateReload}
      </button>
      <button type="button" class="button" onClick={update.defer}>
        {t.updateLater}
      </button>
    </section>
  );
}
