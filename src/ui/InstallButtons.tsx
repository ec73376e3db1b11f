/** "Install" (the browser's own prompt, where the browser can offer one) and "How to install" (short illustrated steps, loaded when asked for). */
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
  // In a browser that can offer its prompt, "Install" is there from the start: the prompt comes a while after the page
  // has painted, and a button added then moved the ones beside it (a layout shift on every first visit in Chrome).
  // Until the prompt comes, it opens the steps, as "How to install" does.
  return (
    <div class="row">
      {install.mayOffer && (
        <button
          type="button"
          class="button button--primary"
          aria-haspopup={install.offered ? undefined : 'dialog'}
          onClick={() => {
            onUse?.();
            if (install.offered) void install.prompt();
            else setOpen(true);
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
