// Issue 17, reading: sections from tags (kept in the URL), sort, continue reading, next and previous, images larger on tap, the action bar off the text, the share sheet by keyboard, install help.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import type { Manifest } from '../src/core/types';
import { articleHash, collectListed, openShareMenu, readBuiltManifest, waitForLibrary } from './helpers/app';
import { squash } from './helpers/fixture-text';
import { DIST_SAMPLES } from './helpers/paths';
import { visitOnce } from './helpers/visit';

const en = STRINGS.en;
const fa = STRINGS.fa;
let server: RunningServer;
let manifest: Manifest;
const open: { close(): Promise<void> }[] = [];

async function visit(locale = 'en-US'): Promise<Page> {
  const session = await visitOnce(server, { locale });
  open.push(session);
  await session.page.setViewportSize({ width: 390, height: 844 });
  return session.page;
}

beforeAll(async () => {
  manifest = await readBuiltManifest(DIST_SAMPLES);
  server = await startServer({ dir: DIST_SAMPLES });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const titleOf = (id: string): string => manifest.articles.find((a) => a.id === id)!.title;
const hashParam = (page: Page, name: string): string | null => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get(name);
/** The titles the library lists, in order. */
const listedTitles = async (page: Page): Promise<string[]> => (await collectListed(page)).map((l) => l.name);
/** The dates of the listed cards, in order. */
const listedDates = (page: Page): Promise<string[]> =>
  page.locator('.articles .card time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));

async function waitForArticle(page: Page, title: string): Promise<void> {
  await expect.poll(async () => squash(await page.getByRole('heading', { level: 1 }).textContent()), { timeout: 15_000 }).toBe(title);
  await page.waitForFunction(() => document.querySelector('article [aria-busy="true"]') === null, undefined, { timeout: 10_000 });
}

describe('browsing the library', () => {
  it('tags become sections with counts; the chosen section is in the URL, survives a reload, and lists exactly its articles', async () => {
    const counts = new Map<string, number>();
    for (const a of manifest.articles) for (const tag of new Set(a.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const [tag, count] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
    expect(count, 'the sample library has a tag on several articles').toBeGreaterThan(1);
    const inSection = manifest.articles.filter((a) => a.tags.includes(tag)).map((a) => a.title);

    const page = await visit();
    const section = page.getByRole('combobox', { name: en.sectionLabel });
    const options = (await section.locator('option').allTextContents()).map((o) => o.replace(/[\u2068\u2069]/g, ''));
    expect(options[0]).toBe(en.sectionAll(String(manifest.articles.length)));
    expect(options.slice(1).sort()).toEqual([...counts].map(([t, n]) => `${t} (${n})`).sort());

    await section.selectOption(tag);
    await expect.poll(() => hashParam(page, 'section')).toBe(tag);
    await expect.poll(async () => (await listedTitles(page)).sort()).toEqual([...inSection].sort());

    await page.reload();
    await waitForLibrary(page);
    expect(await section.inputValue(), 'the section survives a reload').toBe(tag);
    await expect.poll(async () => (await listedTitles(page)).sort()).toEqual([...inSection].sort());

    await section.selectOption('');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/');
    await expect.poll(async () => (await listedTitles(page)).length).toBe(manifest.articles.length);
  });

  it('sorts newest or oldest first; the order is in the URL and survives a reload', async () => {
    const page = await visit();
    const dates = [...manifest.articles.map((a) => a.date)];
    const newest = [...dates].sort().reverse();
    expect(await listedDates(page), 'newest first by default').toEqual(newest);

    const sort = page.getByRole('combobox', { name: en.sort });
    await sort.selectOption('oldest');
    await expect.poll(() => hashParam(page, 'sort')).toBe('oldest');
    await expect.poll(() => listedDates(page)).toEqual([...newest].reverse());
    await page.reload();
    await waitForLibrary(page);
    await expect.poll(() => listedDates(page), { timeout: 10_000 }).toEqual([...newest].reverse());
    expect(await sort.inputValue()).toBe('oldest');

    await sort.selectOption('newest');
    await expect.poll(() => listedDates(page)).toEqual(newest);
  });

  it('"Continue reading" names the article left part-way, with how far it was read, and returns to that place', async () => {
    const page = await visit();
    await expect(page.locator('.continue').count(), 'nothing to continue on a first visit').resolves.toBe(0);
    const longest = [...manifest.articles].sort((a, b) => b.size - a.size)[0]!;
    await page.evaluate((hash) => void (location.hash = hash), articleHash(longest.id));
    await waitForArticle(page, longest.title);
    await page.evaluate(() => scrollTo({ top: (document.documentElement.scrollHeight - innerHeight) / 2, behavior: 'instant' }));
    // The position is saved a moment after scrolling stops.
    await page.waitForTimeout(1000);
    await page.getByRole('link', { name: en.back }).click();
    await waitForLibrary(page);

    const resume = page.getByRole('region', { name: en.continueReading });
    await resume.waitFor({ timeout: 10_000 });
    const text = squash(await resume.textContent());
    expect(text).toContain(longest.title);
    const percent = Number(/(\d+)% read/.exec(text)?.[1]);
    expect(percent, text).toBeGreaterThanOrEqual(40);
    expect(percent, text).toBeLessThanOrEqual(60);

    await resume.getByRole('link').click();
    await waitForArticle(page, longest.title);
    await expect
      .poll(() => page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight)), { timeout: 5_000 })
      .toBeGreaterThan(0.35);
    expect(await page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight))).toBeLessThan(0.65);
  });

  it('at the end of an article the previous (newer) and next (older) articles follow, and open', async () => {
    const page = await visit();
    const listed = await collectListed(page);
    expect(listed.length).toBeGreaterThan(2);
    await page.getByRole('link', { name: listed[1]!.name, exact: true }).click();
    await waitForArticle(page, listed[1]!.name);
    const more = page.getByRole('navigation', { name: en.moreArticles });
    const links = async () => more.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('rel'), a.getAttribute('href')]));
    expect(await links()).toEqual([
      ['prev', listed[0]!.href],
      ['next', listed[2]!.href],
    ]);
    // Every state the page passes through on the way: the new title never stands over the body of the one before.
    const before = await page.locator('article .article__body').evaluate((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    await page.evaluate(() => {
      const seen: [string, string][] = ((window as unknown as { seen: [string, string][] }).seen = []);
      const look = () =>
        seen.push([
          document.querySelector('article h1')?.textContent?.trim() ?? '',
          document.querySelector('article .article__body')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        ]);
      new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await more.locator('a[rel="next"]').click();
    await waitForArticle(page, listed[2]!.name);
    const seen = await page.evaluate(() => (window as unknown as { seen: [string, string][] }).seen);
    expect(before.length).toBeGreaterThan(0);
    expect(seen.filter(([title, body]) => title === listed[2]!.name && body === before)).toEqual([]);

    // The newest article has nothing before it.
    await page.evaluate((href) => void (location.hash = href), listed[0]!.href);
    await waitForArticle(page, listed[0]!.name);
    expect(await links()).toEqual([['next', listed[1]!.href]]);
  });
});

describe('the article page', () => {
  it('an image opens larger on tap and closes with Escape; at the end the action bar sits below the text, not over it', async () => {
    const page = await visit();
    await page.evaluate((hash) => void (location.hash = hash), articleHash('share-as-file'));
    await waitForArticle(page, titleOf('share-as-file'));
    const img = page.locator('article img').first();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('article img')?.complete === true);
    const small = (await img.boundingBox())!;
    await img.click();
    const viewer = page.locator('dialog.lightbox[open]');
    await viewer.waitFor({ timeout: 5_000 });
    const large = (await viewer.locator('img').boundingBox())!;
    expect(large.width * large.height, 'the image shows larger').toBeGreaterThan(small.width * small.height);
    expect(await viewer.locator('img').getAttribute('src')).toBe(await img.evaluate((i: HTMLImageElement) => i.currentSrc));
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);

    for (const width of [320, 390]) {
      await page.setViewportSize({ width, height: 640 });
      const overlap = await page.evaluate(() => {
        scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
        const tools = document.querySelector('.reader__tools')!.getBoundingClientRect();
        const last = [...document.querySelectorAll('.article__body > *, .neighbours')].pop()!.getBoundingClientRect();
        return { textBottom: last.bottom, toolsTop: tools.top, toolsHeight: tools.height };
      });
      expect(overlap.textBottom, `${width}px: the last text ends above the action bar`).toBeLessThanOrEqual(overlap.toolsTop);
      expect(overlap.toolsHeight, `${width}px: the action bar is one row`).toBeLessThan(60);
    }
  });

  it('the "Share and import" sheet works by keyboard: Enter opens it with focus inside, Escape closes it and focus returns', async () => {
    const page = await visit();
    const button = page.getByRole('button', { name: en.shareMenu, exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    const sheet = page.getByRole('dialog', { name: en.shareMenu });
    await sheet.waitFor();
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), 'focus moved into the sheet').toBe(true);
    for (const name of [en.importFile, en.exportAll, en.selectMode]) {
      await expect(sheet.locator('button').filter({ hasText: name }).count(), name).resolves.toBe(1);
    }
    await expect(sheet.getByRole('link', { name: en.downloadLibrary }).count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await button.evaluate((b) => b === document.activeElement), 'focus is back on the button').toBe(true);
  });
});

