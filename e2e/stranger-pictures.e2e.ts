// A stranger's file never makes the app download pictures: an unverified article that claims the publisher's id and the
// edition the device holds, and names that edition's pictures, shows a placeholder for each one the device lacks and
// sends no request, even when the connection comes back; a verified article's missing picture still comes when it opens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { articleHash, readBuiltManifest, waitForLibrary } from './helpers/app';
import { openSession, waitOfflineReady, type Session } from './helpers/browser';
import { buildFixtureApp } from './helpers/fixture-build';
import { forgeReaderFile, sitePublisher, strangerKey } from './helpers/forge';
import { importThroughInput, storeCounts, DONE_EN } from './helpers/library-io';
import { ServedLog } from './helpers/served-log';
import { alertText, statusText } from './helpers/visit';
import { squash } from './helpers/fixture-text';
import { MEDIA_DIR } from '../src/core/constants';
import { STRINGS } from '../src/ui/i18n-all';
import { saverStrings } from '../src/ui/i18n-saver';
import { makeI18n } from '../src/ui/i18n';
import type { Manifest } from '../src/core/types';

const t = STRINGS.en;
const saver = saverStrings(makeI18n('en'));

let manifest: Manifest;
let server: RunningServer;
/** Every answer the server sent, and which carried pictures. */
const served = new ServedLog();
let session: Session | undefined;

beforeAll(async () => {
  const dist = await buildFixtureApp({ fixture: 'data-saver' });
  manifest = await readBuiltManifest(dist);
  served.dirs.push(dist);
  server = await startServer({ dir: dist, base: '/', brotliQuality: 4, log: served.lineAt('/') });
}, 300_000);

afterAll(() => server?.close());

afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Opens an article by its route and waits for its heading. */
async function openArticle(page: Page, id: string, title: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), articleHash(id));
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toBe(title);
}

describe('pictures an unverified article names', () => {
  it('are never downloaded: a placeholder says they are not on the device; a verified article still fetches its own', async () => {
    const pictures = manifest.media;
    expect(pictures.length).toBeGreaterThan(0);
    session = await openSession({ locale: 'en-US' });
    const { page } = session;

    // A first visit in "Text now": no picture on the device.
    await page.goto(server.url);
    await waitForLibrary(page);
    const question = page.getByRole('region', { name: saver.question });
    await question.waitFor({ state: 'visible', timeout: 20_000 });
    await question.getByRole('button', { name: saver.choiceText }).click();
    await question.waitFor({ state: 'hidden' });
    await waitOfflineReady(page);
    await served.quiet();
    expect((await storeCounts(page)).media).toBe(0);

    // A stranger's file: the publisher's id, the edition the device holds, and an article naming every picture of it.
    const body = [
      '<p>Every picture of the edition, named by its public hash.</p>',
      ...pictures.map((m) => `<img src="${MEDIA_DIR}/${m.sha256}.png" alt="Picture ${m.sha256.slice(0, 8)}" width="96" height="64">`),
    ].join('\n');
    const forged = await forgeReaderFile({
      key: await strangerKey(),
      publisher: await sitePublisher(),
      edition: manifest.edition,
      articles: [{ id: 'stranger-pictures', title: 'A Stranger’s Pictures', body, version: manifest.edition }],
    });
    const beforeImport = served.answers.length;
    const asked = await importThroughInput(page, { name: 'stranger.html', mimeType: 'text/html', buffer: forged });
    expect(asked.dialog, 'a dialog asks before importing').toContain(t.importAnyway);
    await page.getByRole('button', { name: t.importAnyway }).click();
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toMatch(DONE_EN);
    expect(await alertText(page)).toBe('');

    // Opened: each missing picture says it is not on the device; none is fetched, now or when the connection comes back.
    await openArticle(page, 'stranger-pictures', 'A Stranger’s Pictures');
    await page.waitForTimeout(3_000);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForTimeout(2_000);
    await served.quiet();
    expect(served.pictureBytes(beforeImport), 'no picture requested for a stranger’s article').toEqual({ bytes: 0, paths: [] });
    expect((await storeCounts(page)).media).toBe(0);
    const notes = page.locator('.article__body .picture-missing');
    expect((await notes.allTextContents()).map(squash)).toEqual(pictures.map(() => saver.pictureNotHere));
    expect(saverStrings(makeI18n('fa')).pictureNotHere).toMatch(/[\u0600-\u06ff]/);
    expect(await page.locator('.article__body img:not([hidden])').count()).toBe(0);
    // Not coming, so not offered as a picture to enlarge.
    expect(await page.locator('.article__body img[tabindex], .article__body img[role="button"]').count()).toBe(0);
    expect(squash(await page.locator('article').first().innerText())).toContain(t.unverified);

    // The publisher's own article still fetches its missing picture (so the stranger's fetched nothing for another reason).
    const garden = manifest.articles.find((a) => a.id === 'garden')!;
    const beforeGarden = served.answers.length;
    await openArticle(page, garden.id, garden.title);
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const img = document.querySelector<HTMLImageElement>('.article__body img:not([hidden])');
            return img?.complete ? img.naturalWidth : 0;
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    expect(served.pictureBytes(beforeGarden).paths).toEqual(garden.media.map((sha) => `${MEDIA_DIR}/${sha}.png`));
  });
});
