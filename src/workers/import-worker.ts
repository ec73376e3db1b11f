/** The import worker's calls: read, verify and store a person's file, verify editions, and verify and store built-in packs, so the page never freezes. */
import { parseBundle, type ByteSource } from '../core/bundle-read';
import { withLfLineEnds } from '../core/bundle-crlf';
import { readVerified, verifyBundle, verifyPack } from '../core/verify';
import { BundleError, isBundleError, toFailure, type Failure } from '../core/errors';
import { PROGRESS_STEPS, progressStep, type EditionPlan, type ImportProgress, type ImportSpec } from '../core/import-protocol';
import { serveRpc } from '../core/rpc';
import { StorageUnavailableError } from '../storage/db';
import {
  StorageFullError,
  getAllArticles,
  getAnnouncedKeys,
  getEditions,
  getStoredMediaHashes,
  getTombstones,
} from '../storage/library-store';
import { removeUnverified, storeVerified } from './library-write';
import { vouchedMedia } from './vouched-media';
import { recordMirrors } from '../storage/update-store';
import type { VerifiedBundle, VerifiedEdition } from '../core/verify';
import type { MediaMeta, PackIndex } from '../core/types';
import { decide, type ExistingArticle } from '../core/import-plan';
import { missingMediaBytes, splitPacks, type MediaChoice } from '../core/data-saver';
import { markPackStored, matchPack } from '../core/content-cache';
import { editionKey } from '../core/keys';

/** The least time between two progress messages of one import, ms. */
const PROGRESS_MS = 250;

/**
 * Editions this worker verified, with the keys they announce, by the handle it gave the page: the built-in sync's and
 * the mirrors' packs are checked against them. A few are kept (a sync and an update check may overlap); past that the
 * oldest edition goes first, not the first verified: older editions that mirrors offer (and the page then refuses as a
 * rollback) must not push out the newer one a sync or an update is still storing.
 */
const editions = new Map<number, { edition: VerifiedEdition; packs: PackIndex; announcedKeys: VerifiedBundle['announcedKeys'] }>();
const EDITIONS_KEPT = 4;
let nextHandle = 1;

/** Whether two verifications found the same signed manifest, with the same trust. */
function sameEdition(a: VerifiedEdition, b: VerifiedEdition): boolean {
  return (
    a.trust === b.trust &&
    a.signed.signature === b.signed.signature &&
    a.signed.publicKey === b.signed.publicKey &&
    a.signed.text === b.signed.text
  );
}

/** Whether two pack indexes list the same packs (an index is not signed: each address may serve its own). */
function samePacks(a: PackIndex, b: PackIndex): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Keeps a verified edition and gives its handle. The same signed manifest verified again (the pictures stage verifies the
 * held edition once per address) is kept once: with the same pack index it is the same handle; with another (not signed,
 * so one address's index must never stand in for another's) a handle of its own that shares the parsed manifest.
 */
function keep(edition: VerifiedEdition, packs: PackIndex, announcedKeys: VerifiedBundle['announcedKeys']): number {
  let shared: VerifiedEdition | undefined;
  for (const [handle, kept] of editions) {
    if (!sameEdition(kept.edition, edition)) continue;
    if (samePacks(kept.packs, packs)) return handle;
    shared = kept.edition;
  }
  const handle = nextHandle++;
  editions.set(handle, { edition: shared ?? edition, packs, announcedKeys });
  while (editions.size > EDITIONS_KEPT) editions.delete(oldestEdition());
  return handle;
}

/** The handle of the oldest edition kept (by edition number, then by when it was verified). */
function oldestEdition(): number {
  let oldest: [number, number] | undefined;
  for (const [handle, { edition }] of editions) {
    if (!oldest || edition.manifest.edition < oldest[1]) oldest = [handle, edition.manifest.edition];
  }
  return oldest![0];
}

