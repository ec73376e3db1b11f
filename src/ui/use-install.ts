/** Installing to the home screen: the browser's own prompt when it offers one (beforeinstallprompt), and whether the tip was seen. */
import { sharedValue, useSharedValue } from './shared-value';
import { setSetting, type Settings } from '../storage/settings-store';

/** The event Chromium browsers fire when the app can be installed (not in the DOM typings). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
  userChoice?: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offered: InstallPromptEvent | undefined;
/** The prompt was used or the app installed: this page has nothing more to offer. */
let done = false;
/** Whether this browser can offer its prompt here (asked once: a media query is not free inside a render). */
let promptable: boolean | undefined;
const changes = sharedValue(0);
const changed = (): void => changes.set(changes.get() + 1);

// Listened for from the start: the browser fires it once, early, whatever view is open.
addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();
  offered = e as InstallPromptEvent;
  changed();
});
addEventListener('appinstalled', () => {
  offered = undefined;
  done = true;
  markInstallTipSeen();
  changed();
});

const LEGACY_SEEN = 'installTipSeen';
let seen = false;

/** Whether the app already runs from the home screen (then there is nothing to install). */
export function isStandalone(): boolean {
  return matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
}

/**
 * Takes whether the tip was seen from the settings read at start (kept in IndexedDB with them, so the first paint does
 * not wait for localStorage's first read, a few milliseconds of the main thread). Versions before kept it in
 * localStorage: that is read only where a reader has been before (a data-saver choice is stored), never on a first visit.
 */
export function startInstallTip(settings: Settings): void {
  seen = settings.installTip === 'seen';
  if (!seen && settings.media !== undefined)
    try {
      seen = localStorage.getItem(LEGACY_SEEN) === '1';
    } catch {
      /* storage disabled: the tip shows */
    }
}

/** Whether the reader closed or used the install tip. */
export function installTipSeen(): boolean {
  return seen;
}

/** Remembers that the tip has been seen, so it is not shown again ("Erase everything" forgets it with the settings). */
export function markInstallTipSeen(): void {
  seen = true;
  void setSetting('installTip', 'seen').catch(() => undefined);
}

/**
 * Whether the browser offers its install prompt now; whether it is one that can (Chromium's, which fires
 * beforeinstallprompt a while after the page has painted, or not at all), until the prompt is used; and a function that
 * shows it (once: the browser allows one use).
 */
export function useInstallPrompt(): { offered: boolean; mayOffer: boolean; prompt: () => Promise<void> } {
  useSharedValue(changes);
  return {
    offered: !!offered,
    mayOffer: !done && (!!offered || (promptable ??= 'onbeforeinstallprompt' in window && !isStandalone())),
    prompt: async () => {
      const e = offered;
      offered = undefined;
      done = true;
      changed();
      await e?.prompt();
    },
  };
}
