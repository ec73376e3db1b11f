// Nothing lost on an app update: a library written by an earlier version opens in this one, and reads and searches as
// before. Version 1 kept one body per record (as a string); version 2 kept bodies in groups of UTF-8 bytes; both kept
// one row per article in a store named `articles`, which version 3 moves onto shelves.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { DB_NAME } from '../src/core/constants';
import { articleHash, waitForLibrary } from './helpers/app';
import { openSession, waitOfflineReady, type Session } from './helpers/browser';
import { storeCounts, storedBody, textGroupProblems } from './helpers/library-io';
import { sitePublisher } from './helpers/forge';
import { DIST_SAMPLES } from './helpers/paths';

/** An article the old version stored: where its body is (version 1: `bodies`; version 2: a group in `texts`). */
interface Legacy {
  id: string;
  title: string;
  word: string;
  date: string;
  at?: [group: number, place: number];
}

const V1: Legacy[] = [{ id: 'kept-from-v1', title: 'Kept From The Old Version', word: 'zanzibarquill', date: '2020-01-02' }];
const V2: Legacy[] = [
  { id: 'kept-from-v2-a', title: 'Kept In A Group', word: 'quokkalantern', date: '2021-03-04', at: [7, 0] },
  { id: 'kept-from-v2-b', title: 'Kept In The Same Group', word: 'marmosetviola', date: '2021-03-05', at: [7, 1] },
  { id: 'kept-from-v1-in-v2', title: 'Kept Alone Before Groups', word: 'pangolinharp', date: '2019-05-06' },
];

let server: RunningServer;
let session: Session | undefined;

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES });
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});
afterAll(async () => {
  await server?.close();
});

/** Writes the old version's database, with these articles in it, from a same-origin document that is not the app (before the app ever runs). */
async function writeOldLibrary(page: Session['page'], version: 1 | 2, legacy: Legacy[]): Promise<void> {
  const publisher = await sitePublisher();
  await page.goto(`${server.url}manifest.webmanifest`);
  await page.evaluate(
    async ({ name, version, publisher, legacy }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name, version);
        // The schema as those versions created it.
        req.onupgradeneeded = () => {
          const d = req.result;
          const articles = d.createObjectStore('articles', { keyPath: ['publisherId', 'id'] });
          articles.createIndex('by-date', 'meta.date');
          d.createObjectStore('bodies');
          d.createObjectStore('media', { keyPath: 'sha256' });
          d.createObjectStore('editions', { keyPath: ['publisherId', 'edition'] });
          d.createObjectStore('keys', { keyPath: 'publicKey' });
          d.createObjectStore('reading', { keyPath: ['publisherId', 'id'] });
          d.createObjectStore('settings');
          d.createObjectStore('search');
          if (version >= 2) {
            d.createObjectStore('texts');
            articles.createIndex('by-text', 'text');
          }
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const stores = version >= 2 ? ['articles', 'bodies', 'texts', 'editions'] : ['articles', 'bodies', 'editions'];
      const tx = db.transaction(stores, 'readwrite');
      const groups = new Map<number, Uint8Array[]>();
      for (const a of legacy) {
        const body = `<p>This article was saved by an earlier version of the app: ${a.word}.</p>`;
        tx.objectStore('articles').put({
          publisherId: publisher.id,
          publisherName: publisher.name,
          id: a.id,
          edition: 1,
          trust: 'verified',
          source: 'import',
          addedAt: Date.now(),
          meta: {
            id: a.id,
            version: 1,
            title: a.title,
            date: a.date,
            lang: 'en',
            dir: 'ltr',
            tags: [],
            size: body.length,
            sha256: '0'.repeat(64),
            media: [],
          },
          ...(a.at ? { text: a.at[0], textAt: a.at[1] } : {}),
        });
        if (a.at) {
          const group = groups.get(a.at[0]) ?? [];
          group[a.at[1]] = new TextEncoder().encode(body);
          groups.set(a.at[0], group);
        } else {
          tx.objectStore('bodies').put({ body }, [publisher.id, a.id]);
        }
      }
      for (const [key, bodies] of groups) tx.objectStore('texts').put({ bodies }, key);
      // A signed manifest as those versions kept it: by publisher and edition alone.
      tx.objectStore('editions').put({
        publisherId: publisher.id,
        edition: 1,
        signed: { text: '{}', publicKey: 'old-key', signature: 'old-signature' },
        trust: 'verified',
      });
      await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
      db.close();
    },
    { name: DB_NAME, version, publisher, legacy },
  );
}

