/** Page side of the import worker: one worker (started on first use, again after it fails), calls typed by ImportSpec. */
import type { EditionResult, ImportProgress, ImportSpec } from '../core/import-protocol';
import { createRpcClient } from '../core/rpc';
import { WORKER_NAMES } from '../core/constants';
import type { TrustedKey } from '../core/verify';
import type { ImportReport } from '../core/types';

const worker = createRpcClient<ImportSpec>(
  () => new Worker(new URL('../workers/worker.ts', import.meta.url), { name: WORKER_NAMES.import }),
  {
    stopped: { code: 'unexpected', message: 'The import worker stopped.' },
    restart: true,
  },
);

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
  return worker.call('import', { file, pinned, allowUnverified }, { progress });
}

/** Parses and verifies an edition file (signed manifest + pack index). */
export function verifyEditionInWorker(bytes: ArrayBuffer, keys: { publicKey: string; publisherId?: string }[]): Promise<EditionResult> {
  // Bytes move to the worker rather than being copied.
  return worker.call('edition', { bytes, keys }, { transfer: [bytes] });
}

/**
 * The worker reads the built-in pack at `url` (from the content cache; from the network when `network`), checks it
 * against the edition it verified as `edition`, and stores what the library lacks; `null` while the cache lacks it.
 */
export function storePackInWorker(url: string, edition: EditionResult['handle'], network: boolean): Promise<ImportReport | null> {
  return worker.call('pack', { url, edition, network });
}

/** Applies the withdrawals of an edition verified before (in the worker, through the import's own write). */
export function applyWithdrawalsInWorker(edition: EditionResult['edition']): Promise<ImportReport> {
  return worker.call('withdraw', { edition });
}

/** Checks every pack of an update against its verified edition, then stores them all in one write (or nothing). */
export function storeUpdateInWorker(packs: ArrayBuffer[], edition: EditionResult): Promise<ImportReport> {
  return worker.call('update', { packs, edition }, { transfer: packs });
}
