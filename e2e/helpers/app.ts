// Owns what the e2e tests know of the app's UI contract: routes, the library list, the article view, the built manifest.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ArticleMeta, Manifest } from '../../src/core/types';

/** The metadata the tests compare the UI against. */
export type ExpectedArticle = Pick<ArticleMeta, 'id' | 'title' | 'lang' | 'dir'>;

/** `text` as a literal inside a regular expression. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for one of the interface's sentences, built from the sentence itself with U+0000 in place of each number,
 * each number captured: `sentencePattern(fa.searchCount('\u0000'))` is "(\S+) نتیجه".
 */
export const sentencePattern = (text: string): string => text.split('\u0000').map(escapeRegExp).join('(\\S+)');

/** The hash route of an article. */
export const articleHash = (id: string): string => `#/article/${encodeURIComponent(id)}`;

/** Reads the signed manifest of a built app (index.html -> or-edition meta -> the edition file's manifest record). */
export async function readBuiltManifest(distDir: string): Promise<Manifest> {
  const index = await readFile(join(distDir, 'index.html'), 'utf8');
  const meta = /<meta[^>]+name=["']or-edition["'][^>]*>/.exec(index)?.[0];
  const edition = meta && /content=["']([^"']+)["']/.exec(meta)?.[1];
  if (!edition) throw new Error(`${distDir}/index.html has no <meta name="or-edition">: is this a build of the app?`);
  const bytes = await readFile(join(distDir, edition));
  const text = bytes.toString('latin1');
  const tag = /<[a-z]+\b[^>]*data-or=["']manifest["'][^>]*>/.exec(text);
  const len = tag && /data-len=["'](\d+)["']/.exec(tag[0])?.[1];
  if (!tag || !len) throw new Error(`${edition} has no manifest record.`);
  const start = tag.index + tag[0].length;
  return JSON.parse(bytes.subarray(start, start + Number(len)).toString('utf8')) as Manifest;
}

/** One entry of the library list as the page shows it. */
export interface ListedArticle {
  href: string;
  name: string;
  lang: string | null;
  dir: string | null;
}

/**
 * Collects every article link of the library view, scrolling to the end so a list that renders only
 * what is visible is read whole.
 */
export async function collectListed(page: Page): Promise<ListedArticle[]> {
  return page.evaluate(async () => {
    const seen = new Map<string, { href: string; name: string; lang: string | null; dir: string | null }>();
    const harvest = (): void => {
      for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href*="#/article/"]')) {
        const href = a.getAttribute('href') ?? '';
        const item = a.closest('li');
        const name = (a.getAttribute('aria-label') ?? a.textContent ?? '').replace(/\s+/g, ' ').trim();
        seen.set(href, { href, name, lang: item?.getAttribute('lang') ?? null, dir: item?.getAttribute('dir') ?? null });
      }
    };
    const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    // 'instant': the app's CSS asks for smooth scrolling, which would make each step an animation.
    window.scrollTo({ top: 0, behavior: 'instant' });
    await frame();
    harvest();
    let stuck = 0;
    while (stuck < 3) {
      const before = window.scrollY;
      window.scrollBy({ top: window.innerHeight * 0.8, behavior: 'instant' });
      await frame();
      harvest();
      stuck = window.scrollY === before ? stuck + 1 : 0;
    }
    window.scrollTo({ top: 0, behavior: 'instant' });
    return [...seen.values()];
  });
}

/** What the article view showed for one article, when it differs from what was expected. */
export interface ArticleMismatch {
  id: string;
  problem: string;
}

/**
 * Opens each article by changing the hash in the same page (no reload), waits for its h1, and checks
 * the h1 is the only one, inside an <article> with the expected lang and dir. Returns every mismatch.
 */
export async function openAllByHash(page: Page, articles: ExpectedArticle[], perArticleMs = 10_000): Promise<ArticleMismatch[]> {
  return page.evaluate(
    async ({ articles, perArticleMs }) => {
      const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
      const problems: { id: string; problem: string }[] = [];
      for (const a of articles) {
        location.hash = `#/article/${encodeURIComponent(a.id)}`;
        const deadline = performance.now() + perArticleMs;
        let h1: HTMLHeadingElement | null = null;
        while (performance.now() < deadline) {
          h1 = document.querySelector<HTMLHeadingElement>('article h1');
          if (h1 && clean(h1.textContent) === clean(a.title)) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        if (!h1 || clean(h1.textContent) !== clean(a.title)) {
          problems.push({
            id: a.id,
            problem: `h1 is ${JSON.stringify(clean(h1?.textContent) || null)}, expected ${JSON.stringify(a.title)}`,
          });
          continue;
        }
        const count = document.querySelectorAll('h1').length;
        if (count !== 1) problems.push({ id: a.id, problem: `${count} h1 elements on the page` });
        const article = h1.closest('article');
        if (article?.getAttribute('lang') !== a.lang) {
          problems.push({ id: a.id, problem: `article lang ${article?.getAttribute('lang')}, expected ${a.lang}` });
        }
        if (article?.getAttribute('dir') !== a.dir) {
          problems.push({ id: a.id, problem: `article dir ${article?.getAttribute('dir')}, expected ${a.dir}` });
        }
      }
      return problems;
    },
    { articles, perArticleMs },
  );
}

/**
 * The text of an article's body, read from the article view (by way of the library, so the body read is this
 * article's and not the one shown before), once the view says it is no longer busy loading it; whitespace squashed.
 */
export async function articleText(page: Page, id: string): Promise<string> {
  await page.evaluate(() => void (location.hash = '#/'));
  await page.locator('article .article__body').waitFor({ state: 'detached', timeout: 15_000 });
  await page.evaluate((hash) => void (location.hash = hash), articleHash(id));
  const body = page.locator('article .article__body[aria-busy="false"]');
  await body.waitFor({ timeout: 15_000 });
  return ((await body.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits for the library view: its h1 and at least one article link. */
export async function waitForLibrary(page: Page, timeout = 15_000): Promise<void> {
  try {
    await page.locator('h1').first().waitFor({ state: 'visible', timeout });
    await page.locator('a[href*="#/article/"]').first().waitFor({ state: 'visible', timeout });
  } catch {
    const seen = await page
      .evaluate(() => ({
        h1: document.querySelector('h1')?.textContent?.trim() ?? null,
        links: document.querySelectorAll('a[href*="#/article/"]').length,
        text: document.body?.innerText.replace(/\s+/g, ' ').slice(0, 160) ?? '',
      }))
      .catch(() => null);
    throw new Error(
      `The library view (an h1 and article links) did not show within ${timeout / 1000} s at ${page.url()}; ` +
        `the page has h1 ${JSON.stringify(seen?.h1)} and ${seen?.links ?? 0} article links: "${seen?.text ?? ''}"`,
    );
  }
}

/**
 * Opens the library's "Share and import" sheet (where saving the library, selecting articles to share and importing
 * live) and waits until it shows; `label` is the button's name in the interface language.
 */
export async function openShareMenu(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('dialog', { name: label }).waitFor({ state: 'visible', timeout: 5_000 });
}
