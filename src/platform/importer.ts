/** The one importer every route uses (file input, drop, share target, "Open with"): the worker reads, verifies and stores. */
import { MAX_FILE_BYTES } from '../core/constants';
import type { BundleErrorParams } from '../core/errors';
import type { ImportReport } from '../core/types';
import { importFileInWorker, type WorkerFailure } from './import-client';
import type { ImportProgress } from './import-protocol';
import { getPinnedKeys } from './trusted-keys';
import { requestPersistence } from './storage-info';

/** Why an import failed: a code the UI turns into a sentence, and its parameters. */
export interface ImportFailure {
  code: string;
  message: string;
  params?: BundleErrorParams;
}

/** Imports one file; resolves with the report or rejects with an ImportFailure. The library changes all at once or not at all. */
export async function importFile(
  file: Blob,
  opts: { allowUnverified: boolean },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  try {
    if (file.size === 0) throw { code: 'empty', message: 'This file is empty.' } satisfies ImportFailure;
    // Refused before reading a byte, so a 500 MB file never lands in memory.
    if (file.size > MAX_FILE_BYTES)
      throw {
        code: 'too-large',
        message: 'This file is too large.',
        params: { size: file.size, max: MAX_FILE_BYTES },
      } satisfies ImportFailure;
    // The page never reads the file: the worker reads it window by window, adds the announced keys to the pinned
    // ones, and writes the library in one transaction.
    const report = await importFileInWorker(file, getPinnedKeys(), opts.allowUnverified, onProgress);
    void requestPersistence();
    return report;
  } catch (err) {
    if ((err as WorkerFailure)?.code) throw err;
    throw { code: 'malformed', message: String((err as Error)?.message ?? err) } satisfies ImportFailure;
  }
}
