// Issue 17, phone layout: the first article above the fold at 360×640 and 390×844, nothing sideways at 320 px, controls big enough to tap, axe in light and dark, the description, count and age isolated and shown, the header whole at 200% text.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS, num, type UiLang } from '../src/ui/i18n-all';
import type { Manifest } from '../src/core/types';
import { articleHash, openShareMenu, readBuiltManifest, waitForLibrary } from './helpers/app';
import { axeViolations, describeViolations, injectAxe } from './helpers/axe';
import { squash } from './helpers/fixture-text';
import { firstTitleBox, readAboutLine, readHeaderFit, sidewaysOverflow, smallControls } from './helpers/layout';
import { DIST_SAMPLES, ROOT } from './helpers/paths';
import { visitOnce } from './helpers/visit';
import { openSession } from './helpers/browser';

let server: RunningServer;
let manifest: Manifest;
let description: string;
const open: { close(): Promise<void> }[] = [];

/** The controls a reader uses all the time: they get the 44 px size, the rest at least 24 px. */
const MAIN_CONTROLS = [
  'header a',
  'header button',
  'input[type="search"]',
  '.share-menu',
  '.choices > *',
  '.menu-item',
  '.reader__back a',
  '.reader__tools button',
  '.neighbour',
  '.selection-bar button',
].join(', ');

