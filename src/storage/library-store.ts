/** The library: article metadata, bodies, media, signed editions and announced keys, written all-or-nothing. */
import { articleKey, editionKey } from '../core/keys';
import { unwrap, wrap, type IDBPTransaction } from 'idb';
import { isQuotaError } from '../core/errors';
import {
  SHELF_ROWS,
  getDb,
  shelfOf,
  type ArticleKey,
  type ArticleRecord,
  type EditionRecord,
  type MediaRecord,
  type ReaderDB,
  type Shelf,
  type TextGroup,
} from './db';
import type { BundleMedia, LibraryArticle, SignedManifest, Trust } from '../core/types';

/** What one import writes, decided from what the library holds (LibraryState). */
export interface LibraryWrite {
  articles: LibraryArticle[];
  source: ArticleRecord['source'];
  media: BundleMedia[];
  editions: EditionRecord[];
  /** Rows to delete (withdrawn by the publisher), with their reading state and the images no other row uses. */
  remove: ArticleKey[];
  /** Withdrawals to keep, so no later file brings those articles back. */
  tombstones: { publisherId: string; id: string; edition: number }[];
  announcedKeys: { publicKey: string; publisherId: string }[];
  /** Display names of the publishers, by id. */
  publisherNames?: Map<string, string>;
  /**
   * Set when the reader removes the unverified rows: the pictures a stored verified manifest lists (as this reads them)
   * stay, and the unverified manifests no remaining row needs go.
   */
  vouched?: (e: EditionRecord) => string[];
  /**
   * Pictures the newest verified manifests this write came with list: a withdrawal keeps them though no row shows them
   * yet (an article re-issued under a new id with the same picture, its text stored after the withdrawal).
   */
  listedMedia?: ReadonlySet<string>;
}

/** What the library holds that an import's plan depends on: the rows of the articles coming in, and which images are stored. */
export interface LibraryState {
  rows: ArticleRecord[];
  storedMedia: Set<string>;
  /** The edition that withdrew each of the articles asked about, where one did (by articleKey). */
  tombstones: Map<string, number>;
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
  const shelves = await (await getDb()).getAll('shelves');
  return shelves.flatMap((shelf) => checkShelf(shelf).rows);
}

/**
 * The rows on shelves numbered after `after` (every shelf when it is undefined), and the last shelf's number. New rows
 * always go on new shelves with higher numbers, so a list that grows while packs are stored reads only what is new.
 */
export async function getArticlesAfter(after?: number): Promise<{ rows: ArticleRecord[]; last: number | undefined }> {
  const db = await getDb();
  const tx = db.transaction('shelves');
  const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
  const [shelves, keys] = await Promise.all([tx.store.getAll(range), tx.store.getAllKeys(range)]);
  return { rows: shelves.flatMap((shelf, i) => checkShelf(shelf, keys[i]).rows), last: keys.length ? keys[keys.length - 1] : after };
}

/** A stored shelf as every reader of it takes it: its sound rows, and whether anything stored on it was left out. */
interface SoundShelf {
  rows: ArticleRecord[];
  damaged: boolean;
}

/** Damaged shelves already logged, by key: once per page, not at each read of the list (every 2 s while a sync stores). */
const logged = new Set<number>();

/**
 * The rows of a stored shelf that have a row's shape. A damaged shelf or row (a record the browser returned damaged, or
 * another build's shape) is absent for every reader, and the next write of its articles replaces it: read as a row, one
 * bad record failed every view, and every import and sync that touched its shelf. Logged where the read knows the
 * shelf's number `at` (the list's read always does).
 */
function checkShelf(shelf: Shelf | undefined, at?: number): SoundShelf {
  if (shelf === undefined) return { rows: [], damaged: false };
  const on: unknown = (shelf as Partial<Shelf> | null)?.rows;
  const rows = Array.isArray(on) ? on.filter(isArticleRecord) : [];
  const damaged = !Array.isArray(on) || rows.length < on.length;
  if (damaged && at !== undefined && !logged.has(at)) {
    logged.add(at);
    const what = Array.isArray(on) ? `${on.length - rows.length} of the ${on.length} rows on shelf ${at}` : `shelf ${at} has no rows`;
    console.warn(`The library leaves out a damaged record: ${what}.`);
  }
  return { rows, damaged };
}

