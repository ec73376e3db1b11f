/** The IndexedDB schema (idb DBSchema), its upgrade ladder, and the shared connection. */
import { openDB, deleteDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME } from '../core/constants';
import type { ArticleMeta, SignedManifest, Trust } from '../core/types';
import type { FailureCode } from '../core/errors';

/** Key of anything per article: [publisherId, articleId]. */
export type ArticleKey = [string, string];

/** Metadata row for one article in the library, kept on a shelf (the body lives in a group of `texts`, or in `bodies` for rows written before). */
export interface ArticleRecord {
  publisherId: string;
  /** The publisher's display name, from the manifest that carried the article. */
  publisherName?: string;
  id: string;
  meta: ArticleMeta;
  edition: number;
  trust: Trust;
  /** The key that signed an unverified copy (absent on verified copies, and on rows written before it was kept). */
  signer?: string;
  source: 'built-in' | 'import';
  addedAt: number;
  /** The `texts` group holding the body, and its place in the group (both absent: the body is in `bodies`). */
  text?: number;
  textAt?: number;
}

/**
 * Bodies written together, as UTF-8 bytes: IndexedDB pays per request far more than per byte, so one import writes
 * a group per few dozen articles instead of one record each (about 3x faster for 10,000 articles).
 */
export interface TextGroup {
  bodies: Uint8Array[];
}

/**
 * Rows written together: like bodies, an import's rows go a few dozen to a record (a request per row cost more than
 * the rest of the write). A shelf names its rows' keys and body groups, for the indexes that find an article's shelf
 * ('by-article', unique: no article is on two shelves) and tell when no row uses a body group any more ('by-text').
 */
export interface Shelf {
  rows: ArticleRecord[];
  /** [publisherId, id] of each row, in order. */
  keys: ArticleKey[];
  /** The `texts` groups the rows' bodies are in, each once. */
  texts: number[];
}

/** A shelf holding these rows (their keys and body groups worked out). */
export function shelfOf(rows: ArticleRecord[]): Shelf {
  const texts = new Set<number>();
  for (const r of rows) if (r.text !== undefined) texts.add(r.text);
  return { rows, keys: rows.map((r): ArticleKey => [r.publisherId, r.id]), texts: [...texts] };
}

/** Most rows on one shelf: a shelf is read whole to open one of its articles. */
export const SHELF_ROWS = 32;

/** One image, by the SHA-256 of its bytes: stored as bytes (older rows hold a Blob instead). */
export interface MediaRecord {
  sha256: string;
  type: string;
  bytes?: Uint8Array;
  blob?: Blob;
}

/** Per-article reading state, kept apart so imports never touch it. */
export interface ReadingRecord {
  publisherId: string;
  id: string;
  position?: number;
  read?: boolean;
  bookmarked?: boolean;
  updatedAt: number;
}

export interface ReaderDB extends DBSchema {
  /** Article rows, in shelves (from version 3; before, one record per row in a store named `articles`). */
  shelves: { key: number; value: Shelf; indexes: { 'by-article': ArticleKey; 'by-text': number } };
  /** Body HTML of rows written before version 2: UTF-8 bytes, or a string. */
  bodies: { key: ArticleKey; value: { body: Uint8Array | string } };
  texts: { key: number; value: TextGroup };
  media: { key: string; value: MediaRecord };
  /**
   * Signed manifests, by publisher, edition and signature (version 4; before, by publisher and edition alone, so a file
   * signed by another key could take a genuine manifest's place): no file can replace a manifest another key signed.
   */
  editions: {
    key: [string, number, string];
    value: EditionRecord;
    /**
     * `by-trust` (version 5): whether a manifest is stored with this trust, answered from keys alone; reading the record
     * to tell costs the whole signed manifest's text (megabytes at 10,000 articles) for every pack a sync stores.
     */
    indexes: { 'by-edition': [string, number]; 'by-trust': [string, number, string, Trust] };
  };
  /** Articles the publisher withdrew, with the edition that withdrew them (version 4). */
  withdrawn: { key: ArticleKey; value: { publisherId: string; id: string; edition: number } };
  keys: { key: string; value: { publicKey: string; publisherId: string; from: 'announced' } };
  reading: { key: ArticleKey; value: ReadingRecord };
  settings: { key: string; value: unknown };
  /** The search index (`index`; `json` before search index version 2) and [key, sha256] of the articles it covers. */
  search: { key: string; value: { index?: unknown; json?: string; docs: unknown } };
}

