/** Once, in the library: a short card inviting the reader to install the app; closed for good by "Not now" or by using it. */
import { useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { Icon } from './Icon';
import { InstallButtons } from './InstallButtons';
import { installTipSeen, isStandalone, markInstallTipSeen } from './use-install';

export function InstallTip() {
  const { t } = useI18n();
  const [shown, setShown] = useState(() => !installTipSeen() && !isStandalone());
  if (!shown) return null;
  const close = () => {
    markInstallTipSeen();
    setShown(false);
  };
  return (
    <section class="install-tip" aria-labelledby="install-tip-title">
      <h2 id="install-tip-title" class="install-tip__title">
        <Icon name="install" />
        {t.installTitle}
      </h2>
      <p>{t.installTip}</p>
      <div class="install-tip__actions">
        <InstallButtons onUse={markInstallTipSeen} />
        <button type="button" class="button button--quiet" onClick={close}>
          {t.installNotNow}
        </button>
      </div>
    </section>
  );
}
