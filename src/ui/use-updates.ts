/** New editions from the library's addresses: checks at start (once the library is ready), every few hours while open, and on request. */
import { useEffect } from 'preact/hooks';
import type { CheckProgress } from '../platform/update-check';
import site from 'virtual:site-config';
import { sharedValue, useSharedPart, useSharedValue } from './shared-value';
import { checkForAppUpdate } from '../platform/pwa';
import { getLastCheck, getLibraryEdition, getMirrors, type CheckRecord, type LibraryEdition } from '../storage/update-store';

/** At most one automatic check in this long while the app stays open. */
const CHECK_EVERY_MS = 4 * 60 * 60_000;
/** How often an open app asks itself whether a check is due. */
const DUE_POLL_MS = 10 * 60_000;

/** What the components show. */
export interface UpdatesState {
  running: boolean;
  progress?: CheckProgress;
  /** The last finished check (stored, so it survives a restart). */
  check?: CheckRecord;
  /** The edition the library holds whole. */
  edition?: LibraryEdition;
  /** A check stopped by something other than an address (such as a full disk): nothing changed. */
  failed: boolean;
  /** The library's addresses: its own, then the mirrors of the newest signed list. */
  addresses: string[];
}

const shared = sharedValue<UpdatesState>({ running: false, failed: false, addresses: [] });
let onUpdated: (() => Promise<void>) | undefined;
/** When this session's last check ended, by the session's clock (performance.now), which a wall clock set back leaves alone. */
let checkedInSession: number | undefined;

function set(patch: Partial<UpdatesState>): void {
  shared.set({ ...shared.get(), ...patch });
}

async function refresh(): Promise<void> {
  const [check, edition, mirrors] = await Promise.all([
    getLastCheck().catch(() => undefined),
    getLibraryEdition().catch(() => undefined),
    getMirrors(site.publisher.id).catch(() => undefined),
  ]);
  const own = new URL('./', document.baseURI).href;
  set({ check, edition, addresses: [own, ...(mirrors?.mirrors ?? []).filter((m) => m !== own)] });
}

/** Runs one check now (nothing, while one is running). */
export async function checkNow(): Promise<void> {
  if (shared.get().running) return;
  set({ running: true, progress: undefined, failed: false });
  try {
    const { checkForUpdates } = await import('../platform/update-check');
    const check = await checkForUpdates((progress) => set({ progress }));
    checkedInSession = performance.now();
    set({ check });
    if (check.outcome.kind === 'updated') await onUpdated?.();
    // The new edition comes with the app's own next version: ask for it now, not only at the next start.
    else if (check.outcome.kind === 'own') checkForAppUpdate();
  } catch {
    set({ failed: true });
  } finally {
    await refresh();
    set({ running: false, progress: undefined });
  }
}

/**
 * How long since the last check, by the wall clock; where that time is after now (the clock was set back since, or was
 * ahead when the time was stored), by the session's clock if a check ran in this session, else as long ago: otherwise
 * none would come until that time. Not the session's clock alone: on most phones it stops while the device sleeps, and
 * a night asleep with the app open would count as a few minutes.
 */
function sinceLastCheck(): number {
  const wall = Date.now() - (shared.get().check?.at ?? 0);
  const session = checkedInSession === undefined ? undefined : performance.now() - checkedInSession;
  return wall >= 0 ? Math.max(wall, session ?? 0) : (session ?? Infinity);
}

/** The shared state, re-rendered on every change. */
export function useUpdates(): UpdatesState {
  return useSharedValue(shared);
}

/** Whether a check is bringing a new edition: its file, its packs (held in memory until every part is in), or the save. */
function arriving({ running, progress }: UpdatesState): boolean {
  return running && !!progress && progress.stage !== 'asking';
}

/** Whether a new edition is arriving; renders again only when that changes, not for each part a download brings. */
export function useEditionArriving(): boolean {
  return useSharedPart(shared, arriving);
}

/**
 * Starts the automatic checks (mounted once, by the app): the first once the built-in library is stored (or its download
 * stopped half-way: a mirror may bring the rest) and the device is online, then whenever CHECK_EVERY_MS has passed since
 * the last one. `reload` runs after an update.
 */
export function useUpdateChecks(reload: () => Promise<void>): void {
  useEffect(() => {
    onUpdated = reload;
    void refresh();
    let started = false;
    const due = (): void => {
      if (!started || !navigator.onLine || shared.get().running) return;
      if (sinceLastCheck() >= CHECK_EVERY_MS) void checkNow();
    };
    const start = (): void => {
      const { offlineReady, syncStopped } = document.documentElement.dataset;
      if (started || !(offlineReady || syncStopped)) return;
      started = true;
      observer.disconnect();
      if (navigator.onLine) void checkNow();
    };
    const observer = new MutationObserver(start);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-offline-ready', 'data-sync-stopped'] });
    start();
    const timer = setInterval(due, DUE_POLL_MS);
    // Back to the app (woken, or switched to): a check may have come due while the interval was not running.
    const onVisible = (): void => void (document.visibilityState === 'visible' && due());
    addEventListener('online', due);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      observer.disconnect();
      clearInterval(timer);
      removeEventListener('online', due);
      document.removeEventListener('visibilitychange', onVisible);
      onUpdated = undefined;
    };
  }, [reload]);
}
