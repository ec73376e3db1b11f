/** The share target's hand-over through Cache Storage: each shared file the service worker kept, and a note of each it did not. */
import { SHARE_CACHE } from './constants';
import { isFailure, type Failure, type FailureCode } from './errors';

/** A file shared (or opened with the app) that was not kept or could not be read, with why: the page words it as an import's failure. */
export interface NotKeptFile {
  /** '' where not even the name could be read. */
  name: string;
  failure: Failure;
}

/** Where the notes wait: apart from the files, since a note has nothing to import. */
export const SHARE_NOTES_CACHE = `${SHARE_CACHE}-notes`;

const NAME_HEADER = 'x-file-name';
/** The codes a note may carry: those of the importer's size check (checkFileSize), and the device's. */
const REASONS: readonly string[] = ['empty', 'too-large', 'quota', 'read-failed'] satisfies FailureCode[];

/** The note of a file not kept for the device's reason: no room for it, or its bytes could not be read. */
export function notKeptFile(name: string, code: 'quota' | 'read-failed'): NotKeptFile {
  return { name, failure: { code, message: code === 'quota' ? 'No room to keep the file.' : 'The file could not be read.' } };
}

/** A shared file as SHARE_CACHE keeps it: its bytes, and its name in a header. */
export function keptFileResponse(file: File): Response {
  return new Response(file, { headers: { 'content-type': 'application/octet-stream', [NAME_HEADER]: encodeURIComponent(file.name) } });
}

/** The file a SHARE_CACHE entry keeps, or a note naming it where its bytes can no longer be read. */
export async function keptFileOf(response: Response): Promise<File | NotKeptFile> {
  let name = 'shared-file';
  try {
    name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? name);
  } catch {
    // A name that is not valid percent-encoding keeps the default: the file still imports.
  }
  try {
    return new File([await response.blob()], name);
  } catch {
    return notKeptFile(name, 'read-failed');
  }
}

/** A note as SHARE_NOTES_CACHE keeps it. */
export function noteResponse(note: NotKeptFile): Response {
  return new Response(JSON.stringify(note), { headers: { 'content-type': 'application/json' } });
}

/** The note a SHARE_NOTES_CACHE entry keeps; undefined for anything else (dropped, never thrown). */
export async function noteOf(response: Response): Promise<NotKeptFile | undefined> {
  const note: unknown = await response.json().catch(() => undefined);
  return isNotKeptFile(note) ? note : undefined;
}

/** Type guard for a note read back from the cache. */
export function isNotKeptFile(x: unknown): x is NotKeptFile {
  const n = x as Partial<NotKeptFile> | null;
  return typeof n === 'object' && n !== null && typeof n.name === 'string' && isFailure(n.failure) && REASONS.includes(n.failure.code);
}
