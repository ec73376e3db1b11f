/** Tells the reader a new version (of the app, of its articles) is ready; reloads only when they choose; "Later" folds it into the header's status sign. */
import { useI18n } from './i18n';
import { settingsText } from './i18n-settings';
import type { UpdateState } from './use-update';

export function UpdateBanner({ update }: { update: UpdateState }) {
  const t = settingsText(useI18n());
  if (!update.waiting || update.deferred) return null;
  return (
    <section class="banner" role="region" aria-label={t.updateReady}>
      <p>{t.updateReady}</p>
      {/* Not while articles are on their way (update.busy): focus stays on the button, and the note says why. */}
      <button
        type="button"
        class="button button--primary"
        onClick={update.apply}
        aria-disabled={update.busy}
        aria-describedby={update.busy ? 'update-busy' : undefined}
      >
        {t.updateReload}
      </button>
      <button type="button" class="button" onClick={update.defer}>
        {t.updateLater}
      </button>
      {update.busy && (
        <p id="update-busy" class="muted">
          {t.updateAfterSave}
        </p>
      )}
    </section>
  );
}
