/** The one importer every route uses (file input, drop, share target, "Open with"): read, verify in a worker, store. */
import { checkFileSize } from '../core/bundle';
import { isBundleError, type BundleErrorParams } from '../core/errors';
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
    checkFileSize(file.size);
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
    if (isBundleError(err)) throw { code: err.code, message: err.message, params: err.params } satisfies ImportFailure;
    if ((err as WorkerFailure)?.code) throw err;
    throw { code: 'malformed', message: String((err as Error)?.message ?? err) } satisfies ImportFailure;
  }
}