/** One stored signed manifest. */
export interface EditionRecord {
  publisherId: string;
  edition: number;
  signed: SignedManifest;
  trust: Trust;
}

/** Why the library's storage cannot be used: the codes of the failures StorageUnavailableError carries. */
export type StorageFailureCode = Extract<FailureCode, 'storage-unavailable' | 'storage-outdated' | 'storage-erased'>;

/**
 * The database cannot be used: the browser would not open it (a private mode that refuses it, storage turned off, no
 * space to create it), a newer version of the app has upgraded it ('storage-outdated': this page must reload), or it
 * was erased ('storage-erased').
 */
export class StorageUnavailableError extends Error {
  // Declared, not a field with a value (see BundleError in core/errors.ts).
  declare readonly code: StorageFailureCode;

  constructor(cause: unknown, code: StorageFailureCode = 'storage-unavailable') {
    super(`The library's storage could not be opened: ${String(cause)}`, { cause });
    this.name = 'StorageUnavailableError';
    this.code = code;
  }
}

/**
 * What the reader is to be told of the storage beyond any one call's failure: an upgrade waits for another tab of an
 * older version to close ('blocked'), a newer version of the app upgraded the database, so this page must reload to
 * use it ('outdated'), or the library was erased, by this page ('erased') or by another tab ('erased-elsewhere').
 */
export type StorageNotice = 'blocked' | 'outdated' | 'erased' | 'erased-elsewhere';

let notice: StorageNotice | undefined;
const noticeListeners = new Set<(notice: StorageNotice | undefined) => void>();

/** Calls `listener` with the notice now and after each change (undefined: nothing to tell); returns what stops it. */
export function followStorageNotice(listener: (notice: StorageNotice | undefined) => void): () => void {
  noticeListeners.add(listener);
  listener(notice);
  return () => void noticeListeners.delete(listener);
}

function setNotice(next: StorageNotice | undefined): void {
  if (next === notice) return;
  notice = next;
  for (const listener of [...noticeListeners]) listener(next);
}

let dbPromise: Promise<IDBPDatabase<ReaderDB>> | undefined;
/** Set once the library is erased: from then on this page (or worker) never opens the database again. */
let erased = false;

/**
 * The shared connection, opened (and upgraded) on first use. Rejects with StorageUnavailableError when it cannot open
 * (and for good once the library was erased); a failed open is not kept, so the next call tries again.
 */
export function getDb(): Promise<IDBPDatabase<ReaderDB>> {
  hearErase();
  if (erased) return Promise.reject(new StorageUnavailableError('the library was erased', 'storage-erased'));
  if (!dbPromise) {
    const opening = open(() => forget(opening)).catch((err: unknown) => {
      // A refusal can pass (Safari's lost connection to its IndexedDB server, a disk that was full): the next call tries again.
      forget(opening);
      throw new StorageUnavailableError(err, (err as { name?: string } | null)?.name === 'VersionError' ? 'storage-outdated' : undefined);
    });
    dbPromise = opening;
  }
  return dbPromise;
}

/** Drops the connection `connection` if it is still the shared one: the next getDb opens a new one. */
function forget(connection: Promise<IDBPDatabase<ReaderDB>>): void {
  if (dbPromise === connection) dbPromise = undefined;
}

/**
 * True once the library was erased by this page (or worker), or by another that this one heard (it held a connection
 * open): nothing may store again. Asked without opening the database.
 */
export function isErased(): boolean {
  return erased;
}

