/** The IndexedDB schema (idb DBSchema), its upgrade ladder, and the shared connection. */
import { openDB, deleteDB, type DBSchema, type IDBPDatabase } from 'idb';
import { DB_NAME } from '../core/constants';
import type { ArticleMeta, SignedManifest, Trust } from '../core/types';

/** Key of anything per article: [publisherId, articleId]. */
export type ArticleKey = [string, string];

/** Metadata row for one article in the library (the body lives in a group of `texts`, or in `bodies` for rows written before). */
export interface ArticleRecord {
  publisherId: string;
  /** The publisher's display name, from the manifest that carried the article. */
  publisherName?: string;
  id: string;
  meta: ArticleMeta;
  edition: number;
  trust: Trust;
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
  articles: { key: ArticleKey; value: ArticleRecord; indexes: { 'by-date': string; 'by-text': number } };
  /** Body HTML of rows written before version 2: UTF-8 bytes, or a string. */
  bodies: { key: ArticleKey; value: { body: Uint8Array | string } };
  texts: { key: number; value: TextGroup };
  media: { key: string; value: MediaRecord };
  editions: { key: [string, number]; value: { publisherId: string; edition: number; signed: SignedManifest; trust: Trust } };
  keys: { key: string; value: { publicKey: string; publisherId: string; from: 'announced' } };
  reading: { key: ArticleKey; value: ReadingRecord };
  settings: { key: string; value: unknown };
  /** The search index (`index`; `json` before search index version 2) and [key, sha256] of the articles it covers. */
  search: { key: string; value: { index?: unknown; json?: string; docs: unknown } };
}

let dbPromise: Promise<IDBPDatabase<ReaderDB>> | undefined;

/** The shared connection, opened (and upgraded) on first use. */
export function getDb(): Promise<IDBPDatabase<ReaderDB>> {
  dbPromise ??= openDB<ReaderDB>(DB_NAME, 2, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const articles = db.createObjectStore('articles', { keyPath: ['publisherId', 'id'] });
        articles.createIndex('by-date', 'meta.date');
        db.createObjectStore('bodies');
        db.createObjectStore('media', { keyPath: 'sha256' });
        db.createObjectStore('editions', { keyPath: ['publisherId', 'edition'] });
        db.createObjectStore('keys', { keyPath: 'publicKey' });
        db.createObjectStore('reading', { keyPath: ['publisherId', 'id'] });
        db.createObjectStore('settings');
        db.createObjectStore('search');
      }
      if (oldVersion < 2) {
        // Bodies in groups; rows keep saying where theirs is, and the index finds a group's rows when one is replaced.
        db.createObjectStore('texts');
        tx.objectStore('articles').createIndex('by-text', 'text');
      }
    },
    blocking() {
      // Another tab wants to upgrade or erase: step aside so it is not blocked.
      void dbPromise?.then((db) => db.close());
      dbPromise = undefined;
    },
  });
  return dbPromise;
}

/** Closes the connection and deletes the whole database. */
export async function deleteDatabase(): Promise<void> {
  if (dbPromise) (await dbPromise.catch(() => undefined))?.close();
  dbPromise = undefined;
  await deleteDB(DB_NAME);
}

/** True when an error means the browser refused to store more. */
export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((err as Error).message)));
}