/** Opens the app on the old library and checks every old article is listed, opens, is found by search, and finds its body. */
async function checkUpgraded(page: Session['page'], legacy: Legacy[]): Promise<void> {
  const publisher = await sitePublisher();
  await page.goto(server.url);
  await waitForLibrary(page);
  await waitOfflineReady(page);
  for (const a of legacy)
    await expect.poll(() => page.getByRole('link', { name: a.title, exact: true }).count(), { timeout: 10_000 }).toBe(1);
  expect(
    await page.evaluate(async (name) => (await indexedDB.databases()).find((d) => d.name === name)?.version, DB_NAME),
    'the database was upgraded',
  ).toBe(5);
  // Version 4 keeps manifests by publisher, edition and signature; the old one moved there, found through its edition
  // (and, from version 5, through its trust).
  expect(
    await page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const store = db.transaction('editions').objectStore('editions');
      const found = await new Promise<{ signed: { signature: string } }[]>((resolve) => {
        const r = store.index('by-edition').getAll();
        r.onsuccess = () => resolve(r.result as { signed: { signature: string } }[]);
      });
      const out = {
        keyPath: store.keyPath,
        indexes: [...store.indexNames].sort(),
        oldKept: found.some((e) => e.signed.signature === 'old-signature'),
        stores: [...db.objectStoreNames].sort(),
      };
      db.close();
      return out;
    }, DB_NAME),
  ).toEqual({
    keyPath: ['publisherId', 'edition', 'signed.signature'],
    indexes: ['by-edition', 'by-trust'],
    oldKept: true,
    stores: ['editions', 'keys', 'media', 'reading', 'search', 'settings', 'shelves', 'texts', 'bodies', 'withdrawn'].sort(),
  });

  for (const a of legacy) {
    // It reads as before.
    await page.evaluate((hash) => void (location.hash = hash), articleHash(a.id));
    await expect
      .poll(
        () =>
          page
            .locator('article')
            .innerText()
            .catch(() => ''),
        { timeout: 10_000 },
      )
      .toContain(a.word);
    // Search finds a word of its body (the search worker reads bodies stored either way).
    await page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(page);
    await page.getByRole('searchbox').fill(a.word);
    await expect
      .poll(() => page.locator('section[aria-label="Search articles"] a').allInnerTexts(), { timeout: 10_000 })
      .toEqual([a.title]);
    await page.getByRole('searchbox').fill('');
    expect(await storedBody(page, publisher.id, a.id)).toContain(a.word);
  }
  // The built-in articles arrived on shelves next to them; every row finds its body, every shelf its indexes.
  expect(await textGroupProblems(page)).toEqual({ dangling: [], orphans: [], shelves: [] });
  expect(
    await page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
      });
      const names = [...db.objectStoreNames];
      db.close();
      return names.includes('articles');
    }, DB_NAME),
    'the old store of rows is gone',
  ).toBe(false);
}

/** The keys of the stored manifests, as the `by-trust` index (version 5) lists them: [publisher, edition, signature, trust]. */
async function manifestsByTrust(page: Session['page']): Promise<{ version: number; keys: unknown[] }> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const index = db.transaction('editions').objectStore('editions').index('by-trust');
    // An index's getAllKeys gives the records' primary keys: its own keys come from a key cursor.
    const keys = await new Promise<unknown[]>((resolve) => {
      const out: unknown[] = [];
      const cursor = index.openKeyCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve(out);
        out.push(c.key);
        c.continue();
      };
    });
    const version = db.version;
    db.close();
    return { version, keys };
  }, DB_NAME);
}

/** Writes version 4's database (today's stores, without the `by-trust` index) holding one manifest, kept as unverified. */
async function writeVersion4Library(page: Session['page'], publisherId: string): Promise<void> {
  await page.goto(`${server.url}manifest.webmanifest`);
  await page.evaluate(
    async ({ name, publisherId }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name, 4);
        req.onupgradeneeded = () => {
          const d = req.result;
          for (const s of ['bodies', 'settings', 'search', 'texts']) d.createObjectStore(s);
          d.createObjectStore('media', { keyPath: 'sha256' });
          d.createObjectStore('keys', { keyPath: 'publicKey' });
          d.createObjectStore('reading', { keyPath: ['publisherId', 'id'] });
          d.createObjectStore('withdrawn', { keyPath: ['publisherId', 'id'] });
          const shelves = d.createObjectStore('shelves');
          shelves.createIndex('by-article', 'keys', { unique: true, multiEntry: true });
          shelves.createIndex('by-text', 'texts', { multiEntry: true });
          const editions = d.createObjectStore('editions', { keyPath: ['publisherId', 'edition', 'signed.signature'] });
          editions.createIndex('by-edition', ['publisherId', 'edition']);
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction('editions', 'readwrite');
      tx.objectStore('editions').put({
        publisherId,
        edition: 1,
        signed: { text: '{}', publicKey: 'v4-key', signature: 'v4-signature' },
        trust: 'unverified',
      });
      await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
      db.close();
    },
    { name: DB_NAME, publisherId },
  );
}

describe('a library stored by an earlier version', () => {
  it('version 1 (a body per record, as a string) is upgraded in place: its article is listed, opens and is found by search', async () => {
    session = await openSession({ locale: 'en-US' });
    await writeOldLibrary(session.page, 1, V1);
    await checkUpgraded(session.page, V1);
  });

  it('version 2 (a row per record, bodies in groups) is upgraded in place: its rows move onto shelves, and every article reads as before', async () => {
    session = await openSession({ locale: 'en-US' });
    await writeOldLibrary(session.page, 2, V2);
    await checkUpgraded(session.page, V2);
    // Every old row is there, once, next to the built-in ones.
    const counts = await storeCounts(session.page);
    expect(counts.articles).toBeGreaterThan(V2.length);
    expect(counts.bodies).toBe(1);
  });

  it('version 4 gains the index of manifests by trust: the kept manifest is in it, and so is the edition the sync stores, verified', async () => {
    session = await openSession({ locale: 'en-US' });
    const publisher = await sitePublisher();
    await writeVersion4Library(session.page, publisher.id);
    await session.page.goto(server.url);
    await waitForLibrary(session.page);
    await waitOfflineReady(session.page);
    const { version, keys } = await manifestsByTrust(session.page);
    expect(version).toBe(5);
    expect(keys).toContainEqual([publisher.id, 1, 'v4-signature', 'unverified']);
    // The deployed edition, as the sync stored it (its packs ask this index whether it is there): once, verified.
    const own = keys.filter((k) => Array.isArray(k) && k[0] === publisher.id && k[2] !== 'v4-signature');
    expect(own).toHaveLength(1);
    expect((own[0] as unknown[])[3]).toBe('verified');
  });
});
