/** The one importer every route uses (file input, drop, share target, "Open with"): read, verify in a worker, store. */
import { MAX_FILE_BYTES } from '../core/constants';
import type { BundleErrorParams } from '../core/errors';
import type { ImportReport } from '../core/types';
import { verifyFileInWorker, type WorkerFailure } from './import-client';
import { getTrustedKeys } from './trusted-keys';
import { storeVerified } from './library-write';
import { requestPersistence } from './storage-info';
import { StorageFullError } from '../storage/library-store';

/** Why an import failed: a code the UI turns into a sentence, and its parameters. */
export interface ImportFailure { code: string; message: string; params?: BundleErrorParams }

/** Imports one file; resolves with the report or rejects with an ImportFailure. The library changes all at once or not at all. */
export async function importFile(file: Blob, opts: { allowUnverified: boolean }, onProgress?: (done: number, total: number) => void): Promise<ImportReport> {
  try {
    if (file.size === 0) throw { code: 'empty', message: 'This file is empty.' } satisfies ImportFailure;
    // Refused before reading a byte, so a 200 MB file never lands in memory.
    if (file.size > MAX_FILE_BYTES) throw { code: 'too-large', message: 'This file is too large.', params: { size: file.size, max: MAX_FILE_BYTES } } satisfies ImportFailure;
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      throw { code: 'read-failed', message: 'The file could not be read.' } satisfies ImportFailure;
    }
    const keys = await getTrustedKeys();
    const bundle = await verifyFileInWorker(bytes, keys, opts.allowUnverified, onProgress);
    const report = await storeVerified(bundle, 'import');
    void requestPersistence();
    return report;
  } catch (err) {
    if (err instanceof StorageFullError) throw { code: 'quota', message: err.message } satisfies ImportFailure;
    if ((err as WorkerFailure)?.code) throw err;
    throw { code: 'malformed', message: String((err as Error)?.message ?? err) } satisfies ImportFailure;
  }
}
