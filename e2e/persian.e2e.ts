// Issue 5, Persian first: search across Arabic/Persian letter forms and ZWNJ, a language switch that mirrors the layout and keeps the place, erase-everything, and axe in both languages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS, num, type Strings, type UiLang } from '../src/ui/i18n-all';
import type { Manifest } from '../src/core/types';
import { articleHash, readBuiltManifest, sentencePattern, waitForLibrary } from './helpers/app';
import { goOffline } from './helpers/browser';
import { axeViolations, describeViolations, injectAxe } from './helpers/axe';
import { buildFixtureApp } from './helpers/fixture-build';
import { IMAGE_ARTICLE, squash } from './helpers/fixture-text';
import { importThroughInput } from './helpers/library-io';
import { visitOnce } from './helpers/visit';

const fa = STRINGS.fa;
const ZWNJ = '\u200C';

let server: RunningServer;
let manifest: Manifest;
let distB: string;
const open: { close(): Promise<void> }[] = [];

function keep<T extends { close(): Promise<void> }>(x: T): T {
  open.push(x);
  return x;
}

/** A fixture article's title by id. */
const title = (id: string): string => {
  const a = manifest.articles.find((x) => x.id === id);
  if (!a) throw new Error(`No article "${id}" in the fixture library.`);
  return a.title;
};

beforeAll(async () => {
  const dist = await buildFixtureApp({ fixture: 'library-a' });
  manifest = await readBuiltManifest(dist);
  distB = await buildFixtureApp({ fixture: 'library-b' });
  server = await startServer({ dir: dist, base: '/mirror/fa/', brotliQuality: 4 });
}, 300_000);

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
  server?.setMode('normal');
});

/** Types a query into the library's search box and waits until the results name exactly `expected` (titles, in any order). */
async function expectSearch(page: Page, t: Strings, query: string, expected: string[]): Promise<void> {
  const box = page.getByRole('searchbox', { name: t.searchLabel });
  const results = page.locator(`section[aria-label="${t.searchLabel}"]`);
  // Start from the plain library, so the previous query's results cannot pass for this one's.
  await box.fill('');
  await expect.poll(() => results.count(), { timeout: 10_000 }).toBe(0);
  await box.fill(query);
  const titles = async (): Promise<string[]> => (await results.locator('a[href*="#/article/"]').allTextContents()).map(squash).sort();
  await expect
    .poll(titles, {
      timeout: 15_000,
      message: `search for ${JSON.stringify(query)} (code points ${[...query].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`,
    })
    .toEqual([...expected].sort());
  const count = expected.length ? t.searchCount(num(expected.length, t === fa ? 'fa' : 'en')) : t.searchNone;
  await expect.poll(async () => squash(await results.getByRole('status').textContent()), { timeout: 5_000 }).toBe(count);
}

/** The import report pattern in an interface language ("N new, N updated, N already here"). */
function doneIn(t: Strings): RegExp {
  return new RegExp(sentencePattern(t.importDone('\u0000', '\u0000', '\u0000')));
}

/** The horizontal centre of the header's publication link, as a share of the viewport width (0 = left edge). */
async function brandPosition(page: Page): Promise<number> {
  return page
    .locator('header a[href="#/"]')
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return (r.left + r.width / 2) / document.documentElement.clientWidth;
    });
}

async function openArticle(page: Page, id: string): Promise<void> {
  await page.evaluate((hash) => void (location.hash = hash), articleHash(id));
  await expect.poll(async () => squash(await page.getByRole('heading', { level: 1 }).textContent()), { timeout: 15_000 }).toBe(title(id));
}

