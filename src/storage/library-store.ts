/** The library: article metadata, bodies, media, signed editions and announced keys, written all-or-nothing. */
import { unwrap, wrap, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import { getDb, isQuotaError, type ArticleKey, type ArticleRecord, type MediaRecord, type ReaderDB } from './db';
import type { BundleMedia, LibraryArticle, SignedManifest, Trust } from '../core/types';

/** What one import writes, decided from what the library holds (LibraryState). */
export interface LibraryWrite {
  articles: LibraryArticle[];
  source: ArticleRecord['source'];
  media: BundleMedia[];
  editions: { publisherId: string; edition: number; signed: SignedManifest; trust: Trust }[];
  announcedKeys: { publicKey: string; publisherId: string }[];
  /** Display names of the publishers, by id. */
  publisherNames?: Map<string, string>;
}

/** What the library holds that an import's plan depends on: the rows of the articles coming in, and which images are stored. */
export interface LibraryState {
  rows: ArticleRecord[];
  storedMedia: Set<string>;
}

/** Thrown when the browser refuses to store more; nothing of the import was kept. */
export class StorageFullError extends Error {
  constructor() {
    super('There is not enough storage space on this device to save these articles. Nothing was changed.');
    this.name = 'StorageFullError';
  }
}

/** Every article's metadata row (no bodies), in no particular order. */
export async function getAllArticles(): Promise<ArticleRecord[]> {
  return (await getDb()).getAll('articles');
}

const bodyDecoder = new TextDecoder();

/** One article's body HTML. */
export async function getBody(publisherId: string, id: string): Promise<string | undefined> {
  return bodyText((await (await getDb()).get('bodies', [publisherId, id]))?.body);
}

/** A stored body as text (UTF-8 bytes, or a string in rows written before bytes were stored). */
function bodyText(body: string | Uint8Array | undefined): string | undefined {
  return typeof body === 'string' || body === undefined ? body : bodyDecoder.decode(body);
}

/** Many articles' body HTML, in one transaction (undefined where absent). */
export async function getBodies(keys: ArticleKey[]): Promise<(string | undefined)[]> {
  const tx = (await getDb()).transaction('bodies');
  const rows = await Promise.all(keys.map((k) => tx.store.get(k)));
  return rows.map((row) => bodyText(row?.body));
}

/** Media blobs by SHA-256, for the given hashes that are stored. */
export async function getMedia(hashes: string[]): Promise<Map<string, { type: string; blob: Blob }>> {
  const db = await getDb();
  const tx = db.transaction('media');
  const rows = await Promise.all(hashes.map((h) => tx.store.get(h)));
  const found = new Map<string, { type: string; blob: Blob }>();
  for (const row of rows) if (row) found.set(row.sha256, { type: row.type, blob: mediaBlob(row) });
  return found;
}

/** A stored image as a Blob (rows written before bytes were stored inline hold a Blob). */
function mediaBlob(row: MediaRecord): Blob {
  return row.blob ?? new Blob([row.bytes as BlobPart], { type: row.type });
}

/** Hashes of media already stored, out of those asked for. */
export async function getStoredMediaHashes(hashes: string[]): Promise<Set<string>> {
  const db = await getDb();
  const tx = db.transaction('media');
  const keys = await Promise.all(hashes.map((h) => tx.store.getKey(h)));
  return new Set(keys.filter((k): k is string => typeof k === 'string'));
}

/** A signed edition manifest as stored. */
export async function getEdition(publisherId: string, edition: number) {
  return (await getDb()).get('editions', [publisherId, edition]);
}

/** Keys that trusted editions announced (key rotation). */
export async function getAnnouncedKeys(): Promise<{ publicKey: string; publisherId: string }[]> {
  return (await getDb()).getAll('keys');
}

/**
 * One import, in one transaction: reads what the library holds for these articles and images, asks `decide` what to
 * write (synchronously: it runs inside the transaction, so nothing can change between the reading and the writing),
 * and writes that. All of it lands, or none of it. Throws StorageFullError when the device is out of room.
 */
export async function updateLibrary(keys: ArticleKey[], mediaHashes: string[], decide: (state: LibraryState) => LibraryWrite | undefined): Promise<void> {
  const db = await getDb();
  const tx = db.transaction(['articles', 'bodies', 'media', 'editions', 'keys'], 'readwrite');
  // Seen here so that an early failure (handled below) does not also surface as an unhandled rejection.
  tx.done.catch(() => undefined);
  try {
    const [rows, storedMedia] = await Promise.all([
      readRows(tx.objectStore('articles'), keys),
      Promise.all(mediaHashes.map((h) => tx.objectStore('media').getKey(h))).then((found) => new Set(found.filter((k): k is string => k !== undefined))),
    ]);
    const write = decide({ rows, storedMedia });
    if (write) await writeAll(tx, write);
    await tx.done;
  } catch (err) {
    try { tx.abort(); } catch { /* already finished or aborted */ }
    if (isQuotaError(err) || isQuotaError(tx.error)) throw new StorageFullError();
    throw err;
  }
}

type LibraryStores = ('articles' | 'bodies' | 'media' | 'editions' | 'keys')[];
type LibraryTransaction = IDBPTransaction<ReaderDB, LibraryStores, 'readwrite'>;

/** The rows for these keys, without reading the rest of the library: the keys first (cheap), then only rows that are there. */
async function readRows(store: IDBPObjectStore<ReaderDB, LibraryStores, 'articles', 'readwrite'>, keys: ArticleKey[]): Promise<ArticleRecord[]> {
  if (keys.length === 0) return [];
  const stored = await store.getAllKeys();
  const have = new Set(stored.map(([publisherId, id]) => rowKey(publisherId, id)));
  const wanted = keys.filter(([publisherId, id]) => have.has(rowKey(publisherId, id)));
  if (wanted.length === 0) return [];
  // Most of the library: one getAll costs less than a request per row.
  if (wanted.length * 2 > stored.length) {
    const set = new Set(wanted.map(([publisherId, id]) => rowKey(publisherId, id)));
    return (await store.getAll()).filter((r) => set.has(rowKey(r.publisherId, r.id)));
  }
  const rows = await Promise.all(wanted.map((k) => store.get(k)));
  return rows.filter((r): r is ArticleRecord => r !== undefined);
}

const rowKey = (publisherId: string, id: string): string => `${publisherId}\u0000${id}`;

/**
 * Requests a write issues before it waits for an earlier one to land: enough to keep the database busy, few enough
 * that the values waiting to be written (copies of every body) stay a small part of memory.
 */
const WRITE_AHEAD = 256;

/** Issues every put of one import, waiting (on IndexedDB only) every WRITE_AHEAD requests for the one issued WRITE_AHEAD earlier. */
async function writeAll(tx: LibraryTransaction, write: LibraryWrite): Promise<void> {
  const now = Date.now();
  // Plain requests, not a promise each: a failed one aborts the transaction, and tx.done or the awaited request reports it.
  const articles = unwrap(tx.objectStore('articles')), bodies = unwrap(tx.objectStore('bodies')), media = unwrap(tx.objectStore('media'));
  let issued = 0;
  let previous: IDBRequest | undefined;
  const pace = (request: IDBRequest): Promise<unknown> | undefined => {
    if (++issued % WRITE_AHEAD !== 0) return undefined;
    const wait = previous && wrap(previous);
    previous = request;
    return wait;
  };
  for (const a of write.articles) {
    const record: ArticleRecord = { publisherId: a.publisherId, publisherName: write.publisherNames?.get(a.publisherId), id: a.meta.id, meta: a.meta, edition: a.edition, trust: a.trust, source: write.source, addedAt: now };
    articles.put(record);
    // Bytes, not a string: IndexedDB stores a byte array several times faster than a string of the same text.
    const wait = pace(bodies.put({ body: ownBuffer(a.body) }, [a.publisherId, a.meta.id]));
    if (wait) await wait;
  }
  for (const m of write.media) {
    // Bytes, not Blobs: each Blob costs a file of its own in the browser's store, several times the cost of the bytes inline.
    const row: MediaRecord = { sha256: m.sha256, type: m.type, bytes: ownBuffer(m.bytes) };
    const wait = pace(media.put(row));
    if (wait) await wait;
  }
  for (const e of write.editions) unwrap(tx.objectStore('editions')).put(e);
  for (const k of write.announcedKeys) unwrap(tx.objectStore('keys')).put({ ...k, from: 'announced' });
}

/** The bytes with a buffer of their own: a stored view would store the whole buffer it looks into. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
