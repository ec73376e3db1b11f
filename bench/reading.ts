/** Owns the reading figures, taken offline in the installed app: opening an article, search as you type, the list's DOM size. */
import type { Page } from 'playwright-core';
import { libraryVisibleAt, percentiles } from './browser';

/** Click on a list link to the article's h1 painted, in ms. */
export interface OpenArticle {
  p50: number;
  /** The first open also loads the article view's code (from the service worker's cache). */
  first: number;
  runs: number;
}

/** Opens the first `runs` listed articles one after another (back to the list in between). */
export async function measureOpenArticle(page: Page, runs: number): Promise<OpenArticle> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await libraryVisibleAt(page, 20_000);
    const ms = await page.evaluate(async (index) => {
      const links = [...document.querySelectorAll<HTMLAnchorElement>('li a[href*="#/article/"]')];
      const link = links[index] ?? links[0];
      if (!link) throw new Error('The library shows no article link.');
      const title = (link.getAttribute('aria-label') ?? link.textContent ?? '').replace(/\s+/g, ' ').trim();
      const started = performance.now();
      await new Promise<void>((done) => {
        const check = (): void => {
          const h1 = [...document.querySelectorAll('h1')].find(
            (h) => h.textContent?.replace(/\s+/g, ' ').trim() === title && h.getBoundingClientRect().height > 0,
          );
          if (!h1) return;
          observer.disconnect();
          requestAnimationFrame(() => done());
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true, characterData: true });
        link.click();
      });
      return performance.now() - started;
    }, i);
    samples.push(ms);
    // Back to the list through history, as a reader would; the next sample waits for it to be painted again.
    await page.evaluate(() => {
      window.__bench.libraryVisible = undefined;
      history.back();
    });
  }
  return { p50: percentiles(samples).p50, first: samples[0] ?? NaN, runs };
}

/** Search latency, input event to results painted. */
export interface SearchLatency {
  p50: number;
  p95: number;
  samples: number;
  /** The session's first query (a whole word; it may wait for the index to be built or loaded). */
  firstMs: number;
  /**
   * When the first query was answered from an index still being built (a first visit's index not complete at the
   * reload): what its answer said, and how long until the whole answer replaced it.
   */
  firstPartial?: { status: string; wholeMs: number };
  words: string[];
  /** The slowest samples, slowest first, and when each ran (its place in the run, from 0). */
  slowest?: { q: string; ms: number; at: number }[];
}

/** Real words of the generated library (see e2e/helpers/languages.ts), Persian and English, each typed 1..8 letters deep. */
export const SEARCH_WORDS = ['دانشگاه', 'روزنامه', 'خانواده', 'کتاب‌ها', 'mountain', 'remembers', 'station', 'journey'];

/**
 * Types each prefix into the search box, measured from the input event to the frame after the result list
 * settles. Each prefix is typed into an empty box (the list view in between), so each sample renders its
 * results from scratch: the slowest case of typing.
 */
export async function measureSearch(page: Page, words: string[] = SEARCH_WORDS): Promise<SearchLatency> {
  await libraryVisibleAt(page, 20_000);
  const prefixes = words.flatMap((w) => {
    const letters = Array.from(w).slice(0, 8);
    return letters.map((_, i) => letters.slice(0, i + 1).join(''));
  });
  const time = (q: string): Promise<number> => page.evaluate(timeQuery, q);
  // The first query may wait for the index: reported on its own, not mixed into the typing figures.
  const firstMs = await time(words[0] ?? 'a');
  // The first answer may come from an index still being built ("... so far; ..."): then also how long the whole took.
  const status = 'section[aria-label="Search articles"] [role="status"]';
  const firstStatus = await page.evaluate((sel) => document.querySelector(sel)?.textContent?.trim() ?? '', status);
  let firstPartial: SearchLatency['firstPartial'];
  if (/ so far/.test(firstStatus)) {
    const since = Date.now();
    await page.waitForFunction((sel) => !/ so far/.test(document.querySelector(sel)?.textContent ?? ''), status, {
      timeout: 300_000,
      polling: 50,
    });
    firstPartial = { status: firstStatus, wholeMs: firstMs + Date.now() - since };
  }
  const samples: number[] = [];
  for (const prefix of prefixes) samples.push(await time(prefix));
  const slowest = samples
    .map((ms, at) => ({ q: prefixes[at] ?? '', ms: Math.round(ms * 10) / 10, at }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]');
    if (!input) return;
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const { p50, p95 } = percentiles(samples);
  return { p50, p95, samples: samples.length, firstMs, firstPartial, words, slowest };
}

/** In the page: empties the box, waits for the list, types `q`, and times until its results are painted. */
export async function timeQuery(q: string): Promise<number> {
  const input = document.querySelector<HTMLInputElement>('input[type="search"]');
  if (!input) throw new Error('The library has no search box.');
  const type = (value: string): void => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  type('');
  while (!document.querySelector('li a[href*="#/article/"]')) await frame();
  await frame();
  const status = (): string => document.querySelector('section[aria-label="Search articles"] [role="status"]')?.textContent?.trim() ?? '';
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    // The results appear once the query has run (aria-busy false): a count, or "Nothing found".
    const check = (): void => {
      const section = document.querySelector('section[aria-label="Search articles"]');
      if (!section || section.getAttribute('aria-busy') !== 'false') return;
      const text = status();
      // A count ("12 results", or "12 results. Searched 3,400 of 10,000 articles so far; ...") or "Nothing found".
      if (/\d+ results?(\.|$)/.test(text) || /^Nothing found/.test(text)) {
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => done());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
    const timer = setTimeout(() => {
      observer.disconnect();
      fail(new Error(`Search for "${q}" showed no result within 10 s (status: "${status()}").`));
    }, 10_000);
    type(q);
  });
  return performance.now() - started;
}

/** How many article links the library view keeps in the DOM (a long library should render only what is visible). */
export async function countRenderedLinks(page: Page): Promise<number> {
  await libraryVisibleAt(page, 20_000);
  return page.evaluate(() => document.querySelectorAll('li a[href*="#/article/"]').length);
}
