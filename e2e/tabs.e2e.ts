// Two tabs of the app in one browser: what one changes in the library the other shows without a reload, and a tab left
// open when a newer version of the app upgrades the storage says so (with a way to reload) instead of hanging.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import { articleHash, collectListed, waitForLibrary } from './helpers/app';
import { DIST_SAMPLES } from './helpers/paths';
import { forgeReaderFile, sitePublisher, strangerKey } from './helpers/forge';
import { DONE_EN, importThroughInput } from './helpers/library-io';
import { alertText, statusText, visitOnce } from './helpers/visit';

const t = STRINGS.en;
/** The start of the 'storage-outdated' sentence (errors.ts). */
const OUTDATED = t.storageOutdated;

let server: RunningServer;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES });
}, 120_000);
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** Errors the page did not handle (an unhandled rejection is one). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** What the library lists in this tab (each article's accessible name, its title first). */
const titles = async (page: Page): Promise<string[]> => (await collectListed(page)).map((a) => a.name);

describe('two tabs of the app', () => {
  it('a library changed in one tab (an import, "Remove unverified") is shown in the other without a reload; an article removed there says so', async () => {
    const session = await visitOnce(server);
    open.push(session);
    const a = session.page;
    const b = await session.context.newPage();
    await b.goto(server.url);
    await waitForLibrary(b);
    const before = await titles(b);

    // Tab A imports a file from a stranger's key, marked unverified.
    const file = await forgeReaderFile({
      key: await strangerKey(),
      publisher: await sitePublisher(),
      edition: 1,
      articles: [{ id: 'tabs-note', title: 'A Note From Elsewhere', body: '<p>Words from a stranger.</p>', version: 1 }],
    });
    const asked = await importThroughInput(a, { name: 'note.html', mimeType: 'text/html', buffer: file });
    expect(asked.dialog).toContain(t.importAnyway);
    await a.getByRole('button', { name: t.importAnyway }).click();
    await expect.poll(() => statusText(a), { timeout: 60_000 }).toMatch(DONE_EN);

    // Tab B lists it (before: only after a reload of the page).
    await expect.poll(async () => (await titles(b)).some((name) => name.includes('A Note From Elsewhere')), { timeout: 10_000 }).toBe(true);
    expect((await titles(b)).length).toBe(before.length + 1);
    await b.evaluate((hash) => void (location.hash = hash), articleHash('tabs-note'));
    await b.getByText('Words from a stranger.').waitFor({ timeout: 10_000 });

    // Tab A removes the unverified articles; tab B, on that article, says it is not in the library (before: a blank
    // article still marked with its trust line).
    await a.goto(server.url + '#/settings');
    await a.getByRole('button', { name: t.unverifiedButton }).click();
    await a.getByRole('button', { name: t.unverifiedYes }).click();
    await expect.poll(() => b.locator('.article-missing').textContent(), { timeout: 10_000 }).toBe(t.notFound);
    expect(await b.locator('.trust').count()).toBe(0);
    await b.evaluate(() => void (location.hash = '#/'));
    await expect.poll(() => titles(b), { timeout: 10_000 }).toEqual(before);
  });

  it('a tab left open when a newer version upgrades the storage says so and offers a reload; its taps and the articles it opens fail in words, not silently', async () => {
    const session = await visitOnce(server);
    open.push(session);
    const page = session.page;
    const errors = pageErrors(page);
    const listed = await collectListed(page);
    expect(listed.length).toBeGreaterThan(1);
    await page.evaluate((hash) => void (location.hash = hash), listed[0]!.href);
    await page.locator('.article__body[aria-busy="false"]').waitFor({ timeout: 10_000 });

    // Another page of the same origin (a newer version of the app) opens the database at the next version.
    const newer = await session.context.newPage();
    await newer.goto(server.url + 'manifest.webmanifest');
    const version = await newer.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = indexedDB.open('offline-reader', 6);
          req.onsuccess = () => resolve(req.result.version);
          req.onerror = () => reject(req.error);
        }),
    );
    expect(version).toBe(6);

    // This tab says why it can no longer keep anything, and offers the reload.
    await expect.poll(() => alertText(page), { timeout: 10_000 }).toContain(OUTDATED);
    const reload = page.getByRole('button', { name: t.statusUpdate });
    await reload.waitFor({ timeout: 5_000 });

    // A bookmark, and a text size (a setting), that cannot be kept: no failure left unhandled.
    await page.getByRole('button', { name: t.bookmark }).click();
    await page.getByRole('button', { name: t.larger }).click();
    // Another article: its sentence, not "Loading…" for ever.
    await page.evaluate((hash) => void (location.hash = hash), listed[1]!.href);
    await expect.poll(() => page.locator('.article-missing').textContent(), { timeout: 10_000 }).toContain(OUTDATED);
    expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(errors).toEqual([]);

    // The offered reload reloads.
    await page.evaluate(() => ((window as { before?: boolean }).before = true));
    await Promise.all([page.waitForEvent('load', { timeout: 10_000 }), reload.click()]);
    expect(await page.evaluate(() => (window as { before?: boolean }).before)).toBeUndefined();
  });
});
