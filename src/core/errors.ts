/** The one error type of the file format, signatures and import: a code the UI translates, params, and an English sentence. */

/** Why a file, manifest or signature was refused. The UI maps each code (plus params) to a sentence in the reader's language. */
export type BundleErrorCode =
  /** The file has no bytes. */
  | 'empty'
  /** The file is larger than MAX_FILE_BYTES. params: {size, max} */
  | 'too-large'
  /** No offline-reader file header: some other kind of file. */
  | 'not-a-bundle'
  /** No file header, and the file is a web page the browser saved as one file (MHTML), not the reader file it showed. */
  | 'saved-page'
  /** Made by a newer version of the app. params: {version, supported} */
  | 'newer-version'
  /** The file ends in the middle of a record. */
  | 'truncated'
  /** Text that is not valid UTF-8 (or base64). params: {what} */
  | 'encoding'
  /** Broken structure or JSON. params: {what} and often {field} */
  | 'malformed'
  /** Over a size or count limit. params: {what, max} */
  | 'limits'
  /** The same article or media file twice. params: {article} or {media} */
  | 'duplicate'
  /** Articles with no signed manifest. */
  | 'unsigned'
  /** Signed by a key this app does not trust. params: {fingerprint} */
  | 'unknown-key'
  /** The signature does not match the manifest. params: {manifest} */
  | 'bad-signature'
  /** An article or media file differs from what the manifest lists. params: {article} or {media} */
  | 'hash-mismatch'
  /** Content carried by the file that its manifest does not list. params: {article} or {media} */
  | 'not-listed'
  /** A trusted key signed a manifest for another publisher. params: {publisher, expected} */
  | 'publisher-mismatch'
  /** A key given to the signer is not a valid Ed25519 key. */
  | 'bad-key';

/** Parameters that name what failed (article id, limit, version...), for the UI's translated sentence. */
export type BundleErrorParams = Record<string, string | number>;

/** A refusal with a code for the UI and an English sentence for logs and tests; never carries a stack to the person. */
export class BundleError extends Error {
  // Declared, and set in the constructor: a field with a value is compiled for old browsers to a helper (defineProperty)
  // that would be one more file in what index.html loads.
  declare readonly code: BundleErrorCode;
  declare readonly params?: BundleErrorParams;

  constructor(code: BundleErrorCode, message: string, params?: BundleErrorParams) {
    super(message);
    this.name = 'BundleError';
    this.code = code;
    if (params) this.params = params;
  }
}

/** True if `e` is a BundleError (works across realms where instanceof may not). */
export function isBundleError(e: unknown): e is BundleError {
  return e instanceof BundleError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'BundleError');
}

/** Every code a failure the reader sees can carry: the file's own, and those of the device and of the app itself. */
export type FailureCode =
  | BundleErrorCode
  /** The device has no room left for what was being stored. */
  | 'quota'
  /** The file could not be read from where it is (moved, deleted, a memory card taken out). */
  | 'read-failed'
  /** The browser's storage (IndexedDB) could not be opened: private mode, no space, or storage turned off. */
  | 'storage-unavailable'
  /** A newer version of the app, open in another tab, upgraded the storage: this page must reload to use it. */
  | 'storage-outdated'
  /** The library was erased ("Erase everything", here or in another tab): nothing is stored again until the app is reopened. */
  | 'storage-erased'
  /** A bug, not the file: its stack is in the console. */
  | 'unexpected';

/** A failure as it reaches the UI (from a worker, the importer or storage): a code to translate, an English sentence for logs, params. */
export interface Failure {
  code: FailureCode;
  message: string;
  params?: BundleErrorParams;
}

/** True if `e` has the shape of a Failure (one that crossed from a worker is a plain object). */
export function isFailure(e: unknown): e is Failure {
  return typeof e === 'object' && e !== null && typeof (e as Failure).code === 'string' && typeof (e as Failure).message === 'string';
}

/** `err` as a Failure: a BundleError by its code, a Failure as it is; anything else is a bug, logged with its stack, and 'unexpected'. */
export function toFailure(err: unknown): Failure {
  if (isBundleError(err)) return { code: err.code, message: err.message, ...(err.params && { params: err.params }) };
  if (isFailure(err)) return err;
  console.error(err);
  return { code: 'unexpected', message: `Unexpected error: ${String(err)}` };
}

/** True when an error means the browser refused to store more (IndexedDB or the Cache API, on a page or in a worker). */
export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((err as Error).message)));
}

/** What a failure that is no address's doing (the device is full, the storage is gone, a bug) is recorded as. */
export function failureCode(err: unknown): FailureCode {
  return isQuotaError(err) ? 'quota' : toFailure(err).code;
}
