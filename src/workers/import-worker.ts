/** The import worker's calls: read, verify and store a person's file, verify editions, and verify and store built-in packs, so the page never freezes. */
import { parseBundle, type ByteSource } from '../core/bundle-read';
import { readVerified, verifyBundle, verifyPack } from '../core/verify';
import { BundleError, toFailure, type Failure } from '../core/errors';
import { PROGRESS_STEPS, progressStep, type ImportProgress, type ImportSpec } from '../core/import-protocol';
import { serveRpc } from '../core/rpc';
import { StorageUnavailableError } from '../storage/db';
import { StorageFullError, getAnnouncedKeys } from '../storage/library-store';
import { storeVerified } from './library-write';
import { recordMirrors } from '../storage/update-store';
import type { VerifiedEdition } from '../core/verify';

/** The least time between two progress messages of one import, ms. */
const PROGRESS_MS = 250;

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
  if (err instanceof StorageUnavailableError) return { code: 'storage-unavailable', message: err.message };
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
        const verified = await readVerified(blobSource(req.file), keys, { onProgress: progress, allowUnverified: req.allowUnverified });
        report({ stage: 'saving' });
        const result = await storeVerified(verified, 'import');
        // A newer verified edition brings its mirror list with it, whichever way it came.
        await recordMirrors(verifiedMirrors(verified.editions)).catch(() => undefined);
        return result;
      },
      async edition(req) {
        const parsed = parseBundle(new Uint8Array(req.bytes));
        const verified = await verifyBundle(parsed, { keys: req.keys });
        const edition = verified.editions[0];
        if (!edition || !parsed.packs)
          throw new BundleError('malformed', 'This edition file has no manifest or pack index.', { what: 'edition' });
        return { edition, packs: parsed.packs, announcedKeys: verified.announcedKeys };
      },
      async pack(req) {
        // A built-in pack is verified against its edition and stored here too: no body crosses the main thread.
        const verified = await verifyPack(parseBundle(new Uint8Array(req.bytes)), req.edition);
        return storeVerified(verified, 'built-in');
      },
      async update(req) {
        // Every pack is checked before anything is written, and all of them go in one transaction: the library moves to
        // the new edition whole, or stays as it was.
        const checked = await Promise.all(req.packs.map((bytes) => verifyPack(parseBundle(new Uint8Array(bytes)), req.edition.edition)));
        const media = new Map(checked.flatMap((v) => v.media).map((m) => [m.sha256, m]));
        return storeVerified(
          {
            editions: [req.edition.edition],
            articles: checked.flatMap((v) => v.articles),
            media: [...media.values()],
            announcedKeys: req.edition.announcedKeys,
          },
          'built-in',
        );
      },
      async withdraw(req) {
        // Through the import's own plan and write: the rows, bodies, images and reading state go in one transaction.
        return storeVerified({ editions: [req.edition], articles: [], media: [], announcedKeys: [] }, 'built-in');
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
