/** "Install" (the browser's own prompt, when it offers one) and "How to install" (short illustrated steps, loaded when asked for). */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { useI18n } from './i18n';
import { Icon } from './Icon';
import { useInstallPrompt } from './use-install';

type Help = ComponentType<{ onClose: () => void }>;

export function InstallButtons({ onUse }: { onUse?: () => void }) {
  const { t } = useI18n();
  const install = useInstallPrompt();
  const [open, setOpen] = useState(false);
  const [Help, setHelp] = useState<Help>();
  useEffect(() => {
    if (open && !Help) void import('./InstallHelp').then((m) => setHelp(() => m.InstallHelp));
  }, [open]);
  return (
    <div class="row">
      {install.offered && (
        <button
          type="button"
          class="button button--primary"
          onClick={() => {
            onUse?.();
            void install.prompt();
          }}
        >
          <Icon name="install" />
          {t.installNow}
        </button>
      )}
      <button
        type="button"
        class="button"
        aria-haspopup="dialog"
        onClick={() => {
          onUse?.();
          setOpen(true);
        }}
      >
        {t.installHow}
      </button>
      {open && Help && <Help onClose={() => setOpen(false)} />}
    </div>
  );
}
