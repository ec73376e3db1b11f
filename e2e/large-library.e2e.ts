// Foundation at scale: a 500+ article library in many scripts, visited once from a sub-path, lists and opens every article offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { articleHash, collectListed, escapeRegExp, openAllByHash, openShareMenu, sentencePattern, waitForLibrary } from './helpers/app';
import { goOffline, openSession, waitOfflineReady, type Session } from './helpers/browser';
import { exportBy, storedSearchIndex } from './helpers/library-io';
import { recordFigure } from './helpers/figures';
import type { GeneratedArticle } from './helpers/generate-library';
import { DIST_MANY, MANY_META, TMP } from './helpers/paths';
import { join } from 'node:path';
import { normalizeText } from '../src/core/normalize';
import { STRINGS } from '../src/ui/i18n-all';

let server: RunningServer;
let session: Session;
let articles: GeneratedArticle[];
/** The word the search tests look for, and how many articles match it (from the complete index). */
const word = 'کتاب';
let wordTotal = NaN;

/** The whole answer's status: "N نتیجه", N in Persian digits. */
const count = new RegExp(`^${sentencePattern(STRINGS.fa.searchCount('\u0000'))}$`);

beforeAll(async () => {
  articles = (JSON.parse(await readFile(MANY_META, 'utf8')) as { articles: GeneratedArticle[] }).articles;
  // Brotli quality 5: quality 11 costs ~25 s of CPU for 8 MB of packs, which this test does not measure.
  server = await startServer({ dir: DIST_MANY, base: '/archive/2024/reader/', brotliQuality: 5 });
  session = await openSession({ locale: 'fa-IR' });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('a library of 500+ articles in many scripts', () => {
  it('lists and opens every article offline after one visit', async () => {
    expect(articles.length).toBeGreaterThanOrEqual(500);
    expect(new Set(articles.map((a) => a.lang)).size).toBeGreaterThanOrEqual(15);
    const { page, context } = session;
    const started = Date.now();
    await page.goto(server.url);
    await waitOfflineReady(page, 180_000);
    await waitForLibrary(page);
    await recordFigure(`first visit to offline-ready, ${articles.length} articles`, Date.now() - started, 'ms');
    // The library is kept once, in IndexedDB: the worker's pack cache holds only empty "stored" markers.
    const packCache = await page.evaluate(async () => {
      const cache = await caches.open('offline-reader-content-v1');
      let bytes = 0;
      const requests = await cache.keys();
      for (const r of requests) bytes += (await (await cache.match(r))!.arrayBuffer()).byteLength;
      return { entries: requests.length, bytes };
    });
    expect(packCache.entries, 'packs known to the worker').toBeGreaterThan(1);
    expect(packCache.bytes, 'pack bytes kept twice').toBe(0);

    await goOffline(context, server);
    await page.reload();
    await waitForLibrary(page);

    const listed = await collectListed(page);
    const byHref = new Map(listed.map((l) => [l.href.slice(l.href.indexOf('#')), l]));
    const missing = articles.filter((a) => !byHref.has(articleHash(a.id))).map((a) => a.id);
    expect(missing, 'articles not listed').toEqual([]);
    const wrong = articles
      .map((a) => ({ a, l: byHref.get(articleHash(a.id)) }))
      .filter(({ a, l }) => l?.lang !== a.lang || l?.dir !== a.dir || l?.name !== a.title)
      .map(({ a, l }) => `${a.id}: listed as ${JSON.stringify(l)}, expected ${a.title} ${a.lang} ${a.dir}`);
    expect(wrong, 'list items with the wrong name, lang or dir').toEqual([]);

    const opening = Date.now();
    const problems = await openAllByHash(page, articles);
    const ms = Date.now() - opening;
    await recordFigure(`open every article offline, ${articles.length} articles, mean`, Math.round(ms / articles.length), 'ms');
    expect(problems, 'articles that did not open right').toEqual([]);
  });

  it('search counts every match and reaches all of them, a page at a time', async () => {
    const { page } = session;
    const fa = STRINGS.fa;
    await page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(page);
    await page.getByRole('searchbox', { name: fa.searchLabel }).fill(word);
    const results = page.locator(`section[aria-label="${fa.searchLabel}"]`);
    const links = results.locator('a[href*="#/article/"]');
    const total = async (): Promise<number> => {
      const m = count.exec((await results.getByRole('status').textContent())?.trim() ?? '');
      return m ? Number(normalizeText(m[1]!)) : NaN;
    };
    await expect.poll(total, { timeout: 15_000 }).toBeGreaterThan(20);
    const all = await total();
    wordTotal = all;
    await expect.poll(() => links.count()).toBe(20);
    // Every article with the word in its title is a match.
    const titled = articles.filter((a) =>
      normalizeText(a.title)
        .split(/\s+/)
        .some((w) => w.startsWith(word)),
    );
    expect(titled.length).toBeGreaterThan(0);
    for (let shown = 20; shown < all;) {
      await results.getByRole('button').click();
      const next = Math.min(all, shown + 20);
      await expect.poll(() => links.count(), { message: `after showing more than ${shown}` }).toBe(next);
      shown = next;
    }
    await expect.poll(() => results.getByRole('button').count()).toBe(0);
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash));
    expect(new Set(hrefs).size, 'every match once').toBe(all);
    const missing = titled.filter((a) => !hrefs.includes(articleHash(a.id))).map((a) => a.title);
    expect(missing, 'articles titled with the word').toEqual([]);
    await page.getByRole('searchbox', { name: fa.searchLabel }).fill('');
  });

  it('shows the images of articles that have them, offline', async () => {
    const { page } = session;
    const withImages = articles.filter((a) => a.images > 0);
    expect(withImages.length).toBeGreaterThan(0);
    for (const a of withImages) {
      await page.evaluate((hash) => void (location.hash = hash), articleHash(a.id));
      await expect
        .poll(
          () =>
            page.evaluate(
              () =>
                [...document.querySelectorAll<HTMLImageElement>('article img')].filter((img) => img.complete && img.naturalWidth > 0)
                  .length,
            ),
          { timeout: 10_000, message: `${a.id}: ${a.images} image(s) shown` },
        )
        .toBeGreaterThanOrEqual(a.images);
    }
  });

  it('answers a search at once while the index is built again, says how much it searched, then completes the answer', async () => {
    const { page } = session;
    const fa = STRINGS.fa;
    expect(wordTotal, 'the search test ran first').toBeGreaterThan(20);
    // The stored index is lost (a reload halfway through a first visit leaves it part-built): the app builds it again
    // from the stored texts, offline.
    await expect.poll(() => storedSearchIndex(page), { timeout: 15_000 }).toBe(articles.length);
    await storedSearchIndex(page, { drop: true });
    await page.evaluate(() => void (location.hash = '#/'));
    await page.reload();
    await waitForLibrary(page);
    await page.getByRole('searchbox', { name: fa.searchLabel }).fill(word);
    const status = page.locator(`section[aria-label="${fa.searchLabel}"]`).getByRole('status');
    const partial = new RegExp(
      `^(?:${sentencePattern(fa.searchCount('\u0000'))}\\.|${escapeRegExp(fa.searchNoneYet)}) ${sentencePattern(fa.searchPartial('\u0000', '\u0000'))}$`,
    );
    const text = async () => (await status.textContent())?.trim() ?? '';
    // The first answer comes from what is indexed so far, and says how much that is.
    await expect.poll(async () => partial.test(await text()) || count.test(await text()), { timeout: 10_000 }).toBe(true);
    const first = partial.exec(await text());
    expect(first, `the first answer says it is partial: "${await text()}"`).not.toBeNull();
    const [found, searched, of] = first!.slice(1).map((n) => Number(normalizeText(n ?? '0')));
    expect(of).toBe(articles.length);
    expect(searched).toBeLessThan(articles.length);
    expect(found).toBeLessThanOrEqual(wordTotal);
    // Then the whole answer replaces it by itself, and the rebuilt index is saved for the next start.
    await expect.poll(async () => Number(normalizeText(count.exec(await text())?.[1] ?? 'NaN')), { timeout: 30_000 }).toBe(wordTotal);
    await expect.poll(() => storedSearchIndex(page), { timeout: 30_000 }).toBe(articles.length);
    await page.getByRole('searchbox', { name: fa.searchLabel }).fill('');
  });

  it('saves the whole library as one file offline, saying how far it is (also after leaving the list), and stops when asked', async () => {
    const { page } = session;
    const fa = STRINGS.fa;
    await page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(page);
    // Every state the bar shows, as it shows it (value of max), from before the click.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { seenProgress: string[] }).seenProgress = []);
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('.export-progress progress');
        const state = bar ? `${bar.value}/${bar.max}` : 'none';
        if (seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const seenProgress = () => page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
    const status = page.locator('.library > p[role="status"]');

    // Stopped once the bar shows: no file, and the line says so. A cheap phone's processor (Chromium's CPU slowed 8x)
    // keeps the export going long enough for the click on any machine.
    let downloads = 0;
    page.on('download', () => downloads++);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    await openShareMenu(page, fa.shareMenu);
    await page.getByRole('button', { name: fa.exportAll }).click();
    const stop = page.locator('.export-progress').getByRole('button', { name: fa.exportStop });
    await stop.waitFor({ timeout: 30_000 });
    // The reader leaves the list (Settings) and comes back: the export went on, and its bar and Stop are there again.
    await page.evaluate(() => void (location.hash = '#/settings'));
    await page.waitForFunction(() => !document.querySelector('.library'), undefined, { timeout: 30_000 });
    await page.evaluate(() => void (location.hash = '#/'));
    await stop.click({ timeout: 30_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 10_000 }).toBe(fa.exportStopped);
    await expect(page.locator('.export-progress').count()).resolves.toBe(0);
    expect(downloads).toBe(0);

    // Whole: the bar counts up to every article, and the file holds them all.
    await page.evaluate(() => ((window as unknown as { seenProgress: string[] }).seenProgress.length = 0));
    await openShareMenu(page, fa.shareMenu);
    const file = await exportBy(
      page,
      () => page.getByRole('button', { name: fa.exportAll }).click(),
      join(TMP, 'large-export'),
      fa.errorGeneric,
    );
    const shown = (await seenProgress()).filter((s) => s !== 'none').map((s) => s.split('/').map(Number) as [number, number]);
    expect(shown.length, `the bar showed how far the export was: ${JSON.stringify(await seenProgress())}`).toBeGreaterThan(0);
    expect(shown.some(([done, total]) => total === articles.length && done > 0 && done < total)).toBe(true);
    const text = new TextDecoder().decode(file.bytes);
    expect(text.match(/<article id=/g)?.length).toBe(articles.length);
    expect(downloads).toBe(1);
  });
});
