// Issue 18: a Telegram channel export becomes articles (npm run import:telegram), the app builds from them, and a converted post reads offline with its photo.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { importOptions, runImport } from '../src/build/importers/cli';
import { articleHash, readBuiltManifest, waitForLibrary } from './helpers/app';
import { goOffline, type Session } from './helpers/browser';
import { buildApp } from './helpers/build-app';
import { squash } from './helpers/fixture-text';
import { ROOT, TMP } from './helpers/paths';
import { visitOnce } from './helpers/visit';

const EXPORT = join(ROOT, 'src', 'build', '__fixtures__', 'telegram-export');
const ARTICLES = join(TMP, 'articles-telegram');
const DIST = join(TMP, 'dist-telegram');
const PHOTO_POST = 'telegram-1876543210-5';
const ALBUM = 'telegram-1876543210-6';
const ENTITIES = 'telegram-1876543210-3';

let server: RunningServer;
let session: Session | undefined;
let summary: string[];

beforeAll(async () => {
  // A fresh folder each run: the import itself is under test, not a leftover of the last run.
  await rm(ARTICLES, { recursive: true, force: true });
  summary = await runImport('telegram', [EXPORT], importOptions(ARTICLES));
  await buildApp({ name: 'telegram import', outDir: DIST, articlesDir: ARTICLES });
  server = await startServer({ dir: DIST, base: '/' });
}, 300_000);

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Opens an article by its route and waits for its h1; returns the text of the <article>. */
async function openArticle(page: Page, id: string, title: string): Promise<string> {
  await page.goto(`${server.url}${articleHash(id)}`);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect.poll(async () => squash(await h1.textContent()), { timeout: 15_000 }).toBe(title);
  // The body renders a moment after the heading (its sanitiser loads on first use): wait for it too.
  const body = page.locator('article .article__body');
  await expect.poll(async () => squash(await body.textContent().catch(() => '')), { timeout: 15_000 }).not.toBe('');
  return squash(await page.locator('article', { has: h1 }).textContent());
}

/** The natural sizes of the article's images, once every one has loaded. */
async function loadedImages(page: Page, count: number): Promise<Array<[number, number]>> {
  const sizes = await page.waitForFunction(
    (n) => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('article img')];
      return imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0)
        ? imgs.map((i) => [i.naturalWidth, i.naturalHeight])
        : false;
    },
    count,
    { timeout: 15_000 },
  );
  return (await sizes.jsonValue()) as Array<[number, number]>;
}

describe('a converted Telegram export in the app', () => {
  it('builds, and after one visit reads a converted post offline with its photo, an album and the Persian entities', async () => {
    expect(summary[1]).toBe('8 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    const manifest = await readBuiltManifest(DIST);
    expect(manifest.articles.map((a) => a.id)).toContain(PHOTO_POST);
    const titleOf = (id: string): string => manifest.articles.find((a) => a.id === id)!.title;

    session = await visitOnce(server, { locale: 'fa-IR' });
    const { page, context } = session;
    await goOffline(context, server);
    await page.reload();
    await waitForLibrary(page);

    const photoText = await openArticle(page, PHOTO_POST, 'A photo from the workshop');
    expect(photoText).toContain('Twelve people learned to share the library as a file.');
    expect(await loadedImages(page, 1)).toEqual([[64, 40]]);
    expect(await page.locator('article img').getAttribute('alt')).toBe('A photo from the workshop');
    expect(await page.locator('article').first().getAttribute('lang')).toBe('en');

    await openArticle(page, ALBUM, titleOf(ALBUM));
    expect(await loadedImages(page, 3)).toEqual([
      [48, 48],
      [48, 32],
      [32, 48],
    ]);

    const text = await openArticle(page, ENTITIES, 'راهنمای امنیت گوشی در ایست بازرسی');
    expect(text).toContain('هرگز رمزتان را به کسی ندهید.');
    const article = page.locator('article').first();
    expect(await article.getAttribute('dir')).toBe('rtl');
    expect(await article.locator('em').first().textContent()).toBe('پیام‌های حساس');
    expect(await article.locator('a[href="https://t.me/openshelf"]').count()).toBe(1);
    expect(await article.locator('pre code').textContent()).toContain('settings put global adb_enabled 0');
  });
});
