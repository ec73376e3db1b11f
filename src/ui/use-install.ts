/** Installing to the home screen: the browser's own prompt when it offers one (beforeinstallprompt), and whether the tip was seen. */
import { useEffect, useState } from 'preact/hooks';

/** The event Chromium browsers fire when the app can be installed (not in the DOM typings). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
  userChoice?: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offered: InstallPromptEvent | undefined;
const listeners = new Set<() => void>();
const changed = (): void => listeners.forEach((l) => l());

// Listened for from the start: the browser fires it once, early, whatever view is open.
addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();
  offered = e as InstallPromptEvent;
  changed();
});
addEventListener('appinstalled', () => {
  offered = undefined;
  markInstallTipSeen();
  changed();
});

const SEEN = 'installTipSeen';

/** Whether the app already runs from the home screen (then there is nothing to install). */
export function isStandalone(): boolean {
  return matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
}

/** Whether the reader closed or used the install tip (kept in localStorage, which "Erase everything" clears). */
export function installTipSeen(): boolean {
  try {
    return localStorage.getItem(SEEN) === '1';
  } catch {
    return false;
  }
}

/** Remembers that the tip has been seen, so it is not shown again. */
export function markInstallTipSeen(): void {
  try {
    localStorage.setItem(SEEN, '1');
  } catch {
    /* storage disabled: the tip shows again next time */
  }
}

/** Whether the browser offers its install prompt now, and a function that shows it (once: the browser allows one use). */
export function useInstallPrompt(): { offered: boolean; prompt: () => Promise<void> } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return {
    offered: !!offered,
    prompt: async () => {
      const e = offered;
      offered = undefined;
      changed();
      await e?.prompt();
    },
  };
}
