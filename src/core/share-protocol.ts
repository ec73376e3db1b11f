/** The share target's hand-over through Cache Storage: each shared file the service worker kept, and a note of each it did not. */
import { SHARE_CACHE } from './constants';

/** Why the service worker did not keep a shared file: failure codes, so the page words each as it words an import's. */
export type NotKeptReason = 'too-large' | 'quota' | 'read-failed';

/** A shared file the service worker did not keep. */
export interface NotKeptFile {
  name: string;
  size: number;
  reason: NotKeptReason;
}

/** Where the notes wait: apart from the files, since a note has nothing to import. */
export const SHARE_NOTES_CACHE = `${SHARE_CACHE}-notes`;

const NAME_HEADER = 'x-file-name';
const REASONS: readonly string[] = ['too-large', 'quota', 'read-failed'] satisfies NotKeptReason[];

/** A shared file as SHARE_CACHE keeps it: its bytes, and its name in a header. */
export function keptFileResponse(file: File): Response {
  return new Response(file, { headers: { 'content-type': 'application/octet-stream', [NAME_HEADER]: encodeURIComponent(file.name) } });
}

/** The file a SHARE_CACHE entry keeps. */
export async function keptFileOf(response: Response): Promise<File> {
  let name = 'shared-file';
  try {
    name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? name);
  } catch {
    // A name that is not valid percent-encoding keeps the default: the file still imports.
  }
  return new File([await response.blob()], name);
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
  return (
    typeof n === 'object' && n !== null && typeof n.name === 'string' && typeof n.size === 'number' && REASONS.includes(String(n.reason))
  );
}