/** The edition verified as `handle`; only a worker restarted since then has lost it (the caller starts again). */
function known(handle: number) {
  const found = editions.get(handle);
  if (!found) throw new Error('The edition this call names is no longer known to the worker.');
  return found;
}

/** The pictures each of the last few editions asked about lists, by hash (its stored manifests are read once). */
const listedMedia = new Map<string, Promise<Map<string, MediaMeta>>>();

/** The pictures the stored verified manifests of one edition list, by hash. */
function mediaOf(publisherId: string, edition: number): Promise<Map<string, MediaMeta>> {
  const key = editionKey(publisherId, edition);
  let found = listedMedia.get(key);
  if (!found) {
    found = getEditions(publisherId, edition).then((records) => {
      // Not stored yet (an article opened before the first visit's sync wrote its edition): asked again next time.
      if (records.length === 0) listedMedia.delete(key);
      // Only a verified manifest vouches for a picture (see vouchedMedia).
      return new Map(records.flatMap(vouchedMedia).map((m) => [m.sha256, m]));
    });
    // A failed read is not remembered: the next call reads again.
    found.catch(() => listedMedia.delete(key));
    listedMedia.set(key, found);
    for (const old of listedMedia.keys()) if (listedMedia.size > EDITIONS_KEPT) listedMedia.delete(old);
  }
  return found;
}

/**
 * What the library lacks of `edition`, from its signed manifest (never from the pack index, which is not signed): which
 * of its articles it would add or update, and which of its pictures the device holds.
 */
async function lacking(edition: VerifiedEdition): Promise<{ wanted: (id: string) => boolean; held: Set<string> }> {
  const publisherId = edition.manifest.publisher.id;
  const [rows, tombstones, held] = await Promise.all([
    getAllArticles(),
    getTombstones(publisherId),
    getStoredMediaHashes(edition.manifest.media.map((m) => m.sha256)),
  ]);
  for (const t of edition.trust === 'verified' ? (edition.manifest.withdrawn ?? []) : []) {
    tombstones.set(t.id, Math.max(t.edition, tombstones.get(t.id) ?? -1));
  }
  const have = new Map<string, ExistingArticle>();
  for (const r of rows) if (r.publisherId === publisherId) have.set(r.id, r);
  const listed = new Map(edition.manifest.articles.map((a) => [a.id, a]));
  const wanted = (id: string): boolean => {
    const meta = listed.get(id);
    if (!meta) return false;
    const outcome = decide({ meta, edition: edition.manifest.edition, trust: edition.trust }, have.get(id), tombstones.get(id));
    return outcome === 'added' || outcome === 'updated';
  };
  return { wanted, held };
}

/** The packs of `edition` that hold something the library lacks (see EditionPlan). */
async function planPacks(edition: VerifiedEdition, packs: PackIndex): Promise<EditionPlan> {
  const { wanted, held } = await lacking(edition);
  return { ...splitPacks(packs.packs, wanted, held), missingBytes: missingMediaBytes(edition.manifest.media, held) };
}

/**
 * Refuses an update whose packs leave out an article of the edition the library lacks, or (when the reader keeps
 * everything, `media` 'all') a picture the device lacks: a mirror that served the signed manifest with a pack index
 * listing nothing (or empty packs) would otherwise have the edition recorded as held while its new articles or its
 * pictures never came, and every honest address offering it would then count as up to date.
 */
async function checkCovered(
  edition: VerifiedEdition,
  bundle: Pick<VerifiedBundle, 'articles' | 'media'>,
  media: MediaChoice,
): Promise<void> {
  const { wanted, held } = await lacking(edition);
  const brought = new Set(bundle.articles.map((a) => a.meta.id));
  const left = edition.manifest.articles.find((a) => wanted(a.id) && !brought.has(a.id));
  if (left) throw new BundleError('malformed', `The packs leave out the article "${left.id}" of this edition.`, { article: left.id });
  if (media !== 'all') return;
  const pictures = new Set(bundle.media.map((m) => m.sha256));
  const lost = edition.manifest.media.find((m) => !held.has(m.sha256) && !pictures.has(m.sha256));
  if (lost) throw new BundleError('malformed', `The packs leave out the picture ${lost.sha256} of this edition.`);
}

