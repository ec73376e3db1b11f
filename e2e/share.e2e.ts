// Issue 3, share as a file: a library exported in one profile imports into a fresh one (file input, share target, drop) and reads offline; the file itself reads from disk with and without JavaScript.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import { SHARE_CACHE } from '../src/core/constants';
import type { Manifest } from '../src/core/types';
import { articleHash, collectListed, openShareMenu, readBuiltManifest, waitForLibrary } from './helpers/app';
import { goOffline, openSession, waitOfflineReady, type Session } from './helpers/browser';
import { parseBundle } from '../src/core/bundle-read';
import { buildFixtureApp } from './helpers/fixture-build';
import { BODY_TEXT, IMAGE_ARTICLE, squash } from './helpers/fixture-text';
import {
  DONE_EN,
  articleIdsOf,
  downloadBy,
  importByDrop,
  importThroughInput,
  type Downloaded,
  exportBy as exportFile,
} from './helpers/library-io';
import { openPlainBrowser, type PlainBrowser } from './helpers/plain-browser';
import { statusText, visitOnce } from './helpers/visit';
import { ROOT, TMP } from './helpers/paths';
import type { Page } from 'playwright-core';

const t = STRINGS.en;
const OUT = join(TMP, 'share-e2e');

let serverA: RunningServer;
let serverB: RunningServer;
let manifestA: Manifest;
let manifestB: Manifest;
let publisherName: string;
const open: { close(): Promise<void> }[] = [];

/** Keeps a session or browser to close after the test. */
function keep<T extends { close(): Promise<void> }>(x: T): T {
  open.push(x);
  return x;
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  // Two different libraries, one publisher and one (development) key: B gains A's articles and trusts them.
  const distA = await buildFixtureApp({ fixture: 'library-a' });
  const distB = await buildFixtureApp({ fixture: 'library-b' });
  manifestA = await readBuiltManifest(distA);
  manifestB = await readBuiltManifest(distB);
  publisherName = (parse(await readFile(join(ROOT, 'site.config.yml'), 'utf8')) as { publisher: { name: string } }).publisher.name;
  // Two origins, as two mirrors of the site would be: each has its own, separate storage.
  serverA = await startServer({ dir: distA, brotliQuality: 4 });
  serverB = await startServer({ dir: distB, base: '/mirror/reader/', brotliQuality: 4 });
}, 300_000);

afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
  serverA?.setMode('normal');
  serverB?.setMode('normal');
});

/** Clicks an export control and returns the saved file (see library-io's exportBy). */
function exportBy(page: Page, click: () => Promise<unknown>): Promise<Downloaded> {
  return exportFile(page, click, OUT, t.errorGeneric);
}

let exported: Promise<Downloaded> | undefined;
/** Profile A visits once and saves the whole library as one file (done once, shared by the tests that need the file). */
function exportWholeLibraryFromA(): Promise<Downloaded> {
  exported ??= (async () => {
    const a = await visitOnce(serverA);
    try {
      await openShareMenu(a.page, t.shareMenu);
      return await exportBy(a.page, () => a.page.getByRole('button', { name: t.exportAll }).click());
    } finally {
      await a.close();
    }
  })();
  return exported;
}

/** Opens an article by its link in the library and waits for its h1; returns the <article> element's locator. */
async function openArticleByLink(page: Page, title: string) {
  await page.getByRole('link', { name: title, exact: true }).first().click();
  const h1 = page.getByRole('heading', { level: 1 });
  await expect.poll(async () => squash(await h1.textContent()), { timeout: 15_000 }).toBe(title);
  return page.locator('article', { has: h1 });
}

/** Waits until the article's image has loaded and returns its natural size. */
async function loadedImageSize(page: Page): Promise<{ width: number; height: number; src: string }> {
  const img = await page.waitForFunction(
    () => {
      const el = document.querySelector<HTMLImageElement>('article img');
      return el && el.complete && el.naturalWidth > 0
        ? { width: el.naturalWidth, height: el.naturalHeight, src: el.currentSrc || el.src }
        : false;
    },
    undefined,
    { timeout: 15_000 },
  );
  return (await img.jsonValue()) as { width: number; height: number; src: string };
}

