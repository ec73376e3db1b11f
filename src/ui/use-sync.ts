/** Keeps the built-in library in IndexedDB in step with the deployed edition, reports progress and what the storage tells, and retries until done. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { I18n } from './i18n';
import { isRefused, onPrecacheProgress } from '../platform/pwa';
import { lacksServiceWorker, lacksStorage } from '../platform/capabilities';
import { parseRoute } from './use-route';
import { soon } from '../platform/soon';
import type { MediaChoice } from '../core/data-saver';
import { sharedValue, type SharedValue } from './shared-value';
import { followStorageNotice } from '../storage/db';
import { isFailure } from '../core/errors';
import { loadFailureSentence } from './failure-sentence';
import type { syncText as SyncText } from './i18n-sync';

/** What the library's state is, for the quiet indicator: storing, all stored, stopped half-way, or stored but not offline. */
export type SyncKind = 'saving' | 'saved' | 'paused' | 'online-only';

export interface SyncState {
  /** A message for the status region, in the current language; undefined when there is nothing to say. */
  message?: (i: I18n) => string;
  /** The indicator's short form of the same state, in the current language. */
  short?: (i: I18n) => string;
  kind?: SyncKind;
  /**
   * The message as it was when this kind of state began ("saving 1 of 65", then "everything is saved"): what the live
   * region says and what opens the status note, so a long save is heard and shown once, not once per pack.
   */
  announce?: (i: I18n) => string;
  /**
   * While saving, the count: it moves once per file, and only the status chip follows it, so each
   * step renders the chip and not the whole app.
   */
  count?: SharedValue<SavingCount>;
  /** What a passing state (the wait for another tab) covers, shown again when it passes. */
  covered?: SyncState;
}

/** How far a save has come: files (or packs) done of all it has to do. */
export interface SavingCount {
  done: number;
  total: number;
}

/**
 * While packs are stored, the list is read again at most this often (and at once after the first pack, which holds
 * the newest articles): each read and render costs a cheap phone's main thread, and the rows a later pack adds go
 * below the first screen anyway.
 */
const RELOAD_EVERY_MS = 2_000;

/** First retry after a failed download; each later one waits twice as long, up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 15_000;
const RETRY_MAX_MS = 5 * 60_000;

/** What is said while the storage waits for another tab (one function, so the state that says it is known). */
const blockedMessage = (i: I18n): string => i.t.storageBlocked;

/**
 * Runs the built-in sync at start (it never blocks the first paint). On a connection that comes and goes it keeps
 * what arrived, says so, and tries again when the browser comes back online or after a growing pause; not when the
 * device is out of space or a newer version of the app upgraded the storage (said once: trying again would fail the
 * same way). Runs again when the reader turns the data saver's `media` to 'all', to bring the pictures left. Also says
 * what the storage tells: that it waits for the app's other tabs to close, or that the library was erased (then it
 * never runs again).
 */