/** A content file from the service worker's cache (`undefined` while it is not there) or, when `network`, fetched. */
async function readContent(url: string, network: boolean): Promise<ArrayBuffer | undefined> {
  if (!network) return (await (typeof caches === 'undefined' ? undefined : matchPack(url)))?.arrayBuffer();
  return fetchContent(url);
}

/** A content file (a pack, the deployed edition) from the network. */
async function fetchContent(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  // A download that fails is not a bad file: the page says the sync paused and tries again later.
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** The file could not be read (moved, deleted, on a card that was taken out). */
class ReadFailed extends Error {}

/** A person's file as the parser reads it: a window at a time, straight from the Blob (only the part being parsed is in memory). */
function blobSource(file: Blob): ByteSource {
  return {
    size: file.size,
    read: (start, end) =>
      file
        .slice(start, end)
        .arrayBuffer()
        .then(
          (bytes) => new Uint8Array(bytes),
          () => Promise.reject(new ReadFailed()),
        ),
  };
}

/** What the page is told when something fails; a bug keeps its stack in the console and reaches the reader as 'unexpected'. */
function importFailure(err: unknown): Failure {
  if (err instanceof StorageFullError) return { code: 'quota', message: err.message };
  if (err instanceof ReadFailed) return { code: 'read-failed', message: 'The file could not be read.' };
  if (err instanceof StorageUnavailableError) return { code: err.code, message: err.message };
  return toFailure(err);
}

/** Answers the page's import calls (ImportSpec) on this worker's messages. */
export function serveImports(): void {
  serveRpc<ImportSpec>(
    self,
    {
      async import(req, report) {
        // Read, checked and written here: the verified articles never travel to the page, and the file is never held whole.
        // The keys editions announced are read from the database (which opens meanwhile) while the file is read.
        // Each manifest's signature is checked while the rest of the file is read.
        const keys = getAnnouncedKeys()
          .catch(() => [])
          .then((announced) => [...req.pinned, ...announced]);
        // A message per step, not per record, and at most one per PROGRESS_MS (the first and the last always): each one
        // is a render on the page, which shares the phone's few cores with this work.
        let step = -1;
        let postedAt = 0;
        const progress = (done: number, total: number): void => {
          const now = progressStep(done, total);
          if (now === step) return;
          const at = performance.now();
          if (step >= 0 && now < PROGRESS_STEPS && at - postedAt < PROGRESS_MS) return;
          step = now;
          postedAt = at;
          report({ stage: 'reading', done, total } satisfies ImportProgress);
        };
        const source = blobSource(req.file);
        const opts = { onProgress: progress, allowUnverified: req.allowUnverified };
        const verified = await readVerified(source, keys, opts).catch(async (err: unknown) => {
          // Damaged, and its line ends made CR LF (an editor, a messenger): read once more as the LF bytes that were
          // signed. Refused again, it is refused for what the first reading found.
          const lf = isBundleError(err) && err.code === 'malformed' ? await withLfLineEnds(source) : undefined;
          if (!lf) throw err;
          step = -1;
          // Read as LF, a file that is no longer malformed is refused for what that reading found (an unknown key, for one,
          // which the reader may still import anyway).
          return readVerified(lf, keys, opts).catch((again: unknown) =>
            Promise.reject(isBundleError(again) && again.code === 'malformed' ? err : again),
          );
        });
        report({ stage: 'saving' });
        const result = await storeVerified(verified, 'import');
        // A newer verified edition brings its mirror list with it, whichever way it came.
        await recordMirrors(verifiedMirrors(verified.editions)).catch(() => undefined);
        return result;
      },
      async edition(req) {
        const bytes = req.file instanceof ArrayBuffer ? req.file : await fetchContent(req.file.url);
        const parsed = parseBundle(new Uint8Array(bytes));
        const verified = await verifyBundle(parsed, { keys: req.keys });
        const edition = verified.editions[0];
        if (!edition || !parsed.packs)
          throw new BundleError('malformed', 'This edition file has no manifest or pack index.', { what: 'edition' });
        const handle = keep(edition, parsed.packs, verified.announcedKeys);
        const { manifest, trust } = edition;
        return {
          trust,
          publisherId: manifest.publisher.id,
          edition: manifest.edition,
          created: manifest.created,
          mirrors: manifest.mirrors,
          handle,
        };
      },
      async plan(req) {
        const { edition, packs } = known(req.edition);
        return planPacks(edition, packs);
      },
      async pack(req) {
        const { edition } = known(req.edition);
        const bytes = await readContent(req.url, req.network);
        if (!bytes) return null;
        // A built-in pack is read, verified against its edition and stored here: no byte of it crosses the main thread.
        const report = await storeVerified(await verifyPack(parseBundle(new Uint8Array(bytes)), edition), 'built-in');
        await markPackStored(req.url).catch(() => undefined);
        return report;
      },
      async update(req) {
        // Every pack is checked before anything is written, and all of them go in one transaction: the library moves to
        // the new edition whole, or stays as it was.
        const { edition, announcedKeys } = known(req.edition);
        // One pack at a time, each taken off the call as it is read: once its articles are copied out (each into a buffer
        // of its own, as the library stores it), nothing holds the pack, so an edition's text is held about once, not
        // twice (on a phone with 1 GB, beside the page).
        const checked: VerifiedBundle[] = [];
        for (let bytes = req.packs.shift(); bytes; bytes = req.packs.shift()) {
          checked.push(await verifyPack(parseBundle(new Uint8Array(bytes)), edition));
        }
        const media = new Map(checked.flatMap((v) => v.media).map((m) => [m.sha256, m]));
        const articles = checked.flatMap((v) => v.articles);
        await checkCovered(edition, { articles, media: [...media.values()] }, req.media);
        // The signed manifest is stored even when the packs bring nothing new (the text held, no picture yet): the page
        // records the edition as held next, and the pictures it still lacks are counted from its manifest.
        return storeVerified({ editions: [edition], articles, media: [...media.values()], announcedKeys }, 'built-in', true);
      },
      async withdraw(req) {
        const { edition } = known(req.edition);
        if (edition.trust !== 'verified' || !edition.manifest.withdrawn?.length) return 0;
        const stored = await getTombstones(edition.manifest.publisher.id);
        if (!edition.manifest.withdrawn.some((t) => (stored.get(t.id) ?? -1) < t.edition)) return 0;
        // Through the import's own plan and write: the rows, bodies, images and reading state go in one transaction.
        return (await storeVerified({ editions: [edition], articles: [], media: [], announcedKeys: [] }, 'built-in')).withdrawn;
      },
      removeUnverified: () => removeUnverified(),
      async pictures(req) {
        const media = await mediaOf(req.publisherId, req.edition);
        return req.hashes.flatMap((sha) => media.get(sha) ?? []);
      },
      async missingPictures(req) {
        const media = [...(await mediaOf(req.publisherId, req.edition)).values()];
        return missingMediaBytes(media, await getStoredMediaHashes(media.map((m) => m.sha256)));
      },
    },
    importFailure,
  );
}

/** The mirror lists of the editions whose signature a trusted key made. */
function verifiedMirrors(editions: VerifiedEdition[]): { publisherId: string; edition: number; mirrors?: string[] }[] {
  return editions
    .filter((e) => e.trust === 'verified')
    .map((e) => ({ publisherId: e.manifest.publisher.id, edition: e.manifest.edition, mirrors: e.manifest.mirrors }));
}