describe('install help', () => {
  it('the library shows the tip once (Persian); its steps open and close; Settings keeps them; the browser prompt is offered when it fires', async () => {
    const page = await visit('fa-IR');
    const tip = page.getByRole('region', { name: fa.installTitle });
    await tip.waitFor({ timeout: 10_000 });
    const how = tip.getByRole('button', { name: fa.installHow });
    await how.click();
    const help = page.getByRole('dialog', { name: fa.installTitle });
    await help.waitFor();
    const helpText = squash(await help.textContent());
    for (const step of [...fa.installIos, ...fa.installAndroid]) expect(helpText).toContain(squash(step));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await how.evaluate((b) => b === document.activeElement), 'focus is back on the button').toBe(true);

    await page.reload();
    await waitForLibrary(page);
    expect(await page.getByRole('region', { name: fa.installTitle }).count(), 'the tip is shown once').toBe(0);

    await page.evaluate(() => void (location.hash = '#/settings'));
    const settings = page.locator('.settings');
    await settings.getByRole('button', { name: fa.installHow }).click();
    await help.waitFor();
    await page.keyboard.press('Escape');

    // When the browser offers its own prompt, "Install" uses it (once: the browser allows one use).
    await page.evaluate(() => {
      const e = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt(): Promise<void> };
      e.prompt = async () => void ((window as unknown as { __prompted: number }).__prompted = 1);
      dispatchEvent(e);
    });
    const install = settings.getByRole('button', { name: fa.installNow, exact: true });
    await install.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __prompted?: number }).__prompted)).toBe(1);
    await expect.poll(() => install.count()).toBe(0);
  });

  it('"Not now" closes the tip for good', async () => {
    const page = await visit();
    const tip = page.getByRole('region', { name: en.installTitle });
    await tip.getByRole('button', { name: en.installNotNow }).click();
    await expect.poll(() => tip.count()).toBe(0);
    await page.reload();
    await waitForLibrary(page);
    expect(await tip.count()).toBe(0);
  });
});