describe('Persian first', () => {
  it('in the Persian interface, a search typed with Arabic letter forms (ي, ك) finds the article written with Persian forms, and the reverse', async () => {
    const { page } = keep(await visitOnce(server, { locale: 'fa-IR' }));
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fa', 'rtl']);
    // کیمیاگری is written with Persian ک (U+06A9) and ی (U+06CC); typed here with Arabic ك (U+0643) and ي (U+064A).
    await expectSearch(page, fa, '\u0643\u064A\u0645\u064A\u0627\u06AF\u0631\u064A', [title('کیمیا')]);
    await expectSearch(page, fa, 'کیمیاگری', [title('کیمیا')]);
    // پيكرتراشي is written with Arabic forms in the article; typed here with Persian forms.
    await expectSearch(page, fa, '\u067E\u06CC\u06A9\u0631\u062A\u0631\u0627\u0634\u06CC', [title('arabic-forms')]);
    await expectSearch(page, fa, 'پيكرتراشي', [title('arabic-forms')]);
    // And a word in no article finds nothing.
    await expectSearch(page, fa, 'زرافه‌های', []);
  });

  it('a ZWNJ-joined word (می‌خواهم) is found typed with a space, with nothing, or with the ZWNJ', async () => {
    const { page } = keep(await visitOnce(server, { locale: 'fa-IR' }));
    const letter = title('zwnj-letter');
    await expectSearch(page, fa, `می${ZWNJ}خواهم`, [letter]);
    await expectSearch(page, fa, 'می خواهم', [letter]);
    await expectSearch(page, fa, 'میخواهم', [letter]);
  });

  it('switching language (header button) mirrors the layout, keeps the current article, and is remembered', async () => {
    const { page } = keep(await visitOnce(server, { locale: 'fa-IR' }));
    const id = IMAGE_ARTICLE.id;
    await openArticle(page, id);
    const hash = new URL(page.url()).hash;
    const state = () =>
      page.evaluate(() => {
        const article = document.querySelector('article');
        return {
          lang: document.documentElement.lang,
          dir: document.documentElement.dir,
          article: [article?.getAttribute('lang'), article?.getAttribute('dir')],
        };
      });
    expect(await state()).toEqual({ lang: 'fa', dir: 'rtl', article: ['fa', 'rtl'] });
    expect(await brandPosition(page), 'rtl: the publication name sits on the right').toBeGreaterThan(0.5);

    await page.locator('header').getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(state, { timeout: 5_000 }).toEqual({ lang: 'en', dir: 'ltr', article: ['fa', 'rtl'] });
    expect(new URL(page.url()).hash, 'still on the same article').toBe(hash);
    expect(squash(await page.getByRole('heading', { level: 1 }).textContent())).toBe(title(id));
    expect(await page.getByRole('link', { name: STRINGS.en.back }).count(), 'the interface is in English').toBeGreaterThan(0);
    expect(await brandPosition(page), 'ltr: the publication name sits on the left').toBeLessThan(0.5);

    await page.reload();
    await expect.poll(async () => squash(await page.getByRole('heading', { level: 1 }).textContent()), { timeout: 15_000 }).toBe(title(id));
    expect(await state(), 'the choice survives a reload').toEqual({ lang: 'en', dir: 'ltr', article: ['fa', 'rtl'] });

    await page.locator('header').getByRole('button', { name: 'فارسی', exact: true }).click();
    await expect.poll(state, { timeout: 5_000 }).toEqual({ lang: 'fa', dir: 'rtl', article: ['fa', 'rtl'] });
    expect(new URL(page.url()).hash).toBe(hash);
    expect(await brandPosition(page)).toBeGreaterThan(0.5);
  });

  it('on a 320 px phone, Settings shows the publisher key’s fingerprint in its own order, left to right, line after line', async () => {
    const { page } = keep(await visitOnce(server, { locale: 'fa-IR' }));
    await page.setViewportSize({ width: 320, height: 640 });
    await page.evaluate(() => void (location.hash = '#/settings'));
    const code = page.locator('code.fingerprint');
    await code.waitFor();
    // Where each group of the fingerprint is drawn, in the order it is written.
    const groups = await code.evaluate((el) => {
      const text = el.firstChild!;
      const out: { group: string; top: number; left: number }[] = [];
      for (const m of (el.textContent ?? '').matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, m.index);
        range.setEnd(text, m.index + m[0].length);
        const r = range.getBoundingClientRect();
        out.push({ group: m[0], top: Math.round(r.top), left: Math.round(r.left) });
      }
      return out;
    });
    expect(groups.length).toBeGreaterThan(4);
    // Before: a Persian line broke inside it, and its next groups were drawn at the right edge of the next line.
    const outOfOrder = groups.filter((g, n) => n > 0 && !(g.top > groups[n - 1]!.top || g.left > groups[n - 1]!.left));
    expect(outOfOrder).toEqual([]);
    const lines = [...new Set(groups.map((g) => g.top))];
    const firstOnLine = lines.map((top) => groups.find((g) => g.top === top)!.left);
    expect(new Set(firstOnLine).size, 'every line starts at the same left edge').toBe(1);
  });

  it('erase everything (offline, right after an import) leaves no IndexedDB database, no cache and no service worker, within two seconds, and says what it cannot erase', async () => {
    const { page, context } = keep(await visitOnce(server, { locale: 'fa-IR' }));
    // Leave some reading state behind to be erased too.
    await openArticle(page, 'zwnj-letter');
    // A toggle: one name, its state in aria-pressed.
    const bookmark = page.getByRole('button', { name: fa.bookmark, exact: true });
    await bookmark.click();
    await expect.poll(() => bookmark.getAttribute('aria-pressed')).toBe('true');
    const stored = () =>
      page.evaluate(async () => ({
        databases: (await indexedDB.databases()).map((d) => d.name),
        caches: await caches.keys(),
        serviceWorkers: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
        localStorage: localStorage.length,
      }));
    const before = await stored();
    expect(before.databases.length, 'the app keeps a database before erasing').toBeGreaterThan(0);
    expect(before.caches.length).toBeGreaterThan(0);
    expect(before.serviceWorkers.length).toBeGreaterThan(0);

    // A second tab of the app, the same article open in it: it must not keep showing it once the library is erased.
    const other = await context.newPage();
    await other.goto(page.url());
    await other.locator('article h1').waitFor({ timeout: 15_000 });

    await goOffline(context, server);
    await page.evaluate(() => void (location.hash = '#/settings'));
    // Someone imports a file, then thinks better of it and erases at once: the import's traces must go too.
    const imported = await importThroughInput(page, join(distB, 'library.html'), doneIn(fa));
    expect(imported.alert).toBe('');
    await page.getByRole('button', { name: fa.eraseButton }).click();
    // Time it in the page: from the confirming click to the "Erased" status.
    await page.evaluate((erased) => {
      const w = window as unknown as { __eraseTimes: { click?: number; done?: number } };
      w.__eraseTimes = {};
      addEventListener('click', () => void (w.__eraseTimes.click ??= performance.now()), { capture: true, once: true });
      new MutationObserver((_, obs) => {
        if ([...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.includes(erased))) {
          w.__eraseTimes.done = performance.now();
          obs.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, fa.erased);
    await page.getByRole('button', { name: fa.eraseYes }).click();
    await page.getByRole('status').filter({ hasText: fa.erased }).waitFor({ timeout: 15_000 });
    const times = await page.evaluate(() => (window as unknown as { __eraseTimes: { click: number; done: number } }).__eraseTimes);
    expect(times.done - times.click, 'milliseconds to erase').toBeLessThan(2000);
    expect(squash(await page.locator('main').innerText()), 'says what it cannot erase').toContain(squash(fa.eraseCannot));

    // The other tab closed the article and lists nothing.
    await expect.poll(() => other.evaluate(() => location.hash), { timeout: 5_000 }).toBe('#/');
    expect(await other.locator('article').count()).toBe(0);
    await expect.poll(() => other.locator('li.card').count(), { timeout: 5_000 }).toBe(0);

    const empty = { databases: [], caches: [], serviceWorkers: [], localStorage: 0 };
    expect(await stored(), 'right after erasing').toEqual(empty);
    // Nothing the page still runs may bring storage back.
    await page.waitForTimeout(2000);
    expect(await stored(), 'two seconds later').toEqual(empty);
  });

  describe.each([
    { locale: 'fa-IR', lang: 'fa' as UiLang },
    { locale: 'en-US', lang: 'en' as UiLang },
  ])('accessibility ($locale)', ({ locale, lang }) => {
    it('axe-core finds no serious or critical violation on the library, article, search-results and settings views', async () => {
      const t = STRINGS[lang];
      const { page } = keep(await visitOnce(server, { locale }));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await injectAxe(page);
      const found: string[] = [];

      await waitForLibrary(page);
      found.push(...describeViolations('library', await axeViolations(page)));

      for (const id of [IMAGE_ARTICLE.id, 'english-garden']) {
        await openArticle(page, id);
        await page.waitForFunction(() => document.querySelector('article [aria-busy="true"]') === null, undefined, { timeout: 10_000 });
        found.push(...describeViolations(`article ${id}`, await axeViolations(page)));
      }

      await page.evaluate(() => void (location.hash = '#/'));
      await waitForLibrary(page);
      await expectSearch(page, t, 'کیمیاگری', [title('کیمیا')]);
      found.push(...describeViolations('search results', await axeViolations(page)));

      await page.evaluate(() => void (location.hash = '#/settings'));
      await expect
        .poll(async () => squash(await page.getByRole('heading', { level: 1 }).textContent()), { timeout: 10_000 })
        .toBe(t.settings);
      found.push(...describeViolations('settings', await axeViolations(page)));

      expect(found, `serious or critical axe violations (${locale}):\n${found.join('\n')}`).toEqual([]);
    });
  });
});
