// Owns the one small interface the cross-engine tests drive every browser through, and waiting on the page.
/** The engines the suite proves, besides Chromium. */
export type EngineName = 'firefox' | 'webkit';

/** A browser with a fresh profile and one page. */
export interface EnginePage {
  readonly engine: EngineName;
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `fn(arg)` in the page (it may return a promise) and returns its JSON-serialisable result. */
  run<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Gives the page's first input[type=file] a file from disk, as a person picking it would. */
  setInputFile(path: string): Promise<void>;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** The browser itself is gone (its process crashed or quit): nothing more can happen in this page, so no waiting. */
export class EngineGone extends Error {}

/** Options for a new browser. */
export interface EngineOptions {
  /** Browser (and so interface) language, e.g. 'en-US' or 'fa-IR'. */
  locale?: string;
  /** Firefox only: preferences that turn an engine feature off, to prove what the app says where it is missing. */
  firefoxPrefs?: Record<string, string | number | boolean>;
}

/**
 * Polls `fn(arg)` in the page until it returns something truthy and returns that; on time-out throws with `what`
 * and the page's visible text, so a failure says what the reader saw.
 */
export async function waitUntil<A, R>(
  page: EnginePage,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
  { timeout = 30_000, what }: { timeout?: number; what: string },
): Promise<NonNullable<R>> {
  const deadline = Date.now() + timeout;
  let lastError = '';
  for (;;) {
    try {
      const value = await page.run(fn, arg);
      if (value) return value as NonNullable<R>;
    } catch (err) {
      if (err instanceof EngineGone) throw new EngineGone(`${page.engine}: ${what} cannot happen: ${err.message}`);
      lastError = (err as Error).message.split('\n')[0] ?? '';
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  const seen = await page
    .run(() => document.body?.innerText.replace(/\s+/g, ' ').slice(0, 300) ?? '', null)
    .catch((e: Error) => `(page unreadable: ${e.message.split('\n')[0]})`);
  throw new Error(
    `${page.engine}: ${what} did not happen within ${timeout / 1000} s${lastError ? ` (last error: ${lastError})` : ''}; the page shows: "${seen}"`,
  );
}
