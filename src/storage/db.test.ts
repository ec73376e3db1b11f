/** The shared connection of db.ts: opened again after a failure or a close, blocked and erased told, on fake-indexeddb. */
import 'fake-indexeddb/auto';
import { IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME } from '../core/constants';

type DbModule = typeof import('./db');

let db: DbModule;

// A fresh factory and a fresh copy of db.ts per test (as a new page would have).
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
  db = await import('./db');
});

/** 'pending' when the promise has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

/** Opens DB_NAME at `version` as another tab would (with every store of version 4), without the app's code. */
function openRaw(version: number): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, version);
    req.onupgradeneeded = () => {
      const d = req.result;
      for (const s of ['bodies', 'media', 'keys', 'reading', 'settings', 'search', 'texts', 'shelves', 'withdrawn', 'editions'])
        d.createObjectStore(s);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The names of the databases that exist. */
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

describe('getDb: a failed open', () => {
  it('is not remembered: once the cause is gone (a transient UnknownError, space freed), the next call opens the library', async () => {
    const realOpen = indexedDB.open.bind(indexedDB);
    // The browser refuses once (Safari's "Connection to Indexed Database server lost", a disk that was full).
    const spy = vi.spyOn(indexedDB, 'open').mockImplementationOnce(() => {
      throw new DOMException('Connection to Indexed Database server lost. Refresh the page to try again', 'UnknownError');
    });
    await expect(db.getDb()).rejects.toBeInstanceOf(db.StorageUnavailableError);
    spy.mockImplementation(realOpen);
    // The sync retries on a timer and the import worker lives as long as the page: both call getDb again.
    const again = await db.getDb().then(
      () => 'opened',
      (err: unknown) => `rejected: ${String(err)}`,
    );
    expect(again).toBe('opened');
  });

  it('says "reload" when a newer version of the app upgraded the database in another tab (VersionError)', async () => {
    (await openRaw(6)).close();
    const err = await db.getDb().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(db.StorageUnavailableError);
    expect((err as InstanceType<DbModule['StorageUnavailableError']>).code).toBe('storage-outdated');
  });
});

describe('getDb: a connection the browser closed', () => {
  it('is replaced: after the browser closes the connection (storage cleared, IndexedDB server crash), reads work again', async () => {
    const { getAllArticles } = await import('./library-store');
    const first = await db.getDb();
    // What a browser does on abnormal termination: the connection closes and a 'close' event fires (idb: `terminated`).
    forceCloseDatabase(unwrap(first));
    // Every later read or write of this page (or of the long-lived import worker) must not fail for good.
    const read = await getAllArticles().then(
      (rows) => rows.length,
      (err: unknown) => `threw ${(err as Error).name}`,
    );
    expect(read).toBe(0);
  });
});

describe('getDb: an upgrade that another connection blocks', () => {
  it('does not wait forever in silence: a connection of an older version that does not close is reported as "blocked" until it goes', async () => {
    // A tab holding version 4 open that does not (or cannot: frozen, discarded, hung) close on versionchange.
    const old = await openRaw(4);
    expect(old.version).toBe(4);
    const told: (string | undefined)[] = [];
    db.followStorageNotice((notice) => told.push(notice));
    // The open waits for the other tab, and says so (use-sync asks the reader to close the app's other tabs).
    const opening = db.getDb();
    const outcome = await within(
      opening.then(
        () => 'opened',
        (err: unknown) => `rejected: ${(err as Error).name}`,
      ),
      1000,
    );
    expect(outcome).toBe('pending');
    expect(told).toEqual([undefined, 'blocked']);
    // Once the other tab closes, the upgrade goes on and there is nothing more to tell.
    old.close();
    expect((await opening).version).toBe(5);
    expect(told).toEqual([undefined, 'blocked', undefined]);
  });
});

describe('getDb: a newer version of the app upgrades the database in another tab', () => {
  it('steps aside and says so ("outdated": this page must reload), and its later calls are refused as such', async () => {
    await db.getDb();
    const told: (string | undefined)[] = [];
    db.followStorageNotice((notice) => told.push(notice));
    // The newer version opens the database at its own version: this page's connection is asked to step aside.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 6);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect(newer.version).toBe(6);
    expect(told).toEqual([undefined, 'outdated']);
    await expect(db.getDb()).rejects.toMatchObject({ code: 'storage-outdated' });
    newer.close();
  });
});

describe('deleteDatabase (erase everything)', () => {
  it('is final here: getDb refuses from then on, and nothing re-creates the database', async () => {
    const { getAllArticles } = await import('./library-store');
    await db.getDb();
    const told: (string | undefined)[] = [];
    db.followStorageNotice((notice) => told.push(notice));
    await db.deleteDatabase();
    expect(told).toEqual([undefined, 'erased']);
    const err = await getAllArticles().catch((e: unknown) => e);
    expect((err as InstanceType<DbModule['StorageUnavailableError']>).code).toBe('storage-erased');
    expect(await databases()).toEqual([]);
  });

  it('is final in another tab or worker too: its copy hears the deletion and refuses from then on', async () => {
    const other = db;
    await other.getDb();
    const told: (string | undefined)[] = [];
    other.followStorageNotice((notice) => told.push(notice));
    // The page that erases has a copy of db.ts of its own.
    vi.resetModules();
    const page: DbModule = await import('./db');
    await page.deleteDatabase();
    expect(told).toEqual([undefined, 'erased-elsewhere']);
    await expect(other.getDb()).rejects.toMatchObject({ code: 'storage-erased' });
    expect(await databases()).toEqual([]);
  });
});

describe('deleteDatabase and a tab with no connection open', () => {
  it('reaches it too: a tab whose connection the browser closed hears the erase and never opens the library again', async () => {
    const other = db;
    const connection = await other.getDb();
    const told: (string | undefined)[] = [];
    other.followStorageNotice((notice) => told.push(notice));
    // The browser closed that tab's connection (site data cleared, an IndexedDB crash); it has not read since.
    forceCloseDatabase(unwrap(connection));
    vi.resetModules();
    const page: DbModule = await import('./db');
    await page.deleteDatabase();
    // IndexedDB told it nothing (no connection was open): the erase's own message did.
    await vi.waitFor(() => expect(told).toEqual([undefined, 'erased-elsewhere']));
    await expect(other.getDb()).rejects.toMatchObject({ code: 'storage-erased' });
    // Its next read did not re-create the library.
    expect(await databases()).toEqual([]);
  });
});

describe('deleteDatabase while another connection does not close', () => {
  it('does not wait forever: it says what it could not erase yet, and that goes once the connection closes', async () => {
    await db.getDb();
    // A tab that holds the library open and does not step aside (hung, frozen): it has no versionchange handler.
    const hung = await openRaw(5);
    expect(await within(db.deleteDatabase(), 3000)).toEqual([DB_NAME]);
    expect(await databases()).toEqual([DB_NAME]);
    // The deletion waits in the browser, not in the page: it goes once the other connection closes.
    hung.close();
    await vi.waitFor(async () => expect(await databases()).toEqual([]));
  });

  it('deletes every database of the app (the storage probe’s too), so "Erase everything" leaves none', async () => {
    await db.getDb();
    await new Promise<void>((resolve) => {
      const req = indexedDB.open('offline-reader-probe');
      req.onsuccess = () => (req.result.close(), resolve());
    });
    expect(await db.deleteDatabase()).toEqual([]);
    expect(await databases()).toEqual([]);
  });
});

describe('isErased', () => {
  it('says whether the library was erased, without opening the database to find out', async () => {
    expect(db.isErased()).toBe(false);
    expect(await databases()).toEqual([]);
    await db.deleteDatabase();
    expect(db.isErased()).toBe(true);
  });
});