/** The name the app's pages and workers tell each other of an erase on (a BroadcastChannel). */
const ERASE_CHANNEL = 'offline-reader-erased';
/**
 * The name the app's pages tell each other of changes to the library on (a BroadcastChannel, use-library.ts): not the
 * erase's, as the versions before this one end for good on any message on that.
 */
export const CHANGE_CHANNEL = DB_NAME;
let eraseChannel: BroadcastChannel | undefined;

/**
 * Listens, from the first use of the database on, for an erase in another tab or worker. IndexedDB tells only the
 * connections open at the time: a page whose connection the browser had closed (and that had not read since) would
 * otherwise open the database again at its next read or write, and re-create what was erased.
 */
function hearErase(): void {
  if (eraseChannel || typeof BroadcastChannel !== 'function') return;
  eraseChannel = new BroadcastChannel(ERASE_CHANNEL);
  eraseChannel.onmessage = () => endForGood('erased-elsewhere');
  // Node's channel (the unit tests) would keep its process alive; browsers have no such method.
  (eraseChannel as { unref?: () => void }).unref?.();
}

/** Ends this page's (or worker's) use of the database for good: the connection closes and getDb refuses from now on. */
function endForGood(told: 'erased' | 'erased-elsewhere'): void {
  if (erased) return;
  erased = true;
  void dbPromise?.then(
    (db) => db.close(),
    () => undefined,
  );
  dbPromise = undefined;
  setNotice(told);
}

/**
 * Opens the database, upgrading it to this version (a browser that refuses IndexedDB may throw here rather than
 * reject); `closed` is called when the connection closes under the page (stepping aside, or ended by the browser).
 */
async function open(closed: () => void): Promise<IDBPDatabase<ReaderDB>> {
  let waited = false;
  const opened = openDB<ReaderDB>(DB_NAME, 5, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('bodies');
        db.createObjectStore('media', { keyPath: 'sha256' });
        db.createObjectStore('keys', { keyPath: 'publicKey' });
        db.createObjectStore('reading', { keyPath: ['publisherId', 'id'] });
        db.createObjectStore('settings');
        db.createObjectStore('search');
      }
      // Version 2: bodies in groups.
      if (oldVersion < 2) db.createObjectStore('texts');
      if (oldVersion < 3) {
        // Rows on shelves; the rows of versions 1 and 2 (a record each, in `articles`) move onto shelves.
        const shelves = db.createObjectStore('shelves');
        shelves.createIndex('by-article', 'keys', { unique: true, multiEntry: true });
        shelves.createIndex('by-text', 'texts', { multiEntry: true });
        if (oldVersion >= 1) moveRowsToShelves(tx);
      }
      if (oldVersion < 4) {
        db.createObjectStore('withdrawn', { keyPath: ['publisherId', 'id'] });
        if (oldVersion >= 1) rekeyEditions(tx);
        else createEditions(unwrap(db));
      }
      // Version 5: the manifests' trust in an index (version 4's store gains it; earlier ones are made with it above).
      if (oldVersion === 4) tx.objectStore('editions').createIndex('by-trust', [...EDITION_KEY, 'trust']);
    },
    blocked() {
      // A tab of an older version holds the database and does not step aside (frozen, discarded, hung): the open waits
      // for it, and the reader is asked to close the app's other tabs rather than left waiting in silence.
      waited = true;
      setNotice('blocked');
    },
    blocking(_current, next, event) {
      // Another tab or worker upgrades (step aside, so it is not blocked; this page's code cannot open the new version,
      // so the reader is asked to reload) or erases the library (no next version): then this page never opens it again,
      // or it would re-create it.
      (event.target as IDBDatabase).close();
      if (next === null) endForGood('erased-elsewhere');
      else {
        closed();
        setNotice('outdated');
      }
    },
    // Closed by the browser (site data cleared, a backing-store failure): every later request on it would throw.
    terminated: closed,
  });
  // The wait is over once the open settles, either way.
  const unblocked = (): void => {
    if (waited && notice === 'blocked') setNotice(undefined);
  };
  opened.then(unblocked, unblocked);
  return opened;
}