export function useSync(reload: () => Promise<void>, reloadNew: () => Promise<void> = reload, media?: MediaChoice): SyncState {
  const [state, setState] = useState<SyncState>({});
  const again = useRef<() => void>();
  const count = useMemo(() => sharedValue<SavingCount>({ done: 0, total: 0 }), []);
  const setMessage = (kind: SyncKind, message: (i: I18n) => string, short: (i: I18n) => string): void =>
    setState({ kind, message, short, announce: message });
  // A save's count moving on is not announced, and changes only the count: the state (and so the app) stays as it is.
  const setSaving = (done: number, total: number): void => {
    count.set({ done, total });
    setState((s) =>
      s.kind === 'saving'
        ? s
        : {
            kind: 'saving',
            message: (i) => i.t.saving(i.n(count.get().done), i.n(count.get().total)),
            short: (i) => i.t.statusSaving(i.n(count.get().done), i.n(count.get().total)),
            announce: (i) => i.t.saving(i.n(done), i.n(total)),
            count,
          },
    );
  };
  useEffect(() => {
    let saving = false;
    let running = false;
    let finished = false;
    /** Set when the library is erased (here or in another tab): nothing runs again, not even when asked. */
    let erased = false;
    let attempts = 0;
    /** Asked for again while a run was under way (the reader chose "Everything now" meanwhile): it runs once that ends. */
    let askedAgain = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stored = { done: 0, total: 0 };
    let textOnly = false;
    /** The sync's own sentences, a lazy part: set once the sync's code is loaded. */
    let words: typeof SyncText | undefined;
    const off = onPrecacheProgress(({ done, total }) => {
      saving = true;
      setSaving(done, total);
    });
    /** Offline-ready, said in the sync's sentences (`text`). */
    const ready = (text: typeof SyncText): void => {
      finished = true;
      document.documentElement.dataset.offlineReady = 'true';
      // Without a secure context there is no service worker: the articles are stored, but the app cannot open offline.
      if (!isSecureContext)
        setMessage(
          'online-only',
          (i) => text(i).savedNoOffline,
          (i) => i.t.statusOnlineOnly,
        );
      // A browser with no service workers keeps the articles but cannot open the app offline: never claim it can.
      else if (lacksServiceWorker())
        setMessage(
          'online-only',
          (i) => text(i).savedNoServiceWorker,
          (i) => i.t.statusOnlineOnly,
        );
      // Nor one that refused this address's (its host serves the script with a wrong content type).
      else if (isRefused())
        setMessage(
          'online-only',
          (i) => text(i).savedRefused,
          (i) => i.t.statusOnlineOnly,
        );
      else if (saving)
        setMessage(
          'saved',
          (i) => (textOnly ? text(i).offlineReadyText : text(i).offlineReady),
          (i) => i.t.statusSaved,
        );
      else setState((s) => (s.kind ? s : { kind: 'saved', short: (i) => i.t.statusSaved }));
      stop();
    };
    const readyLater = (): void => {
      if (words) ready(words);
    };
    const run = async (): Promise<void> => {
      if (running || finished) return;
      running = true;
      clearTimeout(timer);
      // The list is read again only when this run stored something: at 10,000 articles a read costs the main thread.
      let changed = false;
      let reloadedAt = -Infinity;
      let pendingReload: ReturnType<typeof setTimeout> | undefined;
      const reloadSoon = (): void => {
        if (pendingReload) return;
        const wait = Math.max(0, reloadedAt + RELOAD_EVERY_MS - performance.now());
        pendingReload = setTimeout(() => {
          pendingReload = undefined;
          reloadedAt = performance.now();
          void reloadNew();
        }, wait);
      };
      try {
        const { syncBuiltInLibrary, syncText } = await import('../platform/deferred');
        words = syncText;
        const route = parseRoute(location.hash);
        const result = await syncBuiltInLibrary({
          wanted: route.name === 'article' ? { id: route.id, publisherId: route.publisherId } : undefined,
          onProgress: (done, total) => {
            saving = true;
            changed = true;
            stored = { done, total };
            setSaving(done, total);
            reloadSoon();
          },
        });
        clearTimeout(pendingReload);
        // A withdrawal removes rows: the list is read whole. Otherwise only the rows stored since the last read are added
        // (a full read of a large library at the end of a first visit is one more long task on a cheap phone).
        if (result.withdrawn) await reload();
        else if (changed) await reloadNew();
        attempts = 0;
        textOnly = !!result.textOnly;
        // (Not ready, as the browser refused the service worker: it never will be, which ready() says.)
        if (result.ready || isRefused()) ready(syncText);
        // Stored, but the service worker is still installing (a slow link): offline-ready once it takes over.
        else navigator.serviceWorker?.addEventListener('controllerchange', readyLater, { once: true });
        // Said once, when the withdrawal is applied (the next start finds nothing more to withdraw).
        if (result.withdrawn) {
          const n = result.withdrawn;
          setMessage(
            'saved',
            (i) => syncText(i).withdrawnNotice(i.n(n)),
            (i) => i.t.statusSaved,
          );
        }
      } catch (err) {
        clearTimeout(pendingReload);
        if (changed && !erased) await reload().catch(() => undefined);
        // Erased meanwhile: nothing to say or try again, and no probe below may create a database.
        if (erased) return;
        // Out of space, or a newer version of the app upgraded the storage: trying again would verify and plan the
        // edition again, and fail the same way. Said once; a later visit (or the reader's own action) tries again.
        if (isFailure(err) && (err.code === 'quota' || err.code === 'storage-outdated')) {
          finished = true;
          stop();
          // Not the import's 'quota' sentence ("try again. Nothing was changed."): the packs stored so far stay.
          const full = words;
          const sentence = err.code === 'quota' && full ? (i: I18n) => full(i).syncFull : await loadFailureSentence(err);
          if (!erased) setMessage('paused', sentence, (i) => i.t.statusPaused);
          return;
        }
        // No IndexedDB: waiting for a better connection would never help, so say what works instead.
        if (await lacksStorage()) {
          finished = true;
          setMessage(
            'paused',
            (i) => i.t.noStorage,
            (i) => i.t.statusPaused,
          );
          stop();
          return;
        }
        if (erased) return;
        const { done, total } = stored;
        setMessage(
          'paused',
          (i) => (total > 0 ? i.t.syncPaused(i.n(done), i.n(total)) : i.t.syncWaiting),
          (i) => i.t.statusPaused,
        );
        timer = setTimeout(() => void run(), Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempts++));
      } finally {
        running = false;
        if (askedAgain && !erased) {
          askedAgain = false;
          finished = false;
          void run();
        }
      }
    };
    const onOnline = (): void => void run();
    function stop(): void {
      off();
      clearTimeout(timer);
      removeEventListener('online', onOnline);
      navigator.serviceWorker?.removeEventListener('controllerchange', readyLater);
    }
    addEventListener('online', onOnline);
    again.current = () => {
      if (erased) return;
      // A run under way may have planned without what is now asked for (the pictures): it runs again once it ends.
      if (running) askedAgain = true;
      finished = false;
      void run();
    };
    const unfollow = followStorageNotice((notice) => {
      // The wait covers the state it replaces (a save under way, "saved"), shown again when it ends.
      if (notice === 'blocked')
        setState((s) =>
          s.message === blockedMessage
            ? s
            : { kind: 'paused', message: blockedMessage, short: (i) => i.t.statusPaused, announce: blockedMessage, covered: s },
        );
      else if (notice === undefined) setState((s) => (s.message === blockedMessage ? (s.covered ?? {}) : s));
      else if (notice !== 'outdated') {
        // Stopped before the deletion (eraseEverything tells this first), or it would store into a new database.
        erased = finished = true;
        stop();
        const message = (i: I18n): string => i.t.storageErased;
        // Said aloud only when another tab erased: here, the settings' own "Erased" is heard.
        setState({
          kind: 'paused',
          message,
          short: (i) => i.t.statusErased,
          announce: notice === 'erased-elsewhere' ? message : undefined,
        });
      }
    });
    // In a task of its own: the first paint's other effects are not held up by the sync's start.
    const cancel = soon(() => void run());
    return () => {
      cancel();
      finished = true;
      stop();
      unfollow();
    };
  }, [reload, reloadNew]);
  useEffect(() => {
    if (media === 'all') again.current?.();
  }, [media]);
  return state;
}
