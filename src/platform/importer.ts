/** The one importer every route uses (file input, drop, share target, "Open with"): the worker reads, verifies and stores. */
import { checkFileSize } from '../core/bundle-read';
import { toFailure } from '../core/errors';
import type { ImportProgress } from '../core/import-protocol';
import type { ImportReport } from '../core/types';
import { importFileInWorker } from './import-client';
import { getPinnedKeys } from './trusted-keys';
import { requestPersistence } from './storage-info';

/** Imports one file; resolves with the report or rejects with a Failure. The library changes all at once or not at all. */
export async function importFile(
  file: Blob,
  opts: { allowUnverified: boolean },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  try {
    // Refused before reading a byte, so a 500 MB file never lands in memory.
    checkFileSize(file.size);
    // The page never reads the file: the worker reads it (a large one window by window), adds the announced keys to
    // the pinned ones, and writes the library in one transaction.
    const report = await importFileInWorker(file, getPinnedKeys(), opts.allowUnverified, onProgress);
    void requestPersistence();
    return report;
  } catch (err) {
    throw toFailure(err);
  }
}