/**
 * Puts every row of the `articles` store (versions 1 and 2) on shelves, in the order of their bodies, then deletes that
 * store, all in the upgrade's transaction: if anything fails, the upgrade aborts and the old database stays as it was.
 */
function moveRowsToShelves(tx: IDBPTransaction<ReaderDB, StoreNames<ReaderDB>[], 'versionchange'>): void {
  const raw = unwrap(tx);
  const request = raw.objectStore('articles').getAll();
  request.onsuccess = () => {
    const rows = (request.result as ArticleRecord[]).sort((a, b) => (a.text ?? 0) - (b.text ?? 0) || (a.textAt ?? 0) - (b.textAt ?? 0));
    const shelves = raw.objectStore('shelves');
    for (let i = 0; i < rows.length; i += SHELF_ROWS) shelves.put(shelfOf(rows.slice(i, i + SHELF_ROWS)), i / SHELF_ROWS + 1);
    raw.db.deleteObjectStore('articles');
  };
}

/** A stored manifest's key: publisher, edition and signature (version 4). */
const EDITION_KEY = ['publisherId', 'edition', 'signed.signature'];

/** The manifests store (as of version 5): one record per signed manifest, found by publisher and edition, or by its key and trust. */
function createEditions(db: IDBDatabase): void {
  const store = db.createObjectStore('editions', { keyPath: EDITION_KEY });
  store.createIndex('by-edition', ['publisherId', 'edition']);
  store.createIndex('by-trust', [...EDITION_KEY, 'trust']);
}

/** Moves the manifests of versions 1-3 (one per publisher and edition) into the store keyed by signature too, in the upgrade's transaction. */
function rekeyEditions(tx: IDBPTransaction<ReaderDB, StoreNames<ReaderDB>[], 'versionchange'>): void {
  const raw = unwrap(tx);
  const request = raw.objectStore('editions').getAll();
  request.onsuccess = () => {
    raw.db.deleteObjectStore('editions');
    createEditions(raw.db);
    const store = raw.objectStore('editions');
    for (const record of request.result as EditionRecord[]) store.put(record);
  };
}

/**
 * Erases the library for good, and every other database of this origin (the storage probe's, capabilities.ts): before
 * it returns, this page (or worker) stops using the database (its connection closes, getDb refuses from then on, and
 * the notice says 'erased'); then the databases are deleted. Another tab or worker stops too only if it holds a
 * connection open (it hears the deletion: a versionchange to no version); one with none open does not hear of it.
 * Resolves with the names of the databases it could not delete yet (held open by a hung or frozen tab: each goes once
 * that closes).
 */
export async function deleteDatabase(): Promise<string[]> {
  endForGood('erased');
  hearErase();
  eraseChannel?.postMessage('erased');
  // Started before anything is awaited: nothing this page still runs may open the library before it goes.
  const library = deleteNamed(DB_NAME);
  const others = ((await indexedDB.databases?.().catch(() => [])) ?? [])
    .map((d) => d.name)
    .filter((name): name is string => !!name && name !== DB_NAME);
  const deleted = await Promise.all([library, ...others.map(deleteNamed)]);
  return [DB_NAME, ...others].filter((_, i) => !deleted[i]);
}

/** How long a deletion waits for connections that did not step aside at once (a worker being stopped, a slow tab). */
const BLOCKED_WAIT_MS = 1_000;

/**
 * Deletes one database: true once it is gone. False when a connection elsewhere still holds it open BLOCKED_WAIT_MS
 * after the deletion asked it to close, or the browser refused: the erase does not wait for it, and the deletion stays
 * queued in the browser until that connection closes.
 */
function deleteNamed(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    deleteDB(name, { blocked: () => setTimeout(() => resolve(false), BLOCKED_WAIT_MS) }).then(
      () => resolve(true),
      () => resolve(false),
    );
  });
}
