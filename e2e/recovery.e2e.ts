// Release recovery: the documented kill switch (a self-destroying service worker published as sw.js) frees every reader from a broken release and keeps their library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { openSession, waitOfflineReady, type Session } from './helpers/browser';
import { DIST_SAMPLES, ROOT } from './helpers/paths';

let dir: string;
let server: RunningServer;
let session: Session | undefined;

beforeAll(async () => {
  // A copy, because the test deploys the kill switch over its sw.js.
  dir = await mkdtemp(join(tmpdir(), 'offline-reader-recovery-'));
  await cp(DIST_SAMPLES, dir, { recursive: true });
  server = await startServer({ dir, base: '/mirror/' });
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** What the browser holds for the app's origin. */
function readState(page: Session['page']) {
  return page.evaluate(async () => {
    const registrations = (await navigator.serviceWorker.getRegistrations()).length;
    const caches_ = (await caches.keys()).filter((n) => n.startsWith('workbox-'));
    const articles = await new Promise<number>((resolve) => {
      const open = indexedDB.open('offline-reader');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('shelves')) {
          db.close();
          resolve(-1);
          return;
        }
        // Rows are kept on shelves: the index of article keys has one entry per row.
        const count = db.transaction('shelves').objectStore('shelves').index('by-article').count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
        count.onerror = () => {
          db.close();
          resolve(-1);
        };
      };
      open.onerror = () => resolve(-1);
    });
    return { registrations, caches: caches_, articles };
  });
}

describe('kill switch', () => {
  it('published as sw.js, removes the service worker and its caches on the next visit, and leaves the library in IndexedDB', async () => {
    session = await openSession({ locale: 'en-US' });
    const { page } = session;
    await page.goto(server.url);
    await waitOfflineReady(page);
    const before = await readState(page);
    expect(before.registrations).toBe(1);
    expect(before.caches.length).toBeGreaterThan(0);
    expect(before.articles).toBeGreaterThan(0);

    // The publisher deploys the kill switch under the service worker's own name.
    await copyFile(join(ROOT, 'scripts', 'kill-switch-sw.js'), join(dir, 'sw.js'));
    await page.reload();
    // The kill switch reloads open tabs itself; poll until the worker and its caches are gone.
    let after = await readState(page).catch(() => before);
    for (let i = 0; i < 100 && (after.registrations > 0 || after.caches.length > 0); i++) {
      await page.waitForTimeout(200);
      after = await readState(page).catch(() => after);
    }
    expect(after.registrations, 'service worker registrations left').toBe(0);
    expect(after.caches, 'precache left').toEqual([]);
    expect(after.articles, 'articles kept in IndexedDB').toBe(before.articles);
  });
});
