/** Export: some articles (with their images and the signed manifests that vouch for them) as one reader file. */
import { editionKey } from '../core/keys';
import site from 'virtual:site-config';
import template from 'virtual:reader-template';
import { MAX_ARTICLES, MAX_FILE_BYTES } from '../core/constants';
import { MAX_MANIFESTS } from '../core/bundle-syntax';
import { BundleError, isBundleError } from '../core/errors';
import { MAX_MEDIA_FILES, listedContent } from '../core/manifest';
import { anchorMaker, readerFileParts, type ContentsEntry, type ReaderFileParts } from '../core/reader-file';
import type { BundleChunk } from '../core/bundle-write';
import { newerFirst } from '../core/dates';
import { missingPictures } from '../core/data-saver';
import type { SignedManifest, Trust } from '../core/types';
import { getArticleBytes, getEditions, getMedia, getStoredMediaHashes } from '../storage/library-store';
import type { ArticleRecord, EditionRecord } from '../storage/db';
import { sanitizeBodyHtml } from './render-article';
import { nextTask } from './soon';

const bodyDecoder = new TextDecoder();

/** `name` as lowercase ASCII letters and digits between hyphens; empty when it has none (a Persian name). */
function asciiSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * An ASCII file name that says what is inside: publication, date, number of articles. `names` are the publication's,
 * best first: the first with ASCII letters or digits names the file ('library' when none has any).
 */
