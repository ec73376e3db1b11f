/** The library: article metadata, bodies, media, signed editions and announced keys, written all-or-nothing. */
import { getDb, isQuotaError, type ArticleRecord } from './db';
import type { BundleMedia, LibraryArticle, SignedManifest, Trust } from '../core/types';

/** What one import writes, computed before the transaction opens. */
export interface LibraryWrite {
  articles: LibraryArticle[];
  source: ArticleRecord['source'];
  media: BundleMedia[];
  editions: { publisherId: string; edition: number; signed: SignedManifest; trust: Trust }[];
  announcedKeys: { publicKey: string; publisherId: string }[];
  /** Display names of the publishers, by id. */
  publisherNames?: Map<string, string>;
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

/** One article's body HTML. */
export async function getBody(publisherId: string, id: string): Promise<string | undefined> {
  return (await (await getDb()).get('bodies', [publisherId, id]))?.body;
}

/** Media blobs by SHA-256, for the given hashes that are stored. */
export async function getMedia(hashes: string[]): Promise<Map<string, { type: string; blob: Blob }>> {
  const db = await getDb();
  const tx = db.transaction('media');
  const rows = await Promise.all(hashes.map((h) => tx.store.get(h)));
  const found = new Map<string, { type: string; blob: Blob }>();
  for (const row of rows) if (row) found.set(row.sha256, { type: row.type, blob: row.blob });
  return found;
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

/** Writes one import in a single transaction: all of it lands, or none of it. */
export async function writeLibrary(write: LibraryWrite): Promise<void> {
  // Blobs are made before the transaction: a transaction must not wait on anything but IndexedDB.
  const media = write.media.map((m) => ({ sha256: m.sha256, type: m.type, blob: new Blob([m.bytes as BlobPart], { type: m.type }) }));
  const now = Date.now();
  const db = await getDb();
  const tx = db.transaction(['articles', 'bodies', 'media', 'editions', 'keys'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const a of write.articles) {
    const record: ArticleRecord = { publisherId: a.publisherId, publisherName: write.publisherNames?.get(a.publisherId), id: a.meta.id, meta: a.meta, edition: a.edition, trust: a.trust, source: write.source, addedAt: now };
    writes.push(tx.objectStore('articles').put(record));
    writes.push(tx.objectStore('bodies').put({ body: a.body }, [a.publisherId, a.meta.id]));
  }
  for (const m of media) writes.push(tx.objectStore('media').put(m));
  for (const e of write.editions) writes.push(tx.objectStore('editions').put(e));
  for (const k of write.announcedKeys) writes.push(tx.objectStore('keys').put({ ...k, from: 'announced' }));
  try {
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    try { tx.abort(); } catch { /* already finished or aborted */ }
    if (isQuotaError(err) || isQuotaError(tx.error)) throw new StorageFullError();
    throw err;
  }
}