/**
 * True when `row` has what readers and writers read of a row: its keys, metadata with a title, date, hash and images,
 * and the body group it names, if any.
 */
function isArticleRecord(row: unknown): row is ArticleRecord {
  const r = row as Partial<ArticleRecord> | null;
  const meta = r?.meta as Partial<ArticleRecord['meta']> | null | undefined;
  return (
    typeof r?.publisherId === 'string' &&
    typeof r.id === 'string' &&
    typeof meta?.title === 'string' &&
    typeof meta.date === 'string' &&
    typeof meta.sha256 === 'string' &&
    Array.isArray(meta.media) &&
    (r.text === undefined || typeof r.text === 'number')
  );
}

const bodyDecoder = new TextDecoder();

/** One article's body HTML. */
export async function getBody(publisherId: string, id: string): Promise<string | undefined> {
  return (await getBodies([[publisherId, id]]))[0];
}

/** A stored body as text (UTF-8 bytes, or a string in rows written before bytes were stored). */
function bodyText(body: string | Uint8Array | undefined): string | undefined {
  return typeof body === 'string' || body === undefined ? body : bodyDecoder.decode(body);
}

/** Many articles' body HTML, in one transaction (undefined where absent). */
export async function getBodies(keys: ArticleKey[]): Promise<(string | undefined)[]> {
  return (await readBodies(keys)).map((found) => bodyText(found?.body));
}

/**
 * Many articles' rows as stored now, each with its body as UTF-8 bytes exactly as signed (undefined where absent), in
 * one transaction: a body never comes with an older row than its own, even while an update is being written.
 */
export async function getArticleBytes(keys: ArticleKey[]): Promise<({ row: ArticleRecord; bytes: Uint8Array } | undefined)[]> {
  return (await readBodies(keys)).map((found) =>
    found?.body === undefined
      ? undefined
      : { row: found.row, bytes: typeof found.body === 'string' ? utf8.encode(found.body) : found.body },
  );
}

const utf8 = new TextEncoder();

/** The rows and bodies of these articles as stored, reading each shelf and group they are on once (ask for a group's articles together). */
async function readBodies(keys: ArticleKey[]): Promise<({ row: ArticleRecord; body: string | Uint8Array | undefined } | undefined)[]> {
  const tx = (await getDb()).transaction(['shelves', 'texts', 'bodies']);
  const byArticle = tx.objectStore('shelves').index('by-article');
  const shelves = new Map<number, Promise<Shelf | undefined>>();
  const groups = new Map<number, Promise<TextGroup | undefined>>();
  // One article (opening it): its shelf in one request. Many: each shelf is read once, found by its key.
  const shelfOfKey = async (key: ArticleKey): Promise<SoundShelf> => {
    if (keys.length === 1) return checkShelf(await byArticle.get(key));
    const at = await byArticle.getKey(key);
    if (at === undefined) return checkShelf(undefined);
    let shelf = shelves.get(at);
    if (!shelf) shelves.set(at, (shelf = tx.objectStore('shelves').get(at)));
    return checkShelf(await shelf, at);
  };
  return Promise.all(
    keys.map(async (key) => {
      const row = rowOn(await shelfOfKey(key), key);
      if (!row) return undefined;
      if (row.text === undefined) return { row, body: (await tx.objectStore('bodies').get(key))?.body };
      let group = groups.get(row.text);
      if (!group) groups.set(row.text, (group = tx.objectStore('texts').get(row.text)));
      return { row, body: (await group)?.bodies[row.textAt ?? -1] };
    }),
  );
}