export function exportFileName(names: readonly string[], count: number, now = new Date()): string {
  const slug = names.map(asciiSlug).find(Boolean) || 'library';
  // The day on the device's calendar, not in UTC: made at 01:30 in Tehran, a file is dated that day, not the one before.
  const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${slug}-${date}-${count}-article${count === 1 ? '' : 's'}.html`;
}

/** What an export made: the file, and how many of the articles asked for were left out, by why. */
export interface ExportResult {
  blob: Blob;
  fileName: string;
  count: number;
  leftOut: {
    /** Unverified, and not asked for with them. */
    unverified: number;
    /** No longer stored (withdrawn or removed since the list was read), or with no stored manifest that still signs them. */
    gone: number;
  };
  /** Pictures the articles show that the device does not hold (the data saver), so the file does not carry them. */
  picturesLeftOut: number;
  /** Of those, the pictures a verified article shows: "Everything now" would bring them (an unverified article's, never). */
  picturesFetchable: number;
}

/** How far an export is: articles written of those asked for, then pictures added of those the articles show. */
export interface ExportProgress {
  articles: { done: number; total: number };
  pictures?: { done: number; total: number };
}

export interface ExportOptions {
  /** Unverified articles go too, marked in the file. */
  includeUnverified?: boolean;
  /** Called after each batch of articles and of pictures. */
  onProgress?: (progress: ExportProgress) => void;
  /** Stops the export (it rejects with an AbortError): nothing is made. */
  signal?: AbortSignal;
}

/** Articles read from the library at a time: a batch's bodies are in memory together, then become part of the file. */
const ARTICLE_BATCH = 100;
/** Pictures read at a time (a few megabytes of a news site's pictures, and their base64 while they are written). */
const PICTURE_BATCH = 20;
/** Pieces of the contents joined at a time (five or so per article). */
const OPENING_SLICE = 5_000;
/** The longest the page's thread works before letting a tap or a frame in. */
const SLICE_MS = 12;

/**
 * Builds the file, in batches: each batch of articles (read with their rows, sanitised, written) and of pictures is
 * joined into a Blob of its own and let go, so memory holds one batch, not the library three times over; the page's
 * thread is let go every few milliseconds, so the page stays responsive and can show progress and be stopped.
 * The articles' bytes are exactly the publisher's, so signatures still verify. Each article travels with a manifest that
 * actually signs it (see signerPicker): the newest that does, so a whole library normally carries one, not one per
 * edition its rows came from. Unverified articles are left out unless `includeUnverified`; included, they are marked in
 * the file. `records` name the articles: what goes is each one's row and body as stored now, read together. Newest
 * first, as `records` date them. A file no phone could import (over an importer's limit) is not made: it rejects with a
 * BundleError 'limits' (params `what: 'export'`; exportLimitNote says it to the reader).
 */
export async function exportArticles(records: ArticleRecord[], opts: ExportOptions = {}): Promise<ExportResult> {
  const { includeUnverified = false, onProgress, signal } = opts;
  // A copy in order: the caller's list (the library on screen) is left as it is.
  const wanted = records.filter((r) => includeUnverified || r.trust === 'verified').sort((x, y) => newerFirst(x.meta.date, y.meta.date));
  let unverified = records.length - wanted.length;
  const parts = await readerFileParts({ name: site.name, lang: site.lang, dir: site.dir, description: site.description }, template);
  const anchor = anchorMaker();
  const pause = slicer(signal);
  const manifests: SignedManifest[] = [];
  const manifestIndex = new Map<EditionRecord, number>();
  const signerOf = signerPicker(wanted);
  // The type each picture travels with: the one a travelling manifest lists (a verified one's first), not the stored
  // row's, which an older version of the app may have taken from a stranger's manifest.
  const pictureTypes = new Map<string, { type: string; trust: Trust }>();
  const entries: ContentsEntry[] = [];
  const shown: { media: string[]; verified: boolean }[] = [];
  const body: Blob[] = [];
  let bodyBytes = 0;
  const progress: ExportProgress = { articles: { done: 0, total: wanted.length } };
  for (let at = 0; at < wanted.length; at += ARTICLE_BATCH) {
    // Each row with its body, in one read: the list on screen may be older than an update written since (in this tab or
    // another), and an older row's manifest does not sign a newer body (the file would be refused as altered).
    const stored = await getArticleBytes(wanted.slice(at, at + ARTICLE_BATCH).map((r) => [r.publisherId, r.id]));
    const chunks: BundleChunk[] = [];
    for (const got of stored) {
      await pause();
      if (!got) continue;
      const { row: r, bytes } = got;
      if (r.trust !== 'verified' && !includeUnverified) {
        unverified++;
        continue;
      }
      const signer = await signerOf(r);
      if (!signer) continue;
      let m = manifestIndex.get(signer.record);
      if (m === undefined) manifestIndex.set(signer.record, (m = manifests.push(signer.record.signed) - 1));
      for (const sha of r.meta.media) {
        const type = signer.media.get(sha);
        const known = pictureTypes.get(sha);
        if (type && (!known || (known.trust !== 'verified' && r.trust === 'verified'))) pictureTypes.set(sha, { type, trust: r.trust });
      }
      // The page shows what the sanitiser leaves; a body it would change travels inert (see writeReaderFile).
      const html = await sanitizeBodyHtml(bodyDecoder.decode(bytes));
      const entry = { meta: r.meta, trust: r.trust, anchor: anchor(r.meta.id) };
      entries.push(entry);
      shown.push({ media: r.meta.media, verified: r.trust === 'verified' });
      chunks.push(...parts.article({ manifest: m, meta: r.meta, bytes, html, trust: r.trust }, entry.anchor));
    }
    body.push(new Blob(chunks as BlobPart[]));
    // Over the size limit already: said now, not once every other article was read and sanitised.
    checkImportable({ bytes: (bodyBytes += body[body.length - 1]!.size) });
    progress.articles.done = Math.min(at + ARTICLE_BATCH, wanted.length);
    onProgress?.(progress);
  }
  const hashes = [...(await getStoredMediaHashes([...new Set(shown.flatMap((s) => s.media))]))];
  // Checked before the pictures are read: a library too large for one file says so at once, not after minutes.
  checkImportable({ articles: entries.length, manifests: manifests.length, pictures: hashes.length });
  const after = new Blob(parts.afterArticles(manifests) as BlobPart[]);
  const closing = new Blob(parts.closing() as BlobPart[]);
  let size = body.reduce((n, b) => n + b.size, after.size + closing.size);
  checkImportable({ bytes: size });
  const typeOf = (sha256: string, stored: string): string => pictureTypes.get(sha256)?.type ?? stored;
  const { pictures, carried } = await writePictures(hashes, parts, typeOf, pause, (done, batch) => {
    checkImportable({ bytes: (size += batch.size) });
    progress.pictures = { done, total: hashes.length };
    onProgress?.(progress);
  });
  const { count: picturesLeftOut, fetchable: picturesFetchable } = missingPictures(shown, carried);
  // The contents of a large library are many small pieces: joined a slice at a time too.
  const head = await joinInSlices(parts.opening(entries, picturesLeftOut), OPENING_SLICE, pause);
  const blob = new Blob([...head, ...body, after, ...pictures, closing] as BlobPart[], { type: 'text/html' });
  checkImportable({ bytes: blob.size });
  return {
    blob,
    // A Persian name has no ASCII letters: the publisher's id (ASCII as a rule) names the file before 'library' would.
    fileName: exportFileName([site.shortName || site.name, site.publisher.id], entries.length),
    count: entries.length,
    leftOut: { unverified, gone: records.length - entries.length - unverified },
    picturesLeftOut,
    picturesFetchable,
  };
}

/**
 * The pictures' records, a batch of them to a Blob, each with the type `typeOf` gives it (from the stored one); `report`
 * after each batch with how many are done and the batch; which went in.
 */
async function writePictures(
  hashes: string[],
  parts: ReaderFileParts,
  typeOf: (sha256: string, stored: string) => string,
  pause: () => Promise<void>,
  report: (done: number, batch: Blob) => void,
): Promise<{ pictures: Blob[]; carried: Set<string> }> {
  const pictures: Blob[] = [];
  const carried = new Set<string>();
  for (let at = 0; at < hashes.length; at += PICTURE_BATCH) {
    const chunks: BundleChunk[] = [];
    for (const [sha256, m] of await getMedia(hashes.slice(at, at + PICTURE_BATCH))) {
      await pause();
      chunks.push(...parts.media({ sha256, type: typeOf(sha256, m.type), bytes: new Uint8Array(await m.blob.arrayBuffer()) }));
      carried.add(sha256);
    }
    const batch = new Blob(chunks as BlobPart[]);
    pictures.push(batch);
    report(Math.min(at + PICTURE_BATCH, hashes.length), batch);
  }
  return { pictures, carried };
}

/** `chunks` as Blobs of `size` pieces each, with a pause after each. */
async function joinInSlices(chunks: BundleChunk[], size: number, pause: () => Promise<void>): Promise<Blob[]> {
  const blobs: Blob[] = [];
  for (let at = 0; at < chunks.length; at += size) {
    blobs.push(new Blob(chunks.slice(at, at + size) as BlobPart[]));
    await pause();
  }
  return blobs;
}

/** Awaited between steps of long work: lets the page's thread go once it has worked SLICE_MS, and stops when asked to. */
function slicer(signal: AbortSignal | undefined): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since > SLICE_MS) {
      await nextTask();
      since = performance.now();
    }
    if (signal?.aborted) throw new DOMException('The export was stopped.', 'AbortError');
  };
}

/** A stored manifest that may travel with articles, with what it lists: articles (id to hash) and pictures (hash to type). */
interface Signer {
  record: EditionRecord;
  articles: Map<string, string>;
  media: Map<string, string>;
}

/**
 * Which stored manifest travels with each row: the newest that signs it (same trust, listing its id with its hash), of
 * the editions the rows being exported came from, never older than the row's own (an older one may predate a withdrawal
 * the recipient keeps). A row keeps its edition while the publisher leaves it unchanged and stored editions are kept,
 * so one manifest per row's edition grew the file with every edition followed and, past MAX_MANIFESTS, made one no
 * phone imports; the newest edition any row came from lists every unchanged article, so a library travels with one.
 * An unverified row takes only a manifest its own signer signed (a stranger's never vouches for another stranger's
 * copy); one stored before signers were kept, only one of its own edition.
 */
function signerPicker(rows: ArticleRecord[]): (r: ArticleRecord) => Promise<Signer | undefined> {
  const lineage = (r: ArticleRecord): string | undefined =>
    r.trust === 'verified' ? `${r.publisherId}\nverified` : r.signer && `${r.publisherId}\nunverified\n${r.signer}`;
  const editions = new Map<string, Set<number>>();
  /** Each lineage's editions, newest first: sorted once, and again only when a row brings one more. */
  const sorted = new Map<string, number[]>();
  const note = (r: ArticleRecord): void => {
    const key = lineage(r);
    if (key === undefined) return;
    let seen = editions.get(key);
    if (!seen) editions.set(key, (seen = new Set()));
    if (seen.has(r.edition)) return;
    seen.add(r.edition);
    sorted.delete(key);
  };
  rows.forEach(note);
  const loaded = new Map<string, Promise<Signer[]>>();
  const signersOf = (publisherId: string, edition: number): Promise<Signer[]> => {
    const key = editionKey(publisherId, edition);
    let found = loaded.get(key);
    // A stored manifest was checked whole when it was stored; one that no longer reads lists, and so signs, nothing here.
    if (!found) loaded.set(key, (found = getEditions(publisherId, edition).then((records) => records.map(readSigner))));
    return found;
  };
  return async (r) => {
    // The stored row may be newer than the one listed: its edition is a candidate too.
    note(r);
    const key = lineage(r);
    let newestFirst = key === undefined ? [r.edition] : sorted.get(key);
    if (!newestFirst) sorted.set(key!, (newestFirst = [...editions.get(key!)!].sort((a, b) => b - a)));
    for (const edition of newestFirst) {
      // Older than the row: it cannot sign this copy (nor predate a withdrawal the recipient keeps).
      if (edition < r.edition) break;
      const signer = (await signersOf(r.publisherId, edition)).find(
        (c) =>
          c.record.trust === r.trust &&
          (r.trust === 'verified' || r.signer === undefined || c.record.signed.publicKey === r.signer) &&
          c.articles.get(r.id) === r.meta.sha256,
      );
      if (signer) return signer;
    }
    return undefined;
  };
}

function readSigner(record: EditionRecord): Signer {
  return { record, ...listedContent(record.signed.text) };
}

/** What an export would hold: what the importer counts against its limits (see checkImportable). */
interface ExportSize {
  articles?: number;
  manifests?: number;
  pictures?: number;
  bytes?: number;
}

const LIMITS: Required<ExportSize> = {
  articles: MAX_ARTICLES,
  manifests: MAX_MANIFESTS,
  pictures: MAX_MEDIA_FILES,
  bytes: MAX_FILE_BYTES,
};

/** Throws BundleError 'limits' (params what 'export', limit, count, max) when a file of this `size` is one no phone imports. */
function checkImportable(size: ExportSize): void {
  for (const limit of Object.keys(size) as (keyof ExportSize)[]) {
    const count = size[limit]!;
    const max = LIMITS[limit];
    if (count <= max) continue;
    throw new BundleError('limits', `This file would hold ${count} ${limit}, over the ${max} an importer accepts: it was not made.`, {
      what: 'export',
      limit,
      count,
      max,
    });
  }
}

/** What an export over a limit says, in each language: why (by the limit it is over), then what to do. */
const LIMIT_NOTES: Record<'fa' | 'en', { why: Record<keyof ExportSize, (n: string, max: string) => string>; end: string }> = {
  en: {
    why: {
      articles: (n, max) => `This file would hold ${n} articles, and a reader file can hold at most ${max}`,
      manifests: (n, max) => `These articles come from ${n} separately signed editions, and a reader file can carry at most ${max}`,
      pictures: (n, max) => `This file would hold ${n} pictures, and a reader file can hold at most ${max}`,
      bytes: (_n, max) => `This file would be larger than ${max} MB, the most a phone can import`,
    },
    end: ': no phone could import it, so it was not made. Choose fewer articles and share them in more than one file.',
  },
  fa: {
    why: {
      articles: (n, max) => `این فایل ${n} مقاله می‌داشت، و یک فایل خواننده حداکثر ${max} مقاله می‌تواند داشته باشد`,
      manifests: (n, max) => `این مقاله‌ها از ${n} ویرایشِ جداگانه امضا شده‌اند، و یک فایل خواننده حداکثر ${max} ویرایش می‌تواند داشته باشد`,
      pictures: (n, max) => `این فایل ${n} تصویر می‌داشت، و یک فایل خواننده حداکثر ${max} تصویر می‌تواند داشته باشد`,
      bytes: (_n, max) => `این فایل بزرگ‌تر از ${max} مگابایت می‌شد، بیشترین اندازه‌ای که گوشی می‌تواند وارد کند`,
    },
    end: '؛ هیچ گوشی‌ای نمی‌توانست آن را وارد کند، پس ساخته نشد. مقاله‌های کمتری انتخاب کنید و آن‌ها را در چند فایل هم‌رسانی کنید.',
  },
};

/**
 * What the reader is told, in `lang`, when an export failed because the file would be over an importer's limit
 * (checkImportable); undefined for any other failure.
 */
export function exportLimitNote(lang: 'fa' | 'en', err: unknown): string | undefined {
  const p = isBundleError(err) && err.code === 'limits' ? err.params : undefined;
  if (p?.what !== 'export' || typeof p.count !== 'number' || typeof p.max !== 'number') return undefined;
  const { why, end } = LIMIT_NOTES[lang];
  const limit = p.limit as keyof ExportSize;
  if (!Object.prototype.hasOwnProperty.call(why, limit)) return undefined;
  // Digits as the app writes them (not grouped), and megabytes of 1,000,000 bytes, as the import's refusal says them.
  const number = (n: number): string => n.toLocaleString(lang === 'fa' ? 'fa-IR' : 'en', { useGrouping: false });
  return why[limit](number(p.count), number(limit === 'bytes' ? Math.floor(p.max / 1e5) / 10 : p.max)) + end;
}
