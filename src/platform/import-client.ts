/** Page side of the import worker: one worker (started on first use, again after it fails), calls typed by ImportSpec. */
import type { MediaChoice } from '../core/data-saver';
import type { EditionPlan, EditionSummary, ImportProgress, ImportSpec } from '../core/import-protocol';
import { createRpcClient, type RpcClient } from '../core/rpc';
import type { Failure } from '../core/errors';
import { WORKER_NAMES } from '../core/constants';
import type { TrustedKey } from '../core/verify';
import type { ImportReport, MediaMeta } from '../core/types';

const worker = createRpcClient<ImportSpec>(
  () => new Worker(new URL('../workers/worker.ts', import.meta.url), { name: WORKER_NAMES.import }),
  {
    stopped: { code: 'unexpected', message: 'The import worker stopped.' },
    restart: true,
  },
);

/** Set by stopImportWorker: what the stop refuses is refused because the library is gone, not by a bug of the app. */
let erased = false;
const ERASED: Failure = { code: 'storage-erased', message: 'The library was erased.' };

/** A call to the worker; after an erase, its failure (the worker's `stopped`, above) is said as the erase. */
const call: RpcClient<ImportSpec>['call'] = (method, arg, opts) =>
  worker.call(method, arg, opts).catch((failure: unknown) => {
    throw erased ? ERASED : failure;
  });

/**
 * Verifies and stores a person's file in the worker, which reads it a window at a time (a Blob crosses by reference,
 * not by copy); `pinned` are the site's keys. Resolves with what the import did; rejects with a Failure.
 */
export function importFileInWorker(
  file: Blob,
  pinned: TrustedKey[],
  allowUnverified: boolean,
  progress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  return call('import', { file, pinned, allowUnverified }, { progress });
}

/**
 * Parses and verifies an edition file (signed manifest + pack index), given as bytes or as the address the worker fetches
 * it from; the worker keeps it, the page gets its summary.
 */
export function verifyEditionInWorker(
  file: ArrayBuffer | { url: string },
  keys: { publicKey: string; publisherId?: string }[],
): Promise<EditionSummary> {
  // Bytes move to the worker rather than being copied.
  return call('edition', { file, keys }, { transfer: file instanceof ArrayBuffer ? [file] : [] });
}

/**
 * The worker reads the built-in pack at `url` (from the content cache; from the network when `network`), checks it
 * against the edition it verified as `edition`, and stores what the library lacks; `null` while the cache lacks it.
 */
export function storePackInWorker(url: string, edition: EditionSummary, network: boolean): Promise<ImportReport | null> {
  return call('pack', { url, edition: edition.handle, network });
}

/** The packs of an edition verified before that hold something the library lacks (read and decided in the worker). */
export function planEditionInWorker(edition: EditionSummary): Promise<EditionPlan> {
  return call('plan', { edition: edition.handle });
}

/**
 * Applies the withdrawals of an edition verified before (only a verified one's count) that the library does not keep
 * yet, in one write through the import's own path (rows, bodies, images, reading state, tombstones), in the worker that
 * holds the edition; how many articles that removed (the notice for them waits in storage for takeWithdrawnNotice).
 */
export function applyWithdrawalsInWorker(edition: EditionSummary): Promise<number> {
  return call('withdraw', { edition: edition.handle });
}

/**
 * Removes every unverified article (all publishers) in one write through the import's own path, with its body, reading
 * state and the pictures only it used; keeps no tombstone. Resolves with how many went; rejects with a Failure (nothing
 * removed).
 */
export function removeUnverifiedInWorker(): Promise<number> {
  return call('removeUnverified', null);
}

/** Checks every pack of an update against its verified edition, then stores them all in one write (or nothing). */
export function storeUpdateInWorker(packs: ArrayBuffer[], edition: EditionSummary, media: MediaChoice): Promise<ImportReport> {
  return call('update', { packs, edition: edition.handle, media }, { transfer: packs });
}

/** What the stored signed manifests of an edition say of these pictures (those they list): parsed in the worker. */
export function describePicturesInWorker(publisherId: string, edition: number, hashes: string[]): Promise<MediaMeta[]> {
  return call('pictures', { publisherId, edition, hashes });
}

/** How many bytes the pictures an edition lists, and the device does not hold, would take: counted in the worker. */
export function missingPicturesInWorker(publisherId: string, edition: number): Promise<number> {
  return call('missingPictures', { publisherId, edition });
}

/** Stops the worker for good (erase everything): what it was storing stops there, and every later call is refused. */
export function stopImportWorker(): void {
  erased = true;
  worker.terminate();
}