/** The row of this article on a shelf. */
function rowOn(shelf: SoundShelf, [publisherId, id]: ArticleKey): ArticleRecord | undefined {
  return shelf.rows.find((r) => r.publisherId === publisherId && r.id === id);
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

/**
 * Hashes of media already stored, out of those asked for. One read of the store's keys (hashes, no bytes), not one
 * request per picture: a 10,000-picture edition asked 10,000 times on the page's thread.
 */
export async function getStoredMediaHashes(hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const asked = new Set(hashes);
  const stored = await (await getDb()).getAllKeys('media');
  return new Set(stored.filter((k): k is string => typeof k === 'string' && asked.has(k)));
}

/** Every signed manifest stored for this publisher and edition (more than one only when different keys signed them). */
export async function getEditions(publisherId: string, edition: number): Promise<EditionRecord[]> {
  return (await getDb()).getAllFromIndex('editions', 'by-edition', [publisherId, edition]);
}

const WITHDRAWN_NOTICE = 'withdrawnNotice';

/** How many articles updates withdrew since this was last asked (then forgotten: the notice is said once). */
export async function takeWithdrawnNotice(): Promise<number> {
  const tx = (await getDb()).transaction('settings', 'readwrite');
  const n = await tx.store.get(WITHDRAWN_NOTICE);
  if (n !== undefined) await tx.store.delete(WITHDRAWN_NOTICE);
  await tx.done;
  return typeof n === 'number' ? n : 0;
}

/** The articles of one publisher that were withdrawn, with the edition that withdrew each. */
export async function getTombstones(publisherId: string): Promise<Map<string, number>> {
  const all = await (await getDb()).getAll('withdrawn');
  return new Map(all.filter((t) => t.publisherId === publisherId).map((t) => [t.id, t.edition]));
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
export async function updateLibrary(
  keys: ArticleKey[],
  mediaHashes: string[],
  decide: (state: LibraryState) => LibraryWrite | undefined,
): Promise<void> {
  const db = await getDb();
  const tx = db.transaction(['shelves', 'texts', 'bodies', 'media', 'editions', 'keys', 'withdrawn', 'reading', 'settings'], 'readwrite');
  // Seen here so that an early failure (handled below) does not also surface as an unhandled rejection.
  tx.done.catch(() => undefined);
  try {
    // Read together: the rows planning needs (and their shelves), which images are there, and the last shelf and body
    // group (new ones are numbered after them).
    const [found, storedMedia, tombstones, lastShelf, lastGroup] = await Promise.all([
      readRows(tx, keys),
      Promise.all(mediaHashes.map((h) => tx.objectStore('media').getKey(h))).then(
        (got) => new Set(got.filter((k): k is string => k !== undefined)),
      ),
      readTombstones(tx, keys),
      tx
        .objectStore('shelves')
        .openKeyCursor(null, 'prev')
        .then((last) => last?.key ?? 0),
      tx
        .objectStore('texts')
        .openKeyCursor(null, 'prev')
        .then((last) => last?.key ?? 0),
    ]);
    const write = decide({ rows: found.rows, storedMedia, tombstones });
    if (write) await writeAll(tx, write, found, { shelf: lastShelf + 1, group: lastGroup + 1 });
    await tx.done;
  } catch (err) {
    try {
      tx.abort();
    } catch {
      /* already finished or aborted */
    }
    if (isQuotaError(err) || isQuotaError(tx.error)) throw new StorageFullError();
    throw err;
  }
}

type LibraryStores = ('shelves' | 'texts' | 'bodies' | 'media' | 'editions' | 'keys' | 'withdrawn' | 'reading' | 'settings')[];
type LibraryTransaction = IDBPTransaction<ReaderDB, LibraryStores, 'readwrite'>;

/** Rows already in the library for the articles coming in, and the shelves they are on (by shelf key). */
interface FoundRows {
  rows: ArticleRecord[];
  shelves: Map<number, SoundShelf>;
}

/**
 * The rows for these keys, without reading more of the library than it takes: nothing when the library is empty, every
 * shelf (two requests) when the articles coming in are many for its size, else the shelf of each article that is there.
 */
async function readRows(tx: LibraryTransaction, keys: ArticleKey[]): Promise<FoundRows> {
  const found: FoundRows = { rows: [], shelves: new Map() };
  if (keys.length === 0) return found;
  const store = tx.objectStore('shelves');
  const stored = await store.index('by-article').count();
  if (stored === 0) return found;
  if (keys.length * 2 > stored) {
    const [all, at] = await Promise.all([store.getAll(), store.getAllKeys()]);
    all.forEach((shelf, i) => found.shelves.set(at[i]!, checkShelf(shelf, at[i])));
  } else {
    const at = await Promise.all(keys.map((k) => store.index('by-article').getKey(k)));
    const wanted = [...new Set(at.filter((n): n is number => n !== undefined))];
    const shelves = await Promise.all(wanted.map((n) => store.get(n)));
    wanted.forEach((n, i) => shelves[i] && found.shelves.set(n, checkShelf(shelves[i], n)));
  }
  const set = new Set(keys.map(([publisherId, id]) => articleKey(publisherId, id)));
  for (const shelf of found.shelves.values()) for (const r of shelf.rows) if (set.has(articleKey(r.publisherId, r.id))) found.rows.push(r);
  return found;
}

/** The withdrawals kept for these articles: nothing is read when none was ever kept. */
async function readTombstones(tx: LibraryTransaction, keys: ArticleKey[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const store = tx.objectStore('withdrawn');
  if (keys.length === 0 || (await store.count()) === 0) return found;
  const got = await Promise.all(keys.map((k) => store.get(k)));
  for (const t of got) if (t) found.set(articleKey(t.publisherId, t.id), t.edition);
  return found;
}

/**
 * Requests a write issues before it waits for an earlier one to land: enough to keep the database busy, few enough
 * that the values waiting to be written (copies of every body) stay a small part of memory.
 */
const WRITE_AHEAD = 256;

/** Most bodies in one `texts` group (and rows on its shelf), and the most bytes one holds (a larger body has a group of its own). */
const GROUP_BODIES = SHELF_ROWS;
const GROUP_BYTES = 1024 * 1024;

/**
 * Issues every write of one import, waiting (on IndexedDB only) every WRITE_AHEAD requests for the one issued
 * WRITE_AHEAD earlier. First the shelves that held rows this import replaces are written again without them (an
 * article is never on two shelves, not even for a moment); then each group of new bodies goes in a new `texts` record
 * and their rows on a new shelf, numbered from `first`; then the images; last, the bodies no row uses any more go.
 */
async function writeAll(
  tx: LibraryTransaction,
  write: LibraryWrite,
  found: FoundRows,
  first: { shelf: number; group: number },
): Promise<void> {
  const now = Date.now();
  // Plain requests, not a promise each: a failed one aborts the transaction, and tx.done or the awaited request reports it.
  const shelves = unwrap(tx.objectStore('shelves')),
    texts = unwrap(tx.objectStore('texts')),
    media = unwrap(tx.objectStore('media'));
  const incoming = new Set(write.articles.map((a) => articleKey(a.publisherId, a.meta.id)));
  for (const [publisherId, id] of write.remove) incoming.add(articleKey(publisherId, id));
  const replaced = found.rows.filter((r) => incoming.has(articleKey(r.publisherId, r.id)));
  for (const [at, shelf] of found.shelves) {
    const kept = shelf.rows.filter((r) => !incoming.has(articleKey(r.publisherId, r.id)));
    // A damaged shelf is written again with its sound rows: its stored keys may still name an article coming in, and
    // the index keeps an article on one shelf only.
    if (kept.length === shelf.rows.length && !shelf.damaged) continue;
    if (kept.length === 0) shelves.delete(at);
    else shelves.put(shelfOf(kept), at);
  }
  let issued = 0;
  let previous: IDBRequest | undefined;
  const pace = (request: IDBRequest): Promise<unknown> | undefined => {
    if (++issued % WRITE_AHEAD !== 0) return undefined;
    const wait = previous && wrap(previous);
    previous = request;
    return wait;
  };
  let nextShelf = first.shelf;
  let nextGroup = first.group;
  let group: Uint8Array[] = [];
  let rows: ArticleRecord[] = [];
  let groupBytes = 0;
  const flush = (): Promise<unknown> | undefined => {
    if (group.length === 0) return undefined;
    texts.put({ bodies: group } satisfies TextGroup, nextGroup++);
    const request = shelves.put(shelfOf(rows), nextShelf++);
    group = [];
    rows = [];
    groupBytes = 0;
    return pace(request);
  };
  for (const a of write.articles) {
    if (group.length === GROUP_BODIES || (group.length > 0 && groupBytes + a.body.length > GROUP_BYTES)) {
      const wait = flush();
      if (wait) await wait;
    }
    const row: ArticleRecord = {
      publisherId: a.publisherId,
      publisherName: write.publisherNames?.get(a.publisherId),
      id: a.meta.id,
      meta: a.meta,
      edition: a.edition,
      trust: a.trust,
      source: write.source,
      addedAt: now,
      text: nextGroup,
      textAt: group.length,
    };
    if (a.signer !== undefined) row.signer = a.signer;
    rows.push(row);
    // Bytes, not a string: IndexedDB stores a byte array several times faster than a string of the same text.
    group.push(ownBuffer(a.body));
    groupBytes += a.body.length;
  }
  const wait = flush();
  if (wait) await wait;
  for (const m of write.media) {
    // Bytes, not Blobs: each Blob costs a file of its own in the browser's store, several times the cost of the bytes inline.
    const row: MediaRecord = { sha256: m.sha256, type: m.type, bytes: ownBuffer(m.bytes) };
    const wait = pace(media.put(row));
    if (wait) await wait;
  }
  // A built-in sync stores every pack of an edition with the same manifest: write it once, not once per pack (at 1,000
  // articles the signed manifest is a few hundred kilobytes, and rewriting it was most of a pack's cost).
  // Asked of an index, from keys alone: reading the stored record would read its whole manifest (megabytes at 10,000).
  const editions = tx.objectStore('editions');
  for (const e of write.editions) {
    const stored = await editions.index('by-trust').getKey([e.publisherId, e.edition, e.signed.signature, e.trust]);
    if (stored === undefined) unwrap(editions).put(e);
  }
  for (const k of write.announcedKeys) unwrap(tx.objectStore('keys')).put({ ...k, from: 'announced' });
  for (const t of write.tombstones) unwrap(tx.objectStore('withdrawn')).put(t);
  for (const key of write.remove) unwrap(tx.objectStore('reading')).delete(key);
  // Withdrawals that updates applied (the built-in sync or a mirror) are told once, by whichever view next asks.
  if (write.remove.length && write.source === 'built-in') {
    const told = await tx.objectStore('settings').get(WITHDRAWN_NOTICE);
    await tx.objectStore('settings').put((typeof told === 'number' ? told : 0) + write.remove.length, WITHDRAWN_NOTICE);
  }
  await dropReplacedBodies(tx, replaced);
  if (write.remove.length) await dropUnusedMedia(tx, replaced, write);
}

/**
 * The images only removed rows used (and no manifest of the write lists, listedMedia): every remaining row is read once
 * (withdrawals are rare).
 */
async function dropUnusedMedia(tx: LibraryTransaction, replaced: ArticleRecord[], write: LibraryWrite): Promise<void> {
  const removed = new Set(write.remove.map(([p, id]) => articleKey(p, id)));
  const candidates = new Set(replaced.filter((r) => removed.has(articleKey(r.publisherId, r.id))).flatMap((r) => r.meta.media));
  if (candidates.size === 0 && !write.vouched) return;
  for (const a of write.articles) for (const sha of a.meta.media) candidates.delete(sha);
  for (const sha of write.listedMedia ?? []) candidates.delete(sha);
  /** Publisher and edition of the unverified rows that stay (an import may have stored some since they were listed). */
  const signing = new Set<string>();
  for (const shelf of await tx.objectStore('shelves').getAll()) {
    for (const r of checkShelf(shelf).rows) {
      for (const sha of r.meta.media) candidates.delete(sha);
      if (r.trust !== 'verified') signing.add(editionKey(r.publisherId, r.edition));
    }
  }
  // One manifest at a time: a stranger's can be megabytes.
  for (let c = write.vouched && (await tx.objectStore('editions').openCursor()); c; c = await c.continue()) {
    if (c.value.trust !== 'verified') {
      if (!signing.has(editionKey(c.value.publisherId, c.value.edition))) unwrap(c).delete();
    } else if (candidates.size) for (const sha of write.vouched!(c.value)) candidates.delete(sha);
  }
  for (const sha of candidates) unwrap(tx.objectStore('media')).delete(sha);
}

/** The old bodies of replaced rows: a body kept on its own goes; a group goes once no shelf uses it (after the writes above). */
async function dropReplacedBodies(tx: LibraryTransaction, replaced: ArticleRecord[]): Promise<void> {
  const groups = new Set<number>();
  for (const row of replaced) {
    if (row.text === undefined) unwrap(tx.objectStore('bodies')).delete([row.publisherId, row.id]);
    else groups.add(row.text);
  }
  const byText = tx.objectStore('shelves').index('by-text');
  await Promise.all(
    [...groups].map(async (g) => {
      if ((await byText.count(g)) === 0) await tx.objectStore('texts').delete(g);
    }),
  );
}

/**
 * The bytes with a buffer of their own: a stored view would store the whole buffer it looks into. The twin of
 * core/bytes' ownBuffer, kept here because this module paints the first screen and core/bytes' tables would come with it.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