beforeAll(async () => {
  manifest = await readBuiltManifest(DIST_SAMPLES);
  description = (parse(await readFile(join(ROOT, 'site.config.yml'), 'utf8')) as { description: string }).description;
  server = await startServer({ dir: DIST_SAMPLES });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** The article with a picture (the longest page), opened in the same page. */
async function openArticle(page: Page, id: string): Promise<void> {
  const title = manifest.articles.find((a) => a.id === id)!.title;
  await page.evaluate((hash) => void (location.hash = hash), articleHash(id));
  await expect.poll(async () => squash(await page.getByRole('heading', { level: 1 }).textContent()), { timeout: 15_000 }).toBe(title);
  await page.waitForFunction(() => document.querySelector('article [aria-busy="true"]') === null, undefined, { timeout: 10_000 });
}

async function backToLibrary(page: Page): Promise<void> {
  await page.evaluate(() => void (location.hash = '#/'));
  await waitForLibrary(page);
}

describe.each([
  { locale: 'fa-IR', lang: 'fa' as UiLang },
  { locale: 'en-US', lang: 'en' as UiLang },
])('phone layout ($locale)', ({ locale, lang }) => {
  const t = STRINGS[lang];

  it('at 360×640 and 390×844 the first article title is above the fold, and every control is at least 24 px (the main ones 44 px)', async () => {
    const { page } = await visitOnce(server, { locale }).then((s) => (open.push(s), s));
    const problems: string[] = [];
    for (const viewport of [
      { width: 360, height: 640 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await backToLibrary(page);
      const box = await firstTitleBox(page);
      expect(box.text.length, 'the first card has a title').toBeGreaterThan(0);
      expect(box.top, `${viewport.width}×${viewport.height}: first title's top`).toBeGreaterThanOrEqual(0);
      expect(box.bottom, `${viewport.width}×${viewport.height}: first title "${box.text}" ends above the fold`).toBeLessThanOrEqual(
        box.viewport,
      );

      const check = async (where: string) => {
        const { small, smallMain } = await smallControls(page, MAIN_CONTROLS);
        for (const c of small) problems.push(`${viewport.width}px ${where}: ${c.what} is ${c.width}×${c.height} (under 24)`);
        for (const c of smallMain)
          problems.push(`${viewport.width}px ${where}: main control ${c.what} is ${c.width}×${c.height} (under 44)`);
      };
      await check('library');
      await openShareMenu(page, t.shareMenu);
      await check('share sheet');
      await page.getByRole('button', { name: t.selectMode }).click();
      await expect.poll(() => page.locator('.card__select').count()).toBeGreaterThan(0);
      await check('selecting');
      await page.getByRole('button', { name: t.selectDone }).first().click();
      await openArticle(page, 'share-as-file');
      await check('article top');
      await page.evaluate(() => scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
      await check('article end');
      await page.evaluate(() => void (location.hash = '#/settings'));
      await page.locator('.settings h1').waitFor();
      await check('settings');
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('at 320 px wide nothing scrolls sideways: library, share sheet, article, search, settings', async () => {
    const { page } = await visitOnce(server, { locale }).then((s) => (open.push(s), s));
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow: Record<string, number> = {};
    await backToLibrary(page);
    overflow.library = await sidewaysOverflow(page);
    await openShareMenu(page, t.shareMenu);
    overflow.shareSheet = await sidewaysOverflow(page);
    await page.keyboard.press('Escape');
    await openArticle(page, 'share-as-file');
    overflow.article = await sidewaysOverflow(page);
    await backToLibrary(page);
    await page.getByRole('searchbox', { name: t.searchLabel }).fill(lang === 'fa' ? 'اینترنت' : 'file');
    await page.locator(`section[aria-label="${t.searchLabel}"] a[href*="#/article/"]`).first().waitFor();
    overflow.search = await sidewaysOverflow(page);
    await page.evaluate(() => void (location.hash = '#/settings'));
    await page.locator('.settings h1').waitFor();
    overflow.settings = await sidewaysOverflow(page);
    expect(overflow).toEqual({ library: 0, shareSheet: 0, article: 0, search: 0, settings: 0 });
  });

  it('the description takes two lines at most, on its own, and the count and the edition’s age always show below it, each part in its own direction', async () => {
    const { page } = await visitOnce(server, { locale }).then((s) => (open.push(s), s));
    await page.locator('.library__about .edition-age').waitFor();
    // The age says the edition, in the interface's words ("Edition from …").
    const edition = t.editionDate('').trim();
    for (const width of [320, 360, 390]) {
      await page.setViewportSize({ width, height: 844 });
      const line = await readAboutLine(page, t.sep.trim());
      expect(line, `${width} px`).toMatchObject({
        descriptionTag: 'bdi',
        descriptionDir: 'auto',
        description,
        descriptionAbove: true,
        countTag: 'bdi',
        count: t.articleCount(num(manifest.articles.length, lang)),
        countLines: 1,
        sameLine: true,
        countShown: true,
        ageShown: true,
        clearOfNext: true,
      });
      expect(line.descriptionLines, `${width} px: the description's lines`).toBeGreaterThanOrEqual(1);
      expect(line.descriptionLines, `${width} px: the description's lines`).toBeLessThanOrEqual(2);
      expect(line.age.startsWith(edition), `${width} px: "${line.age}" is the edition's age`).toBe(true);
      expect(line.loose, `${width} px: outside the isolates only the separator and the age`).toBe(`${t.sep.trim()} ${line.age}`);
      // The separator follows the count in the interface's direction: to its right in English, to its left in Persian.
      if (lang === 'en') expect(line.countX).toBeLessThan(line.separatorX);
      else expect(line.countX).toBeGreaterThan(line.separatorX);
    }
  });

  it('at 200% text (the browser’s or the system’s font size) on a 320 and 360 px screen, the header shows the whole name and every control within the screen, and nothing scrolls sideways', async () => {
    const { page } = await visitOnce(server, { locale }).then((s) => (open.push(s), s));
    // The browser's default font size, as a reader who set text to 200% has it (rem, em and em media queries follow it).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    for (const width of [320, 360]) {
      await page.setViewportSize({ width, height: 640 });
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const fit = await readHeaderFit(page);
      expect(fit.nameWidth, `${width} px: the name's box`).toBeGreaterThan(0);
      expect(fit.nameWidth, `${width} px: the name is not cut`).toBeGreaterThanOrEqual(fit.nameNeeds);
      expect(fit, `${width} px`).toMatchObject({ outside: [], overlapping: [], clearOfMain: true });
      // The list too: its cards wrap their words instead of growing past the screen (they were 322 px wide at 320).
      expect(await sidewaysOverflow(page), `${width} px: sideways scroll`).toBe(0);
    }
  });

  it('axe finds no serious or critical violation in light and dark: library, share sheet, install help, article, settings', async () => {
    const { page } = await visitOnce(server, { locale }).then((s) => (open.push(s), s));
    await page.setViewportSize({ width: 390, height: 844 });
    await injectAxe(page);
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await backToLibrary(page);
      found.push(...describeViolations(`${scheme} library`, await axeViolations(page)));
      await openShareMenu(page, t.shareMenu);
      found.push(...describeViolations(`${scheme} share sheet`, await axeViolations(page)));
      await page.keyboard.press('Escape');
      await openArticle(page, 'share-as-file');
      found.push(...describeViolations(`${scheme} article`, await axeViolations(page)));
      await page.evaluate(() => void (location.hash = '#/settings'));
      await page.locator('.settings h1').waitFor();
      found.push(...describeViolations(`${scheme} settings`, await axeViolations(page)));
      // Settings keeps the install help within reach after the library's tip is gone.
      await page.locator('.settings').getByRole('button', { name: t.installHow }).click();
      await page.getByRole('dialog', { name: t.installTitle }).waitFor();
      found.push(...describeViolations(`${scheme} install help`, await axeViolations(page)));
      await page.keyboard.press('Escape');
    }
    expect(found, `serious or critical axe violations (${locale}):\n${found.join('\n')}`).toEqual([]);
  });
});

describe('forced colours (Windows high contrast)', () => {
  it('a pressed filter chip still looks pressed: its fill differs from the chips beside it, its label on it', async () => {
    const { page } = await visitOnce(server, { locale: 'en-US' }).then((s) => (open.push(s), s));
    await page.emulateMedia({ forcedColors: 'active' });
    const fills = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[aria-pressed]')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({
          pressed: el.getAttribute('aria-pressed'),
          fill: getComputedStyle(el).backgroundColor,
          // Adjusted, its label is drawn on a Canvas-coloured backplate in SelectedItemText: white on white.
          adjust: getComputedStyle(el).forcedColorAdjust,
        })),
    );
    const pressed = fills.filter((f) => f.pressed === 'true');
    const others = fills.filter((f) => f.pressed === 'false');
    expect(pressed.length, 'the library shows a pressed filter').toBeGreaterThan(0);
    expect(others.length, 'and filters not pressed').toBeGreaterThan(0);
    for (const p of pressed) {
      expect(
        others.map((o) => o.fill),
        JSON.stringify(fills),
      ).not.toContain(p.fill);
      expect(p.adjust, 'the pressed label keeps its own colours').toBe('none');
    }
  });
});

describe('older engines', () => {
  it('a browser that cannot read the app’s code (older than the app, yet with modules) shows the note with the library file, not a blank page', async () => {
    const session = await openSession({ locale: 'en-US' });
    open.push(session);
    const { page } = session;
    // As Chrome 61-65 or Firefox 60-77 meet the entry chunk: it does not parse, so nothing of the app runs.
    await page.route(/\/assets\/index-[\w-]+\.js$/, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: 'export const x = a?.b;;; {' }),
    );
    await page.goto(server.url);
    const note = page.locator('#old-browser');
    expect(await note.isVisible(), 'not at once: the app may still be loading').toBe(false);
    await note.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await note.getByRole('link', { name: 'library.html' }).first().getAttribute('href')).toBe('./library.html');
  }, 60_000);

  it('a browser that runs the app never shows that note', async () => {
    const { page } = await visitOnce(server).then((s) => (open.push(s), s));
    expect(await page.locator('#old-browser').isVisible()).toBe(false);
    expect(await page.locator('#old-browser').evaluate((n) => getComputedStyle(n).display)).toBe('none');
  });

  it('where the engine has no <dialog> (Safari before 15.4, Firefox before 98), the share sheet opens over the page with the focus in it, closes with Escape and with its button, and gives the focus back', async () => {
    const t = STRINGS.en;
    // As such an engine is: no HTMLDialogElement, and a dialog element with none of its methods.
    const session = await visitOnce(server, {
      beforeVisit: async ({ context }) => {
        await context.addInitScript(() => {
          const proto = HTMLDialogElement.prototype as unknown as Record<string, unknown>;
          for (const name of ['showModal', 'show', 'close', 'open', 'returnValue', 'requestClose']) delete proto[name];
          delete (window as { HTMLDialogElement?: unknown }).HTMLDialogElement;
        });
      },
    });
    open.push(session);
    const { page } = session;
    const menu = page.getByRole('button', { name: t.shareMenu, exact: true });
    const sheet = page.locator('dialog.sheet');
    const focusIn = (selector: string) => page.evaluate((s) => !!document.activeElement?.closest(s), selector);
    expect(await sheet.isVisible(), 'closed at the start').toBe(false);
    await menu.click();
    await expect.poll(() => sheet.isVisible()).toBe(true);
    expect(await sheet.evaluate((d) => getComputedStyle(d).position)).toBe('fixed');
    expect(await focusIn('dialog.sheet')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.isVisible()).toBe(false);
    expect(await focusIn('.share-menu')).toBe(true);
    await menu.click();
    await sheet.getByRole('button', { name: t.close }).click();
    await expect.poll(() => sheet.isVisible()).toBe(false);
    expect(await focusIn('.share-menu')).toBe(true);
  });
});