describe('share as a file', () => {
  it('a whole-library file exported by profile A imports into a fresh, offline profile B, whose new articles then read offline (with images); a second import changes nothing', async () => {
    const nA = manifestA.articles.length;
    const nB = manifestB.articles.length;
    expect(nA, 'fixture library A has articles').toBeGreaterThan(1);
    expect(
      manifestB.articles.some((b) => manifestA.articles.some((a) => a.id === b.id)),
      'A and B share no article',
    ).toBe(false);

    const file = await exportWholeLibraryFromA();
    expect(file.name, 'the file name is ASCII').toMatch(/^[\x21-\x7e]+$/);
    expect(file.name, 'the file name says how many articles').toMatch(new RegExp(`-${nA}-articles\\.html$`));
    expect(articleIdsOf(file.bytes).sort(), 'the file carries every article of A').toEqual(manifestA.articles.map((a) => a.id).sort());

    const { page, context } = keep(await visitOnce(serverB));
    await goOffline(context, serverB);
    await page.reload();
    await waitForLibrary(page);
    expect((await collectListed(page)).length, 'B starts with its own articles only').toBe(nB);

    const first = await importThroughInput(page, file.path);
    expect(first.alert, 'no import error').toBe('');
    expect(first.dialog, 'no "unverified" question for a file of a trusted publisher').toBe('');
    expect(first.status).toContain(t.importDone(String(nA), '0', '0'));
    // The person sees the stages: reading (in steps of 5%), then saving once every check passed, then the report.
    const stages = first.statuses.map((s) =>
      s.includes(t.importSaving) ? 'saving' : /Importing… \d+%/.test(s) ? 'reading' : DONE_EN.test(s) ? 'done' : s,
    );
    expect(
      stages.filter((s, i) => s !== stages[i - 1]).filter((s) => s !== t.reading),
      'stages in order',
    ).toEqual(['reading', 'saving', 'done']);
    await expect.poll(async () => (await collectListed(page)).length, { timeout: 10_000 }).toBe(nA + nB);

    for (const a of manifestA.articles) {
      const article = await openArticleByLink(page, a.title);
      expect([await article.getAttribute('lang'), await article.getAttribute('dir')], `${a.id}: lang and dir`).toEqual([a.lang, a.dir]);
      await expect.poll(async () => squash(await article.innerText()), { timeout: 10_000 }).toContain(BODY_TEXT[a.id]);
      expect(squash(await article.innerText()), `${a.id}: says who signed it`).toContain(t.verified(publisherName));
      if (a.id === IMAGE_ARTICLE.id) {
        const img = await loadedImageSize(page);
        expect([img.width, img.height], 'the imported image shows offline').toEqual([IMAGE_ARTICLE.width, IMAGE_ARTICLE.height]);
      }
      await page.getByRole('link', { name: t.back }).first().click();
      await waitForLibrary(page);
    }

    // Still there after a reload with no network: imported articles are stored like built-in ones.
    await page.reload();
    await waitForLibrary(page);
    expect((await collectListed(page)).length).toBe(nA + nB);
    const image = manifestA.articles.find((a) => a.id === IMAGE_ARTICLE.id)!;
    await openArticleByLink(page, image.title);
    expect((await loadedImageSize(page)).width).toBe(IMAGE_ARTICLE.width);
    await page.getByRole('link', { name: t.back }).first().click();
    await waitForLibrary(page);

    const second = await importThroughInput(page, file.path);
    expect(second.alert).toBe('');
    expect(second.status, 'importing the same file twice adds nothing').toContain(t.importDone('0', '0', String(nA)));
    expect((await collectListed(page)).length).toBe(nA + nB);
  });

  it('a file exported in data-saver mode (text now, no picture held) imports into B: every article, the pictures counted as not in it, a placeholder offline', async () => {
    const nA = manifestA.articles.length;
    const nB = manifestB.articles.length;
    const pictures = new Set(manifestA.articles.flatMap((a) => a.media)).size;
    expect(pictures, 'fixture library A has pictures').toBeGreaterThan(0);

    // Profile A takes the text only, then saves the whole library as one file: it carries no picture, and says so.
    const a = keep(await openSession({ locale: 'en-US' }));
    await a.page.goto(serverA.url);
    await waitForLibrary(a.page);
    const question = a.page.getByRole('region', { name: 'Save the pictures now too?' });
    await question.getByRole('button', { name: 'Text now, pictures when I open the article' }).click({ timeout: 20_000 });
    await waitOfflineReady(a.page);
    await openShareMenu(a.page, t.shareMenu);
    const file = await exportBy(a.page, () => a.page.getByRole('button', { name: t.exportAll }).click());
    const parsed = parseBundle(new Uint8Array(file.bytes));
    expect(parsed.articles, 'every article of A').toHaveLength(nA);
    expect(parsed.media, 'no picture').toEqual([]);

    // Profile B, offline, imports it: the text comes in whole, and the message says the pictures were not in the file.
    const { page, context } = keep(await visitOnce(serverB));
    await goOffline(context, serverB);
    await page.reload();
    await waitForLibrary(page);
    const outcome = await importThroughInput(page, file.path);
    expect(outcome.alert, 'no import error').toBe('');
    expect(outcome.status).toContain(t.importDone(String(nA), '0', '0'));
    expect(outcome.status).toContain(t.importPicturesMissing(String(pictures), false));
    await expect.poll(async () => (await collectListed(page)).length, { timeout: 10_000 }).toBe(nA + nB);

    // The article with a picture reads, its text whole; the picture says what it is instead of a broken image.
    const article = await openArticleByLink(page, manifestA.articles.find((x) => x.id === IMAGE_ARTICLE.id)!.title);
    await expect.poll(async () => squash(await article.innerText()), { timeout: 10_000 }).toContain(BODY_TEXT[IMAGE_ARTICLE.id]);
    await page.locator('.article__body .picture-missing').first().waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('.article__body img:not([hidden])').count()).toBe(0);
  });

  it('the exported file opened from disk with JavaScript on shows the library and every article, one at a time, with images, and makes no request', async () => {
    const file = await exportWholeLibraryFromA();
    const br: PlainBrowser = keep(await openPlainBrowser({ javaScriptEnabled: true }));
    const { page } = br;
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(pathToFileURL(file.path).href);
    await page.waitForFunction(() => document.documentElement.classList.contains('js'), undefined, { timeout: 10_000 });

    const toc = page.locator('nav#contents');
    expect(await toc.isVisible(), 'the library (table of contents) shows').toBe(true);
    const listed = await toc
      .locator('a[href^="#a-"]')
      .evaluateAll((as) => as.map((a) => (a.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(listed.sort(), 'every article is listed').toEqual(manifestA.articles.map((a) => a.title).sort());

    const visibleArticles = (): Promise<string[]> =>
      page
        .locator('article.or-article')
        .evaluateAll((els) =>
          els.filter((e) => (e as HTMLElement).offsetParent !== null && e.getClientRects().length > 0).map((e) => e.id),
        );

    for (const a of manifestA.articles) {
      await toc.locator(`a[href="#a-${a.id}"]`).click();
      const article = page.locator(`article[id="a-${a.id}"]`);
      await expect.poll(() => article.isVisible(), { timeout: 5_000 }).toBe(true);
      expect(await visibleArticles(), `${a.id}: shown alone`).toEqual([`a-${a.id}`]);
      expect(squash(await article.locator('h2').first().textContent())).toBe(a.title);
      expect([await article.getAttribute('lang'), await article.getAttribute('dir')], `${a.id}: lang and dir`).toEqual([a.lang, a.dir]);
      expect(squash(await article.innerText())).toContain(BODY_TEXT[a.id]);
      if (a.id === IMAGE_ARTICLE.id) {
        const img = await page.waitForFunction(
          (id) => {
            const el = document.getElementById(id)?.querySelector('img');
            return el && el.complete && el.naturalWidth > 0 ? { w: el.naturalWidth, src: el.src.slice(0, 22) } : false;
          },
          `a-${a.id}`,
          { timeout: 10_000 },
        );
        expect(await img.jsonValue(), 'the image comes from the file itself').toEqual({
          w: IMAGE_ARTICLE.width,
          src: 'data:image/png;base64,',
        });
      }
      await article.locator('.or-back a').click();
      await expect.poll(() => toc.isVisible(), { timeout: 5_000 }).toBe(true);
    }

    // Links written for the app (#/article/<id>) open the same article in the file.
    const some = manifestA.articles[manifestA.articles.length - 1]!;
    await page.evaluate((id) => void (location.hash = `#/article/${encodeURIComponent(id)}`), some.id);
    await expect.poll(visibleArticles, { timeout: 5_000 }).toEqual([`a-${some.id}`]);

    expect(errors, 'no script errors').toEqual([]);
    expect(
      br.requests.filter((u) => !/^(file|data|blob):/.test(u)),
      'requests from a file opened from disk (even ones its policy stopped)',
    ).toEqual([]);
  });

  it("the exported file opened from disk with JavaScript off shows every article's title and text, with a working in-page table of contents, and makes no request", async () => {
    const file = await exportWholeLibraryFromA();
    const br = keep(await openPlainBrowser({ javaScriptEnabled: false }));
    const { page } = br;
    await page.goto(pathToFileURL(file.path).href);
    expect(await page.locator('html.js').count(), 'the reader script did not run').toBe(0);

    for (const a of manifestA.articles) {
      const article = page.locator(`article[id="a-${a.id}"]`);
      expect(await article.isVisible(), `${a.id} is visible`).toBe(true);
      expect(squash(await article.locator('h2').first().textContent())).toBe(a.title);
      expect(squash(await article.innerText()), `${a.id}: its text reads`).toContain(BODY_TEXT[a.id]);
      const link = page.locator(`nav#contents a[href="#a-${a.id}"]`);
      expect(squash(await link.textContent()), `${a.id}: listed in the contents`).toBe(a.title);
    }
    for (const a of [...manifestA.articles].reverse()) {
      await page.locator(`nav#contents a[href="#a-${a.id}"]`).click();
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#a-${a.id}`);
      const box = await page.locator(`article[id="a-${a.id}"] h2`).first().boundingBox();
      expect(box && box.y >= -1 && box.y < 800, `${a.id}: the contents link scrolls to the article`).toBe(true);
      await page.locator(`article[id="a-${a.id}"] .or-back a`).click();
      expect(new URL(page.url()).hash).toBe('#contents');
    }
    expect(
      br.requests.filter((u) => !/^(file|data|blob):/.test(u)),
      'requests from a file opened from disk (even ones its policy stopped)',
    ).toEqual([]);
  });

  it('a file POSTed to the share target (as the system share sheet does) is imported', async () => {
    const file = await exportWholeLibraryFromA();
    const nA = manifestA.articles.length;
    const { page, context } = keep(await visitOnce(serverB));
    // The share sheet opens the app with no network needed: the service worker alone takes the POST.
    await goOffline(context, serverB);
    await page.goto('about:blank');
    await page.setContent(
      `<form method="post" enctype="multipart/form-data" action="${serverB.url}share-target">` +
        '<input type="hidden" name="title" value="Shared"><input type="file" name="file"><button type="submit">Share</button></form>',
    );
    await page.locator('input[type="file"]').setInputFiles(file.path);
    await page.getByRole('button', { name: 'Share' }).click();
    await page.waitForURL((u) => u.href.startsWith(serverB.url), { timeout: 30_000, waitUntil: 'commit' });
    await waitForLibrary(page, 30_000);
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toContain(t.importDone(String(nA), '0', '0'));
    expect((await collectListed(page)).length).toBe(nA + manifestB.articles.length);
    expect(new URL(page.url()).hash, 'back in the library after the import').toBe('#/');
    const left = await page.evaluate(
      async (name) => ((await caches.has(name)) ? (await (await caches.open(name)).keys()).length : 0),
      SHARE_CACHE,
    );
    expect(left, 'the service worker handed the file over and kept no copy').toBe(0);
  });

  it('a shared file whose import the page did not end (another share reloaded it, the phone closed it) is imported at the next start', async () => {
    const file = await exportWholeLibraryFromA();
    const nA = manifestA.articles.length;
    const { page, context } = keep(await visitOnce(serverB));
    await goOffline(context, serverB);
    // As the share target keeps a file, and as a page that took it for an import then went away leaves it (taken once).
    await page.evaluate(
      async ({ name, base64, cache }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const key = new URL(`./shared/${Date.now()}-0`, location.href).href;
        await (await caches.open(cache)).put(key, new Response(bytes, { headers: { 'x-file-name': encodeURIComponent(name) } }));
        await (await caches.open(`${cache}-taken`)).put(key, new Response('1'));
      },
      { name: file.name, base64: Buffer.from(file.bytes).toString('base64'), cache: SHARE_CACHE },
    );
    // Before: a file was deleted from the share's keeping as soon as it was read, so this start had nothing to import.
    await page.reload({ waitUntil: 'commit' });
    await waitForLibrary(page, 30_000);
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toContain(t.importDone(String(nA), '0', '0'));
    const left = await page.evaluate(
      async (cache) => Promise.all([cache, `${cache}-taken`].map(async (n) => (await (await caches.open(n)).keys()).length)),
      SHARE_CACHE,
    );
    expect(left, 'forgotten once imported').toEqual([0, 0]);
  });

  it('a file dropped onto the app is imported', async () => {
    const file = await exportWholeLibraryFromA();
    const nA = manifestA.articles.length;
    const { page } = keep(await visitOnce(serverB));
    const outcome = await importByDrop(page, file.bytes, file.name);
    expect(outcome.accepted, 'the app accepts a dragged file (dragover default prevented)').toBe(true);
    expect(outcome.alert).toBe('');
    expect(outcome.status).toContain(t.importDone(String(nA), '0', '0'));
    await expect.poll(async () => (await collectListed(page)).length, { timeout: 10_000 }).toBe(nA + manifestB.articles.length);
  });

  it('one article (from its view) and a selection export as files whose ASCII names say the count, holding exactly those articles; the selection imports elsewhere', async () => {
    const garden = manifestA.articles.find((a) => a.id === 'english-garden')!;
    const image = manifestA.articles.find((a) => a.id === IMAGE_ARTICLE.id)!;
    const { page } = keep(await visitOnce(serverA));

    await openArticleByLink(page, garden.title);
    const single = await exportBy(page, () => page.getByRole('button', { name: t.shareArticle }).click());
    expect(single.name).toMatch(/^[\x21-\x7e]+$/);
    expect(single.name, 'publication, date and count').toMatch(/^open-shelf-\d{4}-\d{2}-\d{2}-1-article\.html$/);
    expect(articleIdsOf(single.bytes)).toEqual([garden.id]);

    await page.getByRole('link', { name: t.back }).first().click();
    await waitForLibrary(page);
    await openShareMenu(page, t.shareMenu);
    await page.getByRole('button', { name: t.selectMode }).click();
    await page.getByRole('checkbox', { name: t.selectArticle(garden.title) }).check();
    await page.getByRole('checkbox', { name: t.selectArticle(image.title) }).check();
    const selection = await exportBy(page, () => page.getByRole('button', { name: t.exportSelected('2') }).click());
    expect(selection.name).toMatch(/^[\x21-\x7e]+$/);
    expect(selection.name, 'publication, date and count').toMatch(/^open-shelf-\d{4}-\d{2}-\d{2}-2-articles\.html$/);
    expect(articleIdsOf(selection.bytes).sort()).toEqual([garden.id, image.id].sort());

    // A subset of a signed edition still verifies, and carries the image its article needs.
    const b = keep(await visitOnce(serverB));
    const outcome = await importThroughInput(b.page, selection.path);
    expect(outcome.alert).toBe('');
    expect(outcome.status).toContain(t.importDone('2', '0', '0'));
    await b.page.goto(serverB.url + articleHash(image.id));
    await expect
      .poll(async () => squash(await b.page.getByRole('heading', { level: 1 }).textContent()), { timeout: 15_000 })
      .toBe(image.title);
    expect((await loadedImageSize(b.page)).width).toBe(IMAGE_ARTICLE.width);
  });
});
