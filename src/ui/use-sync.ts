/** Keeps the built-in library in IndexedDB in step with the deployed edition, and reports progress. */
import { useEffect, useState } from 'preact/hooks';
import type { I18n } from './i18n';
import { onPrecacheProgress } from '../platform/pwa';

export interface SyncState {
  /** A message for the status region, in the current language; undefined when there is nothing to say. */
  message?: (i: I18n) => string;
}

/** Runs the built-in sync once at start (it never blocks the first paint). */
export function useSync(reload: () => Promise<void>): SyncState {
  const [message, setMessage] = useState<SyncState['message']>();
  useEffect(() => {
    let saving = false;
    const off = onPrecacheProgress(({ done, total }) => {
      saving = true;
      setMessage(() => (i: I18n) => i.t.saving(i.n(done), i.n(total)));
    });
    void import('../platform/library-sync').then(({ syncBuiltInLibrary }) => syncBuiltInLibrary({
      onProgress: (done, total) => {
        saving = true;
        setMessage(() => (i: I18n) => i.t.saving(i.n(done), i.n(total)));
        void reload();
      },
    }))
      .then(async ({ ready }) => {
        await reload();
        if (ready) {
          document.documentElement.dataset.offlineReady = 'true';
          if (saving) setMessage(() => (i: I18n) => i.t.offlineReady);
        }
      })
      .catch(() => setMessage(undefined))
      .finally(off);
    return off;
  }, [reload]);
  return { message };
}
