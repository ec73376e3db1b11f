// Foundation on a bad link: when the connection breaks in the middle of a first visit's big downloads, the app still
// installs (it opens offline), keeps every pack that arrived whole, and brings in the rest by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { articleHash, collectListed, waitForLibrary } from './helpers/app';
import { goOffline, openSession, recordRequests, waitOfflineReady, type Session } from './helpers/browser';
import { statusText } from './helpers/visit';
import { STRINGS } from '../src/ui/i18n-all';
import type { GeneratedArticle } from './helpers/generate-library';
import { DIST_MANY, MANY_META } from './helpers/paths';

let server: RunningServer;
let session: Session;
/** The sessions of the first visits after the first test's, each in a browser profile of its own. */
const fresh: Session[] = [];
let articles: GeneratedArticle[];

/** A first visit in a new browser profile, closed after the file's tests. */
async function freshSession(): Promise<Session> {
  const s = await openSession({ locale: 'en-US' });
  fresh.push(s);
  return s;
}

/** The connection comes back: the server answers in full again, and the browser says it is online (its `online` event). */
async function connectionReturns(context: Session['context']): Promise<void> {
  server.setCut(null);
  await context.setOffline(true);
  await context.setOffline(false);
}

beforeAll(async () => {
  articles = (JSON.parse(await readFile(MANY_META, 'utf8')) as { articles: GeneratedArticle[] }).articles;
  server = await startServer({ dir: DIST_MANY, base: '/m/', brotliQuality: 5 });
  session = await openSession({ locale: 'en-US' });
});
afterAll(async () => {
  for (const s of fresh) await s.close();
  await session?.close();
  await server?.close();
});

describe('a first visit whose connection breaks halfway through every bulk download', () => {
  it('installs, keeps what arrived, fetches the missing packs alone, and then reads every article offline', async () => {
    const { page, context } = session;
    server.setCut((path) => path.startsWith('content/bulk-'));
    const log = recordRequests(context);
    await page.goto(server.url);
    await waitOfflineReady(page, 180_000);
    log.stop();
    server.setCut(null);

    const paths = log.urls.map((u) => new URL(u).pathname);
    expect(paths.filter((p) => p.includes('/content/bulk-')).length, 'bulk files tried').toBeGreaterThan(0);
    const packs = (await readdir(join(DIST_MANY, 'content'))).filter((f) => f.startsWith('pack-')).length;
    const alone = new Set(paths.filter((p) => p.includes('/content/pack-'))).size;
    expect(alone, 'missing packs fetched one by one').toBeGreaterThan(0);
    expect(alone, 'packs that arrived whole inside a broken bulk are kept, not fetched again').toBeLessThan(packs);

    await goOffline(context, server);
    await page.goto(server.url);
    await waitForLibrary(page);
    const listed = new Set((await collectListed(page)).map((l) => l.href.slice(l.href.indexOf('#'))));
    expect(
      articles.filter((a) => !listed.has(articleHash(a.id))).map((a) => a.id),
      'articles missing offline',
    ).toEqual([]);
    const last = articles.at(-1) as GeneratedArticle;
    await page.evaluate((hash) => void (location.hash = hash), articleHash(last.id));
    await expect
      .poll(
        () =>
          page
            .locator('article h1')
            .textContent()
            .catch(() => null),
        { timeout: 10_000 },
      )
      .toBe(last.title);
  });
});

describe('a first visit where every content download breaks halfway', () => {
  it('installs the app, says what is saved and that the rest will come, and finishes by itself when the connection returns', async () => {
    server.setMode('normal');
    server.setCut((path) => path.startsWith('content/bulk-') || path.startsWith('content/pack-'));
    const { page, context } = await freshSession();
    await page.goto(server.url);
    // Whole packs from the first half of a bulk are kept; the message says so (or, if none arrived, that all is to come).
    const paused = /^(\d+) of (\d+) parts are saved and read without internet\. The rest will download by itself/;
    const said = (s: string): boolean => s.includes(STRINGS.en.syncWaiting) || paused.test(s);
    await expect.poll(async () => said(await statusText(page)), { timeout: 90_000 }).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the app shell is installed').toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset.offlineReady ?? null)).toBeNull();

    // The connection comes back: the browser says it is online again, and the app finishes without a reload.
    await connectionReturns(context);
    await waitOfflineReady(page, 120_000);
    expect(await statusText(page)).toContain(STRINGS.en.offlineReady);
  });
});

describe('a first visit where no content arrives at all', () => {
  it('says the library is on its way, not that it is empty, and lists the articles once they come', async () => {
    server.setMode('normal');
    server.setCut((path) => path.startsWith('content/'));
    const { page, context } = await freshSession();
    await page.goto(server.url);
    await expect.poll(async () => (await statusText(page)).includes(STRINGS.en.syncWaiting), { timeout: 90_000 }).toBe(true);
    const empty = page.locator('main .empty');
    await expect.poll(() => empty.textContent(), { timeout: 10_000 }).toBe(STRINGS.en.emptyWhileSaving);
    expect(await page.locator('main').textContent(), 'no word of an empty library').not.toContain(STRINGS.en.emptyLibrary);

    await connectionReturns(context);
    await waitOfflineReady(page, 120_000);
    await waitForLibrary(page);
    expect(await empty.count(), 'the note goes once the articles are listed').toBe(0);
  });
});

describe("a first visit whose connection breaks on the service worker's own script", () => {
  it('registers it again once the connection is back, and the app then opens offline', async () => {
    server.setMode('normal');
    server.setCut((path) => path === 'sw.js');
    const { page, context } = await freshSession();
    const scripts = recordRequests(context);
    await page.goto(server.url);
    await waitForLibrary(page, 60_000);
    await expect
      .poll(() => scripts.urls.filter((u) => new URL(u).pathname.endsWith('/sw.js')).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'no service worker from a script cut short').toBe(false);

    await connectionReturns(context);
    await waitOfflineReady(page, 120_000);
    scripts.stop();
  });
});
