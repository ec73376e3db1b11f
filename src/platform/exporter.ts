/** Export: some articles (with their images and the signed manifests that vouch for them) as one reader file. */
import { editionKey } from '../core/keys';
import site from 'virtual:site-config';
import template from 'virtual:reader-template';
import { listedArticles } from '../core/manifest';
import { anchorMaker, readerFileParts, type ContentsEntry, type ReaderFileParts } from '../core/reader-file';
import type { BundleChunk } from '../core/bundle-write';
import { newerFirst } from '../core/dates';
import { missingPictures } from '../core/data-saver';
import type { SignedManifest } from '../core/types';
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
 * The articles' bytes are exactly the publisher's, so signatures still verify. Each article travels with the manifest
 * that actually signs it (same trust, listing it with its hash), never merely one of the same edition number.
 * Unverified articles are left out unless `includeUnverified`; included, they are marked in the file. `records` name
 * the articles: what goes is each one's row and body as stored now, read together. Newest first, as `records` date them.
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
  const candidates = new Map<string, Promise<{ record: EditionRecord; listed: Map<string, string> }[]>>();
  const entries: ContentsEntry[] = [];
  const shown: string[][] = [];
  const body: Blob[] = [];
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
      const key = editionKey(r.publisherId, r.edition);
      let signers = candidates.get(key);
      if (!signers) candidates.set(key, (signers = signersOf(r.publisherId, r.edition)));
      const signer = (await signers).find((c) => c.record.trust === r.trust && c.listed.get(r.id) === r.meta.sha256)?.record;
      if (!signer) continue;
      let m = manifestIndex.get(signer);
      if (m === undefined) manifestIndex.set(signer, (m = manifests.push(signer.signed) - 1));
      // The page shows what the sanitiser leaves; a body it would change travels inert (see writeReaderFile).
      const html = await sanitizeBodyHtml(bodyDecoder.decode(bytes));
      const entry = { meta: r.meta, trust: r.trust, anchor: anchor(r.meta.id) };
      entries.push(entry);
      shown.push(r.meta.media);
      chunks.push(...parts.article({ manifest: m, meta: r.meta, bytes, html, trust: r.trust }, entry.anchor));
    }
    body.push(new Blob(chunks as BlobPart[]));
    progress.articles.done = Math.min(at + ARTICLE_BATCH, wanted.length);
    onProgress?.(progress);
  }
  const hashes = [...(await getStoredMediaHashes([...new Set(shown.flat())]))];
  const { pictures, carried } = await writePictures(hashes, parts, pause, (done) => {
    progress.pictures = { done, total: hashes.length };
    onProgress?.(progress);
  });
  const picturesLeftOut = missingPictures(shown, carried);
  // The contents of a large library are many small pieces: joined a slice at a time too.
  const head = await joinInSlices(parts.opening(entries, picturesLeftOut), OPENING_SLICE, pause);
  const blob = new Blob([...head, ...body, ...parts.afterArticles(manifests), ...pictures, ...parts.closing()] as BlobPart[], {
    type: 'text/html',
  });
  return {
    blob,
    // A Persian name has no ASCII letters: the publisher's id (ASCII as a rule) names the file before 'library' would.
    fileName: exportFileName([site.shortName || site.name, site.publisher.id], entries.length),
    count: entries.length,
    leftOut: { unverified, gone: records.length - entries.length - unverified },
    picturesLeftOut,
  };
}

/** The pictures' records, a batch of them to a Blob; `report` after each batch with how many are done; which went in. */
async function writePictures(
  hashes: string[],
  parts: ReaderFileParts,
  pause: () => Promise<void>,
  report: (done: number) => void,
): Promise<{ pictures: Blob[]; carried: Set<string> }> {
  const pictures: Blob[] = [];
  const carried = new Set<string>();
  for (let at = 0; at < hashes.length; at += PICTURE_BATCH) {
    const chunks: BundleChunk[] = [];
    for (const [sha256, m] of await getMedia(hashes.slice(at, at + PICTURE_BATCH))) {
      await pause();
      chunks.push(...parts.media({ sha256, type: m.type, bytes: new Uint8Array(await m.blob.arrayBuffer()) }));
      carried.add(sha256);
    }
    pictures.push(new Blob(chunks as BlobPart[]));
    report(Math.min(at + PICTURE_BATCH, hashes.length));
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

/** The manifests stored for one edition, each with the articles it signs (id to hash). */
async function signersOf(publisherId: string, edition: number): Promise<{ record: EditionRecord; listed: Map<string, string> }[]> {
  // A stored manifest was checked whole when it was stored; one that no longer reads lists, and so signs, nothing here.
  return (await getEditions(publisherId, edition)).map((record) => ({ record, listed: listedArticles(record.signed.text) }));
}
