// Nothing lost on an app update: a library written by the version before groups of bodies (database version 1, one
// body per record, as a string) opens in this version, and reads and searches as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { DB_NAME } from '../src/core/constants';
import { articleHash, waitForLibrary } from './helpers/app';
import { openSession, waitOfflineReady, type Session } from './helpers/browser';
import { storedBody, textGroupProblems } from './helpers/library-io';
import { sitePublisher } from './helpers/forge';
import { DIST_SAMPLES } from './helpers/paths';

const LEGACY = { id: 'kept-from-v1', title: 'Kept From The Old Version', word: 'zanzibarquill', date: '2020-01-02' };

let server: RunningServer;
let session: Session;

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES });
  session = await openSession({ locale: 'en-US' });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('a library stored by the previous version', () => {
  it('is upgraded in place: its article is listed, opens and is found by search, next to new articles stored in groups', async () => {
    const { page } = session;
    const publisher = await sitePublisher();
    // A same-origin document that is not the app, to write the old database before the app ever runs.
    await page.goto(`${server.url}manifest.webmanifest`);
    await page.evaluate(
      async ({ name, publisher, legacy }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name, 1);
          // Version 1's schema, as the previous version created it.
          req.onupgradeneeded = () => {
            const d = req.result;
            d.createObjectStore('articles', { keyPath: ['publisherId', 'id'] }).createIndex('by-date', 'meta.date');
            d.createObjectStore('bodies');
            d.createObjectStore('media', { keyPath: 'sha256' });
            d.createObjectStore('editions', { keyPath: ['publisherId', 'edition'] });
            d.createObjectStore('keys', { keyPath: 'publicKey' });
            d.createObjectStore('reading', { keyPath: ['publisherId', 'id'] });
            d.createObjectStore('settings');
            d.createObjectStore('search');
          };
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const body = `<p>This article was saved by the previous version of the app: ${legacy.word}.</p>`;
        const tx = db.transaction(['articles', 'bodies'], 'readwrite');
        tx.objectStore('articles').put({
          publisherId: publisher.id, publisherName: publisher.name, id: legacy.id, edition: 1, trust: 'verified', source: 'import', addedAt: Date.now(),
          meta: { id: legacy.id, version: 1, title: legacy.title, date: legacy.date, lang: 'en', dir: 'ltr', tags: [], size: body.length, sha256: '0'.repeat(64), media: [] },
        });
        tx.objectStore('bodies').put({ body }, [publisher.id, legacy.id]);
        await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
        db.close();
      },
      { name: DB_NAME, publisher, legacy: LEGACY },
    );

    await page.goto(server.url);
    await waitForLibrary(page);
    await waitOfflineReady(page);
    await expect.poll(() => page.getByRole('link', { name: LEGACY.title, exact: true }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.evaluate(async (name) => {
      const dbs = await indexedDB.databases();
      return dbs.find((d) => d.name === name)?.version;
    }, DB_NAME), 'the database was upgraded').toBe(2);

    // It reads as before.
    await page.evaluate((hash) => void (location.hash = hash), articleHash(LEGACY.id));
    await expect.poll(() => page.locator('article').innerText().catch(() => ''), { timeout: 10_000 }).toContain(LEGACY.word);

    // Search finds a word of its body (the search worker reads bodies stored either way).
    await page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(page);
    await page.getByRole('searchbox').fill(LEGACY.word);
    await expect.poll(() => page.locator('section[aria-label="Search articles"] a').allInnerTexts(), { timeout: 10_000 }).toEqual([LEGACY.title]);

    // The built-in articles arrived in groups next to it, and every row finds its body.
    expect(await textGroupProblems(page)).toEqual({ dangling: [], orphans: [] });
    expect(await storedBody(page, publisher.id, LEGACY.id)).toContain(LEGACY.word);
  });
});
