/** Owns the import figure: a publisher's reader file imported through the app's file input into an empty library. */
import { waitOfflineReady } from '../e2e/helpers/browser';
import type { Session } from './browser';
import type { Site } from './site';

/** How an import went. */
export interface ImportRun {
  articles: number;
  fileBytes: number;
  /** From the input's change event to the "N new, …" status, ms. */
  ms: number;
  perSecond: number;
  /** The status or error the app showed. */
  message: string;
  ok: boolean;
  /** Every timed run, ms, in order (the figure is their median). */
  runsMs?: number[];
}

/**
 * After its first visit the app still has work of its own for a few seconds (it saves its search index once changes
 * have been quiet for half a second or more, and the new browser profile finishes its start-up): a person imports a
 * file into an app at rest, so the import is timed once that is over.
 */
const SETTLE_MS = 3000;

/**
 * Opens the host app (its own small library, so the imported articles are all new), waits until it is settled
 * (offline-ready, the network quiet for a second, then SETTLE_MS), then picks `file` in the "Import a file" input
 * and times until the app reports the result.
 */
export async function measureImport(
  session: Session,
  host: Site,
  file: string,
  articles: number,
  fileBytes: number,
  timeoutMs: number,
): Promise<ImportRun> {
  const { page } = session;
  await page.goto(host.url);
  await waitOfflineReady(page, 60_000);
  await host.idle(1000);
  await page.waitForTimeout(SETTLE_MS);
  await page.evaluate(() => {
    const w = window as unknown as { __import: { changed?: number; done?: number; message?: string; ok?: boolean } };
    const state: (typeof w)['__import'] = {};
    w.__import = state;
    document.addEventListener('change', () => (state.changed ??= performance.now()), true);
    const check = (): void => {
      if (state.done !== undefined) return;
      const status = [...document.querySelectorAll('.live[role="status"] p')]
        .map((p) => p.textContent ?? '')
        .find((t) => /\d+ new, \d+ updated/.test(t));
      const error = document.querySelector('[role="alert"] p')?.textContent;
      if (!status && !error) return;
      state.done = performance.now();
      state.message = (status ?? error ?? '').trim();
      state.ok = Boolean(status);
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Import a file').setInputFiles(file);
  const handle = await page.waitForFunction(
    () => {
      const s = (window as unknown as { __import: { changed?: number; done?: number; message?: string; ok?: boolean } }).__import;
      return s.done !== undefined && s.changed !== undefined
        ? { ms: s.done - s.changed, message: s.message ?? '', ok: s.ok ?? false }
        : null;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  const { ms, message, ok } = (await handle.jsonValue()) as { ms: number; message: string; ok: boolean };
  const added = Number(/(\d+) new/.exec(message)?.[1] ?? 0);
  return { articles: added, fileBytes, ms, perSecond: ok ? added / (ms / 1000) : 0, message, ok: ok && added === articles };
}
